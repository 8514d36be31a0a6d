package genai

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/internal/settings"
	"github.com/openlit/openlit-go/semconv"
)

// The core's contract, which every integration is written against: what a
// call that starts and ends (success, failure, stream) exports, in both
// semconv modes. An integration only fills the Call; these tests say what
// comes out.
func TestCallContract(t *testing.T) {
	type outcome struct {
		status      codes.Code
		spanHas     []attribute.Key
		spanLacks   []attribute.Key
		events      []string
		metrics     []string
		noMetrics   []string
		contentAttr bool
	}
	for _, tc := range []struct {
		name   string
		mode   semconv.Mode
		stream bool
		err    error
		want   outcome
	}{
		{"success openlit", semconv.ModeOpenLIT, false, nil, outcome{
			status: codes.Ok,
			spanHas: []attribute.Key{semconv.GenAIOperationName, semconv.GenAISystem, semconv.GenAIRequestModel,
				semconv.GenAIResponseModel, semconv.ServerAddress, semconv.ServerPort, semconv.GenAIUsageInputTokens,
				semconv.GenAIUsageOutputTokens, semconv.GenAIUsageTotalTokens, semconv.GenAIUsageCost,
				semconv.GenAIServerTimeToFirstToken, semconv.ServiceName, semconv.DeploymentEnvironment,
				semconv.GenAIRequestTemperature},
			spanLacks: []attribute.Key{semconv.GenAIProviderName, semconv.GenAIResponseTimeToFirstChunk},
			events:    []string{semconv.EventContentPrompt, semconv.EventContentCompletion},
			metrics: []string{semconv.MetricClientTokenUsage, semconv.MetricClientOperationDuration,
				semconv.MetricUsageCost, semconv.MetricTotalRequests, semconv.MetricUsageInputTokens,
				semconv.MetricUsageOutputTokens, semconv.MetricServerTimeToFirstToken},
		}},
		{"success latest", semconv.ModeLatest, false, nil, outcome{
			status: codes.Ok,
			spanHas: []attribute.Key{semconv.GenAIOperationName, semconv.GenAIProviderName, semconv.GenAIRequestModel,
				semconv.GenAIResponseModel, semconv.GenAIUsageInputTokens, semconv.GenAIUsageOutputTokens,
				semconv.GenAIUsageCost, semconv.GenAIInputMessages, semconv.GenAIOutputMessages},
			spanLacks: []attribute.Key{semconv.GenAISystem, semconv.GenAIUsageTotalTokens, semconv.ServiceName,
				semconv.GenAIRequestTemperature, semconv.GenAIResponseTimeToFirstChunk},
			metrics: []string{semconv.MetricClientTokenUsage, semconv.MetricClientOperationDuration, semconv.MetricUsageCost},
			noMetrics: []string{semconv.MetricTotalRequests, semconv.MetricUsageInputTokens,
				semconv.MetricServerTimeToFirstToken, semconv.MetricClientTimeToFirstChunk, semconv.MetricClientTimePerOutputChunk},
			contentAttr: true,
		}},
		{"failure openlit", semconv.ModeOpenLIT, false, errors.New("boom"), outcome{
			status:    codes.Error,
			spanHas:   []attribute.Key{semconv.ErrorType, semconv.GenAISystem},
			spanLacks: []attribute.Key{semconv.GenAIUsageInputTokens, semconv.GenAIUsageCost},
			events:    []string{semconv.EventException},
			metrics:   []string{semconv.MetricClientOperationDuration, semconv.MetricTotalRequests},
			noMetrics: []string{semconv.MetricClientTokenUsage, semconv.MetricUsageCost},
		}},
		{"failure latest", semconv.ModeLatest, false, errors.New("boom"), outcome{
			status:    codes.Error,
			spanHas:   []attribute.Key{semconv.ErrorType, semconv.GenAIProviderName},
			events:    []string{semconv.EventException},
			metrics:   []string{semconv.MetricClientOperationDuration},
			noMetrics: []string{semconv.MetricTotalRequests, semconv.MetricClientTokenUsage},
		}},
		{"stream openlit", semconv.ModeOpenLIT, true, nil, outcome{
			status: codes.Ok,
			spanHas: []attribute.Key{semconv.GenAIServerTimeToFirstToken, semconv.GenAIServerTimePerOutputToken,
				semconv.LangfuseCompletionStartTime},
			spanLacks: []attribute.Key{semconv.GenAIResponseTimeToFirstChunk},
			metrics:   []string{semconv.MetricServerTimeToFirstToken, semconv.MetricServerTimePerOutputToken},
			noMetrics: []string{semconv.MetricClientTimeToFirstChunk, semconv.MetricClientTimePerOutputChunk},
		}},
		{"stream latest", semconv.ModeLatest, true, nil, outcome{
			status:    codes.Ok,
			spanHas:   []attribute.Key{semconv.GenAIResponseTimeToFirstChunk, semconv.LangfuseCompletionStartTime},
			spanLacks: []attribute.Key{semconv.GenAIServerTimeToFirstToken, semconv.GenAIRequestIsStream},
			metrics:   []string{semconv.MetricClientTimeToFirstChunk, semconv.MetricClientTimePerOutputChunk},
			noMetrics: []string{semconv.MetricServerTimeToFirstToken, semconv.MetricServerTimePerOutputToken},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			settings.Store(&settings.Settings{CaptureContent: true, ServiceName: "svc", Environment: "env", Mode: tc.mode})
			t.Cleanup(func() { settings.Store(nil) })
			spans := tracetest.NewInMemoryExporter()
			reader := sdkmetric.NewManualReader()
			tel := New(Config{
				TracerProvider: sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans)),
				MeterProvider:  sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader)),
				ScopeName:      "contract",
			})
			_, c := tel.Start(context.Background(), Request{Operation: semconv.OperationChat, System: "openai",
				Model: "gpt-4o", Defaults: semconv.OpenLITChatDefaults()})
			if c.CaptureContent() {
				c.Input = []semconv.Message{{Role: "user", Parts: []semconv.Part{{Type: "text", Content: "hi"}}}}
			}
			c.ServerAddress, c.ServerPort = "api.openai.com", 443
			c.ResponseModel = "gpt-4o-2024-08-06"
			if tc.stream {
				c.Streamed = true
				c.Chunk(time.Now())
				time.Sleep(2 * time.Millisecond)
				c.Chunk(time.Now())
			}
			c.SetUsage(Usage{InputTokens: 14, OutputTokens: 356})
			c.Output = []semconv.Message{{Role: "assistant", Parts: []semconv.Part{{Type: "text", Content: "hello"}}}}
			c.End(tc.err)

			got := spans.GetSpans()
			if len(got) != 1 {
				t.Fatalf("%d spans", len(got))
			}
			s := got[0]
			if s.Name != "chat gpt-4o" || s.SpanKind != trace.SpanKindClient || s.Status.Code != tc.want.status {
				t.Errorf("span %q kind %v status %v", s.Name, s.SpanKind, s.Status.Code)
			}
			keys := map[attribute.Key]bool{}
			for _, kv := range s.Attributes {
				keys[kv.Key] = true
			}
			for _, k := range tc.want.spanHas {
				if !keys[k] {
					t.Errorf("span lacks %s", k)
				}
			}
			for _, k := range tc.want.spanLacks {
				if keys[k] {
					t.Errorf("span has %s", k)
				}
			}
			var events []string
			for _, e := range s.Events {
				events = append(events, e.Name)
			}
			for _, e := range tc.want.events {
				if !slices.Contains(events, e) {
					t.Errorf("no %s event in %v", e, events)
				}
			}
			var rm metricdata.ResourceMetrics
			if err := reader.Collect(context.Background(), &rm); err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, sm := range rm.ScopeMetrics {
				for _, m := range sm.Metrics {
					names = append(names, m.Name)
				}
			}
			for _, m := range tc.want.metrics {
				if !slices.Contains(names, m) {
					t.Errorf("metric %s not recorded (got %v)", m, names)
				}
			}
			for _, m := range tc.want.noMetrics {
				if slices.Contains(names, m) {
					t.Errorf("metric %s recorded", m)
				}
			}
		})
	}
}

