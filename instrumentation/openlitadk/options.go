package openlitadk

import (
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/internal/instrument"
	"github.com/openlit/openlit-go/internal/version"
	"github.com/openlit/openlit-go/pricing"
)

const (
	// ScopeName is the instrumentation scope name of the model call spans
	// this package starts itself (a model used outside an ADK agent).
	ScopeName = "github.com/openlit/openlit-go/instrumentation/openlitadk"
	// Version is the instrumentation version.
	Version = version.Version
)

// Option configures WrapModel and NewPlugin.
type Option = instrument.Option

// WithTracerProvider sets the tracer provider of the spans this package
// starts itself (default: the global one). ADK's own spans, which it
// fills, always come from the global provider.
func WithTracerProvider(tp trace.TracerProvider) Option { return instrument.WithTracerProvider(tp) }

// WithMeterProvider sets the meter provider (default: the global one).
func WithMeterProvider(mp metric.MeterProvider) Option { return instrument.WithMeterProvider(mp) }

// WithCaptureMessageContent sets whether prompts, completions, tool
// arguments and results are recorded, overriding openlit.Init's setting.
func WithCaptureMessageContent(capture bool) Option {
	return instrument.WithCaptureMessageContent(capture)
}

// WithPricing prices the model calls with table instead of the table
// openlit.Init set up.
func WithPricing(table *pricing.Table) Option { return instrument.WithPricing(table) }

// WithSystem sets gen_ai.system of the model calls (default: gcp.gemini,
// or gcp.vertex_ai for a Gemini model on Vertex AI, or "adk" for other
// models).
func WithSystem(system string) Option { return instrument.WithSystem(system) }
