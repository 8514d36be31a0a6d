package openlit_test

import (
	"context"
	"fmt"
	"log"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/instrumentation/openlitopenai"
	"github.com/openlit/openlit-go/replay"
)

// One call to Init, one wrapped client: the chat call is a span with its
// tokens and cost. Here the model is a local replay of a recorded OpenAI
// answer and the spans go to an in-memory exporter so the example can
// print them; in a program, Init exports to OTEL_EXPORTER_OTLP_ENDPOINT or
// the console.
func Example() {
	ctx := context.Background()
	model := replay.NewServer(replay.Options{})
	defer model.Close()
	spans := tracetest.NewInMemoryExporter()
	otl, err := openlit.Init(ctx,
		openlit.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))),
		openlit.WithDisableMetrics(true))
	if err != nil {
		log.Fatal(err)
	}
	defer otl.Shutdown(ctx)

	client := openlitopenai.Wrap(openai.NewClient(option.WithAPIKey("sk-example"), option.WithBaseURL(model.BaseURL())))
	ctx = openlit.ContextWithAttributes(ctx, openlit.ContextAttributes{UserID: "user-42", SessionID: "chat-7f3a"})
	if _, err := client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model:    openai.ChatModelGPT4o,
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("What is LLM Observability?")},
	}); err != nil {
		log.Fatal(err)
	}

	s := spans.GetSpans()[0]
	fmt.Println(s.Name)
	for _, kv := range s.Attributes {
		switch kv.Key {
		case "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", "gen_ai.usage.cost", "user.id", "session.id":
			fmt.Println(kv.Key, kv.Value.Emit())
		}
	}
	for _, e := range s.Events {
		fmt.Println("event", e.Name)
	}
	// Output:
	// chat gpt-4o
	// user.id user-42
	// session.id chat-7f3a
	// gen_ai.usage.input_tokens 14
	// gen_ai.usage.output_tokens 356
	// gen_ai.usage.cost 0.003595
	// event gen_ai.content.prompt
	// event gen_ai.content.completion
}

// A configuration mistake is an error from Init, naming what is wrong.
func ExampleInit_invalid() {
	_, err := openlit.Init(context.Background(), openlit.WithOTLPEndpoint("localhost:4318"))
	fmt.Println(err)
	// Output:
	// openlit: WithOTLPEndpoint: invalid URL "localhost:4318": scheme must be http or https
}
