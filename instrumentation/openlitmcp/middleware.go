package openlitmcp

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"strconv"
	"strings"
	"time"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/sanitize"
	"github.com/openlit/openlit-go/internal/settings"
	"github.com/openlit/openlit-go/semconv"
)

// The conventions' attributes recorded here.
const (
	methodName      = semconv.MCPMethodName
	sessionID       = semconv.MCPSessionID
	protocolVersion = semconv.MCPProtocolVersion
	resourceURI     = semconv.MCPResourceURI
	networkTrans    = semconv.NetworkTransport
	toolName        = semconv.GenAIToolName
	promptName      = semconv.GenAIPromptName
	toolArguments   = semconv.GenAIToolCallArguments
	toolResult      = semconv.GenAIToolCallResult
)

// durationBounds are the conventions' buckets for MCP operation durations.
var durationBounds = []float64{0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300}

// side is a client's or a server's instruments.
type side struct {
	tracer   trace.Tracer
	duration metric.Float64Histogram
	prop     propagation.TextMapPropagator
	kind     trace.SpanKind
	cfg      config
}

func newSide(opts []Option, kind trace.SpanKind, metricName, description string) *side {
	var c config
	for _, o := range opts {
		o(&c)
	}
	tp, mp := c.tp, c.mp
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	if mp == nil {
		mp = otel.GetMeterProvider()
	}
	prop := c.prop
	if prop == nil {
		prop = propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})
	}
	meter := mp.Meter(ScopeName, metric.WithInstrumentationVersion(Version))
	h, err := meter.Float64Histogram(metricName, metric.WithUnit("s"), metric.WithDescription(description),
		metric.WithExplicitBucketBoundaries(durationBounds...))
	if err != nil {
		otel.Handle(err)
	}
	return &side{tracer: tp.Tracer(ScopeName, trace.WithInstrumentationVersion(Version)), duration: h, prop: prop, kind: kind, cfg: c}
}

// ClientMiddleware returns sending middleware for an mcp.Client: each
// request it sends is a CLIENT span, its trace context injected into the
// request's _meta.
func ClientMiddleware(opts ...Option) mcp.Middleware {
	s := newSide(opts, trace.SpanKindClient, "mcp.client.operation.duration",
		"The duration of the MCP request or notification as observed on the sender from the time it was sent until the response or ack is received.")
	return s.middleware
}

// ServerMiddleware returns receiving middleware for an mcp.Server: each
// request it handles is a SERVER span, continuing the trace context the
// client put in the request's _meta.
func ServerMiddleware(opts ...Option) mcp.Middleware {
	s := newSide(opts, trace.SpanKindServer, "mcp.server.operation.duration",
		"MCP request or notification duration as observed on the receiver from the time it was received until the result or ack is sent.")
	return s.middleware
}

func (s *side) middleware(next mcp.MethodHandler) mcp.MethodHandler {
	return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
		if strings.HasPrefix(method, "notifications/") || req == nil {
			return next(ctx, method, req)
		}
		ctx, span, rec := s.start(ctx, method, req)
		res, err := next(ctx, method, req)
		s.end(ctx, span, rec, res, err)
		return res, err
	}
}

// operations are the requests that do the app's work; every other request
// is the protocol's own (handshake, listings, pings, subscriptions).
var operations = map[string]bool{
	"tools/call": true, "prompts/get": true, "resources/read": true, "completion/complete": true,
	"sampling/createMessage": true, "elicitation/create": true,
}

// record is what a request's span and metric point need at the end.
type record struct {
	start   time.Time
	attrs   []attribute.KeyValue // metric point attributes
	capture bool
	max     int
	tool    bool
}

