package openliteino

import (
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/internal/instrument"
	"github.com/openlit/openlit-go/internal/version"
	"github.com/openlit/openlit-go/pricing"
)

const (
	// ScopeName is the instrumentation scope name of the model call spans.
	ScopeName = "github.com/openlit/openlit-go/instrumentation/openliteino"
	// Version is the instrumentation version.
	Version = version.Version
)

// Option configures a Handler.
type Option = instrument.Option

// WithTracerProvider sets the tracer provider (default: the global one).
func WithTracerProvider(tp trace.TracerProvider) Option { return instrument.WithTracerProvider(tp) }

// WithMeterProvider sets the meter provider (default: the global one).
func WithMeterProvider(mp metric.MeterProvider) Option { return instrument.WithMeterProvider(mp) }

// WithCaptureMessageContent sets whether prompts, completions, tool
// arguments and results, retrieval queries and documents are recorded,
// overriding openlit.Init's setting.
func WithCaptureMessageContent(capture bool) Option {
	return instrument.WithCaptureMessageContent(capture)
}

// WithPricing prices the model calls with table instead of the table
// openlit.Init set up.
func WithPricing(table *pricing.Table) Option { return instrument.WithPricing(table) }

// WithSystem fixes gen_ai.system for every model call the handler records,
// instead of deriving it from the chat model component's type ("OpenAI" is
// openai, "Claude" anthropic, "Gemini" gcp.gemini, …).
func WithSystem(system string) Option { return instrument.WithSystem(system) }
