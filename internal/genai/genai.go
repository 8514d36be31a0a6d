package genai

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/internal/settings"
	"github.com/openlit/openlit-go/pricing"
	"github.com/openlit/openlit-go/semconv"
)

// Config configures a Telemetry. Zero fields take the OpenTelemetry globals
// and the settings openlit.Init stored.
type Config struct {
	TracerProvider trace.TracerProvider
	MeterProvider  metric.MeterProvider
	// ScopeName and ScopeVersion name the tracer's instrumentation scope.
	ScopeName, ScopeVersion string
	// CaptureContent, when non-nil, overrides the Init setting.
	CaptureContent *bool
	// Pricing, when non-nil, overrides the Init setting.
	Pricing *pricing.Table
}

// Telemetry records model calls for one instrumented client.
type Telemetry struct {
	tracer  trace.Tracer
	inst    *instruments
	capture *bool
	pricing *pricing.Table
}

// New returns a Telemetry for cfg. Instrument creation errors go to the
// OpenTelemetry error handler; the affected instrument records nothing.
func New(cfg Config) *Telemetry {
	tp := cfg.TracerProvider
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	mp := cfg.MeterProvider
	if mp == nil {
		mp = otel.GetMeterProvider()
	}
	return &Telemetry{
		tracer:  tp.Tracer(cfg.ScopeName, trace.WithInstrumentationVersion(cfg.ScopeVersion)),
		inst:    instrumentsFor(mp),
		capture: cfg.CaptureContent,
		pricing: cfg.Pricing,
	}
}

// CaptureContent reports whether prompts and completions are recorded.
func (t *Telemetry) CaptureContent() bool {
	if t.capture != nil {
		return *t.capture
	}
	return settings.Load().CaptureContent
}

// Request describes a call as it starts.
type Request struct {
	Operation string // gen_ai.operation.name
	System    string // gen_ai.system, unless Call.System replaces it
	Model     string // gen_ai.request.model
	// Attributes are the operation's request attributes, as set by the
	// caller (the seed as an int).
	Attributes []attribute.KeyValue
	// Defaults are what ModeOpenLIT records for parameters the caller left
	// unset (semconv.OpenLITChatDefaults for chat).
	Defaults []attribute.KeyValue
	// SDKVersion is the version of the client library (gen_ai.sdk.version);
	// empty leaves the attribute to the instrumentation.
	SDKVersion string
	// Input is the prompt, recorded when content capture is on: formatted
	// into the gen_ai.content.prompt event (ModeOpenLIT), or as
	// gen_ai.input.messages (ModeLatest). Set it only when
	// Telemetry.CaptureContent is true.
	Input []semconv.Message
	// Instructions are system instructions given apart from the messages
	// (gen_ai.system_instructions in ModeLatest; a "system" line in the
	// OpenLIT prompt).
	Instructions []semconv.Part
}

// Call is one model call in flight. Its methods are not safe for concurrent
// use; End may be called more than once and acts only the first time.
type Call struct {
	t        *Telemetry
	ctx      context.Context
	span     trace.Span
	start    time.Time
	capture  bool
	settings *settings.Settings
	req      Request

	// Set by the instrumentation before End.
	System        string // gen_ai.system decided from the host called
	ServerAddress string
	ServerPort    int
	ResponseModel string
	// Usage, when HasUsage: tokens reported by the provider.
	HasUsage                                bool
	InputTokens, OutputTokens, CachedTokens int64
	ReasoningTokens                         int64
	// Cost in USD; when CostKnown is false and HasUsage is true, End prices
	// the tokens as a chat call of ResponseModel (else the request model).
	Cost      float64
	CostKnown bool
	// FirstToken is when the first content arrived (streams); zero means the
	// end of the call, as OpenLIT records for non-streaming calls.
	FirstToken time.Time
	// Streamed marks a streaming call: TTFT, time per output token and the
	// Langfuse completion start time are recorded.
	Streamed bool
	// Output is the response content, recorded when content capture is on:
	// one gen_ai.content.completion event per message (ModeOpenLIT), or
	// gen_ai.output.messages (ModeLatest).
	Output []semconv.Message
	// ErrorType, when set, is the error.type of a failed call (an HTTP
	// status code); otherwise End derives one with ErrorType.
	ErrorType string

	// pending are attributes set during the call, written to the span in
	// one SetAttributes at End; pendingBuf backs them, so a Call is one
	// allocation.
	pending    []attribute.KeyValue
	pendingBuf [pendingCap]attribute.KeyValue
	startBuf   [startCap]attribute.KeyValue
	ended      bool
}

