package genai

import (
	"context"
	"fmt"
	"math"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/internal/boundedcache"
	"github.com/openlit/openlit-go/internal/ctxattr"
	"github.com/openlit/openlit-go/internal/sanitize"
	"github.com/openlit/openlit-go/internal/settings"
	"github.com/openlit/openlit-go/pricing"
	"github.com/openlit/openlit-go/semconv"
)

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
	// Yield marks a framework's record of a model call (an agent
	// framework's callback, not the client that calls the model): a client
	// integration of this project started beneath it, in its context and
	// for the same operation, takes the call over instead of starting a
	// span of its own (Adopted). One model call is one span either way.
	Yield bool
	// Span, when recording, is a span a framework started for the model
	// call and ends itself (Google ADK's generate_content): the call
	// records on it instead of starting a span of its own. Start names it
	// "{operation} {model}" and sets the request's attributes on it; End
	// sets the outcome and records the metrics but does not end it.
	Span trace.Span
}

// Call is one model call in flight. Its methods are not safe for concurrent
// use; End may be called more than once and acts only the first time.
//
// Every string a Call exports (span name, attributes, events, status, metric
// point attributes) passes through package sanitize: it is made valid UTF-8
// and bounded, whatever the provider or the caller sent.
type Call struct {
	t    *Telemetry
	inst *instruments
	// ctx is the call's context: the span's, carrying the call itself
	// (FromContext), held in the Call so that it costs no allocation.
	ctx      callContext
	span     trace.Span
	borrowed bool // span is Request.Span: its owner ends it
	start    time.Time
	capture  bool
	settings *settings.Settings
	req      Request

	// Set by the instrumentation between Start and End.
	System        string // gen_ai.system decided from the host called
	ServerAddress string
	ServerPort    int
	// ResponseModel is the model that answered (gen_ai.response.model); the
	// request model stands in for it in metrics and pricing when empty.
	ResponseModel string
	// Input is the prompt and Instructions the system instructions given
	// apart from the messages: set them only when CaptureContent is true.
	// They are recorded as the gen_ai.content.prompt event (ModeOpenLIT, the
	// instructions as a "system" line) or as gen_ai.input.messages and
	// gen_ai.system_instructions (ModeLatest).
	Input        []semconv.Message
	Instructions []semconv.Part
	// FirstToken is when the first content arrived (streams); zero means the
	// end of the call, as OpenLIT records for non-streaming calls. Chunk
	// sets it.
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
	// ToolDefinitions are the tools offered to the model, as a JSON array
	// (the request's own where the wire has it): set it only when
	// CaptureContent is true. It is recorded as gen_ai.tool.definitions in
	// ModeLatest and with the Langfuse attributes on.
	ToolDefinitions string

	// root is true when the call's span starts a trace: with the Langfuse
	// attributes on, its input and output are the trace's too.
	root bool

	// lastChunk is when the latest chunk arrived; chunkGaps the times
	// between chunks, kept in ModeLatest only (Chunk).
	lastChunk time.Time
	chunkGaps []float64

	usage             Usage
	hasUsage, hasCost bool
	cost              float64

	// pending are attributes set during the call, written to the span in
	// one SetAttributes at End. buf backs first the attributes the span
	// starts with (the SDK copies them), then these, so that a Call is one
	// allocation.
	pending []attribute.KeyValue
	buf     [attrCap]attribute.KeyValue
	// eventBuf holds the attributes of one content event at a time.
	eventBuf [4]attribute.KeyValue
	// Room for the messages, parts and strings of a typical call (one
	// message in, one out, a finish reason), handed out by Messages, Parts
	// and Strings.
	msgBuf            [2]semconv.Message
	partBuf           [2]semconv.Part
	strBuf            [2]string
	msgUsed, partUsed int
	strUsed           int
	ended             bool
	followed          atomic.Bool
	// yield is the state of a call started with Request.Yield: yielding
	// (0), taken over by a client integration (taken) or kept by its
	// framework (kept).
	yield atomic.Int32
	// unregister ends the call's registration (RegisterYielding).
	unregister func()
}

// The states of a yielding call.
const (
	yielding int32 = iota
	taken
	kept
)

