package vectordb

import (
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/internal/settings"
	"github.com/openlit/openlit-go/semconv"
)

func newTel(capture *bool) (*Telemetry, *tracetest.InMemoryExporter, *sdkmetric.ManualReader) {
	spans := tracetest.NewInMemoryExporter()
	reader := sdkmetric.NewManualReader()
	return New(Config{
		TracerProvider: sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans)),
		MeterProvider:  sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader)),
		ScopeName:      "test", CaptureContent: capture,
	}), spans, reader
}

func attrMap(kvs []attribute.KeyValue) map[attribute.Key]attribute.Value {
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range kvs {
		m[kv.Key] = kv.Value
	}
	return m
}

func TestSpanAndMetrics(t *testing.T) {
	for _, tc := range []struct {
		name    string
		mode    semconv.Mode
		capture bool
		err     error
		status  string
	}{
		{"success", semconv.ModeOpenLIT, true, nil, ""},
		{"latest", semconv.ModeLatest, true, nil, ""},
		{"content off", semconv.ModeOpenLIT, false, nil, ""},
		{"failure with status", semconv.ModeOpenLIT, true, errors.New("not found"), "NOT_FOUND"},
		{"cancelled", semconv.ModeOpenLIT, true, context.Canceled, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			settings.Store(&settings.Settings{CaptureContent: tc.capture, ServiceName: "svc", Environment: "env", Mode: tc.mode})
			t.Cleanup(func() { settings.Store(nil) })
			tel, spans, reader := newTel(nil)
			_, s := tel.Start(context.Background(), Operation{System: "qdrant", Name: "query", Collection: "docs",
				Namespace: "tenant", ServerAddress: "localhost", ServerPort: 6334, TopK: 3, Filter: `{"must":[]}`, QueryText: "q"})
			s.SetReturnedRows(2)
			s.SetStatusCode(tc.status)
			s.End(tc.err)
			s.End(nil) // once only
			got := spans.GetSpans()
			if len(got) != 1 {
				t.Fatalf("%d spans", len(got))
			}
			a := attrMap(got[0].Attributes)
			if got[0].Name != "query docs" {
				t.Errorf("name %q", got[0].Name)
			}
			for k, v := range map[attribute.Key]any{"db.system.name": "qdrant", "db.operation.name": "query",
				"db.collection.name": "docs", "db.namespace": "tenant", "server.port": int64(6334),
				"db.vector.query.top_k": int64(3), "db.response.returned_rows": int64(2), "db.query.summary": "query docs"} {
				if a[k].AsInterface() != v {
					t.Errorf("%s = %v, want %v", k, a[k].AsInterface(), v)
				}
			}
			_, hasOp := a["gen_ai.operation.name"]
			if hasOp != (tc.mode == semconv.ModeOpenLIT) {
				t.Errorf("gen_ai.operation.name present %v in %v", hasOp, tc.mode)
			}
			_, hasText := a["db.query.text"]
			_, hasFilter := a["db.filter"]
			if hasText != tc.capture || hasFilter != tc.capture {
				t.Errorf("content recorded %v %v with capture %v", hasText, hasFilter, tc.capture)
			}
			if tc.err != nil {
				want := tc.status
				if want == "" {
					want = "context.Canceled"
				}
				if got[0].Status.Code != codes.Error || a["error.type"].AsString() != want {
					t.Errorf("status %v error.type %q, want %q", got[0].Status, a["error.type"].AsString(), want)
				}
				if tc.status != "" && a["db.response.status_code"].AsString() != tc.status {
					t.Errorf("status code %v", a["db.response.status_code"].Emit())
				}
			}
			var rm metricdata.ResourceMetrics
			if err := reader.Collect(context.Background(), &rm); err != nil {
				t.Fatal(err)
			}
			names := map[string]bool{}
			for _, sm := range rm.ScopeMetrics {
				for _, m := range sm.Metrics {
					names[m.Name] = true
					if h, ok := m.Data.(metricdata.Histogram[float64]); ok {
						if b := h.DataPoints[0].Bounds; len(b) != len(semconv.DBOperationDurationBuckets()) {
							t.Errorf("bounds %v", b)
						}
						if _, ok := h.DataPoints[0].Attributes.Value("error.type"); ok != (tc.err != nil) {
							t.Errorf("error.type on the point: %v", ok)
						}
					}
				}
			}
			if !names["db.client.operation.duration"] || !names["db.total.requests"] {
				t.Errorf("metrics %v", names)
			}
		})
	}
}

