package exporters

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"syscall"
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

// WithoutRetry turns off every retry of a failed export: the OTLP
// exporter's back-off on throttling and 5xx answers, and this package's
// retry of refused connections. Use it when exports run on the caller's
// path (a simple span processor), so a collector that is down costs one
// failed request, not a retry loop.
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

// NewSpanExporter returns an OTLP/HTTP span exporter when an endpoint URL is
// set, and a pretty-printing console exporter otherwise.
func NewSpanExporter(ctx context.Context, opts ...Option) (sdktrace.SpanExporter, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	c := newConfig(opts)
	if c.endpoint == "" {
		return stdouttrace.New(stdouttrace.WithWriter(c.writer), stdouttrace.WithPrettyPrint())
	}
	if err := ValidateEndpointURL(c.endpoint); err != nil {
		return nil, fmt.Errorf("exporters: traces endpoint: %w", err)
	}
	hc, tr, err := newHTTPClient("TRACES", c.timeout)
	if err != nil {
		return nil, fmt.Errorf("exporters: traces: %w", err)
	}
	o := []otlptracehttp.Option{otlptracehttp.WithEndpointURL(c.endpoint), otlptracehttp.WithHTTPClient(hc)}
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
	if err != nil {
		return nil, fmt.Errorf("exporters: traces: %w", redactor(secretsOf(c.endpoint)).err(err))
	}
	return &spanExporter{SpanExporter: exp, guard: c.guard(), transport: tr}, nil
}

// NewMetricExporter returns an OTLP/HTTP metric exporter when an endpoint URL
// is set, and a pretty-printing console exporter otherwise. Both use
// cumulative temporality.
func NewMetricExporter(ctx context.Context, opts ...Option) (sdkmetric.Exporter, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	c := newConfig(opts)
	if c.endpoint == "" {
		return stdoutmetric.New(stdoutmetric.WithWriter(c.writer), stdoutmetric.WithPrettyPrint())
	}
	if err := ValidateEndpointURL(c.endpoint); err != nil {
		return nil, fmt.Errorf("exporters: metrics endpoint: %w", err)
	}
	hc, tr, err := newHTTPClient("METRICS", c.timeout)
	if err != nil {
		return nil, fmt.Errorf("exporters: metrics: %w", err)
	}
	o := []otlpmetrichttp.Option{
		otlpmetrichttp.WithEndpointURL(c.endpoint),
		otlpmetrichttp.WithHTTPClient(hc),
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
	if err != nil {
		return nil, fmt.Errorf("exporters: metrics: %w", redactor(secretsOf(c.endpoint)).err(err))
	}
	return &metricExporter{Exporter: exp, guard: c.guard(), transport: tr}, nil
}

// defaultTimeout is the OTLP exporters' own default export timeout.
const defaultTimeout = 10 * time.Second

func (c config) guard() guard {
	budget := c.timeout
	if budget <= 0 {
		budget = defaultTimeout
	}
	return guard{abort: c.abort, budget: budget, redact: secretsOf(c.endpoint), noRetry: c.noRetry,
		stopped: make(chan struct{}), stopOnce: new(sync.Once)}
}

// guard is what every OTLP export goes through: it is aborted with the
// abort context, a refused connection (a collector restarting) is retried
// within the export timeout unless retries are off (WithoutRetry), and the
// endpoint's secrets are removed from the error.
type guard struct {
	abort   context.Context
	budget  time.Duration
	redact  redactor
	noRetry bool
	// stopped is closed when the exporter shuts down: retries stop then.
	stopped  chan struct{}
	stopOnce *sync.Once
}

func (g guard) export(ctx context.Context, export func(context.Context) error) error {
	if g.abort != nil {
		var done func()
		ctx, done = joinAbort(ctx, g.abort)
		defer done()
	}
	if g.noRetry {
		return g.redact.err(export(ctx))
	}
	return g.redact.err(retryRefused(ctx, g.stopped, g.budget, export))
}

// stop ends retries in progress and prevents new ones.
func (g guard) stop() { g.stopOnce.Do(func() { close(g.stopped) }) }

// Refused-connection retries start after firstRetry and back off to
// maxRetryWait, within the export's budget.
const (
	firstRetry   = 50 * time.Millisecond
	maxRetryWait = time.Second
)

// retryRefused runs export and, while it fails because the collector
// refused the connection, runs it again with back-off until budget (or
// ctx's deadline, if sooner) would pass, ctx ends or stopped is closed (the
// exporter shut down). The OTLP exporters retry only
// throttling and 5xx answers; a refused connection, what a collector that is
// restarting gives, loses the whole batch without this.
func retryRefused(ctx context.Context, stopped <-chan struct{}, budget time.Duration, export func(context.Context) error) error {
	deadline := time.Now().Add(budget)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	wait := firstRetry
	for {
		err := export(ctx)
		if err == nil || !errors.Is(err, syscall.ECONNREFUSED) || time.Now().Add(wait).After(deadline) {
			return err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-stopped:
			t.Stop()
			return err
		case <-t.C:
		}
		wait = min(2*wait, maxRetryWait)
	}
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

type spanExporter struct {
	sdktrace.SpanExporter
	guard     guard
	transport *http.Transport
}

// ExportSpans exports through the guard, every span's strings made valid
// UTF-8 first.
// A batch whose estimated size is over MaxExportBytes goes as several
// requests; when some of them fail, the error is a *PartialExportError
// saying how many spans were exported.
func (e *spanExporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	spans, sizes := cleanSpans(spans)
	var runs [][]sdktrace.ReadOnlySpan
	if len(spans) > 1 {
		runs = chunks(spans, sizes, MaxExportBytes)
	}
	if len(runs) <= 1 {
		// One request: its error as the exporter gave it.
		return e.guard.export(ctx, func(ctx context.Context) error { return e.SpanExporter.ExportSpans(ctx, spans) })
	}
	var errs []error
	exported := 0
	for _, run := range runs {
		if err := e.guard.export(ctx, func(ctx context.Context) error { return e.SpanExporter.ExportSpans(ctx, run) }); err != nil {
			errs = append(errs, err)
			continue
		}
		exported += len(run)
	}
	switch {
	case len(errs) == 0:
		return nil
	case exported == 0:
		return errors.Join(errs...)
	}
	return &PartialExportError{Exported: exported, Total: len(spans), Err: errors.Join(errs...)}
}

// Shutdown stops retries in progress, shuts the exporter down and closes
// its idle connections.
func (e *spanExporter) Shutdown(ctx context.Context) error {
	e.guard.stop()
	err := e.SpanExporter.Shutdown(ctx)
	e.transport.CloseIdleConnections()
	return err
}

type metricExporter struct {
	sdkmetric.Exporter
	guard     guard
	transport *http.Transport
}

// Export exports through the guard.
func (e *metricExporter) Export(ctx context.Context, rm *metricdata.ResourceMetrics) error {
	return e.guard.export(ctx, func(ctx context.Context) error { return e.Exporter.Export(ctx, rm) })
}

// Shutdown stops retries in progress, shuts the exporter down and closes
// its idle connections.
func (e *metricExporter) Shutdown(ctx context.Context) error {
	e.guard.stop()
	err := e.Exporter.Shutdown(ctx)
	e.transport.CloseIdleConnections()
	return err
}
