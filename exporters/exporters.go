package exporters

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"time"

	"go.opentelemetry.io/otel/exporters/otlp/otlpmetric/otlpmetrichttp"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/exporters/stdout/stdoutmetric"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// Option configures an exporter built by this package.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

type config struct {
	endpoint string
	headers  map[string]string
	writer   io.Writer
	timeout  time.Duration
	noRetry  bool
	abort    context.Context
}

func newConfig(opts []Option) config {
	c := config{writer: os.Stdout}
	for _, o := range opts {
		o.apply(&c)
	}
	return c
}

// WithEndpointURL sets the full URL the OTLP/HTTP exporter posts to,
// including the signal path ("http://localhost:4318/v1/traces"). Without it
// the exporter prints to the console.
func WithEndpointURL(u string) Option {
	return optionFunc(func(c *config) { c.endpoint = u })
}

// WithHeaders sets HTTP headers sent with every OTLP request (for example
// an Authorization header). They are never logged.
func WithHeaders(h map[string]string) Option {
	return optionFunc(func(c *config) { c.headers = h })
}

// WithWriter sets where the console exporter writes (os.Stdout by default).
func WithWriter(w io.Writer) Option {
	return optionFunc(func(c *config) {
		if w != nil {
			c.writer = w
		}
	})
}

// WithTimeout bounds each OTLP export request. Zero keeps the exporter's
// default (OTEL_EXPORTER_OTLP_TIMEOUT, else 10 s).
func WithTimeout(d time.Duration) Option {
	return optionFunc(func(c *config) { c.timeout = d })
}

// WithoutRetry turns off the OTLP exporter's retries of failed exports. Use
// it when exports run on the caller's path (a simple span processor), so a
// collector that is down costs one failed request rather than a minute of
// back-off.
func WithoutRetry() Option {
	return optionFunc(func(c *config) { c.noRetry = true })
}

// WithAbort ties every export to ctx as well as to the context the SDK
// gives it: when ctx is cancelled, exports in flight (and their retries)
// stop at once. openlit.Init cancels it when Shutdown returns, so no export
// outlives Shutdown even when a collector hangs.
func WithAbort(ctx context.Context) Option {
	return optionFunc(func(c *config) { c.abort = ctx })
}

// ValidateEndpointURL reports whether u is a usable OTLP/HTTP endpoint: an
// absolute http or https URL with a host.
func ValidateEndpointURL(u string) error {
	p, err := url.Parse(u)
	if err != nil {
		return fmt.Errorf("invalid URL: %w", err)
	}
	if p.Scheme != "http" && p.Scheme != "https" {
		return fmt.Errorf("invalid URL %q: scheme must be http or https", p.Redacted())
	}
	if p.Host == "" {
		return fmt.Errorf("invalid URL %q: no host", p.Redacted())
	}
	return nil
}

// NewSpanExporter returns an OTLP/HTTP span exporter when an endpoint URL is
// set, and a pretty-printing console exporter otherwise.
func NewSpanExporter(ctx context.Context, opts ...Option) (sdktrace.SpanExporter, error) {
	c := newConfig(opts)
	if c.endpoint == "" {
		return stdouttrace.New(stdouttrace.WithWriter(c.writer), stdouttrace.WithPrettyPrint())
	}
	if err := ValidateEndpointURL(c.endpoint); err != nil {
		return nil, fmt.Errorf("exporters: traces endpoint: %w", err)
	}
	o := []otlptracehttp.Option{otlptracehttp.WithEndpointURL(c.endpoint)}
	if len(c.headers) > 0 {
		o = append(o, otlptracehttp.WithHeaders(c.headers))
	}
	if c.timeout > 0 {
		o = append(o, otlptracehttp.WithTimeout(c.timeout))
	}
	if c.noRetry {
		o = append(o, otlptracehttp.WithRetry(otlptracehttp.RetryConfig{Enabled: false}))
	}
	exp, err := otlptracehttp.New(ctx, o...)
	if err != nil || c.abort == nil {
		return exp, err
	}
	return &abortableSpans{SpanExporter: exp, abort: c.abort}, nil
}

// NewMetricExporter returns an OTLP/HTTP metric exporter when an endpoint URL
// is set, and a pretty-printing console exporter otherwise. Both use
// cumulative temporality.
func NewMetricExporter(ctx context.Context, opts ...Option) (sdkmetric.Exporter, error) {
	c := newConfig(opts)
	if c.endpoint == "" {
		return stdoutmetric.New(stdoutmetric.WithWriter(c.writer), stdoutmetric.WithPrettyPrint())
	}
	if err := ValidateEndpointURL(c.endpoint); err != nil {
		return nil, fmt.Errorf("exporters: metrics endpoint: %w", err)
	}
	o := []otlpmetrichttp.Option{
		otlpmetrichttp.WithEndpointURL(c.endpoint),
		otlpmetrichttp.WithTemporalitySelector(sdkmetric.DefaultTemporalitySelector),
	}
	if len(c.headers) > 0 {
		o = append(o, otlpmetrichttp.WithHeaders(c.headers))
	}
	if c.timeout > 0 {
		o = append(o, otlpmetrichttp.WithTimeout(c.timeout))
	}
	if c.noRetry {
		o = append(o, otlpmetrichttp.WithRetry(otlpmetrichttp.RetryConfig{Enabled: false}))
	}
	exp, err := otlpmetrichttp.New(ctx, o...)
	if err != nil || c.abort == nil {
		return exp, err
	}
	return &abortableMetrics{Exporter: exp, abort: c.abort}, nil
}

// joinAbort returns ctx, also cancelled when abort is.
func joinAbort(ctx, abort context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(abort, cancel)
	return ctx, func() {
		stop()
		cancel()
	}
}

type abortableSpans struct {
	sdktrace.SpanExporter
	abort context.Context
}

// ExportSpans exports, stopping early if the abort context ends.
func (e *abortableSpans) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	ctx, done := joinAbort(ctx, e.abort)
	defer done()
	return e.SpanExporter.ExportSpans(ctx, spans)
}

type abortableMetrics struct {
	sdkmetric.Exporter
	abort context.Context
}

// Export exports, stopping early if the abort context ends.
func (e *abortableMetrics) Export(ctx context.Context, rm *metricdata.ResourceMetrics) error {
	ctx, done := joinAbort(ctx, e.abort)
	defer done()
	return e.Exporter.Export(ctx, rm)
}
