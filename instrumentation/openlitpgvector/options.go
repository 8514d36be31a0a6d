package openlitpgvector

import (
	"strings"

	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/internal/version"
)

const (
	// ScopeName is the instrumentation scope name of the spans.
	ScopeName = "github.com/openlit/openlit-go/instrumentation/openlitpgvector"
	// Version is the instrumentation version.
	Version = version.Version
)

type config struct {
	tp      trace.TracerProvider
	mp      metric.MeterProvider
	capture *bool
	tables  map[string]bool
}

// Option configures a Tracer.
type Option interface{ apply(*config) }

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// WithTracerProvider sets the tracer provider (default: the global one).
func WithTracerProvider(tp trace.TracerProvider) Option {
	return optionFunc(func(c *config) { c.tp = tp })
}

// WithMeterProvider sets the meter provider (default: the global one).
func WithMeterProvider(mp metric.MeterProvider) Option {
	return optionFunc(func(c *config) { c.mp = mp })
}

// WithCaptureMessageContent sets whether the SQL text is recorded
// (db.query.text), overriding openlit.Init's content capture setting.
func WithCaptureMessageContent(capture bool) Option {
	return optionFunc(func(c *config) { c.capture = &capture })
}

// WithTables names the tables that hold vectors: their inserts, upserts,
// reads and deletes are recorded too, not only the searches. Names match
// without regard to case or a schema prefix.
func WithTables(names ...string) Option {
	return optionFunc(func(c *config) {
		if c.tables == nil {
			c.tables = map[string]bool{}
		}
		for _, n := range names {
			c.tables[strings.ToLower(unqualified(n))] = true
		}
	})
}
