package semconv_test

import (
	"fmt"

	"go.opentelemetry.io/otel/attribute"

	"github.com/openlit/openlit-go/semconv"
)

// A conversation as OpenLIT's gen_ai.prompt event carries it, and as the
// current conventions' gen_ai.input.messages (JSON) do.
func ExampleFormatPrompt() {
	msgs := []semconv.Message{
		{Role: "system", Parts: []semconv.Part{{Type: "text", Content: "You are terse."}}},
		{Role: "user", Parts: []semconv.Part{{Type: "text", Content: "What is LLM Observability?"}}},
	}
	fmt.Println(semconv.FormatPrompt(msgs))
	fmt.Println(semconv.MessagesJSON(msgs))
	// Output:
	// system: You are terse.
	// user: What is LLM Observability?
	// [{"role":"system","parts":[{"type":"text","content":"You are terse."}]},{"role":"user","parts":[{"type":"text","content":"What is LLM Observability?"}]}]
}

// The same recorded attributes under each mode's names: the current
// conventions rename gen_ai.system and drop what they have no name for.
func ExampleMode_SpanAttributes() {
	for _, m := range []semconv.Mode{semconv.ModeOpenLIT, semconv.ModeLatest} {
		attrs := m.SpanAttributes([]attribute.KeyValue{
			semconv.GenAISystem.String("openai"),
			semconv.GenAIRequestSeed.Int(42),
			semconv.GenAIUsageTotalTokens.Int(370),
		})
		fmt.Println(m, attrs)
	}
	// Output:
	// openlit [{"gen_ai.system":"openai"} {"gen_ai.request.seed":"42"} {"gen_ai.usage.total_tokens":370}]
	// latest [{"gen_ai.provider.name":"openai"} {"gen_ai.request.seed":42}]
}

// The explicit bucket bounds openlit-go sets on its histograms (the guide's).
func ExampleTokenUsageBuckets() {
	fmt.Println(semconv.MetricClientTokenUsage, semconv.TokenUsageBuckets()[:4], "…")
	fmt.Println(semconv.MetricClientOperationDuration, semconv.OperationDurationBuckets()[:4], "…")
	// Output:
	// gen_ai.client.token.usage [1 4 16 64] …
	// gen_ai.client.operation.duration [0.01 0.02 0.04 0.08] …
}