// start starts the request's span. A panic here is reported and the
// request goes on with a bare span.
func (s *side) start(ctx context.Context, method string, req mcp.Request) (outCtx context.Context, span trace.Span, rec *record) {
	outCtx, rec = ctx, &record{start: time.Now()}
	defer func() {
		if r := recover(); r != nil {
			genai.HandlePanic(r)
			if span == nil {
				outCtx, span = s.tracer.Start(ctx, method)
			}
		}
	}()
	st := settings.Load()
	rec.capture = st.CaptureContent
	if s.cfg.capture != nil {
		rec.capture = *s.cfg.capture
	}
	rec.max = st.MaxContentLength
	if rec.max <= 0 {
		rec.max = genai.DefaultMaxContentLength
	}
	params := req.GetParams()
	if s.kind == trace.SpanKindServer && params != nil {
		ctx = s.prop.Extract(ctx, metaCarrier(params.GetMeta()))
	}
	parent := trace.SpanContextFromContext(ctx)
	attrs := []attribute.KeyValue{methodName.String(method)}
	name := method
	var args any
	switch p := params.(type) {
	case *mcp.CallToolParams:
		name, args = method+" "+p.Name, p.Arguments
		attrs = append(attrs, semconv.GenAIOperationName.String("execute_tool"), toolName.String(p.Name))
	case *mcp.CallToolParamsRaw:
		name, args = method+" "+p.Name, p.Arguments
		attrs = append(attrs, semconv.GenAIOperationName.String("execute_tool"), toolName.String(p.Name))
	case *mcp.GetPromptParams:
		name = method + " " + p.Name
		attrs = append(attrs, promptName.String(p.Name))
	case *mcp.ReadResourceParams:
		name = method + " " + p.URI
		attrs = append(attrs, resourceURI.String(p.URI))
	}
	rec.tool = args != nil || strings.HasPrefix(name, "tools/call")
	if v := protocolOf(req); v != "" {
		attrs = append(attrs, protocolVersion.String(v))
	}
	if s.cfg.transport != "" {
		attrs = append(attrs, networkTrans.String(s.cfg.transport))
	}
	rec.attrs = sanitize.Attributes(attrs, sanitize.MaxMetricAttributeLength)
	if !operations[method] && !parent.IsValid() && !s.cfg.roots {
		// A protocol request outside any trace: measured, not traced.
		return ctx, nil, rec
	}
	spanAttrs := append([]attribute.KeyValue(nil), rec.attrs...)
	if st.Langfuse && rec.tool && s.inToolCall(ctx, parent) {
		// The tool call is already a TOOL observation (the app's
		// execute_tool span, or the client's span the server continues):
		// this span is a step of it.
		spanAttrs = append(spanAttrs, attribute.String(semconv.LangfuseObservationType, "span"))
	}
	if sess := req.GetSession(); sess != nil {
		if id := sess.ID(); id != "" {
			spanAttrs = append(spanAttrs, sessionID.String(sanitize.String(id, sanitize.MaxAttributeLength)))
		}
	}
	if rec.capture && args != nil {
		spanAttrs = append(spanAttrs, toolArguments.String(jsonText(args, rec.max)))
	}
	ctx, span = s.tracer.Start(ctx, sanitize.String(name, sanitize.MaxAttributeLength), trace.WithSpanKind(s.kind), trace.WithAttributes(spanAttrs...))
	if s.kind == trace.SpanKindClient && params != nil {
		meta := maps.Clone(params.GetMeta())
		if meta == nil {
			meta = map[string]any{}
		}
		s.prop.Inject(ctx, metaCarrier(meta))
		params.SetMeta(meta)
	}
	return ctx, span, rec
}

// inToolCall reports whether a tools/call span starts inside a tool call
// already traced: on the client, under an execute_tool span; on the
// server, continuing a client's trace.
func (s *side) inToolCall(ctx context.Context, parent trace.SpanContext) bool {
	if s.kind == trace.SpanKindServer {
		return parent.IsRemote()
	}
	return genai.InToolSpan(ctx)
}

func (s *side) end(ctx context.Context, span trace.Span, rec *record, res mcp.Result, err error) {
	defer genai.Recover()
	if span == nil {
		span = trace.SpanFromContext(context.Background()) // a no-op span
	}
	errType := ""
	var wire *jsonrpc.Error
	switch {
	case errors.As(err, &wire) && wire != nil:
		errType = strconv.FormatInt(wire.Code, 10)
	case err != nil:
		errType = genai.ErrorType(err)
	}
	if r, ok := res.(*mcp.CallToolResult); ok && r != nil {
		if r.IsError && errType == "" {
			errType = "tool_error"
		}
		if rec.capture && rec.tool {
			span.SetAttributes(toolResult.String(jsonText(r.Content, rec.max)))
		}
	}
	attrs := rec.attrs
	if errType != "" {
		attrs = append(attrs, semconv.ErrorType.String(errType))
		genai.SpanFailed(span, errType, err)
	}
	span.End()
	if s.duration != nil {
		s.duration.Record(ctx, time.Since(rec.start).Seconds(), metric.WithAttributes(attrs...))
	}
}

// protocolOf is the protocol version of the request's session.
func protocolOf(req mcp.Request) string {
	switch sess := req.GetSession().(type) {
	case *mcp.ClientSession:
		if sess != nil {
			if r := sess.InitializeResult(); r != nil {
				return r.ProtocolVersion
			}
		}
	case *mcp.ServerSession:
		if sess != nil {
			if p := sess.InitializeParams(); p != nil {
				return p.ProtocolVersion
			}
		}
	}
	return ""
}

// jsonText is v as bounded, valid JSON text.
func jsonText(v any, max int) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return genai.BoundText(string(b), max)
}

// metaCarrier carries the trace context in a request's _meta.
type metaCarrier map[string]any

func (m metaCarrier) Get(key string) string {
	v, _ := m[key].(string)
	return v
}

func (m metaCarrier) Set(key, value string) { m[key] = value }

func (m metaCarrier) Keys() []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}
