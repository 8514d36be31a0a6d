package genai

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/internal/ctxattr"
	"github.com/openlit/openlit-go/semconv"
)

type harness struct {
	tel    *Telemetry
	spans  *tracetest.InMemoryExporter
	reader *sdkmetric.ManualReader
}

func newHarness(capture bool) harness {
	spans := tracetest.NewInMemoryExporter()
	reader := sdkmetric.NewManualReader()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	return harness{tel: New(Config{TracerProvider: tp, MeterProvider: mp, ScopeName: "test", CaptureContent: &capture}),
		spans: spans, reader: reader}
}

func (h harness) attrs(t *testing.T) map[attribute.Key]attribute.Value {
	t.Helper()
	got := h.spans.GetSpans()
	if len(got) != 1 {
		t.Fatalf("%d spans", len(got))
	}
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range got[0].Attributes {
		m[kv.Key] = kv.Value
	}
	return m
}

func (h harness) metrics(t *testing.T) []metricdata.Metrics {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := h.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	var out []metricdata.Metrics
	for _, sm := range rm.ScopeMetrics {
		out = append(out, sm.Metrics...)
	}
	return out
}

// Usage: negative counts are not recorded, sums saturate, costs are finite
// and non-negative, in spans and metrics.
func TestUsageArithmetic(t *testing.T) {
	for _, tc := range []struct {
		name             string
		in, out          int64
		cost             float64
		costKnown        bool
		wantIn, wantOut  bool
		wantTotal        int64 // -1: not recorded
		wantCostRecorded bool
	}{
		{"normal", 14, 356, 0, false, true, true, 370, true},
		{"negative input", -5, 10, 0, false, false, true, 10, true},
		{"both negative", -5, -7, 0, false, false, false, -1, true},
		{"at the bound", MaxTokens, MaxTokens, 0, false, true, true, 2 * MaxTokens, true},
		{"past the bound: invalid, not priced", math.MaxInt64 - 1, 5, 0, false, false, false, -1, false},
		{"NaN cost", 1, 1, math.NaN(), true, true, true, 2, false},
		{"infinite cost", 1, 1, math.Inf(1), true, true, true, 2, false},
		{"negative cost", 1, 1, -3, true, true, true, 2, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(false)
			_, c := h.tel.Start(context.Background(), Request{Operation: semconv.OperationChat, System: "openai", Model: "gpt-4o"})
			c.SetUsage(Usage{InputTokens: tc.in, OutputTokens: tc.out})
			if tc.costKnown {
				c.SetCost(tc.cost)
			}
			c.End(nil)
			a := h.attrs(t)
			if _, ok := a[semconv.GenAIUsageInputTokens]; ok != tc.wantIn {
				t.Errorf("input recorded %v", ok)
			}
			if _, ok := a[semconv.GenAIUsageOutputTokens]; ok != tc.wantOut {
				t.Errorf("output recorded %v", ok)
			}
			total, ok := a[semconv.GenAIUsageTotalTokens]
			if ok != (tc.wantTotal >= 0) || ok && total.AsInt64() != tc.wantTotal {
				t.Errorf("total = %v (recorded %v), want %d", total.AsInt64(), ok, tc.wantTotal)
			}
			cost, ok := a[semconv.GenAIUsageCost]
			if ok != tc.wantCostRecorded {
				t.Errorf("cost recorded %v", ok)
			}
			if ok && (math.IsNaN(cost.AsFloat64()) || math.IsInf(cost.AsFloat64(), 0) || cost.AsFloat64() < 0) {
				t.Errorf("cost %v", cost.AsFloat64())
			}
			checkMetricsSane(t, h.metrics(t))
		})
	}
}

// checkMetricsSane fails the test for a negative counter or histogram sum,
// or a histogram sum that is not finite.
func checkMetricsSane(t *testing.T, metrics []metricdata.Metrics) {
	t.Helper()
	for _, m := range metrics {
		switch d := m.Data.(type) {
		case metricdata.Sum[int64]:
			for _, p := range d.DataPoints {
				if p.Value < 0 {
					t.Errorf("%s = %d", m.Name, p.Value)
				}
			}
		case metricdata.Histogram[int64]:
			for _, p := range d.DataPoints {
				if p.Sum < 0 {
					t.Errorf("%s sum = %d", m.Name, p.Sum)
				}
			}
		case metricdata.Histogram[float64]:
			for _, p := range d.DataPoints {
				if p.Sum < 0 || math.IsNaN(p.Sum) || math.IsInf(p.Sum, 0) {
					t.Errorf("%s sum = %v", m.Name, p.Sum)
				}
			}
		}
	}
}