// TestTimePerOutputChunk: in the current conventions a stream records one
// gen_ai.client.operation.time_per_output_chunk point per chunk after the
// first, each the time since the chunk before; a stream with one chunk
// records none, and OpenLIT's mode none at all. The points are bounded.
func TestTimePerOutputChunk(t *testing.T) {
	t0 := time.Now()
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	for _, tc := range []struct {
		name      string
		mode      semconv.Mode
		chunks    []time.Time
		wantCount uint64
		wantSum   float64
	}{
		{"three chunks", semconv.ModeLatest, []time.Time{ms(0), ms(1), ms(4)}, 2, 0.004},
		{"one chunk", semconv.ModeLatest, []time.Time{ms(0)}, 0, 0},
		{"openlit mode", semconv.ModeOpenLIT, []time.Time{ms(0), ms(1), ms(4)}, 0, 0},
		{"clock going back is not a gap", semconv.ModeLatest, []time.Time{ms(5), ms(2), ms(3)}, 1, 0.001},
		{"bounded", semconv.ModeLatest, func() []time.Time {
			ts := make([]time.Time, maxChunkGaps+100)
			for i := range ts {
				ts[i] = ms(i)
			}
			return ts
		}(), maxChunkGaps, float64(maxChunkGaps) / 1000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			settings.Store(&settings.Settings{ServiceName: "svc", Environment: "env", Mode: tc.mode})
			t.Cleanup(func() { settings.Store(nil) })
			reader := sdkmetric.NewManualReader()
			tel := New(Config{
				TracerProvider: sdktrace.NewTracerProvider(),
				MeterProvider:  sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader)),
				ScopeName:      "chunks",
			})
			_, c := tel.Start(context.Background(), Request{Operation: semconv.OperationChat, System: "openai", Model: "gpt-4o"})
			c.Streamed = true
			for _, at := range tc.chunks {
				c.Chunk(at)
			}
			c.End(nil)
			var rm metricdata.ResourceMetrics
			if err := reader.Collect(context.Background(), &rm); err != nil {
				t.Fatal(err)
			}
			var count uint64
			var sum float64
			for _, sm := range rm.ScopeMetrics {
				for _, m := range sm.Metrics {
					if m.Name != semconv.MetricClientTimePerOutputChunk {
						continue
					}
					if m.Unit != "s" {
						t.Errorf("unit %q", m.Unit)
					}
					for _, p := range m.Data.(metricdata.Histogram[float64]).DataPoints {
						count += p.Count
						sum += p.Sum
					}
				}
			}
			if count != tc.wantCount || math.Abs(sum-tc.wantSum) > 1e-9 {
				t.Errorf("points %d sum %v, want %d and %v", count, sum, tc.wantCount, tc.wantSum)
			}
		})
	}
}