// maxChunkGaps bounds the chunk timings one call keeps: a stream of more
// chunks records the first maxChunkGaps gaps (32 KB).
const maxChunkGaps = 4096

// Chunk marks a chunk of streamed content (text, a refusal, a tool call's
// arguments) arriving at now: the first sets FirstToken; in the current
// conventions (ModeLatest) each later one keeps the time since the one
// before, recorded at End as gen_ai.client.operation.time_per_output_chunk.
// Call it once per chunk the provider sent, not per part of one.
func (c *Call) Chunk(now time.Time) {
	if c == nil {
		return
	}
	if c.FirstToken.IsZero() {
		c.FirstToken, c.lastChunk = now, now
		return
	}
	if c.settings.Mode == semconv.ModeLatest && len(c.chunkGaps) < maxChunkGaps {
		if c.chunkGaps == nil {
			c.chunkGaps = make([]float64, 0, 64)
		}
		if gap := now.Sub(c.lastChunk).Seconds(); gap >= 0 {
			c.chunkGaps = append(c.chunkGaps, gap)
		}
	}
	c.lastChunk = now
}

// attrCap holds the attributes a typical call starts with, and those it
// adds before and at End.
const attrCap = 32

// Start starts the CLIENT span "{operation} {model}" as a child of ctx's span
// and returns the call. The returned context carries the span.
//
// When ctx carries a call started with Request.Yield for the same
// operation and not yet taken over (or, unless r.Yield, one is registered
// for ctx with RegisterYielding), Start takes that call over instead: it returns a
// context carrying that call, which from then on records what this caller
// sets and ends when this caller ends it.
func (t *Telemetry) Start(ctx context.Context, r Request) (context.Context, *Call) {
	if outer := yieldingFor(ctx, r.Yield); outer != nil && outer.Adoptable(r.Operation) && outer.yield.CompareAndSwap(yielding, taken) {
		outer.adopt(t, r)
		if FromContext(ctx) != outer {
			// Registered for ctx (RegisterYielding): the returned context
			// carries the call and its span, as for any other call.
			return &outer.ctx, outer
		}
		return ctx, outer
	}
	st := settings.Load()
	c := &Call{t: t, inst: t.currentInstruments(), capture: st.CaptureContent, settings: st, req: r}
	if t.capture != nil {
		c.capture = *t.capture
	}
	// The request model names the span and keys metric points: bound it
	// once here.
	c.req.Model = attrString(r.Model)
	attrs := append(c.buf[:0],
		semconv.TelemetrySDKName.String(semconv.SDKName),
		semconv.GenAIOperationName.String(r.Operation),
		semconv.GenAIRequestModel.String(c.req.Model),
		semconv.ServiceName.String(st.ServiceName),
		semconv.DeploymentEnvironment.String(st.Environment),
	)
	attrs = append(attrs, r.Attributes...)
	// What the app put on the context (user, session, …): the tracer
	// provider Init builds sets them on every span, this covers any other.
	attrs = append(attrs, ctxattr.SpanAttributes(ctx, st.Langfuse)...)
	c.root = !trace.SpanContextFromContext(ctx).IsValid()
	attrs = st.Mode.WithDefaults(attrs, r.Defaults)
	attrs = sanitize.Attributes(st.Mode.SpanAttributes(attrs), sanitize.MaxAttributeLength)
	if r.Span != nil && r.Span.IsRecording() {
		c.span, c.borrowed = r.Span, true
		c.span.SetName(spanName(r.Operation, c.req.Model))
		c.span.SetAttributes(attrs...)
		ctx = trace.ContextWithSpan(ctx, c.span)
	} else {
		ctx, c.span = t.currentTracer().Start(ctx, spanName(r.Operation, c.req.Model), clientKind, trace.WithAttributes(attrs...))
	}
	c.ctx = callContext{Context: ctx, call: c}
	c.start = time.Now()
	c.pending = c.buf[:0]
	return &c.ctx, c
}

// Adoptable reports whether a client integration starting a call of
// operation op in this call's context takes this call over (Request.Yield).
// An empty op matches any operation.
func (c *Call) Adoptable(op string) bool {
	return c != nil && c.req.Yield && c.yield.Load() == yielding && (op == "" || op == c.req.Operation)
}

