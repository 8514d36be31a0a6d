package openlitgenkit

import (
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/internal/instrument"
	"github.com/openlit/openlit-go/internal/version"
	"github.com/openlit/openlit-go/pricing"
)

const (
	// ScopeName is the instrumentation scope name of the model call spans.
	ScopeName = "github.com/openlit/openlit-go/instrumentation/openlitgenkit"
	// Version is the instrumentation version.
	Version = version.Version
)

// Option configures the Middleware.
type Option = instrument.Option

// WithTracerProvider sets the tracer provider (default: the global one).
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

// WithSystem sets gen_ai.system of the model calls, instead of deriving
// it from the model's provider prefix (googleai/… → gcp.gemini,
// vertexai/… → gcp.vertex_ai, openai/… → openai, anthropic/… →
// anthropic, ollama/… → ollama; any other prefix as it is).
func WithSystem(system string) Option { return instrument.WithSystem(system) }

// WithAgentName names the agent span of a Generate with tools called
// outside any flow ("invoke_agent {name}"; default "genkit"). Inside a
// flow the flow is the agent, named after it.
func WithAgentName(name string) Option { return instrument.WithAgentName(name) }
