package openlitgenkit_test

import (
	"context"
	"fmt"
	"log"

	"github.com/firebase/genkit/go/ai"
	"github.com/firebase/genkit/go/genkit"
	oai "github.com/firebase/genkit/go/plugins/compat_oai/openai"
	"github.com/openai/openai-go/option"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/instrumentation/openlitgenkit"
	"github.com/openlit/openlit-go/replay"
)

// A Generate traced (spans to an in-memory exporter, to print them; the
// model API replayed offline): one chat span with its usage.
func Example() {
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	api := replay.NewServer(replay.Options{})
	defer api.Close()
	g := genkit.Init(context.Background(), genkit.WithPlugins(&oai.OpenAI{APIKey: "sk-offline",
		Opts: []option.RequestOption{option.WithBaseURL(api.BaseURL())}}))

	mw := openlitgenkit.New(openlitgenkit.WithTracerProvider(tp))
	if _, err := genkit.Generate(context.Background(), g, ai.WithModelName("openai/gpt-4o-mini"),
		ai.WithPrompt("Explain LLM observability."), ai.WithUse(mw)); err != nil {
		log.Fatal(err)
	}
	for _, s := range spans.GetSpans() {
		fmt.Print(s.Name)
		for _, kv := range s.Attributes {
			switch kv.Key {
			case "gen_ai.system", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens":
				fmt.Print(" ", kv.Key, "=", kv.Value.Emit())
			}
		}
		fmt.Println()
	}
	// Output:
	// chat gpt-4o-mini gen_ai.system=openai gen_ai.usage.input_tokens=14 gen_ai.usage.output_tokens=356
}
