package openlitopenai

import (
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/internal/instrument"
	"github.com/openlit/openlit-go/internal/version"
	"github.com/openlit/openlit-go/pricing"
)

const (
	// ScopeName is the instrumentation scope name of the spans.
	ScopeName = "github.com/openlit/openlit-go/instrumentation/openlitopenai"
	// Version is the instrumentation version.
	Version = version.Version
)

// Option configures a wrapped client or a Middleware.
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
// deriving it from the host each call goes to.
func WithSystem(system string) Option { return instrument.WithSystem(system) }

// WithProviders adds host rules for deriving gen_ai.system, consulted before
// the built-in ones. A key is a host ("llm.internal"), a host suffix
// ("*.corp.example"), a host and port ("10.0.0.5:8080") or a port on any host
// (":9000"); the value is the gen_ai.system to record. Built in: OpenAI,
// Azure OpenAI (az.ai.openai), Anthropic, Groq, DeepSeek, Together,
// OpenRouter, Mistral (mistral_ai), Fireworks, xAI, Perplexity, Cohere,
// Gemini (gcp.gemini), Vertex AI (gcp.vertex_ai), Bedrock (aws.bedrock),
// Ollama (port 11434), vLLM (port 8000) and LiteLLM (port 4000). Unknown
// hosts record "openai".
func WithProviders(rules map[string]string) Option { return instrument.WithProviders(rules) }