// startCap holds the attributes a call starts with (the SDK copies them).
const startCap = 32

// Start starts the CLIENT span "{operation} {model}" as a child of ctx's span
// and returns the call. The returned context carries the span.
func (t *Telemetry) Start(ctx context.Context, r Request) (context.Context, *Call) {
	st := settings.Load()
	c := &Call{t: t, capture: st.CaptureContent, settings: st, req: r}
	if t.capture != nil {
		c.capture = *t.capture
	}
	attrs := append(c.startBuf[:0],
		semconv.TelemetrySDKName.String(semconv.SDKName),
		semconv.GenAIOperationName.String(r.Operation),
		semconv.GenAIRequestModel.String(r.Model),
		semconv.ServiceName.String(st.ServiceName),
		semconv.DeploymentEnvironment.String(st.Environment),
	)
	if r.SDKVersion != "" {
		attrs = append(attrs, semconv.GenAISDKVersion.String(r.SDKVersion))
	}
	attrs = append(attrs, r.Attributes...)
	attrs = st.Mode.WithDefaults(attrs, r.Defaults)
	attrs = st.Mode.SpanAttributes(attrs)
	ctx, c.span = t.tracer.Start(ctx, spanName(r.Operation, r.Model), clientKind, trace.WithAttributes(attrs...))
	c.ctx = context.WithValue(ctx, callKey{}, c)
	c.start = time.Now()
	c.pending = c.pendingBuf[:0]
	return c.ctx, c
}

// spanNames caches "{operation} {model}": a service uses few models, and
// the concatenation would allocate on every call. Bounded like pointSets.
var (
	spanNames     sync.Map // [2]string -> string
	spanNameCount atomic.Int64
)

func spanName(op, model string) string {
	k := [2]string{op, model}
	if v, ok := spanNames.Load(k); ok {
		return v.(string)
	}
	name := op + " " + model
	if spanNameCount.Load() < maxPointSets {
		if _, loaded := spanNames.LoadOrStore(k, name); !loaded {
			spanNameCount.Add(1)
		}
	}
	return name
}

// clientKind is built once: an option made per call would allocate.
var clientKind = trace.WithSpanKind(trace.SpanKindClient)

type callKey struct{}

// FromContext returns the call whose context ctx is (or derives from), so
// code the SDK runs inside the call, such as an HTTP middleware, can record
// on it. It returns nil outside a call.
func FromContext(ctx context.Context) *Call {
	c, _ := ctx.Value(callKey{}).(*Call)
	return c
}

// pendingCap holds the attributes a typical call adds before and at End, so
// they are set with one allocation and one SetAttributes.
const pendingCap = 24

// SetAttributes records span attributes, renamed or dropped for the call's
// mode when the call ends.
func (c *Call) SetAttributes(attrs ...attribute.KeyValue) {
	if c != nil {
		c.pending = append(c.pending, attrs...)
	}
}

// CaptureContent reports whether this call records content.
func (c *Call) CaptureContent() bool { return c != nil && c.capture }

// Pricing returns the table this call is priced with.
func (c *Call) Pricing() *pricing.Table {
	if c.t.pricing != nil {
		return c.t.pricing
	}
	if c.settings.Pricing != nil {
		return c.settings.Pricing
	}
	return pricing.Default()
}

