package openlitbedrock

import (
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/internal/instrument"
	"github.com/openlit/openlit-go/internal/version"
	"github.com/openlit/openlit-go/pricing"
)

const (
	// ScopeName is the instrumentation scope name of the spans.
	ScopeName = "github.com/openlit/openlit-go/instrumentation/openlitbedrock"
	// Version is the instrumentation version.
	Version = version.Version
)

// Option configures Instrument or AppendMiddlewares.
type Option = instrument.Option

// WithTracerProvider sets the tracer provider (default: the global one).
func WithTracerProvider(tp trace.TracerProvider) Option { return instrument.WithTracerProvider(tp) }

// WithMeterProvider sets the meter provider (default: the global one).
func WithMeterProvider(mp metric.MeterProvider) Option { return instrument.WithMeterProvider(mp) }

// WithCaptureMessageContent sets whether prompts and completions are
// recorded, overriding openlit.Init's setting for this client.
func WithCaptureMessageContent(capture bool) Option {
	return instrument.WithCaptureMessageContent(capture)
}

// WithPricing prices this client's calls with table instead of the table
// openlit.Init set up.
func WithPricing(table *pricing.Table) Option { return instrument.WithPricing(table) }

// WithSystem fixes gen_ai.system for every call of this client, instead of
// aws.bedrock (or what a host rule says).
func WithSystem(system string) Option { return instrument.WithSystem(system) }

// WithProviders adds host rules for deriving gen_ai.system, consulted before
// the built-in ones, as openlitopenai.WithProviders does.
func WithProviders(rules map[string]string) Option { return instrument.WithProviders(rules) }
