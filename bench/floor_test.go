package bench

import (
	"context"
	"slices"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/instrumentation/openlitopenai"
)

// The floor is the OpenTelemetry SDK alone emitting what the typed path
// emits for one call — the same span name, kind, attributes, events and
// status, the same metric points with the same values and attribute sets
// — with no HTTP and no openlit-go code, as a careful hand-written
// instrumentation would: the span's attributes given at start, each metric
// point set built once per call and shared by the instruments that use it
// (as otelhttp does). It is derived from a recorded typed call, so it
// follows whatever the typed path emits.

// floorSpan is the recorded span.
type floorSpan struct {
	name   string
	kind   trace.SpanKind
	attrs  []attribute.KeyValue
	events []sdktrace.Event
	status sdktrace.Status
}

// floorPoint is one metric record: the instrument and the value.
type floorPoint struct {
	record func(context.Context, metric.MeasurementOption)
	set    int // index into floorCall.sets
}

type floorCall struct {
	span   floorSpan
	sets   [][]attribute.KeyValue
	points []floorPoint
}

// newFloor records one typed call of op against baseURL and returns a
// function that emits the same telemetry on the global providers.
func newFloor(tb testing.TB, op, baseURL string) func(context.Context) error {
	tb.Helper()
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer func() { _ = tp.Shutdown(context.Background()); _ = mp.Shutdown(context.Background()) }()
	c := openlitopenai.Wrap(openai.NewClient(option.WithBaseURL(baseURL), option.WithAPIKey("bench"), option.WithMaxRetries(0)),
		openlitopenai.WithTracerProvider(tp), openlitopenai.WithMeterProvider(mp)).Chat.Completions
	if err := caller(op, params(op), c.New, c.NewStreaming)(context.Background()); err != nil {
		tb.Fatal(err)
	}
	got := spans.GetSpans()
	if len(got) != 1 {
		tb.Fatalf("the typed call recorded %d spans, want 1", len(got))
	}
	s := got[0]
	f := &floorCall{span: floorSpan{name: s.Name, kind: s.SpanKind, attrs: s.Attributes, events: s.Events, status: s.Status}}
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		tb.Fatal(err)
	}
	meter := otel.GetMeterProvider().Meter("github.com/openlit/openlit-go/bench/floor")
	setIndex := func(s attribute.Set) int {
		kvs := s.ToSlice()
		for i, have := range f.sets {
			if slices.Equal(have, kvs) {
				return i
			}
		}
		f.sets = append(f.sets, kvs)
		return len(f.sets) - 1
	}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			f.addPoints(tb, meter, m, setIndex)
		}
	}
	if len(f.points) == 0 {
		tb.Fatal("the typed call recorded no metric points")
	}
	tracer := otel.GetTracerProvider().Tracer("github.com/openlit/openlit-go/bench/floor")
	return func(ctx context.Context) error {
		f.emit(ctx, tracer)
		return nil
	}
}

// addPoints adds a recorded metric's points, on an instrument of the same
// name, unit and buckets.
func (f *floorCall) addPoints(tb testing.TB, meter metric.Meter, m metricdata.Metrics, setIndex func(attribute.Set) int) {
	tb.Helper()
	switch d := m.Data.(type) {
	case metricdata.Histogram[float64]:
		for _, p := range d.DataPoints {
			h, err := meter.Float64Histogram(m.Name, metric.WithUnit(m.Unit), metric.WithExplicitBucketBoundaries(p.Bounds...))
			if err != nil {
				tb.Fatal(err)
			}
			v := p.Sum
			f.points = append(f.points, floorPoint{set: setIndex(p.Attributes), record: func(ctx context.Context, o metric.MeasurementOption) {
				h.Record(ctx, v, o)
			}})
		}
	case metricdata.Histogram[int64]:
		for _, p := range d.DataPoints {
			h, err := meter.Int64Histogram(m.Name, metric.WithUnit(m.Unit), metric.WithExplicitBucketBoundaries(p.Bounds...))
			if err != nil {
				tb.Fatal(err)
			}
			v := p.Sum
			f.points = append(f.points, floorPoint{set: setIndex(p.Attributes), record: func(ctx context.Context, o metric.MeasurementOption) {
				h.Record(ctx, v, o)
			}})
		}
	case metricdata.Sum[int64]:
		for _, p := range d.DataPoints {
			c, err := meter.Int64Counter(m.Name, metric.WithUnit(m.Unit))
			if err != nil {
				tb.Fatal(err)
			}
			v := p.Value
			f.points = append(f.points, floorPoint{set: setIndex(p.Attributes), record: func(ctx context.Context, o metric.MeasurementOption) {
				c.Add(ctx, v, o)
			}})
		}
	case metricdata.Sum[float64]:
		for _, p := range d.DataPoints {
			c, err := meter.Float64Counter(m.Name, metric.WithUnit(m.Unit))
			if err != nil {
				tb.Fatal(err)
			}
			v := p.Value
			f.points = append(f.points, floorPoint{set: setIndex(p.Attributes), record: func(ctx context.Context, o metric.MeasurementOption) {
				c.Add(ctx, v, o)
			}})
		}
	default:
		tb.Fatalf("metric %s: %T not replayed by the floor", m.Name, m.Data)
	}
}

// emit is one call's telemetry: the attributes copied as a call would
// build them, the span started with them, its events and status, then
// each point set built once and the points recorded.
func (f *floorCall) emit(ctx context.Context, tracer trace.Tracer) {
	attrs := make([]attribute.KeyValue, len(f.span.attrs))
	copy(attrs, f.span.attrs)
	_, span := tracer.Start(ctx, f.span.name, trace.WithSpanKind(f.span.kind), trace.WithAttributes(attrs...))
	for _, ev := range f.span.events {
		span.AddEvent(ev.Name, trace.WithAttributes(ev.Attributes...))
	}
	if f.span.status.Code == codes.Error {
		span.SetStatus(codes.Error, f.span.status.Description)
	} else {
		span.SetStatus(f.span.status.Code, "")
	}
	span.End()
	opts := make([]metric.MeasurementOption, len(f.sets))
	for i, kvs := range f.sets {
		opts[i] = metric.WithAttributes(kvs...)
	}
	for _, p := range f.points {
		p.record(ctx, opts[p.set])
	}
}
