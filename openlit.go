package openlit

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/exporters"
	"github.com/openlit/openlit-go/instrumentation/openlithttp"
	"github.com/openlit/openlit-go/internal/consoleview"
	"github.com/openlit/openlit-go/internal/ctxattr"
	"github.com/openlit/openlit-go/internal/sanitize"
	"github.com/openlit/openlit-go/internal/settings"
	"github.com/openlit/openlit-go/internal/spanproc"
	"github.com/openlit/openlit-go/internal/version"
	"github.com/openlit/openlit-go/internal/zerocode"
	"github.com/openlit/openlit-go/pricing"
	"github.com/openlit/openlit-go/semconv"
)

// Version is the version of openlit-go, recorded as telemetry.sdk.version.
const Version = version.Version

// DefaultCardinalityLimit is how many distinct attribute sets each metric
// of the meter provider Init builds keeps: measurements with further sets
// (a provider inventing model names, say) are aggregated into one point
// with the attribute otel.metric.overflow=true, so metric memory and export
// size stay bounded. The OpenTelemetry SDK's OTEL_GO_X_CARDINALITY_LIMIT
// overrides it.
const DefaultCardinalityLimit = 2000

const envCardinalityLimit = "OTEL_GO_X_CARDINALITY_LIMIT"

// ErrAlreadyInitialized is returned by Init when an earlier Init installed
// the global providers and has not been shut down. Call Shutdown on the
// first SDK before calling Init again, or pass WithGlobalProviders(false).
var ErrAlreadyInitialized = errors.New("openlit: already initialized; call Shutdown first")

var (
	globalMu     sync.Mutex
	globalActive bool
)

// SDK is what Init set up. Its methods are safe for concurrent use and on a
// nil *SDK (they do nothing), so a failed Init never makes a deferred
// Shutdown panic.
type SDK struct {
	tp       trace.TracerProvider
	mp       metric.MeterProvider
	ownTP    *sdktrace.TracerProvider
	ownMP    *sdkmetric.MeterProvider
	resource *resource.Resource
	global   bool
	// abort cancels exports still in flight when Shutdown returns.
	abort context.CancelFunc
	// ended and exported count spans, so Shutdown can report how many the
	// batch queue dropped (the SDK only logs that at debug level).
	ended, exported *atomic.Int64
	// unconfirmed counts the spans of exports Shutdown's deadline cut
	// short: the collector may have them.
	unconfirmed *atomic.Int64
	// exporting holds the span exports in flight: Shutdown counts the
	// losses once they returned, not while one may still succeed.
	exporting *atomic.Int64
	// direct is the WithDisableBatch processor, whose drops are counted
	// apart.
	direct *spanproc.Direct
	// open keeps the spans not ended yet, which Shutdown ends.
	open *spanproc.Open
	// view is the console's trace tree and totals (ConsolePretty), which
	// Shutdown ends with the totals.
	view *consoleview.View
	// hook is WithHTTPInstrumentation's hook on http.DefaultTransport.
	hook *zerocode.Handle
	// transport is what WithHTTPInstrumentation installed as
	// http.DefaultTransport, and restore puts the original back.
	transport *openlithttp.Transport
	// stops stop the collectors Init started (GPU, system metrics).
	stops []func(context.Context) error

	shutdownOnce sync.Once
	shutdownErr  error
}