// Adopted reports whether a client integration took this yielding call
// over: the framework that started it must then leave it alone, neither
// setting nor ending it.
func (c *Call) Adopted() bool { return c != nil && c.yield.Load() == taken }

// Keep ends the yielding of a call started with Request.Yield: it reports
// false when a client integration has taken the call over (leave it
// alone), true when the caller keeps it, after which none takes it over.
// A framework calls Keep before it records the call's outcome, so that
// no client integration starts on the call while it does. End keeps a
// yielding call too.
func (c *Call) Keep() bool {
	if c == nil {
		return false
	}
	c.yield.CompareAndSwap(yielding, kept)
	return c.yield.Load() != taken
}

// adopt hands the call to the integration of t, starting r: its
// telemetry, content setting and request attributes from now on.
func (c *Call) adopt(t *Telemetry, r Request) {
	defer Recover()
	c.t, c.inst = t, t.currentInstruments()
	if t.capture != nil {
		c.capture = *t.capture
	}
	if r.System != "" {
		c.req.System = r.System
	}
	c.pending = append(c.pending, r.Attributes...)
	c.SetRequestModel(r.Model)
}

// attrString is s made valid and bounded as every non-content attribute.
func attrString(s string) string { return sanitize.String(s, sanitize.MaxAttributeLength) }

// metricString is s as every string of a metric point: valid and bounded
// shorter than span attributes.
func metricString(s string) string { return sanitize.String(s, sanitize.MaxMetricAttributeLength) }

// spanNames caches "{operation} {model}": a service uses few models, and
// the concatenation would allocate on every call.
var spanNames = boundedcache.New[[2]string, string](maxCachedSets)

func spanName(op, model string) string {
	if model == "" {
		return op
	}
	k := [2]string{op, model}
	if v, ok := spanNames.Load(k); ok {
		return v
	}
	name := op + " " + model
	spanNames.Store(k, name)
	return name
}

// clientKind is built once: an option made per call would allocate.
var clientKind = trace.WithSpanKind(trace.SpanKindClient)

type callKey struct{}

// callContext is the context of a call: its parent's values, the call
// under callKey.
type callContext struct {
	context.Context
	call *Call
}

func (c *callContext) Value(key any) any {
	if key == (callKey{}) {
		return c.call
	}
	return c.Context.Value(key)
}

