package openlit

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/internal/errcapture"
	"github.com/openlit/openlit-go/internal/otlpreceiver"
	"github.com/openlit/openlit-go/internal/settings"
	"github.com/openlit/openlit-go/semconv"
)

// clearEnv unsets every variable Init reads, for the length of the test.
func clearEnv(t *testing.T) {
	t.Helper()
	for _, v := range []string{
		EnvServiceName, EnvDeploymentEnvironment, EnvResourceAttributes, EnvOTLPEndpoint,
		EnvOTLPTracesEndpoint, EnvOTLPMetricsEndpoint, EnvOTLPHeaders, EnvOTLPTracesHeaders,
		EnvOTLPMetricsHeaders, EnvMetricExportInterval, EnvCaptureMessageContent, EnvDisableBatch,
		EnvDisableMetrics, EnvPricingJSON, EnvSemconvStabilityOptIn, EnvMaxContentLength,
		"OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", EnvLangfusePublicKey, EnvLangfuseSecretKey, EnvLangfuseHost,
		EnvConsole,
	} {
		t.Setenv(v, "")
	}
}

func mustInit(t *testing.T, opts ...Option) *SDK {
	t.Helper()
	s, err := Init(context.Background(), opts...)
	if err != nil {
		t.Fatalf("Init: %v", err)
	}
	t.Cleanup(func() { _ = s.Shutdown(context.Background()) })
	return s
}