// Init sets up OpenTelemetry tracing and metrics for LLM instrumentation and,
// unless WithGlobalProviders(false) is given, installs the providers as the
// OpenTelemetry globals. A bad setting returns an error naming its variable
// or option; Init never panics and never waits on a collector.
//
// Calling Init again while an SDK that installed the globals is live returns
// ErrAlreadyInitialized and changes nothing; after its Shutdown, Init may be
// called again.
func Init(ctx context.Context, opts ...Option) (*SDK, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	c := newConfig(opts)
	if err := c.err(); err != nil {
		return nil, err
	}
	table, err := c.pricing(ctx)
	if err != nil {
		return nil, err
	}
	res, err := c.resource(ctx)
	if err != nil {
		return nil, err
	}

	if c.setGlobals {
		globalMu.Lock()
		defer globalMu.Unlock()
		if globalActive {
			return nil, ErrAlreadyInitialized
		}
	}

	s := &SDK{resource: res, global: c.setGlobals}
	if (c.tracerProvider == nil && c.tracesEndpoint == "") || (c.meterProvider == nil && !c.disableMetrics && c.metricsURL == "") {
		s.view = c.consoleView()
	}
	exportCtx, abort := context.WithCancel(context.Background())
	s.abort = abort
	if err := s.buildTracing(ctx, c, res, exportCtx); err != nil {
		abort()
		return nil, err
	}
	if err := s.buildMetrics(ctx, c, res, exportCtx); err != nil {
		_ = s.shutdownOwned(ctx)
		abort()
		return nil, err
	}

	if c.setGlobals {
		otel.SetTracerProvider(s.tp)
		if s.mp != nil {
			otel.SetMeterProvider(s.mp)
		}
		globalActive = true
	}
	for _, w := range c.warns {
		otel.Handle(errors.New(w))
	}
	if c.httpInstrument {
		s.instrumentDefaultTransport(c.httpReplace)
	}
	s.startCollectors(ctx, c)
	settings.Store(&settings.Settings{
		CaptureContent:   c.captureContent,
		Pricing:          table,
		ServiceName:      attrString(c.serviceName),
		Environment:      attrString(c.environment),
		Mode:             c.mode,
		MaxContentLength: contentLimit(c.maxContent),
		Langfuse:         c.langfuseActive,
	})
	return s, nil
}

func (s *SDK) buildTracing(ctx context.Context, c *config, res *resource.Resource, exportCtx context.Context) error {
	if c.tracerProvider != nil {
		s.tp = c.tracerProvider
		return nil
	}
	timeout := c.tracesTimeout
	if timeout <= 0 {
		timeout = batchExportTimeout
		if c.disableBatch {
			timeout = simpleExportTimeout
		}
	}
	eo := []exporters.Option{
		exporters.WithEndpointURL(c.tracesEndpoint),
		exporters.WithHeaders(c.tracesHeaders),
		exporters.WithWriter(c.consoleWriter),
		exporters.WithAbort(exportCtx),
		exporters.WithTimeout(timeout),
	}
	if c.disableBatch {
		// Export runs on the caller's path: every retry is off, so a
		// collector that is down costs each span one refused connection and
		// one that hangs at most one export timeout.
		eo = append(eo, exporters.WithoutRetry())
	}
	var exp sdktrace.SpanExporter
	var err error
	if c.tracesEndpoint == "" && s.view != nil {
		exp = s.view.SpanExporter()
	} else if exp, err = exporters.NewSpanExporter(ctx, eo...); err != nil {
		return fmt.Errorf("openlit: traces exporter: %w", err)
	}
	s.ended, s.exported, s.unconfirmed, s.exporting = new(atomic.Int64), new(atomic.Int64), new(atomic.Int64), new(atomic.Int64)
	exp = countingExporter{SpanExporter: exp, n: s.exported, unconfirmed: s.unconfirmed, inflight: s.exporting, abort: exportCtx}
	var sp sdktrace.SpanProcessor
	if c.disableBatch {
		s.direct = spanproc.NewDirect(exp, timeout, spanproc.DefaultMaxConcurrent)
		sp = s.direct
	} else {
		sp = sdktrace.NewBatchSpanProcessor(exp)
	}
	sp = countingProcessor{SpanProcessor: sp, n: s.ended}
	s.open = spanproc.NewOpen()
	s.ownTP = sdktrace.NewTracerProvider(sdktrace.WithResource(res),
		sdktrace.WithSpanProcessor(ctxattr.Processor{}), sdktrace.WithSpanProcessor(s.open), sdktrace.WithSpanProcessor(sp))
	s.tp = s.ownTP
	return nil
}

