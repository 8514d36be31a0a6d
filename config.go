package openlit

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/exporters"
	"github.com/openlit/openlit-go/internal/sanitize"
	"github.com/openlit/openlit-go/pricing"
	"github.com/openlit/openlit-go/semconv"
)

// Environment variables Init reads. An option given to Init wins over its
// variable.
const (
	EnvServiceName           = "OTEL_SERVICE_NAME"
	EnvDeploymentEnvironment = "OTEL_DEPLOYMENT_ENVIRONMENT"
	EnvResourceAttributes    = "OTEL_RESOURCE_ATTRIBUTES"
	EnvOTLPEndpoint          = "OTEL_EXPORTER_OTLP_ENDPOINT"
	EnvOTLPTracesEndpoint    = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"
	EnvOTLPMetricsEndpoint   = "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"
	EnvOTLPHeaders           = "OTEL_EXPORTER_OTLP_HEADERS"
	EnvOTLPTracesHeaders     = "OTEL_EXPORTER_OTLP_TRACES_HEADERS"
	EnvOTLPMetricsHeaders    = "OTEL_EXPORTER_OTLP_METRICS_HEADERS"
	EnvMetricExportInterval  = "OTEL_METRIC_EXPORT_INTERVAL"
	EnvOTLPTimeout           = "OTEL_EXPORTER_OTLP_TIMEOUT"
	EnvOTLPTracesTimeout     = "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT"
	EnvOTLPMetricsTimeout    = "OTEL_EXPORTER_OTLP_METRICS_TIMEOUT"
	EnvCaptureMessageContent = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"
	EnvDisableBatch          = "OPENLIT_DISABLE_BATCH"
	EnvHTTPInstrumentation   = "OPENLIT_HTTP_INSTRUMENTATION"
	EnvDisableMetrics        = "OPENLIT_DISABLE_METRICS"
	// EnvCollectGPUStats turns on GPU metrics (WithCollectGPUStats).
	EnvCollectGPUStats = "OPENLIT_COLLECT_GPU_STATS"
	// EnvCollectSystemMetrics turns on system metrics
	// (WithCollectSystemMetrics).
	EnvCollectSystemMetrics  = "OPENLIT_COLLECT_SYSTEM_METRICS"
	EnvPricingJSON           = "OPENLIT_PRICING_JSON"
	EnvSemconvStabilityOptIn = semconv.EnvStabilityOptIn
	EnvMaxContentLength      = "OPENLIT_MAX_CONTENT_LENGTH"
	EnvLangfusePublicKey     = "LANGFUSE_PUBLIC_KEY"
	EnvLangfuseSecretKey     = "LANGFUSE_SECRET_KEY"
	EnvLangfuseHost          = "LANGFUSE_HOST"
	// EnvLangfuseRelease is Langfuse's release of the app, recorded as
	// langfuse.release on the resource when Langfuse attributes are on.
	EnvLangfuseRelease = "LANGFUSE_RELEASE"
	// EnvLangfuseAttributes turns on the Langfuse attributes while the
	// exporter stays as configured (WithLangfuseAttributes): for traces that
	// reach Langfuse through an OpenTelemetry Collector.
	EnvLangfuseAttributes = "OPENLIT_LANGFUSE_ATTRIBUTES"
	defaultLangfuseHost   = "https://cloud.langfuse.com"
)

const (
	defaultName            = "default"
	defaultExportInterval  = 60 * time.Second
	defaultPricingTimeout  = 3 * time.Second
	otlpTracesPath         = "/v1/traces"
	otlpMetricsPath        = "/v1/metrics"
	langfuseOTLPPath       = "/api/public/otel"
	defaultShutdownTimeout = 5 * time.Second
	simpleExportTimeout    = 3 * time.Second
	batchExportTimeout     = 10 * time.Second
	// maxMillis is the largest number of milliseconds a time.Duration holds.
	maxMillis = int64(math.MaxInt64 / int64(time.Millisecond))
	// maxQuoted bounds how much of a bad value an error message quotes.
	maxQuoted = 64
)