func TestConfigPrecedence(t *testing.T) {
	tests := []struct {
		name  string
		env   map[string]string
		opts  []Option
		check func(*testing.T, *config)
	}{
		{"defaults", nil, nil, func(t *testing.T, c *config) {
			if c.disableBatch || c.disableMetrics || !c.captureContent || c.tracesEndpoint != "" || c.exportInterval != time.Minute {
				t.Errorf("defaults wrong: %+v", c)
			}
		}},
		{"env applies", map[string]string{
			EnvServiceName: "svc", EnvDeploymentEnvironment: "prod", EnvDisableBatch: "true",
			EnvCaptureMessageContent: "false", EnvMetricExportInterval: "1500",
			EnvOTLPEndpoint: "http://collector:4318/", EnvOTLPHeaders: "a=1",
		}, nil, func(t *testing.T, c *config) {
			if c.serviceName != "svc" || c.environment != "prod" || !c.disableBatch || c.captureContent {
				t.Errorf("env not applied: %+v", c)
			}
			if c.exportInterval != 1500*time.Millisecond {
				t.Errorf("interval = %v", c.exportInterval)
			}
			if c.tracesEndpoint != "http://collector:4318/v1/traces" || c.metricsURL != "http://collector:4318/v1/metrics" {
				t.Errorf("endpoints = %q %q", c.tracesEndpoint, c.metricsURL)
			}
			if c.tracesHeaders["a"] != "1" || c.metricsHeaders["a"] != "1" {
				t.Errorf("headers = %v %v", c.tracesHeaders, c.metricsHeaders)
			}
		}},
		{"options win over env", map[string]string{
			EnvServiceName: "svc", EnvDisableBatch: "true", EnvOTLPEndpoint: "http://env:4318",
			EnvOTLPTracesEndpoint: "http://env-traces:4318/custom", EnvOTLPHeaders: "a=1",
		}, []Option{
			WithServiceName("opt"), WithDisableBatch(false), WithOTLPEndpoint("https://opt:4318"),
			WithOTLPHeaders(map[string]string{"b": "2"}),
		}, func(t *testing.T, c *config) {
			if c.serviceName != "opt" || c.disableBatch {
				t.Errorf("options lost: %+v", c)
			}
			if c.tracesEndpoint != "https://opt:4318/v1/traces" || c.metricsURL != "https://opt:4318/v1/metrics" {
				t.Errorf("endpoints = %q %q", c.tracesEndpoint, c.metricsURL)
			}
			if c.tracesHeaders["b"] != "2" || c.tracesHeaders["a"] != "" {
				t.Errorf("headers = %v", c.tracesHeaders)
			}
		}},
		{"per-signal env wins over general, used as is", map[string]string{
			EnvOTLPEndpoint: "http://env:4318", EnvOTLPTracesEndpoint: "http://traces:9999/custom/path",
			EnvOTLPHeaders: "a=1", EnvOTLPMetricsHeaders: "m=2",
		}, nil, func(t *testing.T, c *config) {
			if c.tracesEndpoint != "http://traces:9999/custom/path" || c.metricsURL != "http://env:4318/v1/metrics" {
				t.Errorf("endpoints = %q %q", c.tracesEndpoint, c.metricsURL)
			}
			if c.tracesHeaders["a"] != "1" || c.metricsHeaders["m"] != "2" || c.metricsHeaders["a"] != "" {
				t.Errorf("headers = %v %v", c.tracesHeaders, c.metricsHeaders)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			c := newConfig(tt.opts)
			if err := c.err(); err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

func TestBadConfig(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		opts    []Option
		wantSub string
	}{
		{"endpoint without scheme", map[string]string{EnvOTLPEndpoint: "localhost:4318"}, nil, EnvOTLPEndpoint},
		{"endpoint bad scheme", map[string]string{EnvOTLPTracesEndpoint: "ftp://x/v1/traces"}, nil, EnvOTLPTracesEndpoint},
		{"endpoint option", nil, []Option{WithOTLPEndpoint("::nope")}, "WithOTLPEndpoint"},
		{"bad header", map[string]string{EnvOTLPHeaders: "Authorization"}, nil, EnvOTLPHeaders},
		{"bad header encoding", map[string]string{EnvOTLPHeaders: "a=%zz"}, nil, EnvOTLPHeaders},
		{"bad bool", map[string]string{EnvDisableBatch: "yes please"}, nil, EnvDisableBatch},
		{"bad capture bool", map[string]string{EnvCaptureMessageContent: "maybe"}, nil, EnvCaptureMessageContent},
		{"bad interval", map[string]string{EnvMetricExportInterval: "soon"}, nil, EnvMetricExportInterval},
		{"bad interval option", nil, []Option{WithMetricExportInterval(-time.Second)}, "WithMetricExportInterval"},
		{"bad max content", map[string]string{EnvMaxContentLength: "big"}, nil, EnvMaxContentLength},
		{"bad max content option", nil, []Option{WithMaxContentLength(-1)}, "WithMaxContentLength"},
		{"missing pricing file", nil, []Option{WithPricingJSON(filepath.Join(os.TempDir(), "no-such-openlit-prices.json"))}, EnvPricingJSON},
		{"bad resource attributes", map[string]string{EnvResourceAttributes: "novalue"}, nil, EnvResourceAttributes},
		{"bad console format", map[string]string{EnvConsole: "fancy"}, nil, EnvConsole},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			s, err := Init(context.Background(), append(tt.opts, WithConsoleWriter(&bytes.Buffer{}))...)
			if err == nil {
				_ = s.Shutdown(context.Background())
				t.Fatal("Init succeeded, want error")
			}
			if !strings.Contains(err.Error(), tt.wantSub) {
				t.Errorf("error %q does not name %s", err, tt.wantSub)
			}
			if s != nil {
				t.Error("Init returned an SDK with its error")
			}
			// A nil SDK is safe to use.
			if err := s.Shutdown(context.Background()); err != nil {
				t.Errorf("nil Shutdown: %v", err)
			}
		})
	}
}

func TestHeaderSecretNotInError(t *testing.T) {
	clearEnv(t)
	t.Setenv(EnvOTLPHeaders, "Authorization=Basic%zzSECRET")
	_, err := Init(context.Background())
	if err == nil || strings.Contains(err.Error(), "SECRET") {
		t.Fatalf("error = %v; want an error without the header value", err)
	}
}

func TestResource(t *testing.T) {
	clearEnv(t)
	t.Setenv(EnvResourceAttributes, "team=llm,service.name=from-attrs,deployment.environment=staging")
	s := mustInit(t, WithConsoleWriter(&bytes.Buffer{}))
	got := map[string]string{}
	for _, kv := range s.Resource().Attributes() {
		got[string(kv.Key)] = kv.Value.Emit()
	}
	want := map[string]string{
		"service.name":           "from-attrs",
		"deployment.environment": "staging",
		"telemetry.sdk.name":     "openlit",
		"telemetry.sdk.language": "go",
		"telemetry.sdk.version":  Version,
		"team":                   "llm",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("resource %s = %q, want %q", k, got[k], v)
		}
	}
	if _, ok := got["host.name"]; ok {
		t.Log("host detector on") // not required
	}
	if st := settings.Load(); st.ServiceName != "from-attrs" || st.Environment != "staging" || !st.CaptureContent {
		t.Errorf("settings = %+v", st)
	}
}

func TestResourceDefaultsAndOptions(t *testing.T) {
	clearEnv(t)
	t.Setenv(EnvServiceName, "env-svc")
	s := mustInit(t, WithConsoleWriter(&bytes.Buffer{}), WithEnvironment("opt-env"))
	attrs := s.Resource().Set()
	if v, _ := attrs.Value("service.name"); v.AsString() != "env-svc" {
		t.Errorf("service.name = %q", v.AsString())
	}
	if v, _ := attrs.Value("deployment.environment"); v.AsString() != "opt-env" {
		t.Errorf("deployment.environment = %q", v.AsString())
	}
}

func TestConsoleFallback(t *testing.T) {
	clearEnv(t)
	var buf syncBuffer
	s := mustInit(t, WithConsoleWriter(&buf), WithDisableBatch(true))
	_, span := otel.Tracer("test").Start(context.Background(), "console-span")
	span.End()
	c, _ := otel.Meter("test").Int64Counter("console.counter")
	c.Add(context.Background(), 7)
	if !strings.Contains(buf.String(), `"Name": "console-span"`) {
		t.Errorf("span not printed on End with disableBatch:\n%s", buf.String())
	}
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{`"Name": "console.counter"`, `"Value": 7`, `"telemetry.sdk.name"`} {
		if !strings.Contains(out, want) {
			t.Errorf("console output lacks %s:\n%s", want, out)
		}
	}
}

func TestOTLPExport(t *testing.T) {
	clearEnv(t)
	rcv := otlpreceiver.New()
	defer rcv.Close()
	t.Setenv(EnvOTLPEndpoint, rcv.URL)
	t.Setenv(EnvOTLPHeaders, "Authorization=Bearer%20s3cr3t, x-tenant = acme ")
	t.Setenv(EnvServiceName, "otlp-test")
	s := mustInit(t)

	ctx, span := otel.Tracer("test").Start(context.Background(), "otlp-span")
	span.End()
	h, _ := otel.Meter("test").Float64Histogram("otlp.hist", metric.WithExplicitBucketBoundaries(1, 2))
	h.Record(ctx, 1.5)
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}

	spans := rcv.Spans()
	if len(spans) != 1 || spans[0].Name != "otlp-span" {
		t.Fatalf("spans = %v", spans)
	}
	if spans[0].Resource["service.name"] != "otlp-test" || spans[0].Resource["telemetry.sdk.name"] != "openlit" {
		t.Errorf("span resource = %v", spans[0].Resource)
	}
	m, ok := rcv.Metrics()["otlp.hist"]
	if !ok {
		t.Fatalf("metric missing; got %v", rcv.Metrics())
	}
	dp := m.GetHistogram().GetDataPoints()[0]
	if dp.GetCount() != 1 || dp.GetSum() != 1.5 || len(dp.ExplicitBounds) != 2 {
		t.Errorf("histogram point = %v", dp)
	}
	if m.GetHistogram().AggregationTemporality.String() != "AGGREGATION_TEMPORALITY_CUMULATIVE" {
		t.Errorf("temporality = %v", m.GetHistogram().AggregationTemporality)
	}
	hdrs := rcv.Headers()
	if len(hdrs) < 2 {
		t.Fatalf("want trace and metric requests, got %d", len(hdrs))
	}
	for _, hd := range hdrs {
		if hd.Get("Authorization") != "Bearer s3cr3t" || hd.Get("X-Tenant") != "acme" {
			t.Errorf("headers at receiver = %v", hd)
		}
	}
}