func (s *SDK) buildMetrics(ctx context.Context, c *config, res *resource.Resource, exportCtx context.Context) error {
	if c.meterProvider != nil {
		s.mp = c.meterProvider
		return nil
	}
	if c.disableMetrics {
		return nil
	}
	var exp sdkmetric.Exporter
	var err error
	if c.metricsURL == "" && s.view != nil {
		exp = s.view.MetricExporter()
	} else if exp, err = exporters.NewMetricExporter(ctx,
		exporters.WithEndpointURL(c.metricsURL),
		exporters.WithHeaders(c.metricsHeaders),
		exporters.WithWriter(c.consoleWriter),
		exporters.WithAbort(exportCtx),
		exporters.WithTimeout(c.metricsTimeout),
	); err != nil {
		return fmt.Errorf("openlit: metrics exporter: %w", err)
	}
	reader := sdkmetric.NewPeriodicReader(exp, sdkmetric.WithInterval(c.exportInterval))
	mo := []sdkmetric.Option{sdkmetric.WithResource(res), sdkmetric.WithReader(reader)}
	if _, ok := lookup(envCardinalityLimit); !ok {
		mo = append(mo, sdkmetric.WithCardinalityLimit(DefaultCardinalityLimit))
	}
	s.ownMP = sdkmetric.NewMeterProvider(mo...)
	s.mp = s.ownMP
	return nil
}

// pricing returns the table calls are priced with: the embedded one, with
// WithPricing's table and the WithPricingJSON document laid over it.
func (c *config) pricing(ctx context.Context) (*pricing.Table, error) {
	table := pricing.Default()
	if c.pricingTable != nil {
		table = table.Merge(c.pricingTable)
	}
	if c.pricingSource == "" {
		return table, nil
	}
	fetchCtx, cancel := context.WithTimeout(ctx, c.pricingTimeout)
	defer cancel()
	override, err := pricing.Load(fetchCtx, c.pricingSource, nil)
	if err != nil {
		if isURL(c.pricingSource) {
			otel.Handle(fmt.Errorf("openlit: %s: using the embedded pricing table: %w", EnvPricingJSON, err))
			return table, nil
		}
		return nil, fmt.Errorf("openlit: pricing (%s / WithPricingJSON): %w", EnvPricingJSON, err)
	}
	return table.Merge(override), nil
}

// resource merges the SDK's default resource, OTEL_RESOURCE_ATTRIBUTES, the
// WithResourceAttributes attributes and the attributes OpenLIT sets, later
// ones winning.
func (c *config) resource(ctx context.Context) (*resource.Resource, error) {
	envRes, err := resource.New(ctx, resource.WithFromEnv())
	if err != nil {
		return nil, fmt.Errorf("openlit: %s: %w", EnvResourceAttributes, err)
	}
	if c.serviceName == "" {
		c.serviceName = envValue(envRes, semconv.ServiceName, defaultName)
	}
	if c.environment == "" {
		c.environment = envValue(envRes, semconv.DeploymentEnvironment, "")
		if c.environment == "" {
			c.environment = envValue(envRes, "deployment.environment.name", defaultName)
		}
	}
	if c.langfuseActive {
		if e := langfuseEnvironment(c.environment); e != c.environment {
			c.warns = append(c.warns, fmt.Sprintf("openlit: environment %s recorded as %q: Langfuse accepts only [a-z0-9_-], at most 40 characters (else it files the trace under \"default\")", quote(c.environment), e))
			c.environment = e
		}
	}
	own := append([]attribute.KeyValue{}, c.resourceAttrs...)
	if c.langfuseActive && c.release != "" {
		own = append(own, semconv.LangfuseRelease.String(c.release))
	}
	own = append(own,
		semconv.ServiceName.String(c.serviceName),
		semconv.DeploymentEnvironment.String(c.environment),
		semconv.TelemetrySDKName.String(semconv.SDKName),
		semconv.TelemetrySDKLanguage.String("go"),
		semconv.TelemetrySDKVersion.String(Version),
	)
	res, err := resource.Merge(resource.Default(), envRes)
	if err != nil {
		return nil, fmt.Errorf("openlit: resource: %w", err)
	}
	res, err = resource.Merge(res, resource.NewSchemaless(own...))
	if err != nil {
		return nil, fmt.Errorf("openlit: resource: %w", err)
	}
	// OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES (percent-decoded) and the
	// options may hold invalid UTF-8 or huge values: one such resource
	// attribute would make every export fail.
	if attrs := res.Attributes(); !sanitize.Valid(attrs, sanitize.MaxAttributeLength) {
		res = resource.NewWithAttributes(res.SchemaURL(), sanitize.Attributes(attrs, sanitize.MaxAttributeLength)...)
	}
	return res, nil
}