// Option configures Init.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// config is what Init acts on, after the environment and then the options
// have been applied over the defaults.
type config struct {
	serviceName    string
	environment    string
	resourceAttrs  []attribute.KeyValue
	tracesEndpoint string
	tracesHeaders  map[string]string
	metricsURL     string
	metricsHeaders map[string]string
	// endpoint and headers given through options, resolved in finish.
	optEndpoint    *string
	optHeaders     map[string]string
	disableBatch   bool
	httpInstrument bool
	// httpReplace also wraps http.DefaultTransport (WithHTTPInstrumentationReplace).
	httpReplace    bool
	captureContent bool
	disableMetrics bool
	// collect are the collectors asked for (GPU, system metrics).
	collect        map[CollectorKind]bool
	pricingSource  string
	pricingTable   *pricing.Table
	pricingTimeout time.Duration
	exportInterval time.Duration
	// tracesTimeout and metricsTimeout are OTEL_EXPORTER_OTLP_*TIMEOUT, or 0.
	tracesTimeout  time.Duration
	metricsTimeout time.Duration
	tracerProvider trace.TracerProvider
	meterProvider  metric.MeterProvider
	consoleWriter  io.Writer
	consoleFormat  ConsoleFormat
	setGlobals     bool
	mode           semconv.Mode
	maxContent     int
	langfuse       struct{ publicKey, secretKey, host string }
	// langfuseActive is true when the Langfuse attributes are recorded:
	// the preset, a Langfuse OTLP endpoint, or WithLangfuseAttributes;
	// langfuseVia says which, for Init's notice.
	langfuseActive bool
	langfuseVia    string
	// langfuseAttrs is WithLangfuseAttributes / OPENLIT_LANGFUSE_ATTRIBUTES.
	langfuseAttrs bool
	release       string

	errs []error
	// warns are reported through otel.Handle when Init succeeds.
	warns []string
}

// WithServiceName sets service.name (env OTEL_SERVICE_NAME; default
// "default", as OpenLIT).
func WithServiceName(name string) Option {
	return optionFunc(func(c *config) { c.serviceName = name })
}

// WithEnvironment sets deployment.environment (env
// OTEL_DEPLOYMENT_ENVIRONMENT; default "default").
func WithEnvironment(env string) Option {
	return optionFunc(func(c *config) { c.environment = env })
}

// WithResourceAttributes adds attributes to the resource. They win over
// OTEL_RESOURCE_ATTRIBUTES but not over the service name, environment and
// telemetry.sdk.* attributes Init sets.
func WithResourceAttributes(attrs ...attribute.KeyValue) Option {
	return optionFunc(func(c *config) { c.resourceAttrs = append(c.resourceAttrs, attrs...) })
}

// WithOTLPEndpoint sets the OTLP/HTTP base URL ("http://localhost:4318");
// traces go to its /v1/traces and metrics to its /v1/metrics (env
// OTEL_EXPORTER_OTLP_ENDPOINT). It replaces the per-signal variables too.
// With no endpoint at all, telemetry is printed to the console.
func WithOTLPEndpoint(baseURL string) Option {
	return optionFunc(func(c *config) { c.optEndpoint = &baseURL })
}

// WithOTLPHeaders sets the headers sent with every OTLP request (env
// OTEL_EXPORTER_OTLP_HEADERS, "key=value,key2=value2", percent-encoded).
func WithOTLPHeaders(h map[string]string) Option {
	return optionFunc(func(c *config) { c.optHeaders = maps.Clone(h) })
}

// WithDisableBatch, when true, exports each span as it ends instead of in
// batches (env OPENLIT_DISABLE_BATCH). Export then runs on the caller's
// goroutine, concurrently with other calls' exports (up to 32 at once),
// without retries, and within one export timeout
// (3 s, or OTEL_EXPORTER_OTLP_TRACES_TIMEOUT / OTEL_EXPORTER_OTLP_TIMEOUT):
// a collector that is down or hangs costs each call at most that, however
// many calls run at once. A span that cannot be exported in time is dropped
// and reported.
func WithDisableBatch(disable bool) Option {
	return optionFunc(func(c *config) { c.disableBatch = disable })
}

// WithCaptureMessageContent sets whether prompts and completions are
// recorded in span events (env
// OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT; default true, as
// OpenLIT).
func WithCaptureMessageContent(capture bool) Option {
	return optionFunc(func(c *config) { c.captureContent = capture })
}

// WithCollectGPUStats, when true, collects GPU metrics (utilization,
// memory, temperature, power; OpenLIT's collect_gpu_stats; env
// OPENLIT_COLLECT_GPU_STATS) with the collector of
// instrumentation/openlitgpu, which the program must import for its side
// effect. Without a GPU, a driver or the import, Init says so once through
// the OpenTelemetry error handler and goes on.
func WithCollectGPUStats(on bool) Option {
	return optionFunc(func(c *config) { c.setCollect(GPUStats, on) })
}

