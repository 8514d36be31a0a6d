package instrument

import (
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/provider"
	"github.com/openlit/openlit-go/openlittrace"
	"github.com/openlit/openlit-go/pricing"
)

// Config is what the options set.
type Config struct {
	TracerProvider trace.TracerProvider
	MeterProvider  metric.MeterProvider
	// Capture, when non-nil, overrides Init's content capture setting.
	Capture *bool
	// Pricing, when non-nil, overrides Init's price table.
	Pricing *pricing.Table
	// System, when set, is the gen_ai.system of every call.
	System string
	// Providers are host rules consulted before the built-in ones.
	Providers map[string]string
	// AgentName names the agent span of an agent framework's run.
	AgentName string
	// Model is the request model of the model calls an agent framework
	// reports without naming one.
	Model string
}

// Option sets part of a Config.
type Option interface {
	Apply(*Config)
}

type optionFunc func(*Config)

func (f optionFunc) Apply(c *Config) { f(c) }

// New applies opts, skipping nil ones.
func New(opts []Option) Config {
	var c Config
	for _, o := range opts {
		if o != nil {
			o.Apply(&c)
		}
	}
	return c
}

// Telemetry returns the core's Telemetry for c, under the instrumentation
// scope name and version.
func (c Config) Telemetry(scope, version string) *genai.Telemetry {
	return genai.New(genai.Config{
		TracerProvider: c.TracerProvider,
		MeterProvider:  c.MeterProvider,
		ScopeName:      scope,
		ScopeVersion:   version,
		CaptureContent: c.Capture,
		Pricing:        c.Pricing,
	})
}

// SpanOptions are the openlittrace options of c: its tracer provider and
// content setting, for the agent, tool and step spans of a framework
// integration.
func (c Config) SpanOptions() []openlittrace.Option {
	var opts []openlittrace.Option
	if c.TracerProvider != nil {
		opts = append(opts, openlittrace.WithTracerProvider(c.TracerProvider))
	}
	if c.Capture != nil {
		opts = append(opts, openlittrace.WithCaptureContent(*c.Capture))
	}
	return opts
}

// Resolver returns the provider resolver of c's rules.
func (c Config) Resolver() *provider.Resolver { return provider.New(c.Providers) }

// WithTracerProvider sets the tracer provider.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return optionFunc(func(c *Config) { c.TracerProvider = tp })
}

// WithMeterProvider sets the meter provider.
func WithMeterProvider(mp metric.MeterProvider) Option {
	return optionFunc(func(c *Config) { c.MeterProvider = mp })
}

// WithCaptureMessageContent sets whether content is recorded.
func WithCaptureMessageContent(capture bool) Option {
	return optionFunc(func(c *Config) { c.Capture = &capture })
}

// WithPricing sets the price table.
func WithPricing(table *pricing.Table) Option {
	return optionFunc(func(c *Config) { c.Pricing = table })
}

// WithAgentName sets the agent name.
func WithAgentName(name string) Option {
	return optionFunc(func(c *Config) { c.AgentName = name })
}

// WithModel sets the request model.
func WithModel(model string) Option {
	return optionFunc(func(c *Config) { c.Model = model })
}

// WithSystem fixes gen_ai.system.
func WithSystem(system string) Option {
	return optionFunc(func(c *Config) { c.System = system })
}

// WithProviders adds host rules; later options add to earlier ones.
func WithProviders(rules map[string]string) Option {
	return optionFunc(func(c *Config) {
		if c.Providers == nil {
			c.Providers = map[string]string{}
		}
		for k, v := range rules {
			c.Providers[k] = v
		}
	})
}
