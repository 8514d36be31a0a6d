package openlitlangchaingo

import (
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/internal/instrument"
	"github.com/openlit/openlit-go/internal/version"
	"github.com/openlit/openlit-go/pricing"
)

const (
	// ScopeName is the instrumentation scope name of the model call spans.
	ScopeName = "github.com/openlit/openlit-go/instrumentation/openlitlangchaingo"
	// Version is the instrumentation version.
	Version = version.Version
)

// Option configures a Handler.
type Option = instrument.Option

// WithTracerProvider sets the tracer provider (default: the global one).
func WithTracerProvider(tp trace.TracerProvider) Option { return instrument.WithTracerProvider(tp) }

// WithMeterProvider sets the meter provider (default: the global one).
func WithMeterProvider(mp metric.MeterProvider) Option { return instrument.WithMeterProvider(mp) }

// WithCaptureMessageContent sets whether prompts, completions, chain
// inputs and outputs, tool arguments, retrieval queries and documents are
// recorded, overriding openlit.Init's setting.
func WithCaptureMessageContent(capture bool) Option {
	return instrument.WithCaptureMessageContent(capture)
}

// WithPricing prices the model calls with table instead of the table
// openlit.Init set up.
func WithPricing(table *pricing.Table) Option { return instrument.WithPricing(table) }

// WithSystem sets gen_ai.system of the model calls the handler records
// ("langchaingo" when unset); a traced HTTP client beneath names it from
// the host it calls instead.
func WithSystem(system string) Option { return instrument.WithSystem(system) }

// WithAgentName names the agent span of an outermost chain run
// ("invoke_agent {name}"; default "langchaingo").
func WithAgentName(name string) Option { return instrument.WithAgentName(name) }

// WithModel sets the request model of the model calls the handler records:
// LangChainGo's callbacks do not say which model a call used, and the span
// name and cost need it. A traced HTTP client beneath reads it from the
// request instead.
func WithModel(model string) Option { return instrument.WithModel(model) }
