package genai

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
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

// Pricing returns the table calls are priced with.
func (t *Telemetry) Pricing() *pricing.Table {
	if t.pricing != nil {
		return t.pricing
	}
	if p := settings.Load().Pricing; p != nil {
		return p
	}
	return pricing.Default()
}

// Request describes a call as it starts.
type Request struct {
	Operation string // gen_ai.operation.name
	System    string // gen_ai.system
	Model     string // gen_ai.request.model
	// Attributes are the operation's own request attributes.
	Attributes []attribute.KeyValue
	// SDKVersion is the version of the client library (gen_ai.sdk.version);
	// empty leaves the attribute to the instrumentation.
	SDKVersion string
	// Prompt is the formatted prompt, recorded in the prompt event when
	// content capture is on. Empty means no prompt event.
	Prompt string
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
	ServerAddress string
	ServerPort    int
	ResponseModel string
	// Usage, when HasUsage: tokens reported by the provider.
	HasUsage                                bool
	InputTokens, OutputTokens, CachedTokens int64
	ReasoningTokens                         int64
	// Cost in USD; when CostKnown is false End prices InputTokens and
	// OutputTokens as a chat call of ResponseModel (else the request model).
	Cost      float64
	CostKnown bool
	// FirstToken is when the first content arrived (streams); zero means the
	// end of the call, as OpenLIT records for non-streaming calls.
	FirstToken time.Time
	// Streamed marks a streaming call: TTFT, time per output token and the
	// Langfuse completion start time are recorded.
	Streamed bool
	// Completions are the completion texts, one content event each.
	Completions []string
	// ErrorType, when set, is the error.type of a failed call (an HTTP
	// status code); otherwise End derives one with ErrorType.
	ErrorType string

	ended bool
}

// Start starts the CLIENT span "{operation} {model}" as a child of ctx's span
// and returns the call. The returned context carries the span.
func (t *Telemetry) Start(ctx context.Context, r Request) (context.Context, *Call) {
	st := settings.Load()
	capture := st.CaptureContent
	if t.capture != nil {
		capture = *t.capture
	}
	attrs := make([]attribute.KeyValue, 0, len(r.Attributes)+8)
	attrs = append(attrs,
		semconv.TelemetrySDKName.String(semconv.SDKName),
		semconv.GenAIOperationName.String(r.Operation),
		semconv.GenAISystem.String(r.System),
		semconv.GenAIRequestModel.String(r.Model),
		semconv.ServiceName.String(st.ServiceName),
		semconv.DeploymentEnvironment.String(st.Environment),
	)
	if r.SDKVersion != "" {
		attrs = append(attrs, semconv.GenAISDKVersion.String(r.SDKVersion))
	}
	attrs = append(attrs, r.Attributes...)
	ctx, span := t.tracer.Start(ctx, r.Operation+" "+r.Model,
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attrs...),
	)
	return ctx, &Call{t: t, ctx: ctx, span: span, start: time.Now(), capture: capture, settings: st, req: r}
}

// Span returns the call's span, for operation-specific attributes.
func (c *Call) Span() trace.Span { return c.span }