// FromContext returns the call whose context ctx is (or derives from), so
// code the SDK runs inside the call, such as an HTTP middleware, can record
// on it. It returns nil outside a call.
func FromContext(ctx context.Context) *Call {
	c, _ := ctx.Value(callKey{}).(*Call)
	return c
}

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
	c.yield.CompareAndSwap(yielding, kept)
	if c.unregister != nil {
		c.unregister()
	}
	defer Recover()
	end := time.Now()
	duration := end.Sub(c.start).Seconds()
	mode := c.settings.Mode
	responseModel := attrString(c.ResponseModelOrRequest())
	system := c.System
	if system == "" {
		system = c.req.System
	}
	system = attrString(system)
	address := attrString(c.ServerAddress)
	span := c.span
	attrs := append(c.pending,
		semconv.GenAISystem.String(system),
		semconv.ServerAddress.String(address),
		semconv.ServerPort.Int(c.ServerPort),
	)
	if c.ResponseModel != "" {
		attrs = append(attrs, semconv.GenAIResponseModel.String(responseModel))
	}
	key := pointKey{mode: mode, service: metricString(c.settings.ServiceName), env: metricString(c.settings.Environment),
		op: c.req.Operation, system: metricString(system), reqModel: metricString(c.req.Model),
		respModel: metricString(responseModel), addr: metricString(address), port: c.ServerPort}

	if err != nil {
		errType := c.ErrorType
		if errType == "" {
			errType = ErrorType(err)
		}
		errType = attrString(errType)
		key.errType = metricString(errType)
		attrs = append(attrs, semconv.ErrorType.String(errType))
		attrs = sanitize.Attributes(mode.SpanAttributes(attrs), sanitize.MaxAttributeLength)
		if c.settings.Langfuse {
			attrs = c.forLangfuse(attrs, nil)
			if c.capture {
				attrs = contentForLangfuse(c, attrs, c.MaxContentLength())
			}
		}
		span.SetAttributes(attrs...)
		msg := c.errorMessage(err, errType)
		span.AddEvent(semconv.EventException, trace.WithAttributes(
			semconv.ExceptionType.String(attrString(ErrorType(err))),
			semconv.ExceptionMessage.String(msg)))
		span.SetStatus(codes.Error, msg)
		if !c.borrowed {
			span.End()
		}
		conventionFor(mode).failure(&c.ctx, c.inst, c.points(key), duration)
		return
	}

	if c.hasUsage && !c.usage.sane() {
		// A broken or hostile server's counts (9.2e18 tokens): not
		// recorded, never priced, said once.
		reportInsaneUsage(c.usage)
		c.hasUsage = false
	}
	usage := c.usage.recorded(c.hasUsage)
	m := measurements{duration: duration, usage: usage}
	if c.req.Operation == semconv.OperationChat || c.req.Operation == semconv.OperationTextCompletion {
		m.ttft = duration
		if c.Streamed && !c.FirstToken.IsZero() {
			m.streamed = true
			m.chunkGaps = c.chunkGaps
			m.ttft = c.FirstToken.Sub(c.start).Seconds()
			attrs = append(attrs,
				semconv.LangfuseCompletionStartTime.String(c.FirstToken.UTC().Format(time.RFC3339Nano)),
				semconv.GenAIResponseTimeToFirstChunk.Float64(m.ttft))
			if usage.output > 1 {
				m.tpot = end.Sub(c.FirstToken).Seconds() / float64(usage.output-1)
				attrs = append(attrs, semconv.GenAIServerTimePerOutputToken.Float64(m.tpot))
			}
		}
		attrs = append(attrs, semconv.GenAIServerTimeToFirstToken.Float64(m.ttft))
	}
	m.cost, m.hasCost = c.cost, c.hasCost
	var details *pricing.CostDetails
	if c.hasUsage {
		if !c.hasCost {
			d, ok := c.Pricing().UsageCostDetails(system, responseModel, pricing.Tokens{Input: max(usage.input, 0),
				CacheRead: c.usage.CacheReadInputTokens, CacheWrite: c.usage.CacheCreationInputTokens, Output: max(usage.output, 0)})
			m.cost, m.hasCost = d.Total, true
			if ok {
				details = &d
			}
		}
		attrs = usage.attributes(attrs, c.usage)
	}
	if m.hasCost && (math.IsNaN(m.cost) || math.IsInf(m.cost, 0) || m.cost < 0) {
		m.hasCost = false
	}
	if m.hasCost {
		attrs = append(attrs, semconv.GenAIUsageCost.Float64(m.cost))
	}
	attrs = sanitize.Attributes(attrs, sanitize.MaxAttributeLength)
	conv := conventionFor(mode)
	if c.capture {
		attrs = conv.content(c, attrs, c.MaxContentLength())
		if c.settings.Langfuse {
			attrs = contentForLangfuse(c, attrs, c.MaxContentLength())
		}
	}
	if c.capture && c.ToolDefinitions != "" && (mode == semconv.ModeLatest || c.settings.Langfuse) {
		attrs = append(attrs, semconv.GenAIToolDefinitions.String(BoundText(c.ToolDefinitions, c.MaxContentLength())))
	}
	attrs = mode.SpanAttributes(attrs)
	if c.settings.Langfuse {
		attrs = conv.forLangfuse(attrs, usage)
		attrs = c.forLangfuse(attrs, c.costDetails(details, m))
		if c.req.Operation == semconv.OperationImage || c.req.Operation == semconv.OperationAudio {
			// Langfuse maps only chat and embeddings operations to model
			// observations; images and audio are model calls too, with a
			// model, usage and cost to show.
			attrs = append(attrs, attribute.String(semconv.LangfuseObservationType, "generation"))
		}
	}
	span.SetAttributes(attrs...)
	span.SetStatus(codes.Ok, "")
	if !c.borrowed {
		span.End()
	}
	conv.success(&c.ctx, c.inst, c.points(key), m)
}