// langfuseEnvironment is env by Langfuse's rule for environments: lower
// case, only [a-z0-9_-] (anything else becomes "-"), at most 40 characters;
// "default" when nothing is left.
func langfuseEnvironment(env string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(env) {
		if b.Len() == 40 {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	if strings.Trim(b.String(), "-_") == "" {
		return defaultName
	}
	return b.String()
}

// attrString is s as every exported non-content string: valid UTF-8,
// bounded.
func attrString(s string) string { return sanitize.String(s, sanitize.MaxAttributeLength) }

// contentLimit is the content bound in force: the configured one, lowered to
// the SDK's span attribute value limit when the environment sets a smaller
// one.
func contentLimit(configured int) int {
	limit := settings.SpanValueLimit()
	if configured > 0 && (limit == 0 || configured < limit) {
		return configured
	}
	return limit
}

func envValue(r *resource.Resource, key attribute.Key, def string) string {
	if v, ok := r.Set().Value(key); ok && v.AsString() != "" {
		return v.AsString()
	}
	return def
}

func isURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// TracerProvider returns the tracer provider Init set up or was given.
func (s *SDK) TracerProvider() trace.TracerProvider {
	if s == nil || s.tp == nil {
		return otel.GetTracerProvider()
	}
	return s.tp
}

// MeterProvider returns the meter provider Init set up or was given; with
// metrics disabled, the global one.
func (s *SDK) MeterProvider() metric.MeterProvider {
	if s == nil || s.mp == nil {
		return otel.GetMeterProvider()
	}
	return s.mp
}

// Resource returns the resource Init built.
func (s *SDK) Resource() *resource.Resource {
	if s == nil || s.resource == nil {
		return resource.Empty()
	}
	return s.resource
}

type flusher interface {
	ForceFlush(context.Context) error
}

// ForceFlush exports every span and metric recorded so far, returning by
// ctx's deadline.
func (s *SDK) ForceFlush(ctx context.Context) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if s == nil {
		return nil
	}
	var errs []error
	if f, ok := s.tp.(flusher); ok {
		errs = append(errs, f.ForceFlush(ctx))
	}
	if f, ok := s.mp.(flusher); ok {
		errs = append(errs, f.ForceFlush(ctx))
	}
	return errors.Join(errs...)
}

// Shutdown flushes and shuts down the providers Init built (providers given
// through options are flushed only), returning by ctx's deadline; with no
// deadline it allows 5 s. Later calls return the first call's result. After
// Shutdown, Init may be called again.
func (s *SDK) Shutdown(ctx context.Context) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if s == nil {
		return nil
	}
	s.shutdownOnce.Do(func() {
		if _, ok := ctx.Deadline(); !ok {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, defaultShutdownTimeout)
			defer cancel()
		}
		var errs []error
		if s.ownTP == nil || s.ownMP == nil {
			// Flush what this SDK was given but does not own.
			if f, ok := s.tp.(flusher); ok && s.ownTP == nil {
				errs = append(errs, f.ForceFlush(ctx))
			}
			if f, ok := s.mp.(flusher); ok && s.ownMP == nil {
				errs = append(errs, f.ForceFlush(ctx))
			}
		}
		errs = append(errs, s.stopCollectors(ctx))
		s.restoreDefaultTransport()
		if s.hook != nil {
			s.hook.Disable()
		}
		if s.open != nil {
			if n := s.open.EndAll(); n > 0 {
				otel.Handle(fmt.Errorf("openlit: Shutdown ended %d span(s) still open (streams not read to their end, calls in flight): they are exported with error.type=%s", n, spanproc.ErrorTypeShutdown))
			}
		}
		errs = append(errs, s.shutdownOwned(ctx))
		if s.view != nil {
			errs = append(errs, s.view.Summary())
		}
		// Whatever the providers left in flight (a hanging collector, a
		// retry's back-off) stops now, not after the exporter's timeout.
		if s.abort != nil {
			s.abort()
		}
		if s.ended != nil {
			// An export the deadline cut short may still have succeeded:
			// count once the aborted exports have returned.
			waitUntil(ctx, s.exporting)
			if lost := s.ended.Load() - s.exported.Load(); lost > 0 {
				msg := fmt.Sprintf("openlit: %d of %d spans were not exported: the collector refused, failed or timed out, the export queue was full, or the shutdown deadline came first", lost, s.ended.Load())
				if u := s.unconfirmed.Load(); u > 0 {
					msg += fmt.Sprintf(" (%d of them were being exported when the deadline came: the collector may have them)", u)
				}
				otel.Handle(errors.New(msg))
			}
		}
		if s.global {
			globalMu.Lock()
			globalActive = false
			globalMu.Unlock()
			settings.Store(nil)
		}
		s.shutdownErr = errors.Join(errs...)
	})
	return s.shutdownErr
}

