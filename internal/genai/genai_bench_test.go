package genai

import (
	"context"
	"testing"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/semconv"
)

// BenchmarkCall is the library's own work for one call, without any
// network: span start and end with the guide's attributes, content events,
// and every metric, on real SDK providers whose exports go nowhere.
func BenchmarkCall(b *testing.B) {
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(tracetest.NewNoopExporter()))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	defer tp.Shutdown(context.Background())
	tel := New(Config{TracerProvider: tp, MeterProvider: mp, ScopeName: "bench"})
	ctx := context.Background()
	input := []semconv.Message{{Role: "user", Parts: []semconv.Part{{Type: "text", Content: "What is LLM Observability?"}}}}
	b.ReportAllocs()
	for b.Loop() {
		_, c := tel.Start(ctx, Request{Operation: "chat", System: "openai", Model: "gpt-4o", Defaults: semconv.OpenLITChatDefaults()})
		c.Input = input
		c.ServerAddress, c.ServerPort = "api.openai.com", 443
		c.ResponseModel = "gpt-4o-2024-08-06"
		c.SetUsage(Usage{InputTokens: 14, OutputTokens: 356})
		c.Output = []semconv.Message{{Role: "assistant", Parts: []semconv.Part{{Type: "text", Content: "LLM Observability refers to..."}}}}
		c.End(nil)
	}
}