// Usage is the token usage a provider reported for a call. A negative
// count is treated as not reported and is not recorded.
type Usage struct {
	// InputTokens counts every input token, cached ones included.
	InputTokens int64
	// OutputTokens counts every output token, reasoning ones included.
	OutputTokens int64
	// CacheReadInputTokens are input tokens served from the prompt cache,
	// priced at the cached rate.
	CacheReadInputTokens int64
	// CacheCreationInputTokens are input tokens written to the prompt cache.
	CacheCreationInputTokens int64
	// ReasoningTokens are output tokens spent on reasoning.
	ReasoningTokens int64
	// TotalTokens, when positive, is the provider's total; otherwise the
	// total is InputTokens + OutputTokens (saturating).
	TotalTokens int64
}

// SetUsage records the call's token usage: End then records the usage
// attributes and metrics and, unless SetCost was called, prices the tokens
// as a chat call of the response model.
func (c *Call) SetUsage(u Usage) {
	if c != nil {
		c.usage, c.hasUsage = u, true
	}
}

// SetCost records the call's cost in USD, for operations not priced by
// tokens (images, audio, embeddings). A cost that is not finite and
// non-negative is not recorded.
func (c *Call) SetCost(usd float64) {
	if c != nil {
		c.cost, c.hasCost = usd, true
	}
}

// MaxTokens is the largest token count a call may report: a count above it
// (far beyond any model's context) comes from a broken or hostile server,
// and the call's usage is then not recorded nor priced.
const MaxTokens = 1 << 30

// sane reports whether every count is at most MaxTokens.
func (u Usage) sane() bool {
	return max(u.InputTokens, u.OutputTokens, u.CacheReadInputTokens, u.CacheCreationInputTokens, u.ReasoningTokens, u.TotalTokens) <= MaxTokens
}

var insaneReported atomic.Bool

// reportInsaneUsage says once per process that a provider reported token
// counts past MaxTokens.
func reportInsaneUsage(u Usage) {
	if insaneReported.CompareAndSwap(false, true) {
		otel.Handle(fmt.Errorf("openlit: a provider reported token counts past %d (input %d, output %d, total %d): the call's usage is recorded as invalid, not priced (said once)",
			int64(MaxTokens), u.InputTokens, u.OutputTokens, u.TotalTokens))
	}
}

// recordedUsage is a call's token counts as recorded: -1 for a count that
// is not recorded (none reported, or a negative one).
type recordedUsage struct {
	input, output, total int64
}

func (u Usage) recorded(reported bool) recordedUsage {
	if !reported {
		return recordedUsage{-1, -1, -1}
	}
	r := recordedUsage{input: max(u.InputTokens, -1), output: max(u.OutputTokens, -1)}
	switch {
	case u.TotalTokens > 0:
		r.total = u.TotalTokens
	case r.input < 0 && r.output < 0:
		r.total = -1
	default:
		r.total = saturatingAdd(max(r.input, 0), max(r.output, 0))
	}
	return r
}

// attributes appends the usage attributes of the counts that are recorded.
func (r recordedUsage) attributes(attrs []attribute.KeyValue, u Usage) []attribute.KeyValue {
	if r.input >= 0 {
		attrs = append(attrs, semconv.GenAIUsageInputTokens.Int64(r.input))
	}
	if r.output >= 0 {
		attrs = append(attrs, semconv.GenAIUsageOutputTokens.Int64(r.output))
	}
	if r.total >= 0 {
		attrs = append(attrs, semconv.GenAIUsageTotalTokens.Int64(r.total))
	}
	if u.CacheReadInputTokens > 0 {
		attrs = append(attrs, semconv.GenAIUsageCachedInputTokens.Int64(u.CacheReadInputTokens))
	}
	if u.CacheCreationInputTokens > 0 {
		attrs = append(attrs, semconv.GenAIUsageCacheCreationInputTokens.Int64(u.CacheCreationInputTokens))
	}
	if u.ReasoningTokens > 0 {
		attrs = append(attrs, semconv.GenAIUsageReasoningTokens.Int64(u.ReasoningTokens))
	}
	return attrs
}