// End finishes the call: err nil means success. It sets the response, usage,
// cost and timing attributes, records the content, sets the status, ends
// the span and records the metrics. Telemetry failures never reach the
// caller: a panic here is recovered and reported to otel.Handle.
func (c *Call) End(err error) {
	if c == nil || c.ended {
		return
	}
	c.ended = true
	defer func() {
		if r := recover(); r != nil {
			otel.Handle(fmt.Errorf("openlit: recovered from panic while ending a span: %v", r))
		}
	}()
	end := time.Now()
	duration := end.Sub(c.start).Seconds()
	mode := c.settings.Mode
	responseModel := c.ResponseModel
	if responseModel == "" {
		responseModel = c.req.Model
	}
	system := c.System
	if system == "" {
		system = c.req.System
	}
	span := c.span
	attrs := append(c.pending,
		semconv.GenAISystem.String(system),
		semconv.ServerAddress.String(c.ServerAddress),
		semconv.ServerPort.Int(c.ServerPort),
	)
	key := pointKey{mode: mode, service: c.settings.ServiceName, env: c.settings.Environment, op: c.req.Operation,
		system: system, reqModel: c.req.Model, respModel: responseModel, addr: c.ServerAddress, port: c.ServerPort}

	if err != nil {
		errType := c.ErrorType
		if errType == "" {
			errType = ErrorType(err)
		}
		key.errType = errType
		span.SetAttributes(mode.SpanAttributes(append(attrs, semconv.ErrorType.String(errType)))...)
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
		span.End()
		c.t.inst.recordFailure(c.ctx, mode, key.set(), duration)
		return
	}

	m := measurements{duration: duration, hasUsage: c.HasUsage, input: c.InputTokens, output: c.OutputTokens}
	if c.req.Operation == semconv.OperationChat {
		m.ttft = duration
		if c.Streamed && !c.FirstToken.IsZero() {
			m.ttft = c.FirstToken.Sub(c.start).Seconds()
			attrs = append(attrs, semconv.LangfuseCompletionStartTime.String(c.FirstToken.UTC().Format(time.RFC3339Nano)))
			if c.OutputTokens > 1 {
				m.tpot = end.Sub(c.FirstToken).Seconds() / float64(c.OutputTokens-1)
				attrs = append(attrs, semconv.GenAIServerTimePerOutputToken.Float64(m.tpot))
			}
		}
		attrs = append(attrs, semconv.GenAIServerTimeToFirstToken.Float64(m.ttft))
	}
	m.cost = c.Cost
	if c.HasUsage {
		if !c.CostKnown {
			m.cost = c.Pricing().ChatCostFor(system, responseModel, c.InputTokens, c.CachedTokens, c.OutputTokens)
		}
		attrs = append(attrs,
			semconv.GenAIUsageInputTokens.Int64(c.InputTokens),
			semconv.GenAIUsageOutputTokens.Int64(c.OutputTokens),
			semconv.GenAIUsageTotalTokens.Int64(c.InputTokens+c.OutputTokens),
		)
		if c.CachedTokens > 0 {
			attrs = append(attrs, semconv.GenAIUsageCachedInputTokens.Int64(c.CachedTokens))
		}
		if c.ReasoningTokens > 0 {
			attrs = append(attrs, semconv.GenAIUsageReasoningTokens.Int64(c.ReasoningTokens))
		}
	}
	if c.HasUsage || c.CostKnown {
		m.hasCost = true
		attrs = append(attrs, semconv.GenAIUsageCost.Float64(m.cost))
	}
	if c.capture {
		attrs = c.recordContent(attrs)
	}
	span.SetAttributes(mode.SpanAttributes(attrs)...)
	span.SetStatus(codes.Ok, "")
	span.End()
	c.t.inst.recordSuccess(c.ctx, mode, key.set(), m)
}

// pointKey identifies a metric point's attribute set.
type pointKey struct {
	mode                                                semconv.Mode
	service, env, op, system, reqModel, respModel, addr string
	port                                                int
	errType                                             string
}

// pointSets caches the attribute sets of metric points: a service sees few
// distinct combinations, and building a set sorts and allocates. The cache
// is bounded; past its size sets are built each time.
var (
	pointSets     sync.Map // pointKey -> attribute.Set
	pointSetCount atomic.Int64
)

const maxPointSets = 4096

func (k pointKey) set() attribute.Set {
	if v, ok := pointSets.Load(k); ok {
		return v.(attribute.Set)
	}
	kvs := k.mode.MetricPointAttributes(k.service, k.env, k.op, k.system, k.reqModel, k.respModel, k.addr, k.port)
	if k.errType != "" {
		kvs = append(kvs, semconv.ErrorType.String(k.errType))
	}
	s := attribute.NewSet(kvs...)
	if pointSetCount.Load() < maxPointSets {
		if _, loaded := pointSets.LoadOrStore(k, s); !loaded {
			pointSetCount.Add(1)
		}
	}
	return s
}

