package genai

import (
	"context"

	"go.opentelemetry.io/otel/attribute"

	"github.com/openlit/openlit-go/semconv"
)

// convention is what one semconv mode records beyond names: how content is
// recorded and which metrics a call feeds. semconv.Mode maps the names
// (span attributes, defaults, metric point attributes); conventionFor is the
// only place the core chooses behaviour by mode, as otelhttp's
// internal/semconv does for HTTP.
type convention interface {
	// content records the call's input and output, as span events or as
	// attributes appended to attrs, each text bounded to max bytes.
	content(c *Call, attrs []attribute.KeyValue, max int) []attribute.KeyValue
	// success records the metrics of a call that succeeded.
	success(ctx context.Context, in *instruments, p *points, m measurements)
	// failure records the metrics of a call that failed.
	failure(ctx context.Context, in *instruments, p *points, duration float64)
	// forLangfuse appends what Langfuse needs that the mode's names leave
	// out (attrs are already in the mode's names).
	forLangfuse(attrs []attribute.KeyValue, u recordedUsage) []attribute.KeyValue
}

func conventionFor(m semconv.Mode) convention {
	if m == semconv.ModeLatest {
		return latest{}
	}
	return openlit{}
}

// openlit is OpenLIT 1.34's: content in events, a request counter, token
// counters, and one token.usage point per call for the total.
type openlit struct{}

func (openlit) content(c *Call, attrs []attribute.KeyValue, max int) []attribute.KeyValue {
	return contentAsEvents(c, attrs, max)
}

// maxMetricTokens caps a token count recorded in a metric: the SDK's
// cumulative sums are plain int64 additions, and a provider answering 9e18
// tokens twice would wrap them negative. No real call comes near 2^40
// (about 1.1e12) tokens; the span keeps the exact count.
const maxMetricTokens = 1 << 40

// forMetrics is u with each recorded count capped at maxMetricTokens.
func (u recordedUsage) forMetrics() recordedUsage {
	return recordedUsage{input: min(u.input, maxMetricTokens), output: min(u.output, maxMetricTokens),
		total: min(u.total, maxMetricTokens)}
}

func (openlit) success(ctx context.Context, in *instruments, p *points, m measurements) {
	in.recordCommon(ctx, p.rec, m, false)
	in.requests.Add(ctx, 1, p.add...)
	u := m.usage.forMetrics()
	if u.total >= 0 {
		in.tokenUsage.Record(ctx, u.total, p.rec...)
	}
	if u.input >= 0 {
		in.inTokens.Add(ctx, u.input, p.add...)
	}
	if u.output >= 0 {
		in.outTokens.Add(ctx, u.output, p.add...)
	}
}

// forLangfuse adds nothing: OpenLIT's names carry the total already.
func (openlit) forLangfuse(attrs []attribute.KeyValue, _ recordedUsage) []attribute.KeyValue {
	return attrs
}

func (openlit) failure(ctx context.Context, in *instruments, p *points, duration float64) {
	in.requests.Add(ctx, 1, p.add...)
	in.duration.Record(ctx, duration, p.rec...)
}

// latest is the current OpenTelemetry GenAI conventions': content as JSON
// span attributes, no counters, and one token.usage point per token type.
type latest struct{}

func (latest) content(c *Call, attrs []attribute.KeyValue, max int) []attribute.KeyValue {
	return contentAsAttributes(c, attrs, max)
}

func (latest) success(ctx context.Context, in *instruments, p *points, m measurements) {
	in.recordCommon(ctx, p.rec, m, true)
	u := m.usage.forMetrics()
	if u.input >= 0 {
		in.tokenUsage.Record(ctx, u.input, p.in...)
	}
	if u.output >= 0 {
		in.tokenUsage.Record(ctx, u.output, p.out...)
	}
}

// forLangfuse keeps the total the current conventions drop: without it
// Langfuse sums every usage key, counting reasoning tokens twice.
func (latest) forLangfuse(attrs []attribute.KeyValue, u recordedUsage) []attribute.KeyValue {
	if u.total >= 0 {
		attrs = append(attrs, semconv.GenAIUsageTotalTokens.Int64(u.total))
	}
	return attrs
}

func (latest) failure(ctx context.Context, in *instruments, p *points, duration float64) {
	in.duration.Record(ctx, duration, p.rec...)
}