func TestBatchVersusSimple(t *testing.T) {
	for _, disable := range []bool{true, false} {
		t.Run(map[bool]string{true: "simple", false: "batch"}[disable], func(t *testing.T) {
			clearEnv(t)
			rcv := otlpreceiver.New()
			defer rcv.Close()
			s := mustInit(t, WithOTLPEndpoint(rcv.URL), WithDisableBatch(disable), WithDisableMetrics(true))
			_, span := otel.Tracer("test").Start(context.Background(), "one")
			span.End()
			arrived := len(rcv.Spans())
			if disable && arrived != 1 {
				t.Fatalf("simple processor: %d spans at the receiver when End returned, want 1", arrived)
			}
			if !disable && arrived != 0 {
				t.Fatalf("batch processor: %d spans exported on End, want 0 before the batch is due", arrived)
			}
			if err := s.ForceFlush(context.Background()); err != nil {
				t.Fatal(err)
			}
			if n := len(rcv.Spans()); n != 1 {
				t.Fatalf("after ForceFlush: %d spans, want 1", n)
			}
		})
	}
}

func TestShutdownWithCollectorDown(t *testing.T) {
	// A port nothing listens on, and a collector that accepts and never answers.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + ln.Addr().String()
	ln.Close()
	release := make(chan struct{})
	hanging := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer hanging.Close()
	defer close(release)

	for _, tc := range []struct {
		name, url string
		batch     bool
	}{{"refused batch", refused, true}, {"refused simple", refused, false}, {"hanging batch", hanging.URL, true}} {
		t.Run(tc.name, func(t *testing.T) {
			clearEnv(t)
			errcapture.Capture(t) // the export failures are expected; keep them off the log
			s, err := Init(context.Background(), WithOTLPEndpoint(tc.url), WithDisableBatch(!tc.batch))
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			_, span := otel.Tracer("test").Start(context.Background(), "lost")
			span.End()
			if d := time.Since(start); tc.batch && d > 50*time.Millisecond {
				t.Errorf("span End took %v with a batch processor", d)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			start = time.Now()
			_ = s.Shutdown(ctx)
			if d := time.Since(start); d > time.Second {
				t.Errorf("Shutdown took %v with a 300ms deadline", d)
			}
		})
	}
}

func TestInitTwice(t *testing.T) {
	clearEnv(t)
	s1, err := Init(context.Background(), WithConsoleWriter(&bytes.Buffer{}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Init(context.Background(), WithConsoleWriter(&bytes.Buffer{})); !errors.Is(err, ErrAlreadyInitialized) {
		t.Fatalf("second Init: err = %v, want ErrAlreadyInitialized", err)
	}
	if otel.GetTracerProvider() != s1.TracerProvider() {
		t.Error("failed second Init changed the global tracer provider")
	}
	// Without globals, more SDKs may live side by side.
	s3, err := Init(context.Background(), WithConsoleWriter(&bytes.Buffer{}), WithGlobalProviders(false))
	if err != nil {
		t.Fatalf("Init without globals: %v", err)
	}
	_ = s3.Shutdown(context.Background())
	if err := s1.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := s1.Shutdown(context.Background()); err != nil {
		t.Errorf("second Shutdown: %v", err)
	}
	s2, err := Init(context.Background(), WithConsoleWriter(&bytes.Buffer{}))
	if err != nil {
		t.Fatalf("Init after Shutdown: %v", err)
	}
	_ = s2.Shutdown(context.Background())
}

func TestBringYourOwnProvider(t *testing.T) {
	clearEnv(t)
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	defer tp.Shutdown(context.Background())
	s := mustInit(t, WithTracerProvider(tp), WithDisableMetrics(true))
	if otel.GetTracerProvider() != tp {
		t.Fatal("global tracer provider is not the one given")
	}
	_, span := otel.Tracer("test").Start(context.Background(), "mine")
	span.End()
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Our Shutdown must not shut down a provider we do not own.
	_, span = tp.Tracer("test").Start(context.Background(), "still-alive")
	span.End()
	if n := len(exp.GetSpans()); n != 2 {
		t.Fatalf("exporter has %d spans, want 2 (provider must stay usable)", n)
	}
}

func TestPricingSources(t *testing.T) {
	clearEnv(t)
	path := filepath.Join(t.TempDir(), "prices.json")
	if err := os.WriteFile(path, []byte(`{"chat": {"house-model": {"input": 1, "output": 2}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvPricingJSON, path)
	s := mustInit(t, WithConsoleWriter(&bytes.Buffer{}))
	if got := settings.Load().Pricing.ChatCost("house-model", 1_000_000, 0, 1_000_000); got != 3 {
		t.Errorf("house-model cost = %v, want 3", got)
	}
	if got := settings.Load().Pricing.ChatCost("gpt-4o", 14, 0, 356); got < 0.0035949 || got > 0.0035951 {
		t.Errorf("embedded table lost in merge: gpt-4o = %v", got)
	}
	_ = s.Shutdown(context.Background())

	// A URL that fails falls back to the embedded table and says so through
	// the error handler.
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no", http.StatusInternalServerError)
	}))
	defer down.Close()
	errs := errcapture.Capture(t)
	t.Setenv(EnvPricingJSON, down.URL+"/prices.json")
	mustInit(t, WithConsoleWriter(&bytes.Buffer{}))
	reported := errs.Messages()
	if len(reported) != 1 || !strings.Contains(reported[0], "embedded pricing table") {
		t.Errorf("reported = %v", reported)
	}
	if settings.Load().Pricing.ChatCost("gpt-4o", 14, 0, 356) == 0 {
		t.Error("no pricing after failed fetch")
	}
}

// syncBuffer is a bytes.Buffer safe for the exporters' goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestSemconvMode(t *testing.T) {
	clearEnv(t)
	s := mustInit(t, WithConsoleWriter(&bytes.Buffer{}))
	if settings.Load().Mode != semconv.ModeOpenLIT {
		t.Errorf("default mode = %v", settings.Load().Mode)
	}
	_ = s.Shutdown(context.Background())
	t.Setenv(EnvSemconvStabilityOptIn, "http, gen_ai_latest_experimental")
	s = mustInit(t, WithConsoleWriter(&bytes.Buffer{}))
	if settings.Load().Mode != semconv.ModeLatest {
		t.Errorf("env mode = %v", settings.Load().Mode)
	}
	_ = s.Shutdown(context.Background())
	mustInit(t, WithConsoleWriter(&bytes.Buffer{}), WithSemconvMode(semconv.ModeOpenLIT))
	if settings.Load().Mode != semconv.ModeOpenLIT {
		t.Errorf("option did not win over env: %v", settings.Load().Mode)
	}
}

// TestGuardInitFast: Init with the console or OTLP exporters takes well
// under the 5 ms target (guard: 50 ms, for a loaded CI machine).
func TestGuardInitFast(t *testing.T) {
	if os.Getenv("OPENLIT_BENCH_GUARD") != "1" {
		t.Skip("set OPENLIT_BENCH_GUARD=1 (without -race) to run the performance guards")
	}
	clearEnv(t)
	for _, tc := range []struct {
		name string
		opts []Option
	}{
		{"console", []Option{WithConsoleWriter(&bytes.Buffer{})}},
		{"otlp", []Option{WithOTLPEndpoint("http://127.0.0.1:4318")}},
	} {
		var best, cold time.Duration
		for i := range 5 {
			start := time.Now()
			s, err := Init(context.Background(), tc.opts...)
			d := time.Since(start)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			_ = s.Shutdown(ctx)
			cancel()
			if i == 0 {
				cold = d
			}
			if i == 0 || d < best {
				best = d
			}
		}
		t.Logf("Init with %s exporters: first %v, best of 5 %v", tc.name, cold, best)
		if cold > 50*time.Millisecond {
			t.Errorf("Init with %s exporters took %v", tc.name, cold)
		}
	}
}

func TestLangfusePreset(t *testing.T) {
	tests := []struct {
		name          string
		env           map[string]string
		opts          []Option
		wantTraces    string
		wantMetrics   string
		wantErrSubstr string
	}{
		{"keys only: Langfuse Cloud, metrics to the console",
			map[string]string{EnvLangfusePublicKey: "pk-lf-1", EnvLangfuseSecretKey: "sk-lf-1"}, nil,
			"https://cloud.langfuse.com/api/public/otel/v1/traces", "", ""},
		{"host and metrics endpoint",
			map[string]string{EnvLangfusePublicKey: "pk-lf-1", EnvLangfuseSecretKey: "sk-lf-1", EnvLangfuseHost: "https://us.cloud.langfuse.com/",
				EnvOTLPMetricsEndpoint: "http://collector:4318/v1/metrics"}, nil,
			"https://us.cloud.langfuse.com/api/public/otel/v1/traces", "http://collector:4318/v1/metrics", ""},
		{"option", nil, []Option{WithLangfuse("pk", "sk", "http://localhost:3000")},
			"http://localhost:3000/api/public/otel/v1/traces", "", ""},
		{"an OTLP endpoint wins over the preset",
			map[string]string{EnvLangfusePublicKey: "pk-lf-1", EnvLangfuseSecretKey: "sk-lf-1", EnvOTLPEndpoint: "http://collector:4318"}, nil,
			"http://collector:4318/v1/traces", "http://collector:4318/v1/metrics", ""},
		{"one key is an error", map[string]string{EnvLangfusePublicKey: "pk-lf-1"}, nil, "", "", EnvLangfuseSecretKey},
		{"bad host is an error", map[string]string{EnvLangfusePublicKey: "pk", EnvLangfuseSecretKey: "sk", EnvLangfuseHost: "cloud.langfuse.com"}, nil, "", "", EnvLangfuseHost},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			c := newConfig(tt.opts)
			if tt.wantErrSubstr != "" {
				if err := c.err(); err == nil || !strings.Contains(err.Error(), tt.wantErrSubstr) {
					t.Fatalf("err = %v, want one naming %s", err, tt.wantErrSubstr)
				}
				return
			}
			if err := c.err(); err != nil {
				t.Fatal(err)
			}
			if c.tracesEndpoint != tt.wantTraces || c.metricsURL != tt.wantMetrics {
				t.Errorf("traces %q metrics %q, want %q %q", c.tracesEndpoint, c.metricsURL, tt.wantTraces, tt.wantMetrics)
			}
			if strings.Contains(tt.wantTraces, "langfuse") || strings.Contains(tt.wantTraces, "3000") {
				if !strings.HasPrefix(c.tracesHeaders["Authorization"], "Basic ") || c.tracesHeaders["x-langfuse-ingestion-version"] != "4" {
					t.Errorf("headers = %v", c.tracesHeaders)
				}
			}
		})
	}
}
