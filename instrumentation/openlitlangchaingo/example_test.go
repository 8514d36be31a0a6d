package openlitlangchaingo_test

import (
	"context"
	"fmt"
	"log"

	"github.com/tmc/langchaingo/agents"
	"github.com/tmc/langchaingo/chains"
	"github.com/tmc/langchaingo/llms/openai"
	"github.com/tmc/langchaingo/prompts"
	"github.com/tmc/langchaingo/tools"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/instrumentation/openlitlangchaingo"
	"github.com/openlit/openlit-go/replay"
)

// Tracing an agent: the handler goes to the model (its calls) and to the
// executor (the run, the agent's actions and the tools). It records
// through the providers openlit.Init set up.
func ExampleNewHandler() {
	h := openlitlangchaingo.NewHandler(openlitlangchaingo.WithAgentName("weather"))
	llm, err := openai.New(openai.WithCallback(h))
	if err != nil {
		log.Fatal(err)
	}
	executor := agents.NewExecutor(agents.NewOpenAIFunctionsAgent(llm, []tools.Tool{tools.Calculator{}}),
		agents.WithCallbacksHandler(h))
	_ = executor // chains.Run(ctx, executor, "What is 2 to the power of 10?")
}

// What an LLM chain records (spans to an in-memory exporter, to print
// them; the model API replayed offline): the chain is the agent, the model
// call under it with its usage.
func Example() {
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	h := openlitlangchaingo.NewHandler(openlitlangchaingo.WithTracerProvider(tp), openlitlangchaingo.WithModel("gpt-4o-mini"))

	api := replay.NewServer(replay.Options{})
	defer api.Close()
	llm, err := openai.New(openai.WithToken("sk-offline"), openai.WithBaseURL(api.BaseURL()), openai.WithCallback(h))
	if err != nil {
		log.Fatal(err)
	}
	chain := chains.NewLLMChain(llm, prompts.NewPromptTemplate("Explain {{.topic}}.", []string{"topic"}))
	chain.CallbacksHandler = h
	if _, err := chains.Run(context.Background(), chain, "LLM observability"); err != nil {
		log.Fatal(err)
	}
	for _, s := range spans.GetSpans() {
		fmt.Print(s.Name)
		for _, kv := range s.Attributes {
			switch kv.Key {
			case "gen_ai.operation.name", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens":
				fmt.Print(" ", kv.Key, "=", kv.Value.Emit())
			}
		}
		fmt.Println()
	}
	// Output:
	// chat gpt-4o-mini gen_ai.operation.name=chat gen_ai.usage.input_tokens=14 gen_ai.usage.output_tokens=356
	// invoke_agent langchaingo gen_ai.operation.name=invoke_agent
}
