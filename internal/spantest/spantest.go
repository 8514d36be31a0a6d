package spantest

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"testing"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/internal/settings"
	"github.com/openlit/openlit-go/semconv"
)

// TimingKeys are the attributes that differ between two runs of the same
// call; Summary compares them by presence.
var TimingKeys = map[string]bool{
	string(semconv.GenAIServerTimeToFirstToken):   true,
	string(semconv.GenAIServerTimePerOutputToken): true,
	string(semconv.GenAIResponseTimeToFirstChunk): true,
	string(semconv.LangfuseCompletionStartTime):   true,
}

var encoder = attribute.DefaultEncoder()

// Summary is a span as compared: name, kind, status, attributes (sorted,
// timings by presence) and events.
func Summary(s sdktrace.ReadOnlySpan) string {
	var b strings.Builder
	fmt.Fprintf(&b, "name=%s kind=%s status=%s %q\n", s.Name(), s.SpanKind(), s.Status().Code, s.Status().Description)
	var lines []string
	for _, kv := range s.Attributes() {
		v := kv.Value.Emit()
		if TimingKeys[string(kv.Key)] {
			v = "<timing>"
		}
		lines = append(lines, fmt.Sprintf("  %s=%s", kv.Key, v))
	}
	sort.Strings(lines)
	b.WriteString(strings.Join(lines, "\n"))
	for _, ev := range s.Events() {
		fmt.Fprintf(&b, "\n  event %s", ev.Name)
		for _, kv := range ev.Attributes {
			fmt.Fprintf(&b, " %s=%s", kv.Key, kv.Value.Emit())
		}
	}
	return b.String()
}

// Metrics lists every metric point the reader collects, sorted: its
// attributes and count or sum (durations and timings by count only).
func Metrics(t testing.TB, r *sdkmetric.ManualReader) string {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := r.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			switch d := m.Data.(type) {
			case metricdata.Histogram[float64]:
				for _, p := range d.DataPoints {
					sum := fmt.Sprint(p.Sum)
					if m.Name == semconv.MetricClientOperationDuration || strings.Contains(m.Name, "time") {
						sum = "<timing>"
					}
					lines = append(lines, fmt.Sprintf("%s n=%d sum=%s %s", m.Name, p.Count, sum, p.Attributes.Encoded(encoder)))
				}
			case metricdata.Histogram[int64]:
				for _, p := range d.DataPoints {
					lines = append(lines, fmt.Sprintf("%s n=%d sum=%d %s", m.Name, p.Count, p.Sum, p.Attributes.Encoded(encoder)))
				}
			case metricdata.Sum[int64]:
				for _, p := range d.DataPoints {
					lines = append(lines, fmt.Sprintf("%s %d %s", m.Name, p.Value, p.Attributes.Encoded(encoder)))
				}
			case metricdata.Sum[float64]:
				for _, p := range d.DataPoints {
					lines = append(lines, fmt.Sprintf("%s %g %s", m.Name, p.Value, p.Attributes.Encoded(encoder)))
				}
			}
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// Attrs are a span's attributes and its events', as strings.
func Attrs(s sdktrace.ReadOnlySpan) map[string]string {
	m := map[string]string{}
	for _, kv := range s.Attributes() {
		m[string(kv.Key)] = kv.Value.Emit()
	}
	for _, ev := range s.Events() {
		for _, kv := range ev.Attributes {
			m[string(kv.Key)] = kv.Value.Emit()
		}
	}
	return m
}

// Values are a span's own attributes, typed.
func Values(s sdktrace.ReadOnlySpan) map[attribute.Key]attribute.Value {
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range s.Attributes() {
		m[kv.Key] = kv.Value
	}
	return m
}

// CounterTotal is the sum over every point of the int64 counter name the
// reader collects (0 when there is none).
func CounterTotal(t testing.TB, r *sdkmetric.ManualReader, name string) int64 {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := r.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if d, ok := m.Data.(metricdata.Sum[int64]); ok && m.Name == name {
				for _, p := range d.DataPoints {
					total += p.Value
				}
			}
		}
	}
	return total
}

// WithMode sets the semconv mode for the test, and the default back after.
func WithMode(t testing.TB, m semconv.Mode) {
	t.Helper()
	s := *settings.Load()
	s.Mode = m
	settings.Store(&s)
	t.Cleanup(func() { settings.Store(nil) })
}

// Only is the one span exp holds; the test fails, naming the spans and
// their scopes, when there is not exactly one.
func Only(t testing.TB, exp *tracetest.InMemoryExporter) sdktrace.ReadOnlySpan {
	t.Helper()
	s := exp.GetSpans().Snapshots()
	if len(s) != 1 {
		var names []string
		for _, x := range s {
			names = append(names, x.Name()+" ("+x.InstrumentationScope().Name+")")
		}
		t.Fatalf("%d spans %v, want 1", len(s), names)
	}
	return s[0]
}

// Providers returns a tracer provider recording to an in-memory exporter
// and a meter provider with a manual reader, and makes the tracer provider
// the global one for the test (so a span some other code emits shows);
// both are shut down and the global restored when the test ends.
func Providers(t testing.TB) (*sdktrace.TracerProvider, *tracetest.InMemoryExporter, *sdkmetric.MeterProvider, *sdkmetric.ManualReader) {
	t.Helper()
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	prev := otel.GetTracerProvider()
	otel.SetTracerProvider(tp)
	t.Cleanup(func() {
		otel.SetTracerProvider(prev)
		_ = tp.Shutdown(context.Background())
		_ = mp.Shutdown(context.Background())
	})
	return tp, exp, mp, reader
}

// Check fails the test for each key of want whose value in got differs. A
// wanted value "~x" is a float compared to x within 1e-12.
func Check(t testing.TB, got, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if f, ok := strings.CutPrefix(v, "~"); ok {
			g, err1 := strconv.ParseFloat(got[k], 64)
			w, err2 := strconv.ParseFloat(f, 64)
			if err1 != nil || err2 != nil || math.Abs(g-w) > 1e-12 {
				t.Errorf("%s = %q, want %s", k, got[k], f)
			}
			continue
		}
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}