// WithCollectSystemMetrics, when true, collects process and host CPU,
// memory, network and Go runtime metrics (OpenLIT's
// collect_system_metrics; env OPENLIT_COLLECT_SYSTEM_METRICS) with the
// collector of instrumentation/openlitsystem, which the program must
// import for its side effect.
func WithCollectSystemMetrics(on bool) Option {
	return optionFunc(func(c *config) { c.setCollect(SystemMetrics, on) })
}

func (c *config) setCollect(kind CollectorKind, on bool) {
	if c.collect == nil {
		c.collect = map[CollectorKind]bool{}
	}
	c.collect[kind] = on
}

// WithDisableMetrics, when true, sets up no meter provider (env
// OPENLIT_DISABLE_METRICS).
func WithDisableMetrics(disable bool) Option {
	return optionFunc(func(c *config) { c.disableMetrics = disable })
}

// WithPricingJSON lays a pricing document over the embedded table: a file
// path or an http(s) URL (env OPENLIT_PRICING_JSON). See package pricing for
// the format. A file that cannot be read or parsed makes Init fail; a URL
// that cannot be fetched within 3 s is reported through the OpenTelemetry
// error handler and the embedded table is used.
func WithPricingJSON(source string) Option {
	return optionFunc(func(c *config) { c.pricingSource = source })
}

// WithPricing lays table over the embedded pricing table.
func WithPricing(table *pricing.Table) Option {
	return optionFunc(func(c *config) { c.pricingTable = table })
}

// WithMetricExportInterval sets how often metrics are exported (env
// OTEL_METRIC_EXPORT_INTERVAL in milliseconds; default 60 s). Metrics are
// always exported once more at shutdown.
func WithMetricExportInterval(d time.Duration) Option {
	return optionFunc(func(c *config) { c.exportInterval = d })
}

// WithTracerProvider uses tp instead of building a tracer provider. Init
// then builds no span exporter, and Shutdown flushes tp but does not shut it
// down: its owner does.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return optionFunc(func(c *config) { c.tracerProvider = tp })
}

// WithMeterProvider uses mp instead of building a meter provider, with the
// same ownership rule as WithTracerProvider.
func WithMeterProvider(mp metric.MeterProvider) Option {
	return optionFunc(func(c *config) { c.meterProvider = mp })
}

// WithConsoleWriter sets where the console exporters write when no OTLP
// endpoint is configured (default os.Stdout).
func WithConsoleWriter(w io.Writer) Option {
	return optionFunc(func(c *config) { c.consoleWriter = w })
}

// WithGlobalProviders sets whether Init installs its providers as the
// OpenTelemetry globals (default true). Instrumentation reads the globals
// unless given providers of its own.
func WithGlobalProviders(install bool) Option {
	return optionFunc(func(c *config) { c.setGlobals = install })
}

// WithSemconvMode selects the names emitted: semconv.ModeOpenLIT (the
// default, exactly OpenLIT 1.34's) or semconv.ModeLatest (the current
// OpenTelemetry GenAI conventions; env OTEL_SEMCONV_STABILITY_OPT_IN=
// gen_ai_latest_experimental).
func WithSemconvMode(m semconv.Mode) Option {
	return optionFunc(func(c *config) { c.mode = m })
}

// WithMaxContentLength bounds, in bytes, each content string recorded
// (prompt, completion, tool arguments, message JSON; env
// OPENLIT_MAX_CONTENT_LENGTH; default 128 KiB). Longer ones are cut at a
// character boundary with a marker. The SDK's own span limits
// (OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT, …) apply on top.
func WithMaxContentLength(n int) Option {
	return optionFunc(func(c *config) { c.maxContent = n })
}

// WithLangfuse sends traces straight to Langfuse (env LANGFUSE_PUBLIC_KEY,
// LANGFUSE_SECRET_KEY, LANGFUSE_HOST; host default
// https://cloud.langfuse.com) when no OTLP endpoint is configured: to
// {host}/api/public/otel/v1/traces with Basic auth and
// x-langfuse-ingestion-version: 4. Langfuse ingests traces only; metrics go
// to OTEL_EXPORTER_OTLP_METRICS_ENDPOINT when it is set, else to the console
// (or nowhere with WithDisableMetrics). An empty host keeps the default.
func WithLangfuse(publicKey, secretKey, host string) Option {
	return optionFunc(func(c *config) {
		c.langfuse.publicKey, c.langfuse.secretKey = publicKey, secretKey
		if host != "" {
			c.langfuse.host = host
		}
	})
}

