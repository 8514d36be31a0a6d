package guard

import (
	"context"
	"fmt"
	"sync"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/internal/budget"
	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/sanitize"
	"github.com/openlit/openlit-go/internal/version"
)

// ScopeName is the instrumentation scope of the guard metrics.
const ScopeName = "github.com/openlit/openlit-go/guard"

// DefaultTimeout is a guard's time budget unless WithTimeout sets one.
const DefaultTimeout = 10 * time.Second

// DefaultMaxScanLength is how much of a text guards see unless
// WithMaxScanLength sets it (OpenLIT's 100 KiB).
const DefaultMaxScanLength = 100 << 10

// Pipeline runs guards in order. Deny stops it; redactions chain (each
// guard sees the text the previous ones redacted). Make one with New; it
// is safe for concurrent use.
type Pipeline struct {
	guards     []Guard
	failClosed bool
	timeout    time.Duration
	maxScan    int
	mp         metric.MeterProvider

	once     sync.Once
	requests metric.Int64Counter
}

// Option configures a Pipeline.
type Option func(*Pipeline)

// WithFailClosed makes a guard that fails or runs past its budget deny,
// instead of allow (fail-open, the default).
func WithFailClosed() Option { return func(p *Pipeline) { p.failClosed = true } }

// WithTimeout sets each guard's time budget (DefaultTimeout when unset;
// zero or less: no budget beyond the caller's context).
func WithTimeout(d time.Duration) Option { return func(p *Pipeline) { p.timeout = d } }

// WithMaxScanLength sets how many bytes of a text the guards see (the
// rest passes unchecked and unchanged).
func WithMaxScanLength(n int) Option { return func(p *Pipeline) { p.maxScan = n } }

// WithMeterProvider sets the meter provider of "guard.requests" (default:
// the global one, which openlit.Init sets).
func WithMeterProvider(mp metric.MeterProvider) Option { return func(p *Pipeline) { p.mp = mp } }

// New returns a pipeline of guards, run in the order given.
func New(guards []Guard, opts ...Option) *Pipeline {
	p := &Pipeline{timeout: DefaultTimeout, maxScan: DefaultMaxScanLength}
	for _, g := range guards {
		if g != nil {
			p.guards = append(p.guards, g)
		}
	}
	for _, o := range opts {
		if o != nil {
			o(p)
		}
	}
	return p
}

func (p *Pipeline) counter() metric.Int64Counter {
	p.once.Do(func() {
		mp := p.mp
		if mp == nil {
			mp = otel.GetMeterProvider()
		}
		c, err := mp.Meter(ScopeName, metric.WithInstrumentationVersion(version.Version)).Int64Counter("guard.requests",
			metric.WithDescription("Number of guard evaluations"), metric.WithUnit("1"))
		if err != nil {
			otel.Handle(err)
		}
		p.requests = c
	})
	return p.requests
}

// Check runs the guards on text in phase. The error is non-nil only
// with WithFailClosed, when a guard failed (the verdict is then Deny);
// a denied text is a Verdict with Action Deny, not an error.
func (p *Pipeline) Check(ctx context.Context, phase Phase, text string) (Verdict, error) {
	v := Verdict{Action: Allow, Text: text}
	scanned, rest := text, ""
	if p.maxScan > 0 && len(text) > p.maxScan {
		scanned, rest = text[:p.maxScan], text[p.maxScan:]
	}
	var failure error
	for _, g := range p.guards {
		if ph, ok := g.(Phased); ok && !phaseIn(phase, ph.Phases()) {
			continue
		}
		r := p.run(ctx, g, phase, scanned)
		if r.Err != nil {
			if p.failClosed {
				r.Action = Deny
				if failure == nil {
					failure = fmt.Errorf("guard %s: %w", r.Guard, r.Err)
				}
			} else {
				r.Action = Allow
			}
		}
		v.Results = append(v.Results, r)
		p.record(ctx, phase, r)
		if r.Action.severity() > v.Action.severity() {
			v.Action = r.Action
		}
		if r.Action == Redact && r.Redacted != "" {
			scanned = r.Redacted
		}
		if r.Action == Deny {
			break
		}
	}
	v.Text = scanned + rest
	return v, failure
}

// run runs one guard within its budget; a panic or an overrun is its
// error (ErrTimeout for an overrun).
func (p *Pipeline) run(ctx context.Context, g Guard, phase Phase, text string) Result {
	start := time.Now()
	name := g.Name()
	r, err := budget.Run(ctx, p.timeout, func(ctx context.Context) (Result, error) { return g.Check(ctx, phase, text) })
	if err != nil {
		r.Err = err
	}
	r.Guard = name
	if r.Action == "" {
		r.Action = Allow
	}
	r.Latency = time.Since(start)
	return r
}

// record puts r on the span in ctx and counts it.
func (p *Pipeline) record(ctx context.Context, phase Phase, r Result) {
	defer genai.Recover()
	explanation := r.Explanation
	if r.Err != nil {
		explanation = "guard failed: " + r.Err.Error()
	}
	classification := sanitize.String(r.Classification, sanitize.MaxMetricAttributeLength)
	name := sanitize.String(r.Guard, sanitize.MaxMetricAttributeLength)
	if span := trace.SpanFromContext(ctx); span.IsRecording() {
		span.AddEvent("guard.evaluation", trace.WithAttributes(
			attribute.String("guard.name", name),
			attribute.String("guard.phase", string(phase)),
			attribute.String("guard.action", string(r.Action)),
			attribute.Float64("guard.score", r.Score),
			attribute.String("guard.classification", classification),
			attribute.String("guard.explanation", sanitize.String(explanation, sanitize.MaxErrorLength)),
			attribute.Float64("guard.latency_ms", float64(r.Latency.Microseconds())/1000),
		))
	}
	if c := p.counter(); c != nil {
		c.Add(ctx, 1, metric.WithAttributes(
			attribute.String("guard.name", name),
			attribute.String("guard.action", string(r.Action)),
			attribute.String("guard.classification", classification),
			attribute.String("guard.phase", string(phase)),
		))
	}
}
