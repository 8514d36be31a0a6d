package openlithttp

import (
	"net/http"

	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/internal/instrument"
	"github.com/openlit/openlit-go/internal/version"
	"github.com/openlit/openlit-go/internal/wire"
	"github.com/openlit/openlit-go/pricing"
)

const (
	// ScopeName is the instrumentation scope name of the spans.
	ScopeName = "github.com/openlit/openlit-go/instrumentation/openlithttp"
	// Version is the instrumentation version.
	Version = version.Version
)

// Transport is an http.RoundTripper that traces the model calls it sends.
// Use NewTransport.
type Transport struct {
	base   http.RoundTripper
	next   func(*http.Request) (*http.Response, error)
	tracer *wire.Tracer
}

// NewTransport returns a Transport sending requests through base
// (http.DefaultTransport as it is when NewTransport is called, if nil).
func NewTransport(base http.RoundTripper, opts ...Option) *Transport {
	if base == nil {
		base = http.DefaultTransport
	}
	c := instrument.New(opts)
	return &Transport{
		base: base,
		next: base.RoundTrip,
		tracer: wire.New(wire.Config{
			Telemetry: c.Telemetry(ScopeName, Version),
			Providers: c.Resolver(),
			System:    c.System,
		}),
	}
}

// RoundTrip sends req through the base transport, tracing it when it is a
// model call. The response is the base transport's, its body observed as
// it is read.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	return t.tracer.RoundTrip(req, t.next)
}

// Traces reports, without reading its body, whether RoundTrip would trace
// req: a model call by the endpoint rules (a known path, or a JSON or
// multipart POST to a model API's host). A request that is not one passes
// through RoundTrip untouched.
func (t *Transport) Traces(req *http.Request) bool { return t.tracer.Traces(req) }

// Base returns the transport requests are sent through.
func (t *Transport) Base() http.RoundTripper { return t.base }

// CloseIdleConnections closes the idle connections of the base transport,
// when it has any, so http.Client.CloseIdleConnections works through it.
func (t *Transport) CloseIdleConnections() {
	if c, ok := t.base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// Option configures a Transport.
type Option = instrument.Option

// WithTracerProvider sets the tracer provider (default: the global one, as
// it is at each call).
func WithTracerProvider(tp trace.TracerProvider) Option { return instrument.WithTracerProvider(tp) }

// WithMeterProvider sets the meter provider (default: the global one, as it
// is at each call).
func WithMeterProvider(mp metric.MeterProvider) Option { return instrument.WithMeterProvider(mp) }

// WithCaptureMessageContent sets whether prompts and completions are
// recorded, overriding openlit.Init's setting.
func WithCaptureMessageContent(capture bool) Option {
	return instrument.WithCaptureMessageContent(capture)
}

// WithPricing prices calls with table instead of the table openlit.Init set
// up.
func WithPricing(table *pricing.Table) Option { return instrument.WithPricing(table) }

// WithSystem fixes gen_ai.system for every call, instead of deriving it
// from the host and the API.
func WithSystem(system string) Option { return instrument.WithSystem(system) }

// WithProviders adds host rules for deriving gen_ai.system, consulted
// before the built-in ones, as openlitopenai.WithProviders does. A host a
// rule names is also a model API host: a JSON request naming a "model" on
// a path no decoder knows gets a minimal span there.
func WithProviders(rules map[string]string) Option { return instrument.WithProviders(rules) }
