package openlittrace_test

import (
	"context"
	"fmt"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/openlittrace"
)

// Trace wraps a step of the application in a span; model calls made with
// its context nest under it.
func ExampleTrace() {
	err := openlittrace.Trace(context.Background(), "retrieve documents", func(ctx context.Context, s *openlittrace.Span) error {
		s.SetInput("LLM observability")
		docs := []string{"doc-1", "doc-2"} // client.Embeddings.New(ctx, …), a vector search, …
		s.SetResult(docs)
		s.SetMetadata("index", "docs-v2")
		return nil
	})
	fmt.Println(err)
	// Output: <nil>
}

// An agent run and the tools it calls, linked to the model's tool call by
// its id. (openlit.Init sets the global tracer provider these spans use;
// here one is given.)
func ExampleInvokeAgent() {
	tp := sdktrace.NewTracerProvider()
	defer func() { _ = tp.Shutdown(context.Background()) }()
	ctx, agent := openlittrace.InvokeAgent(context.Background(), openlittrace.Agent{Name: "weather-agent", ConversationID: "conv-1"},
		openlittrace.WithTracerProvider(tp))
	// res, err := client.Chat.Completions.New(ctx, params) → a tool call with an id
	toolCtx, tool := openlittrace.ExecuteTool(ctx, openlittrace.Tool{Name: "get_weather", CallID: "call_1", Arguments: `{"city":"Paris"}`},
		openlittrace.WithTracerProvider(tp))
	tool.SetResult("21°C and sunny")
	tool.End(nil)
	agent.SetResult("It is 21°C and sunny in Paris.")
	agent.End(nil)
	fmt.Println(trace.SpanContextFromContext(toolCtx).TraceID() == agent.SpanContext().TraceID())
	// Output: true
}

// RecordEvaluation records a score on the span in the context (here a
// step's; a chat span's context works the same way).
func ExampleRecordEvaluation() {
	tp := sdktrace.NewTracerProvider()
	defer func() { _ = tp.Shutdown(context.Background()) }()
	ctx, s := openlittrace.Start(context.Background(), "answer", openlittrace.WithTracerProvider(tp))
	defer s.End(nil)
	recorded := openlittrace.RecordEvaluation(ctx, openlittrace.Evaluation{Name: "relevance", Score: 0.92, Label: "relevant"})
	fmt.Println(recorded)
	// Output: true
}