// saturatingAdd adds two non-negative counts, stopping at math.MaxInt64.
func saturatingAdd(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

// errorMessage is what a failed call exports as its status description and
// exception.message: the error's text, valid and bounded, or, with content
// capture off, only its type, since a provider's error text may quote the
// prompt.
func (c *Call) errorMessage(err error, errType string) string {
	if !c.capture {
		return "error.type " + errType + " (message not recorded: content capture is off)"
	}
	return sanitize.String(err.Error(), sanitize.MaxErrorLength)
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

// points are the call's metric points: the cached ones for key, or, when
// the app put attributes on the context for metrics (opt-in), those plus
// the key's.
func (c *Call) points(key pointKey) *points {
	p := key.points()
	extra := ctxattr.MetricAttributes(&c.ctx)
	if len(extra) == 0 {
		return p
	}
	return newPoints(key.mode, attribute.NewSet(append(p.set.ToSlice(), extra...)...))
}

// ToolCall is one tool call a model asked for.
type ToolCall struct{ ID, Name, Arguments string }

// SetToolCalls records the response's tool calls on the span: names and ids
// always, arguments only when content capture is on.
func (c *Call) SetToolCalls(calls []ToolCall) {
	if c == nil || len(calls) == 0 {
		return
	}
	names := make([]string, len(calls))
	ids := make([]string, len(calls))
	for i, tc := range calls {
		names[i], ids[i] = tc.Name, tc.ID
	}
	// gen_ai.tool.name names an execute_tool span: on a model span Langfuse
	// would name the generation after the tools it asked for, and the
	// current conventions put the calls in gen_ai.output.messages. OpenLIT
	// records it on the model span, and so does ModeOpenLIT without the
	// Langfuse attributes.
	if c.settings.Mode != semconv.ModeLatest && !c.settings.Langfuse {
		c.SetAttributes(semconv.GenAIToolName.StringSlice(names))
	}
	c.SetAttributes(semconv.GenAIToolCallID.StringSlice(ids))
	if c.CaptureContent() {
		args := make([]string, len(calls))
		for i, tc := range calls {
			args[i] = BoundText(tc.Arguments, c.MaxContentLength())
		}
		c.SetAttributes(semconv.GenAIToolCallArguments.StringSlice(args))
	}
}

// SetRequestModel sets the request model when it is learnt after Start (a
// multipart upload names it after its file): the span is renamed and the
// gen_ai.request.model attribute and metric points follow.
func (c *Call) SetRequestModel(model string) {
	if c == nil || model == "" || c.ended || model == c.req.Model {
		return
	}
	c.req.Model = attrString(model)
	c.span.SetName(spanName(c.req.Operation, c.req.Model))
	c.SetAttributes(semconv.GenAIRequestModel.String(c.req.Model))
}

// RequestModel is the request model the call was started with or given.
func (c *Call) RequestModel() string {
	if c == nil {
		return ""
	}
	return c.req.Model
}

// SetFollowed records that the wire path follows this call's stream and
// ends the call when the stream's body ends: the typed integration that
// started it must leave ending it to the wire.
func (c *Call) SetFollowed() {
	if c != nil {
		c.followed.Store(true)
	}
}

// Followed reports whether the wire path follows this call's stream.
func (c *Call) Followed() bool { return c != nil && c.followed.Load() }

// SetAudioText records the text an audio call produced (a transcript or a
// translation): the text as content when the call records content, the
// usage when the API reported one (nil: none), and, when the audio's length
// is known (seconds > 0), its duration and per-minute cost.
func (c *Call) SetAudioText(text string, seconds float64, usage *Usage) {
	if c == nil {
		return
	}
	if c.CaptureContent() {
		c.Output = []semconv.Message{{Role: "assistant", Parts: []semconv.Part{{Type: "text", Content: text}}}}
	}
	if usage != nil {
		c.SetUsage(*usage)
	}
	if seconds > 0 {
		c.SetAttributes(semconv.GenAIAudioDuration.Float64(seconds))
		c.SetCost(c.Pricing().AudioMinutesCost(c.ResponseModelOrRequest(), seconds))
	}
}

// WithoutCall returns ctx without its call: a model call made in it (a
// guard's judge, asked while the call it guards is in flight) is a call
// of its own, traced under the span of ctx, not taken for the HTTP
// request of the call in ctx.
func WithoutCall(ctx context.Context) context.Context {
	if FromContext(ctx) == nil {
		return ctx
	}
	return withoutCall{ctx}
}

type withoutCall struct{ context.Context }

func (c withoutCall) Value(key any) any {
	if key == (callKey{}) {
		return nil
	}
	return c.Context.Value(key)
}