// WithLangfuseAttributes, when true, records the attributes Langfuse reads
// (chat input and output as JSON, model parameters as set, cost details,
// trace name, tags, user, session, prompt links, observation types) while
// the exporter stays as configured (env OPENLIT_LANGFUSE_ATTRIBUTES): for
// traces that reach Langfuse through an OpenTelemetry Collector. They are on
// by themselves with WithLangfuse and when the OTLP traces endpoint is
// Langfuse's ({host}/api/public/otel, with or without /v1/traces).
func WithLangfuseAttributes(on bool) Option {
	return optionFunc(func(c *config) { c.langfuseAttrs = on })
}

// newConfig applies defaults, then the environment, then opts. Every
// malformed value is reported, each naming its variable or option.
func newConfig(opts []Option) *config {
	c := &config{
		captureContent: true,
		exportInterval: defaultExportInterval,
		pricingTimeout: defaultPricingTimeout,
		consoleWriter:  os.Stdout,
		setGlobals:     true,
		mode:           semconv.ModeFromEnv(),
	}
	c.fromEnv()
	for _, o := range opts {
		if o != nil {
			o.apply(c)
		}
	}
	c.finish()
	return c
}

func (c *config) err() error { return errors.Join(c.errs...) }

// fail records a configuration error, once: the traces and metrics
// endpoints derived from one bad variable report it once.
func (c *config) fail(format string, args ...any) {
	err := fmt.Errorf(format, args...)
	for _, e := range c.errs {
		if e.Error() == err.Error() {
			return
		}
	}
	c.errs = append(c.errs, err)
}

func (c *config) fromEnv() {
	if v, ok := lookup(EnvServiceName); ok {
		c.serviceName = v
	}
	if v, ok := lookup(EnvDeploymentEnvironment); ok {
		c.environment = v
	}
	c.langfuse.publicKey, _ = lookup(EnvLangfusePublicKey)
	c.langfuse.secretKey, _ = lookup(EnvLangfuseSecretKey)
	c.langfuse.host, _ = lookup(EnvLangfuseHost)
	c.release, _ = lookup(EnvLangfuseRelease)
	c.envBool(EnvLangfuseAttributes, &c.langfuseAttrs)
	c.envBool(EnvDisableBatch, &c.disableBatch)
	c.httpFromEnv()
	c.envBool(EnvDisableMetrics, &c.disableMetrics)
	for kind, name := range map[CollectorKind]string{GPUStats: EnvCollectGPUStats, SystemMetrics: EnvCollectSystemMetrics} {
		var on bool
		if _, ok := lookup(name); ok {
			c.envBool(name, &on)
			c.setCollect(kind, on)
		}
	}
	c.envBool(EnvCaptureMessageContent, &c.captureContent)
	c.consoleFromEnv()
	if v, ok := lookup(EnvPricingJSON); ok {
		c.pricingSource = v
	}
	if v, ok := lookup(EnvMaxContentLength); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			c.fail("openlit: %s=%s: want a positive number of bytes", EnvMaxContentLength, quote(v))
		} else {
			c.maxContent = n
		}
	}
	if d, ok := c.envMillis(EnvMetricExportInterval); ok {
		c.exportInterval = d
	}
	c.tracesTimeout = c.envTimeout(EnvOTLPTracesTimeout)
	c.metricsTimeout = c.envTimeout(EnvOTLPMetricsTimeout)
}

// envTimeout reads a per-signal OTLP timeout, else the general one.
func (c *config) envTimeout(signalVar string) time.Duration {
	if _, ok := lookup(signalVar); ok {
		d, _ := c.envMillis(signalVar)
		return d
	}
	d, _ := c.envMillis(EnvOTLPTimeout)
	return d
}

