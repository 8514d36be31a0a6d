package openlitgenkit

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/firebase/genkit/go/ai"
	gkcore "github.com/firebase/genkit/go/core"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/instrument"
	"github.com/openlit/openlit-go/internal/settings"
	"github.com/openlit/openlit-go/openlittrace"
	"github.com/openlit/openlit-go/semconv"
)

// MiddlewareName is the name the middleware reports to Genkit.
const MiddlewareName = "openlit"

// genkitScope is the instrumentation scope of Genkit's own spans.
const genkitScope = "genkit-tracer"

// Middleware is a Genkit middleware (ai.Middleware) that traces the
// Generate calls it is given to: give it with ai.WithUse to each Generate
// or prompt execution. Make one with New; it is safe for concurrent use.
type Middleware struct {
	cfg   instrument.Config
	tel   *genai.Telemetry
	spans []openlittrace.Option
}

var _ ai.Middleware = (*Middleware)(nil)

// New returns the middleware, recording through the OpenTelemetry globals
// (those openlit.Init sets) unless options say otherwise.
func New(opts ...Option) *Middleware {
	cfg := instrument.New(append([]Option{instrument.WithAgentName("genkit")}, opts...))
	return &Middleware{cfg: cfg, tel: cfg.Telemetry(ScopeName, Version), spans: cfg.SpanOptions()}
}

// Name is MiddlewareName.
func (*Middleware) Name() string { return MiddlewareName }

// New returns the hooks of one Generate call.
func (m *Middleware) New(context.Context) (*ai.Hooks, error) {
	g := &generation{m: m}
	return &ai.Hooks{WrapGenerate: g.wrapGenerate, WrapModel: g.wrapModel, WrapTool: g.wrapTool}, nil
}

// generation is the state of one Generate call: the model it asks (known
// to the generate hook, not to the model hook).
type generation struct {
	m     *Middleware
	mu    sync.Mutex
	model string
}

// wrapGenerate runs each turn of the tool loop. The first turn (which runs
// the others inside it) of a Generate with tools is the agent: the flow
// it runs in, completed in place, or else an agent span of its own.
func (g *generation) wrapGenerate(ctx context.Context, p *ai.GenerateParams, next ai.GenerateNext) (*ai.ModelResponse, error) {
	if p == nil {
		return next(ctx, p)
	}
	if p.Options != nil {
		g.mu.Lock()
		g.model = p.Options.Model
		g.mu.Unlock()
	}
	if p.Iteration != 0 {
		return next(ctx, p)
	}
	if completeFlow(ctx) || p.Request == nil || len(p.Request.Tools) == 0 {
		return next(ctx, p)
	}
	ctx, span := openlittrace.InvokeAgent(ctx, openlittrace.Agent{Name: g.m.cfg.AgentName, Input: lastUserText(p.Request)}, g.m.spans...)
	resp, err := next(ctx, p)
	if err == nil && resp != nil {
		span.SetResult(resp.Text())
	}
	span.End(err)
	return resp, err
}

// completeFlow makes the Genkit flow span ctx is in, if any, an agent
// span: "invoke_agent {flow}" with the conventions' attributes. It
// reports whether it found one.
func completeFlow(ctx context.Context) bool {
	defer genai.Recover()
	flow := gkcore.FlowNameFromContext(ctx)
	if flow == "" {
		return false
	}
	span := trace.SpanFromContext(ctx)
	ro, ok := span.(sdktrace.ReadOnlySpan)
	if !ok || !span.IsRecording() || ro.InstrumentationScope().Name != genkitScope {
		return false
	}
	if ro.Name() != flow && !strings.HasPrefix(ro.Name(), "invoke_agent ") {
		return false
	}
	name := genai.BoundText(flow, 256)
	attrs := []attribute.KeyValue{semconv.GenAIOperationName.String(openlittrace.OperationInvokeAgent), semconv.GenAIAgentName.String(name)}
	st := settings.Load()
	if st.Langfuse {
		attrs = append(attrs, attribute.String(semconv.LangfuseObservationType, "agent"))
	}
	span.SetName("invoke_agent " + name)
	span.SetAttributes(st.Mode.SpanAttributes(attrs)...)
	return true
}

// lastUserText is the text of the request's last user message.
func lastUserText(r *ai.ModelRequest) any {
	for i := len(r.Messages) - 1; i >= 0; i-- {
		if msg := r.Messages[i]; msg != nil && msg.Role == ai.RoleUser {
			return msg.Text()
		}
	}
	return nil
}

// wrapModel records one model call: a chat span (yielding to a traced
// client beneath), around Genkit's model action.
func (g *generation) wrapModel(ctx context.Context, p *ai.ModelParams, next ai.ModelNext) (*ai.ModelResponse, error) {
	if p == nil {
		return next(ctx, p)
	}
	g.mu.Lock()
	model := g.model
	g.mu.Unlock()
	ctx, call := g.m.startChat(ctx, model, p)
	params := *p
	if p.Callback != nil {
		cb := p.Callback
		params.Callback = func(ctx context.Context, chunk *ai.ModelResponseChunk) error {
			if chunk != nil && len(chunk.Content) > 0 && !call.Adopted() {
				call.Chunk(time.Now())
			}
			return cb(ctx, chunk)
		}
	}
	resp, err := next(ctx, &params)
	if call.Keep() {
		recordResponse(call, resp, err)
		call.End(err)
	}
	return resp, err
}

// wrapTool records one tool execution: "execute_tool {tool}" with the
// model's tool call id, around Genkit's tool action.
func (g *generation) wrapTool(ctx context.Context, p *ai.ToolParams, next ai.ToolNext) (*ai.MultipartToolResponse, error) {
	if p == nil || p.Request == nil {
		return next(ctx, p)
	}
	t := openlittrace.Tool{Name: p.Request.Name, CallID: p.Request.Ref, Arguments: p.Request.Input}
	if p.Tool != nil {
		if d := p.Tool.Definition(); d != nil {
			t.Description = d.Description
		}
	}
	ctx, span := openlittrace.ExecuteTool(ctx, t, g.m.spans...)
	resp, err := next(ctx, p)
	if err == nil && resp != nil {
		span.SetResult(resp.Output)
	}
	span.End(err)
	return resp, err
}