// recordContent records the prompt and the response: events in ModeOpenLIT,
// JSON span attributes (appended to attrs) in ModeLatest.
func (c *Call) recordContent(attrs []attribute.KeyValue) []attribute.KeyValue {
	span := c.span
	max := c.MaxContentLength()
	if c.settings.Mode == semconv.ModeLatest {
		if len(c.req.Instructions) > 0 {
			boundParts(c.req.Instructions, max)
			attrs = append(attrs, semconv.GenAISystemInstructions.String(semconv.PartsJSON(c.req.Instructions)))
		}
		if len(c.req.Input) > 0 {
			boundMessages(c.req.Input, max)
			attrs = append(attrs, semconv.GenAIInputMessages.String(semconv.MessagesJSON(c.req.Input)))
		}
		if len(c.Output) > 0 {
			boundMessages(c.Output, max)
			attrs = append(attrs, semconv.GenAIOutputMessages.String(semconv.MessagesJSON(c.Output)))
		}
		return attrs
	}
	input := c.req.Input
	if len(c.req.Instructions) > 0 {
		input = append([]semconv.Message{{Role: "system", Parts: c.req.Instructions}}, input...)
	}
	if len(input) > 0 {
		span.AddEvent(semconv.EventContentPrompt,
			trace.WithAttributes(semconv.GenAIPrompt.String(BoundText(semconv.FormatPrompt(input), max))))
	}
	for _, msg := range c.Output {
		var text strings.Builder
		var names, ids, args []string
		for _, p := range msg.Parts {
			switch p.Type {
			case "tool_call":
				names, ids, args = append(names, p.Name), append(ids, p.ID), append(args, BoundText(p.Arguments, max))
			case "text":
				text.WriteString(p.Content)
			default:
				if p.URI != "" {
					if text.Len() > 0 {
						text.WriteByte('\n')
					}
					text.WriteString(p.URI)
				}
			}
		}
		evAttrs := []attribute.KeyValue{semconv.GenAICompletion.String(BoundText(text.String(), max))}
		if len(names) > 0 {
			evAttrs = append(evAttrs, semconv.GenAIToolName.StringSlice(names),
				semconv.GenAIToolCallID.StringSlice(ids), semconv.GenAIToolCallArguments.StringSlice(args))
		}
		span.AddEvent(semconv.EventContentCompletion, trace.WithAttributes(evAttrs...))
	}
	return attrs
}

// ErrorType is the error.type of err when the instrumentation has no better
// one (an HTTP status): "context.Canceled" or "context.DeadlineExceeded" for
// those, and the Go type name of err otherwise.
func ErrorType(err error) string {
	switch {
	case errors.Is(err, context.Canceled):
		return "context.Canceled"
	case errors.Is(err, context.DeadlineExceeded):
		return "context.DeadlineExceeded"
	}
	return strings.TrimPrefix(fmt.Sprintf("%T", err), "*")
}

type measurements struct {
	duration, ttft, tpot float64
	hasUsage             bool
	input, output        int64
	cost                 float64
	hasCost              bool
}

// instruments are the metrics of one meter provider, created once per
// provider and shared by every client.
type instruments struct {
	tokenUsage metric.Int64Histogram
	duration   metric.Float64Histogram
	ttft       metric.Float64Histogram
	tpot       metric.Float64Histogram
	cost       metric.Float64Histogram
	requests   metric.Int64Counter
	inTokens   metric.Int64Counter
	outTokens  metric.Int64Counter
}

var instrumentCache sync.Map // metric.MeterProvider -> *instruments

func instrumentsFor(mp metric.MeterProvider) *instruments {
	if !reflect.TypeOf(mp).Comparable() {
		return newInstruments(mp)
	}
	if v, ok := instrumentCache.Load(mp); ok {
		return v.(*instruments)
	}
	v, _ := instrumentCache.LoadOrStore(mp, newInstruments(mp))
	return v.(*instruments)
}

