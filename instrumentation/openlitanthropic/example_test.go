package openlitanthropic_test

import (
	"context"
	"fmt"
	"log"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/instrumentation/openlitanthropic"
	"github.com/openlit/openlit-go/replay"
)

// Wrap traces every Messages call of a client: one "chat {model}" span
// with the model, tokens (cache reads and writes among the input) and cost.
// Here the client talks to a local replay of a recorded answer, and the
// span goes to memory instead of openlit.Init's exporter.
func ExampleWrap() {
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	defer func() { _ = tp.Shutdown(context.Background()) }()

	client := openlitanthropic.Wrap(anthropic.NewClient(option.WithAPIKey("sk-ant-replay"), option.WithBaseURL(srv.URL)),
		openlitanthropic.WithTracerProvider(tp))
	msg, err := client.Messages.New(context.Background(), anthropic.MessageNewParams{
		Model: "claude-sonnet-4-5", MaxTokens: 1024,
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock("What is LLM Observability?"))},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(msg.StopReason)
	for _, s := range spans.GetSpans() {
		attrs := map[string]any{}
		for _, kv := range s.Attributes {
			attrs[string(kv.Key)] = kv.Value.AsInterface()
		}
		fmt.Println(s.Name, attrs["gen_ai.system"], attrs["gen_ai.usage.input_tokens"], attrs["gen_ai.usage.output_tokens"])
	}
	// Output:
	// end_turn
	// chat claude-sonnet-4-5 anthropic 1166 38
}
