package openlitpinecone

import (
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/internal/version"
)

const (
	// ScopeName is the instrumentation scope name of the spans.
	ScopeName = "github.com/openlit/openlit-go/instrumentation/openlitpinecone"
	// Version is the instrumentation version.
	Version = version.Version
)

type config struct {
	index   string
	tp      trace.TracerProvider
	mp      metric.MeterProvider
	capture *bool
}

// Option configures the interceptor.
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

// WithCaptureMessageContent sets whether metadata filters are recorded as
// db.filter, overriding openlit.Init's content capture setting.
func WithCaptureMessageContent(capture bool) Option {
	return optionFunc(func(c *config) { c.capture = &capture })
}

// WithIndexName names the index the connection reaches (db.collection.name).
// Without it, the name is the first label of the index host, as Pinecone
// writes hosts ("docs-a1b2c3d.svc.aped-4627-b74a.pinecone.io": "docs-a1b2c3d"),
// and none for a host that is an IP address.
func WithIndexName(name string) Option {
	return optionFunc(func(c *config) { c.index = name })
}
