package openlitweaviate

import (
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/internal/version"
)

const (
	// ScopeName is the instrumentation scope name of the spans.
	ScopeName = "github.com/openlit/openlit-go/instrumentation/openlitweaviate"
	// Version is the instrumentation version.
	Version = version.Version
)

type config struct {
	tp      trace.TracerProvider
	mp      metric.MeterProvider
	capture *bool
}

// Option configures a Transport.
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

// WithCaptureMessageContent sets whether filters (where clauses)
// are recorded as db.filter, overriding openlit.Init's content capture.
func WithCaptureMessageContent(capture bool) Option {
	return optionFunc(func(c *config) { c.capture = &capture })
}