// envMillis reads a variable holding a positive number of milliseconds
// that fits a time.Duration (about 292 years); anything else is an error
// naming the variable.
func (c *config) envMillis(name string) (time.Duration, bool) {
	v, ok := lookup(name)
	if !ok {
		return 0, false
	}
	ms, err := strconv.ParseInt(v, 10, 64)
	if err != nil || ms <= 0 || ms > maxMillis {
		c.fail("openlit: %s=%s: want a whole number of milliseconds from 1 to %d", name, quote(v), maxMillis)
		return 0, false
	}
	return time.Duration(ms) * time.Millisecond, true
}

// quote is v quoted for an error message: escaped (so the message is valid
// UTF-8) and cut to a few dozen bytes (so the message stays short).
func quote(v string) string {
	return strconv.Quote(sanitize.String(v, maxQuoted))
}

// finish resolves the OTLP endpoints and headers: an option wins over every
// variable; a per-signal variable wins over the general one.
func (c *config) finish() {
	if c.maxContent < 0 {
		c.fail("openlit: WithMaxContentLength(%d): want a positive number of bytes", c.maxContent)
	}
	if c.exportInterval <= 0 {
		c.fail("openlit: WithMetricExportInterval(%v): want a positive duration", c.exportInterval)
		c.exportInterval = defaultExportInterval
	}
	if c.optEndpoint != nil {
		c.tracesEndpoint = c.signalURL("WithOTLPEndpoint", *c.optEndpoint, otlpTracesPath)
		c.metricsURL = c.signalURL("WithOTLPEndpoint", *c.optEndpoint, otlpMetricsPath)
	} else {
		c.tracesEndpoint = c.envSignalURL(EnvOTLPTracesEndpoint, otlpTracesPath)
		c.metricsURL = c.envSignalURL(EnvOTLPMetricsEndpoint, otlpMetricsPath)
	}
	if c.optHeaders != nil {
		if err := exporters.ValidateHeaders(c.optHeaders); err != nil {
			c.fail("openlit: WithOTLPHeaders: %w", err)
		}
		c.tracesHeaders, c.metricsHeaders = c.optHeaders, c.optHeaders
	} else {
		c.tracesHeaders = c.envHeaders(EnvOTLPTracesHeaders)
		c.metricsHeaders = c.envHeaders(EnvOTLPMetricsHeaders)
	}
	c.langfusePreset()
	c.langfuseEndpoint()
	if !c.langfuseActive && c.langfuseAttrs {
		c.langfuseActive, c.langfuseVia = true, EnvLangfuseAttributes+" / WithLangfuseAttributes"
	}
	if c.langfuseActive {
		c.warns = append(c.warns, "openlit: Langfuse attributes on ("+c.langfuseVia+")")
	}
}

// langfusePreset points traces at Langfuse when its keys are given and no
// OTLP traces endpoint is configured. Metrics keep their own endpoint
// (OTEL_EXPORTER_OTLP_METRICS_ENDPOINT) or the console: never Langfuse.
func (c *config) langfusePreset() {
	lf := c.langfuse
	if lf.publicKey == "" && lf.secretKey == "" || c.tracesEndpoint != "" {
		return
	}
	if lf.publicKey == "" || lf.secretKey == "" {
		c.fail("openlit: Langfuse: %s and %s must both be set", EnvLangfusePublicKey, EnvLangfuseSecretKey)
		return
	}
	host := lf.host
	if host == "" {
		host = defaultLangfuseHost
	}
	endpoint, headers, err := exporters.Langfuse(host, lf.publicKey, lf.secretKey)
	if err != nil {
		c.fail("openlit: %s: %w", EnvLangfuseHost, err)
		return
	}
	c.tracesEndpoint, c.tracesHeaders = endpoint, headers
	c.langfuseActive, c.langfuseVia = true, "the Langfuse preset: traces to "+exporters.RedactURL(endpoint)
}