// shutdownOwned shuts the owned providers down concurrently, so one slow
// exporter does not eat the other's share of the deadline.
func (s *SDK) shutdownOwned(ctx context.Context) error {
	var wg sync.WaitGroup
	var tErr, mErr error
	if s.ownTP != nil {
		wg.Go(func() { tErr = s.ownTP.Shutdown(ctx) })
	}
	if s.ownMP != nil {
		wg.Go(func() { mErr = s.ownMP.Shutdown(ctx) })
	}
	wg.Wait()
	return errors.Join(tErr, mErr)
}

// countingProcessor counts the sampled spans that end.
type countingProcessor struct {
	sdktrace.SpanProcessor
	n *atomic.Int64
}

// OnEnd counts a sampled span and passes it on.
func (p countingProcessor) OnEnd(s sdktrace.ReadOnlySpan) {
	if s.SpanContext().IsSampled() {
		p.n.Add(1)
	}
	p.SpanProcessor.OnEnd(s)
}

// countingExporter counts the spans the collector accepted: a failed export
// counts none of its spans (the failure itself is reported by the span
// processor).
type countingExporter struct {
	sdktrace.SpanExporter
	n, unconfirmed *atomic.Int64
	inflight       *atomic.Int64
	abort          context.Context
}

// waitUntil waits until no export is in flight, or until ctx ends. (A
// counter polled, not a sync.WaitGroup: exports may still start after
// Shutdown gave up waiting, which a WaitGroup forbids.)
func waitUntil(ctx context.Context, inflight *atomic.Int64) {
	t := time.NewTicker(2 * time.Millisecond)
	defer t.Stop()
	for inflight.Load() > 0 {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// ExportSpans exports the spans and counts them if the export succeeded.
func (e countingExporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	e.inflight.Add(1)
	defer e.inflight.Add(-1)
	err := e.SpanExporter.ExportSpans(ctx, spans)
	var partial *exporters.PartialExportError
	switch {
	case err == nil:
		e.n.Add(int64(len(spans)))
	case errors.As(err, &partial):
		e.n.Add(int64(partial.Exported))
	case e.abort.Err() != nil:
		e.unconfirmed.Add(int64(len(spans)))
	}
	return err
}
