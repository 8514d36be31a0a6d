package openlitmcp

import (
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/internal/version"
)

const (
	// ScopeName is the instrumentation scope of the spans and metrics.
	ScopeName = "github.com/openlit/openlit-go/instrumentation/openlitmcp"
	// Version is the instrumentation version.
	Version = version.Version
)

// Option configures a middleware.
type Option func(*config)

type config struct {
	tp        trace.TracerProvider
	mp        metric.MeterProvider
	prop      propagation.TextMapPropagator
	transport string
	capture   *bool
	roots     bool
}

// WithTracerProvider sets the tracer provider (default: the global one).
func WithTracerProvider(tp trace.TracerProvider) Option { return func(c *config) { c.tp = tp } }

// WithMeterProvider sets the meter provider (default: the global one).
func WithMeterProvider(mp metric.MeterProvider) Option { return func(c *config) { c.mp = mp } }

// WithPropagator sets how the trace context travels in a request's _meta
// (default: W3C trace context and baggage, whatever the global propagator
// is, so a client and server agree without configuration).
func WithPropagator(p propagation.TextMapPropagator) Option { return func(c *config) { c.prop = p } }

// WithNetworkTransport records network.transport: "pipe" for stdio,
// "tcp" for the HTTP transports, "inproc" for in-memory ones.
func WithNetworkTransport(transport string) Option {
	return func(c *config) { c.transport = transport }
}

// WithCaptureContent sets whether tool arguments and results are recorded,
// overriding openlit.Init's setting.
func WithCaptureContent(capture bool) Option { return func(c *config) { c.capture = &capture } }

// WithProtocolRoots traces the protocol's own requests (initialize, ping,
// discovery, the */list requests, logging/setLevel, subscriptions) even
// when they start a trace. By default such a request is traced only inside
// a trace the app started: a session's handshake and listings are not
// traces of their own (their duration metric is recorded either way).
func WithProtocolRoots(on bool) Option { return func(c *config) { c.roots = on } }