// langfuseEndpoint turns the Langfuse attributes and Langfuse's ingestion
// header on when the OTLP traces endpoint is Langfuse's, as Langfuse's
// OpenTelemetry docs connect it: {host}/api/public/otel as the general
// endpoint (traces then go to its /v1/traces) or {host}/api/public/otel
// with or without /v1/traces as the traces endpoint. Langfuse ingests no
// metrics: a metrics URL derived from the same general endpoint is dropped,
// so metrics go to the console as with the preset (or to
// OTEL_EXPORTER_OTLP_METRICS_ENDPOINT when it is set).
func (c *config) langfuseEndpoint() {
	if c.langfuseActive || c.tracesEndpoint == "" {
		return
	}
	u, err := url.Parse(c.tracesEndpoint)
	if err != nil {
		return
	}
	path := strings.TrimRight(u.Path, "/")
	switch {
	case strings.HasSuffix(path, langfuseOTLPPath+otlpTracesPath):
		if path != u.Path { // a trailing slash Langfuse's route lacks
			u.Path, u.RawPath = path, ""
			c.tracesEndpoint = u.String()
		}
	case strings.HasSuffix(path, langfuseOTLPPath):
		c.tracesEndpoint = joinPath(c.tracesEndpoint, otlpTracesPath)
	default:
		return
	}
	if m, err := url.Parse(c.metricsURL); err == nil && strings.HasSuffix(strings.TrimRight(m.Path, "/"), langfuseOTLPPath+otlpMetricsPath) {
		c.metricsURL = ""
	}
	h := maps.Clone(c.tracesHeaders)
	if h == nil {
		h = map[string]string{}
	}
	found := false
	for k := range h {
		if strings.EqualFold(k, exporters.LangfuseIngestionVersionHeader) {
			found = true
		}
	}
	if !found {
		h[exporters.LangfuseIngestionVersionHeader] = exporters.LangfuseIngestionVersion
	}
	c.tracesHeaders = h
	c.langfuseActive, c.langfuseVia = true, "the OTLP traces endpoint "+exporters.RedactURL(c.tracesEndpoint)+" is Langfuse's"
}

// signalURL joins a base endpoint and a signal path, validating the result.
func (c *config) signalURL(source, base, path string) string {
	if base == "" {
		return ""
	}
	if err := exporters.ValidateEndpointURL(base); err != nil {
		c.fail("openlit: %s: %w", source, err)
		return ""
	}
	c.warnCredentials(source, base)
	return joinPath(base, path)
}

// joinPath appends a signal path to a base URL's path, leaving its query
// where it is ("http://host:4318/?a=b" → "http://host:4318/v1/traces?a=b").
// base is a valid endpoint URL.
func joinPath(base, path string) string {
	u, err := url.Parse(base)
	if err != nil {
		return strings.TrimRight(base, "/") + path
	}
	u.Path = strings.TrimRight(u.Path, "/") + path
	u.RawPath = ""
	if u.RawQuery == "" {
		u.ForceQuery = false
	}
	return u.String()
}

// envSignalURL reads the per-signal endpoint (used as is) or else the general
// one (with the signal path appended), as the OTLP exporter specification
// says.
func (c *config) envSignalURL(signalVar, path string) string {
	if v, ok := lookup(signalVar); ok {
		if err := exporters.ValidateEndpointURL(v); err != nil {
			c.fail("openlit: %s: %w", signalVar, err)
			return ""
		}
		c.warnCredentials(signalVar, v)
		return v
	}
	if v, ok := lookup(EnvOTLPEndpoint); ok {
		return c.signalURL(EnvOTLPEndpoint, v, path)
	}
	return ""
}

// warnCredentials warns, once per source, that the OTLP exporters send
// neither the user info nor the query of an endpoint URL: credentials there
// never reach the collector.
func (c *config) warnCredentials(source, endpoint string) {
	u, err := url.Parse(endpoint)
	if err != nil || (u.User == nil && u.RawQuery == "") {
		return
	}
	w := fmt.Sprintf("openlit: %s: the OTLP exporter sends neither the user info nor the query of the URL; put credentials in %s", source, EnvOTLPHeaders)
	if !slices.Contains(c.warns, w) {
		c.warns = append(c.warns, w)
	}
}

func (c *config) envHeaders(signalVar string) map[string]string {
	name := signalVar
	v, ok := lookup(signalVar)
	if !ok {
		name = EnvOTLPHeaders
		v, ok = lookup(EnvOTLPHeaders)
	}
	if !ok {
		return nil
	}
	h, err := exporters.ParseHeaders(v)
	if err != nil {
		c.fail("openlit: %s: %w", name, err)
		return nil
	}
	return h
}

func (c *config) envBool(name string, dst *bool) {
	v, ok := lookup(name)
	if !ok {
		return
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		c.fail("openlit: %s=%s: want true or false", name, quote(v))
		return
	}
	*dst = b
}

// lookup returns a variable's trimmed value; an empty one counts as unset,
// as the OpenTelemetry specification asks.
func lookup(name string) (string, bool) {
	v := strings.TrimSpace(os.Getenv(name))
	return v, v != ""
}
