package openlitopenai

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"go.opentelemetry.io/otel/attribute"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace/noop"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/replay"
)

const testAPIKey = "sk-test-SECRET-0123456789"

// harness is a wrapped client and a plain one, both talking to the same
// replay server, with an in-memory span exporter and a manual metric reader.
type harness struct {
	srv    *replay.Server
	spans  *tracetest.InMemoryExporter
	reader *sdkmetric.ManualReader
	client Client
	plain  openai.Client
}

func newHarness(t *testing.T, ro replay.Options, opts ...Option) *harness {
	t.Helper()
	srv := replay.NewServer(ro)
	t.Cleanup(srv.Close)
	return newHarnessFor(t, srv, []option.RequestOption{option.WithBaseURL(srv.BaseURL())}, opts...)
}

// testProviders returns a tracer provider exporting synchronously to an
// in-memory exporter and a meter provider read by a manual reader, both shut
// down when the test ends.
func testProviders(t testing.TB) (*sdktrace.TracerProvider, *tracetest.InMemoryExporter, *sdkmetric.MeterProvider, *sdkmetric.ManualReader) {
	t.Helper()
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()); _ = mp.Shutdown(context.Background()) })
	return tp, exp, mp, reader
}

func newHarnessFor(t *testing.T, srv *replay.Server, reqOpts []option.RequestOption, opts ...Option) *harness {
	t.Helper()
	tp, exp, mp, reader := testProviders(t)
	reqOpts = append([]option.RequestOption{option.WithAPIKey(testAPIKey)}, reqOpts...)
	plain := openai.NewClient(reqOpts...)
	opts = append([]Option{WithTracerProvider(tp), WithMeterProvider(mp)}, opts...)
	return &harness{srv: srv, spans: exp, reader: reader, client: Wrap(plain, opts...), plain: plain}
}

// asOpenAI returns request options that send every request for
// https://api.openai.com to the TLS replay server, so server.address and
// server.port are the guide's.
func asOpenAI(t *testing.T, ro replay.Options) (*replay.Server, []option.RequestOption) {
	t.Helper()
	rs := replay.NewTLSServer(ro)
	t.Cleanup(rs.Close)
	addr := rs.Listener.Addr().String()
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, //nolint:gosec // test server
	}
	t.Cleanup(tr.CloseIdleConnections)
	return rs, []option.RequestOption{
		option.WithBaseURL("https://api.openai.com/v1/"),
		option.WithHTTPClient(&http.Client{Transport: tr}),
	}
}

func (h *harness) onlySpan(t *testing.T) sdktrace.ReadOnlySpan {
	t.Helper()
	spans := h.spans.GetSpans().Snapshots()
	if len(spans) != 1 {
		t.Fatalf("got %d spans, want 1", len(spans))
	}
	return spans[0]
}

func (h *harness) metrics(t *testing.T) map[string]metricdata.Metrics {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := h.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	out := map[string]metricdata.Metrics{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			out[m.Name] = m
		}
	}
	return out
}

func userPrompt(text string) openai.ChatCompletionNewParams {
	return openai.ChatCompletionNewParams{
		Model:    openai.ChatModelGPT4o,
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(text)},
	}
}

func attrMap(kvs []attribute.KeyValue) map[string]attribute.Value {
	m := make(map[string]attribute.Value, len(kvs))
	for _, kv := range kvs {
		m[string(kv.Key)] = kv.Value
	}
	return m
}

// jsonValue turns an attribute value into what the guide's JSON holds.
func jsonValue(v attribute.Value) any {
	switch v.Type() {
	case attribute.BOOL:
		return v.AsBool()
	case attribute.INT64:
		return float64(v.AsInt64())
	case attribute.FLOAT64:
		return v.AsFloat64()
	case attribute.STRING:
		return v.AsString()
	case attribute.STRINGSLICE:
		out := []any{}
		for _, s := range v.AsStringSlice() {
			out = append(out, s)
		}
		return out
	}
	return v.Emit()
}

type guideSpan struct {
	Name       string         `json:"name"`
	Kind       string         `json:"kind"`
	Attributes map[string]any `json:"attributes"`
	Events     []struct {
		Name       string            `json:"name"`
		Attributes map[string]string `json:"attributes"`
	} `json:"events"`
}

func loadGuideSpan(t *testing.T) guideSpan {
	t.Helper()
	raw, err := os.ReadFile("../../internal/testdata/guide/span.json")
	if err != nil {
		t.Fatal(err)
	}
	var g guideSpan
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	return g
}

// noSecret fails the test if the API key appears anywhere in the span.
func noSecret(t *testing.T, s sdktrace.ReadOnlySpan) {
	t.Helper()
	dump := fmt.Sprint(s.Name(), s.Attributes(), s.Events(), s.Status())
	if strings.Contains(dump, testAPIKey) || strings.Contains(dump, "SECRET") {
		t.Errorf("API key leaked into the span: %s", dump)
	}
}

// asHost is asOpenAI for any host name.
func asHost(t *testing.T, host string, ro replay.Options) (*replay.Server, []option.RequestOption) {
	t.Helper()
	srv, opts := asOpenAI(t, ro)
	opts[0] = option.WithBaseURL("https://" + host + "/v1/")
	return srv, opts
}

func httptestServer(h http.Handler) *httptest.Server { return httptest.NewServer(h) }

// newFuzzCall starts a call on a no-op tracer for fuzz targets.
func newFuzzCall(t *testing.T) *genai.Call {
	t.Helper()
	tel := genai.New(genai.Config{TracerProvider: noop.NewTracerProvider(), MeterProvider: metricnoop.NewMeterProvider()})
	_, c := tel.Start(context.Background(), genai.Request{Operation: "chat", System: "openai", Model: "m"})
	return c
}
