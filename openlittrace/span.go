package openlittrace

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/internal/ctxattr"
	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/sanitize"
	"github.com/openlit/openlit-go/internal/settings"
	"github.com/openlit/openlit-go/internal/version"
	"github.com/openlit/openlit-go/semconv"
)

// ScopeName is the instrumentation scope of the spans this package starts.
const ScopeName = "github.com/openlit/openlit-go/openlittrace"

// Option configures a span.
type Option func(*config)

type config struct {
	start    time.Time
	tp       trace.TracerProvider
	attrs    []attribute.KeyValue
	kind     trace.SpanKind
	capture  *bool
	metadata map[string]any
}

// WithTracerProvider starts the span with tp instead of the global tracer
// provider.
func WithTracerProvider(tp trace.TracerProvider) Option { return func(c *config) { c.tp = tp } }

// WithAttributes adds attributes to the span.
func WithAttributes(attrs ...attribute.KeyValue) Option {
	return func(c *config) { c.attrs = append(c.attrs, attrs...) }
}

// WithStartTime starts the span at t instead of now: for a step known only
// after it began (a framework that reports a tool call when it is over).
func WithStartTime(t time.Time) Option { return func(c *config) { c.start = t } }

// WithSpanKind sets the span's kind (INTERNAL by default; CLIENT for an
// agent or tool run remotely).
func WithSpanKind(kind trace.SpanKind) Option { return func(c *config) { c.kind = kind } }

// WithCaptureContent sets whether the span records content (inputs,
// results, arguments), overriding openlit.Init's setting.
func WithCaptureContent(capture bool) Option { return func(c *config) { c.capture = &capture } }

// Span is a traced step, agent run or tool call. Its methods are safe for
// concurrent use, and do nothing once End was called or on a nil Span.
type Span struct {
	span    trace.Span
	capture bool
	max     int
	result  attribute.Key // where SetResult records
	input   attribute.Key // where SetInput records
	// traceIO is true for a span that starts its trace while the Langfuse
	// attributes are on: its input and result are the trace's too.
	traceIO bool

	mu    sync.Mutex
	ended bool
}

// start starts a span named name with op's attributes.
func start(ctx context.Context, name string, attrs []attribute.KeyValue, opts []Option) (context.Context, *Span) {
	if ctx == nil {
		ctx = context.Background()
	}
	c := config{kind: trace.SpanKindInternal}
	for _, o := range opts {
		o(&c)
	}
	st := settings.Load()
	capture := st.CaptureContent
	if c.capture != nil {
		capture = *c.capture
	}
	tp := c.tp
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	attrs = append(attrs, c.attrs...)
	attrs = append(attrs, ctxattr.SpanAttributes(ctx, st.Langfuse)...)
	attrs = sanitize.Attributes(attrs, sanitize.MaxAttributeLength)
	traceIO := st.Langfuse && !trace.SpanContextFromContext(ctx).IsValid()
	tracer := tp.Tracer(ScopeName, trace.WithInstrumentationVersion(version.Version))
	startOpts := []trace.SpanStartOption{trace.WithSpanKind(c.kind), trace.WithAttributes(attrs...)}
	if !c.start.IsZero() {
		startOpts = append(startOpts, trace.WithTimestamp(c.start))
	}
	ctx, span := tracer.Start(ctx, sanitize.String(name, sanitize.MaxAttributeLength), startOpts...)
	max := st.MaxContentLength
	if max <= 0 {
		max = genai.DefaultMaxContentLength
	}
	return ctx, &Span{span: span, capture: capture, max: max, traceIO: traceIO,
		input: attribute.Key(semconv.LangfuseObservationInput), result: attribute.Key(semconv.LangfuseObservationOutput)}
}

// SpanContext is the span's OpenTelemetry span context.
func (s *Span) SpanContext() trace.SpanContext {
	if s == nil {
		return trace.SpanContext{}
	}
	return s.span.SpanContext()
}

// SetInput records what the step was given (as JSON unless it is a
// string), when content capture is on.
func (s *Span) SetInput(v any) {
	if s != nil {
		s.setContent(s.input, semconv.LangfuseTraceInput, v)
	}
}

// SetResult records what the step, agent or tool returned (as JSON unless
// it is a string), when content capture is on.
func (s *Span) SetResult(v any) {
	if s != nil {
		s.setContent(s.result, semconv.LangfuseTraceOutput, v)
	}
}

// SetMetadata records a key and value on the span, as the attribute
// "langfuse.observation.metadata.{key}" (Langfuse shows it as the
// observation's metadata); the key is bounded to 256 bytes, the value (JSON
// unless a string) to 1 KiB.
func (s *Span) SetMetadata(key string, v any) {
	s.live(func() {
		key = "langfuse.observation.metadata." + sanitize.String(key, sanitize.MaxMetricAttributeLength)
		s.span.SetAttributes(attribute.String(key, text(v, sanitize.MaxAttributeLength)))
	})
}

// setContent records v under key and, on a trace's root span with the
// Langfuse attributes on, under traceKey too.
func (s *Span) setContent(key, traceKey attribute.Key, v any) {
	if !s.capture {
		return
	}
	s.live(func() {
		t := text(v, s.max)
		s.span.SetAttributes(key.String(t))
		if s.traceIO {
			s.span.SetAttributes(traceKey.String(t))
		}
	})
}

// live runs f with the span's lock held, unless the span is nil or has
// ended.
func (s *Span) live(f func()) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.ended {
		f()
	}
}

// text is v as recorded: a string as it is, anything else as JSON (or
// its %v form), made valid UTF-8 and bounded.
func text(v any, max int) string {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case []byte:
		s = string(x)
	case fmt.Stringer:
		s = x.String()
	default:
		b, err := json.Marshal(v)
		if err != nil {
			s = fmt.Sprint(v)
		} else {
			s = string(b)
		}
	}
	return genai.BoundText(s, max)
}

// End ends the span: err nil means success; otherwise the span records
// the error (error.type, an exception event) with status Error.
func (s *Span) End(err error) {
	s.live(func() {
		s.ended = true
		if err != nil {
			genai.SpanFailed(s.span, genai.ErrorType(err), err)
		} else {
			s.span.SetStatus(codes.Ok, "")
		}
		s.span.End()
	})
}

// Start starts a span for a step of the application, named name; End it
// when the step is done. Model calls made with the returned context nest
// under it.
func Start(ctx context.Context, name string, opts ...Option) (context.Context, *Span) {
	return start(ctx, name, nil, opts)
}

// Trace runs fn inside a span named name, ending it with fn's error (or a
// panic, which goes on after the span ended). It returns fn's error.
func Trace(ctx context.Context, name string, fn func(context.Context, *Span) error, opts ...Option) (err error) {
	ctx, s := Start(ctx, name, opts...)
	defer func() {
		if r := recover(); r != nil {
			s.End(fmt.Errorf("panic: %v", r))
			panic(r)
		}
		s.End(err)
	}()
	return fn(ctx, s)
}
