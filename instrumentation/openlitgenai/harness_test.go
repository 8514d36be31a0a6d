package openlitgenai

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"google.golang.org/genai"

	"github.com/openlit/openlit-go/internal/spantest"
	"github.com/openlit/openlit-go/replay"
)

// secretKey is the API key the tests use: it must never show in telemetry.
const secretKey = "AIza-test-SECRET-key"

// harness is a wrapped and a plain client of one replay server; the
// OpenTelemetry globals point at the same in-memory exporter, so any other
// span would show.
type harness struct {
	srv    *replay.Server
	spans  *tracetest.InMemoryExporter
	reader *sdkmetric.ManualReader
	client *Client
	plain  *genai.Client
	tp     *sdktrace.TracerProvider
	mp     *sdkmetric.MeterProvider
}

type harnessConfig struct {
	vertex    bool
	transport func(http.RoundTripper) http.RoundTripper // wraps the wrapped client's transport
	opts      []Option
}

func newHarness(t testing.TB, ro replay.Options, hc ...harnessConfig) *harness {
	t.Helper()
	var c harnessConfig
	if len(hc) > 0 {
		c = hc[0]
	}
	srv := replay.NewServer(ro)
	t.Cleanup(srv.Close)
	tp, exp, mp, reader := spantest.Providers(t)
	base := &http.Transport{}
	t.Cleanup(base.CloseIdleConnections)
	var rt http.RoundTripper = base
	if c.transport != nil {
		rt = c.transport(base)
	}
	plain := newGenaiClient(t, srv.URL, c.vertex, base)
	cc := config(srv.URL, c.vertex, rt)
	wrapped, err := NewClient(context.Background(), cc, append([]Option{WithTracerProvider(tp), WithMeterProvider(mp)}, c.opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return &harness{srv: srv, spans: exp, reader: reader, client: wrapped, plain: plain, tp: tp, mp: mp}
}

func config(base string, vertex bool, rt http.RoundTripper) *genai.ClientConfig {
	cc := &genai.ClientConfig{HTTPClient: &http.Client{Transport: rt}, HTTPOptions: genai.HTTPOptions{BaseURL: base}}
	if vertex {
		cc.Backend, cc.Project, cc.Location = genai.BackendVertexAI, "test-project", "us-central1"
	} else {
		cc.Backend, cc.APIKey = genai.BackendGeminiAPI, secretKey
	}
	return cc
}

func newGenaiClient(t testing.TB, base string, vertex bool, rt http.RoundTripper) *genai.Client {
	t.Helper()
	c, err := genai.NewClient(context.Background(), config(base, vertex, rt))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (h *harness) only(t *testing.T) sdktrace.ReadOnlySpan {
	t.Helper()
	return spantest.Only(t, h.spans)
}

// attrs are a span's attributes and its events', as strings.
func attrs(s sdktrace.ReadOnlySpan) map[string]string { return spantest.Attrs(s) }

func check(t *testing.T, a map[string]string, want map[string]string) {
	t.Helper()
	spantest.Check(t, a, want)
}

// sum is the sum of the points of the metric named name.
func (h *harness) metric(t *testing.T, name string) (count uint64, sum float64, attrs attribute.Set) {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := h.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name != name {
				continue
			}
			switch d := m.Data.(type) {
			case metricdata.Histogram[float64]:
				for _, p := range d.DataPoints {
					count += p.Count
					sum += p.Sum
					attrs = p.Attributes
				}
			case metricdata.Histogram[int64]:
				for _, p := range d.DataPoints {
					count += p.Count
					sum += float64(p.Sum)
					attrs = p.Attributes
				}
			case metricdata.Sum[int64]:
				for _, p := range d.DataPoints {
					count++
					sum += float64(p.Value)
					attrs = p.Attributes
				}
			case metricdata.Sum[float64]:
				for _, p := range d.DataPoints {
					count++
					sum += p.Value
					attrs = p.Attributes
				}
			}
		}
	}
	return count, sum, attrs
}

// same fails unless got and want are the same values, the HTTP headers the
// SDK keeps (dates differ) aside.
func same(t *testing.T, got, want any) {
	t.Helper()
	g, w := jsonNoHeaders(t, got), jsonNoHeaders(t, want)
	if g != w {
		t.Fatalf("result differs:\n got %s\nwant %s", g, w)
	}
}

func jsonNoHeaders(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var strip func(any)
	strip = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			delete(x, "sdkHttpResponse")
			for _, e := range x {
				strip(e)
			}
		case []any:
			for _, e := range x {
				strip(e)
			}
		}
	}
	strip(m)
	b, _ = json.Marshal(m)
	return string(b)
}

func prompt() []*genai.Content { return genai.Text("What is LLM Observability?") }

func chatConfig() *genai.GenerateContentConfig {
	temp, seed := float32(0.2), int32(42)
	return &genai.GenerateContentConfig{
		SystemInstruction: genai.NewContentFromText("Be brief.", genai.RoleUser),
		Temperature:       &temp, Seed: &seed, MaxOutputTokens: 1024, StopSequences: []string{"END"},
	}
}