// TestHostileValues: invalid UTF-8 and huge values are made valid and
// bounded; content is bounded by the content limit.
func TestHostileValues(t *testing.T) {
	settings.Store(&settings.Settings{CaptureContent: true, ServiceName: "svc", Environment: "env", MaxContentLength: 1000})
	t.Cleanup(func() { settings.Store(nil) })
	tel, spans, _ := newTel(nil)
	huge := strings.Repeat("\xff\xfeé", 1<<20)
	_, s := tel.Start(nil, Operation{System: huge, Name: huge, Collection: huge, Filter: huge, QueryText: huge}) //nolint:staticcheck // nil context on purpose
	s.End(errors.New(huge))
	sp := spans.GetSpans()[0]
	if !utf8.ValidString(sp.Name) || len(sp.Name) > 4096 {
		t.Errorf("name of %d bytes", len(sp.Name))
	}
	for _, kv := range sp.Attributes {
		if v := kv.Value.Emit(); !utf8.ValidString(v) || len(v) > 2048 {
			t.Errorf("%s: %d bytes, valid %v", kv.Key, len(v), utf8.ValidString(v))
		}
	}
	for _, e := range sp.Events {
		for _, kv := range e.Attributes {
			if v := kv.Value.Emit(); !utf8.ValidString(v) || len(v) > 2048 {
				t.Errorf("event %s: %d bytes", kv.Key, len(v))
			}
		}
	}
	var nilSpan *Span
	nilSpan.SetReturnedRows(1)
	nilSpan.SetStatusCode("x")
	nilSpan.SetVectorCount(1)
	nilSpan.End(nil)
}

// TestCaptureOverride: the integration's option wins over Init's setting.
func TestCaptureOverride(t *testing.T) {
	off := false
	tel, spans, _ := newTel(&off)
	_, s := tel.Start(context.Background(), Operation{System: "chroma", Name: "get", QueryText: "secret"})
	s.End(nil)
	if _, ok := attrMap(spans.GetSpans()[0].Attributes)["db.query.text"]; ok {
		t.Error("db.query.text recorded with capture off")
	}
	if spans.GetSpans()[0].Name != "get" {
		t.Errorf("name without collection %q", spans.GetSpans()[0].Name)
	}
}

func TestGRPCTarget(t *testing.T) {
	for _, tc := range []struct {
		target string
		host   string
		port   int
	}{{"localhost:6334", "localhost", 6334}, {"dns:///q.example.com:443", "q.example.com", 443},
		{"passthrough:///127.0.0.1:19530", "127.0.0.1", 19530}, {"[::1]:6334", "::1", 6334}, {"bufnet", "bufnet", 0}, {"", "", 0}} {
		if h, p := GRPCTarget(tc.target); h != tc.host || p != tc.port {
			t.Errorf("GRPCTarget(%q) = %q %d", tc.target, h, p)
		}
	}
}

// TestLangfuseRetriever: with the Langfuse attributes on, a search is a
// RETRIEVER observation; other operations are left to Langfuse's default.
func TestLangfuseRetriever(t *testing.T) {
	settings.Store(&settings.Settings{ServiceName: "svc", Environment: "env", Langfuse: true})
	t.Cleanup(func() { settings.Store(nil) })
	tel, spans, _ := newTel(nil)
	for _, name := range []string{"query", "upsert"} {
		_, s := tel.Start(context.Background(), Operation{System: "qdrant", Name: name, Collection: "docs"})
		s.End(nil)
	}
	got := spans.GetSpans()
	if v := attrMap(got[0].Attributes)[semconv.LangfuseObservationType].AsString(); v != "retriever" {
		t.Errorf("query: observation type %q", v)
	}
	if _, ok := attrMap(got[1].Attributes)[semconv.LangfuseObservationType]; ok {
		t.Error("upsert: observation type set")
	}
}