func newInstruments(mp metric.MeterProvider) *instruments {
	m := mp.Meter(semconv.MetricsScopeName, metric.WithInstrumentationVersion(semconv.MetricsScopeVersion))
	var errs []error
	check := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	in := &instruments{}
	var err error
	in.tokenUsage, err = m.Int64Histogram(semconv.MetricClientTokenUsage,
		metric.WithUnit(semconv.MetricClientTokenUsageUnit),
		metric.WithDescription(semconv.MetricClientTokenUsageDesc),
		metric.WithExplicitBucketBoundaries(semconv.TokenUsageBuckets()...))
	check(err)
	in.duration, err = m.Float64Histogram(semconv.MetricClientOperationDuration,
		metric.WithUnit(semconv.MetricClientOperationDurationUnit),
		metric.WithDescription(semconv.MetricClientOperationDurationDesc),
		metric.WithExplicitBucketBoundaries(semconv.OperationDurationBuckets()...))
	check(err)
	in.ttft, err = m.Float64Histogram(semconv.MetricServerTimeToFirstToken,
		metric.WithUnit(semconv.MetricServerTimeToFirstTokenUnit),
		metric.WithDescription(semconv.MetricServerTimeToFirstTokenDesc),
		metric.WithExplicitBucketBoundaries(semconv.TimeToFirstTokenBuckets()...))
	check(err)
	in.tpot, err = m.Float64Histogram(semconv.MetricServerTimePerOutputToken,
		metric.WithUnit(semconv.MetricServerTimePerOutputTokenUnit),
		metric.WithDescription(semconv.MetricServerTimePerOutputTokenDesc),
		metric.WithExplicitBucketBoundaries(semconv.TimePerOutputTokenBuckets()...))
	check(err)
	in.cost, err = m.Float64Histogram(semconv.MetricUsageCost,
		metric.WithUnit(semconv.MetricUsageCostUnit),
		metric.WithDescription(semconv.MetricUsageCostDesc),
		metric.WithExplicitBucketBoundaries(semconv.CostBuckets()...))
	check(err)
	in.requests, err = m.Int64Counter(semconv.MetricTotalRequests,
		metric.WithUnit(semconv.CounterUnit), metric.WithDescription(semconv.MetricTotalRequestsDesc))
	check(err)
	in.inTokens, err = m.Int64Counter(semconv.MetricUsageInputTokens,
		metric.WithUnit(semconv.CounterUnit), metric.WithDescription(semconv.MetricUsageInputTokensDesc))
	check(err)
	in.outTokens, err = m.Int64Counter(semconv.MetricUsageOutputTokens,
		metric.WithUnit(semconv.CounterUnit), metric.WithDescription(semconv.MetricUsageOutputTokensDesc))
	check(err)
	if len(errs) > 0 {
		otel.Handle(fmt.Errorf("openlit: creating metric instruments: %w", errors.Join(errs...)))
	}
	return in
}

func (in *instruments) recordSuccess(ctx context.Context, mode semconv.Mode, set attribute.Set, m measurements) {
	// One option slice for every Record and one for every Add: passing the
	// option variadically would allocate a slice per call.
	opt := metric.WithAttributeSet(set)
	rec := []metric.RecordOption{opt}
	in.duration.Record(ctx, m.duration, rec...)
	if m.ttft > 0 {
		in.ttft.Record(ctx, m.ttft, rec...)
	}
	if m.tpot > 0 {
		in.tpot.Record(ctx, m.tpot, rec...)
	}
	if m.hasCost {
		in.cost.Record(ctx, m.cost, rec...)
	}
	if mode == semconv.ModeLatest {
		// The current conventions: one token.usage point per token type.
		if m.hasUsage {
			kvs := set.ToSlice()
			in.tokenUsage.Record(ctx, m.input, metric.WithAttributes(append(kvs, semconv.GenAITokenType.String("input"))...))
			in.tokenUsage.Record(ctx, m.output, metric.WithAttributes(append(kvs, semconv.GenAITokenType.String("output"))...))
		}
		return
	}
	add := []metric.AddOption{opt}
	in.requests.Add(ctx, 1, add...)
	if m.hasUsage {
		in.tokenUsage.Record(ctx, m.input+m.output, rec...)
		in.inTokens.Add(ctx, m.input, add...)
		in.outTokens.Add(ctx, m.output, add...)
	}
}

func (in *instruments) recordFailure(ctx context.Context, mode semconv.Mode, set attribute.Set, duration float64) {
	opt := metric.WithAttributeSet(set)
	if mode != semconv.ModeLatest {
		in.requests.Add(ctx, 1, opt)
	}
	in.duration.Record(ctx, duration, opt)
}

// HandlePanic reports a recovered panic of instrumentation code through the
// OpenTelemetry error handler.
func HandlePanic(r any) {
	otel.Handle(fmt.Errorf("openlit: recovered from panic in instrumentation: %v", r))
}

// ResponseModelOrRequest is the response model when known, else the request
// model.
func (c *Call) ResponseModelOrRequest() string {
	if c.ResponseModel != "" {
		return c.ResponseModel
	}
	return c.req.Model
}

// MaxContentLength is the bound on each content string this call records.
func (c *Call) MaxContentLength() int {
	if c == nil || c.settings.MaxContentLength <= 0 {
		return DefaultMaxContentLength
	}
	return c.settings.MaxContentLength
}