// CaptureContent reports whether this call records content.
func (c *Call) CaptureContent() bool { return c.capture }

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
// cost and timing attributes, adds the content events, sets the status,
// ends the span and records the metrics. Telemetry failures never reach the
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
	responseModel := c.ResponseModel
	if responseModel == "" {
		responseModel = c.req.Model
	}
	address, port := c.ServerAddress, c.ServerPort
	span := c.span

	span.SetAttributes(
		semconv.ServerAddress.String(address),
		semconv.ServerPort.Int(port),
	)
	// The point attributes the guide shows on every metric.
	points := []attribute.KeyValue{
		semconv.TelemetrySDKName.String(semconv.SDKName),
		semconv.ServiceName.String(c.settings.ServiceName),
		semconv.DeploymentEnvironment.String(c.settings.Environment),
		semconv.GenAIOperationName.String(c.req.Operation),
		semconv.GenAISystem.String(c.req.System),
		semconv.GenAIRequestModel.String(c.req.Model),
		semconv.ServerAddress.String(address),
		semconv.ServerPort.Int(port),
		semconv.GenAIResponseModel.String(responseModel),
	}

	if err != nil {
		errType := c.ErrorType
		if errType == "" {
			errType = ErrorType(err)
		}
		span.SetAttributes(semconv.ErrorType.String(errType))
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
		span.End(trace.WithTimestamp(end))
		set := attribute.NewSet(append(points, semconv.ErrorType.String(errType))...)
		c.t.inst.recordFailure(c.ctx, set, duration)
		return
	}

	ttft := duration
	if c.Streamed && !c.FirstToken.IsZero() {
		ttft = c.FirstToken.Sub(c.start).Seconds()
	}
	attrs := []attribute.KeyValue{
		semconv.GenAIServerTimeToFirstToken.Float64(ttft),
	}
	var tpot float64
	if c.Streamed && !c.FirstToken.IsZero() && c.OutputTokens > 1 {
		tpot = end.Sub(c.FirstToken).Seconds() / float64(c.OutputTokens-1)
		attrs = append(attrs, semconv.GenAIServerTimePerOutputToken.Float64(tpot))
	}
	if c.Streamed && !c.FirstToken.IsZero() {
		attrs = append(attrs, semconv.LangfuseCompletionStartTime.String(c.FirstToken.UTC().Format(time.RFC3339Nano)))
	}
	cost := c.Cost
	if c.HasUsage {
		if !c.CostKnown {
			cost = c.Pricing().ChatCost(responseModel, c.InputTokens, c.CachedTokens, c.OutputTokens)
		}
		attrs = append(attrs,
			semconv.GenAIUsageInputTokens.Int64(c.InputTokens),
			semconv.GenAIUsageOutputTokens.Int64(c.OutputTokens),
			semconv.GenAIUsageTotalTokens.Int64(c.InputTokens+c.OutputTokens),
			semconv.GenAIUsageCost.Float64(cost),
		)
		if c.CachedTokens > 0 {
			attrs = append(attrs, semconv.GenAIUsageCachedInputTokens.Int64(c.CachedTokens))
		}
		if c.ReasoningTokens > 0 {
			attrs = append(attrs, semconv.GenAIUsageReasoningTokens.Int64(c.ReasoningTokens))
		}
	} else if c.CostKnown {
		attrs = append(attrs, semconv.GenAIUsageCost.Float64(cost))
	}
	span.SetAttributes(attrs...)
	if c.capture {
		if c.req.Prompt != "" {
			span.AddEvent(semconv.EventContentPrompt, trace.WithTimestamp(end),
				trace.WithAttributes(semconv.GenAIPrompt.String(c.req.Prompt)))
		}
		for _, text := range c.Completions {
			span.AddEvent(semconv.EventContentCompletion, trace.WithTimestamp(end),
				trace.WithAttributes(semconv.GenAICompletion.String(text)))
		}
	}
	span.SetStatus(codes.Ok, "")
	span.End(trace.WithTimestamp(end))

	set := attribute.NewSet(points...)
	c.t.inst.recordSuccess(c.ctx, set, measurements{
		duration: duration, ttft: ttft, tpot: tpot,
		hasUsage: c.HasUsage, input: c.InputTokens, output: c.OutputTokens,
		cost: cost, hasCost: c.HasUsage || c.CostKnown,
	})
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

func (in *instruments) recordSuccess(ctx context.Context, set attribute.Set, m measurements) {
	opt := metric.WithAttributeSet(set)
	in.requests.Add(ctx, 1, opt)
	in.duration.Record(ctx, m.duration, opt)
	in.ttft.Record(ctx, m.ttft, opt)
	if m.tpot > 0 {
		in.tpot.Record(ctx, m.tpot, opt)
	}
	if m.hasUsage {
		in.tokenUsage.Record(ctx, m.input+m.output, opt)
		in.inTokens.Add(ctx, m.input, opt)
		in.outTokens.Add(ctx, m.output, opt)
	}
	if m.hasCost {
		in.cost.Record(ctx, m.cost, opt)
	}
}

func (in *instruments) recordFailure(ctx context.Context, set attribute.Set, duration float64) {
	opt := metric.WithAttributeSet(set)
	in.requests.Add(ctx, 1, opt)
	in.duration.Record(ctx, duration, opt)
}