// Cumulative token metrics cannot wrap, however large the counts a provider
// reports.
func TestMetricSumsDoNotWrap(t *testing.T) {
	h := newHarness(false)
	for range 4 {
		_, c := h.tel.Start(context.Background(), Request{Operation: semconv.OperationChat, System: "openai", Model: "gpt-4o"})
		c.SetUsage(Usage{InputTokens: 9e18, OutputTokens: 9e18})
		c.End(nil)
	}
	checkMetricsSane(t, h.metrics(t))
}

// Every string reaching the span or a metric point is valid UTF-8 and
// bounded, whichever field it came through.
func TestStringsSanitized(t *testing.T) {
	h := newHarness(true)
	huge := strings.Repeat("x", 10<<10) + "\xff"
	_, c := h.tel.Start(context.Background(), Request{Operation: semconv.OperationChat, System: "sys\xff", Model: "m\xff" + huge,
		Attributes: []attribute.KeyValue{semconv.GenAIRequestUser.String("u\xfe"), semconv.GenAIRequestStopSequences.StringSlice([]string{"s\xff"})}})
	c.ResponseModel = "r\xff" + huge
	c.ServerAddress = "h\xff"
	c.SetAttributes(semconv.GenAIResponseID.String("id\xff"), semconv.GenAIResponseFinishReasons.StringSlice([]string{"stop\xff"}))
	c.Output = []semconv.Message{{Role: "assistant", Parts: []semconv.Part{{Type: "tool_call", Name: "t\xff", ID: "i\xff", Arguments: "{\xff"}}}}
	c.End(errors.New("failed \xff " + huge))
	s := h.spans.GetSpans()[0]
	check := func(where string, kvs []attribute.KeyValue, max int) {
		for _, kv := range kvs {
			for _, str := range append(kv.Value.AsStringSlice(), kv.Value.AsString()) {
				if !utf8.ValidString(str) || len(str) > max {
					t.Errorf("%s %s: %d bytes, valid %v", where, kv.Key, len(str), utf8.ValidString(str))
				}
			}
		}
	}
	if !utf8.ValidString(s.Name) || len(s.Name) > 1100 {
		t.Errorf("span name of %d bytes", len(s.Name))
	}
	check("span", s.Attributes, 1024)
	for _, ev := range s.Events {
		check(ev.Name, ev.Attributes, DefaultMaxContentLength)
	}
	if d := s.Status.Description; !utf8.ValidString(d) || len(d) > 1024 {
		t.Errorf("status of %d bytes", len(d))
	}
	for _, m := range h.metrics(t) {
		if d, ok := m.Data.(metricdata.Histogram[float64]); ok {
			for _, p := range d.DataPoints {
				check(m.Name, p.Attributes.ToSlice(), 256)
			}
		}
	}
}

// With capture off, an error's text (which may quote the prompt) is not
// exported; its type is.
func TestErrorTextWithheldWhenCaptureOff(t *testing.T) {
	for _, capture := range []bool{false, true} {
		h := newHarness(capture)
		_, c := h.tel.Start(context.Background(), Request{Operation: semconv.OperationChat, Model: "gpt-4o"})
		c.ErrorType = "400"
		c.End(errors.New("bad prompt: SECRET"))
		s := h.spans.GetSpans()[0]
		exported := s.Status.Description
		for _, ev := range s.Events {
			for _, kv := range ev.Attributes {
				exported += kv.Value.Emit()
			}
		}
		if strings.Contains(exported, "SECRET") == !capture {
			t.Errorf("capture %v: exported %q", capture, exported)
		}
		if !strings.Contains(s.Status.Description, "400") && !capture {
			t.Errorf("status %q hides the error type", s.Status.Description)
		}
	}
}

// Model call spans carry what the app put on the context on any tracer
// provider (not only Init's, whose span processor covers every span).
func TestContextAttributesOnAnyProvider(t *testing.T) {
	h := newHarness(false)
	ctx := ctxattr.With(context.Background(), ctxattr.Attributes{UserID: "u-1", SessionID: "s-1"})
	_, c := h.tel.Start(ctx, Request{Operation: semconv.OperationChat, System: "openai", Model: "gpt-4o"})
	c.End(nil)
	a := h.attrs(t)
	if a[semconv.UserID].AsString() != "u-1" || a[semconv.SessionID].AsString() != "s-1" {
		t.Errorf("attributes %v", a)
	}
}

// A float32 parameter reads as its JSON does; an unset one is left out.
func TestAppendFloat32(t *testing.T) {
	v := float32(0.2)
	got := AppendFloat32(AppendFloat32(nil, "a", &v), "b", nil)
	if len(got) != 1 || got[0].Value.AsFloat64() != 0.2 {
		t.Fatalf("%v", got)
	}
}
