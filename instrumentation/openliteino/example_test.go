package openliteino_test

import (
	"context"
	"fmt"
	"log"

	"github.com/cloudwego/eino/callbacks"
	"github.com/cloudwego/eino/components/retriever"
	"github.com/cloudwego/eino/compose"
	"github.com/cloudwego/eino/flow/agent"
	"github.com/cloudwego/eino/schema"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/instrumentation/openliteino"
)

// Tracing every Eino run of the process: the handler records through the
// providers openlit.Init set up.
func ExampleNewHandler() {
	callbacks.AppendGlobalHandlers(openliteino.NewHandler())
}

// Tracing one agent run only.
func ExampleNewHandler_oneRun() {
	var opts []agent.AgentOption
	opts = append(opts, agent.WithComposeOptions(compose.WithCallbacks(openliteino.NewHandler())))
	_ = opts // agent.Generate(ctx, msgs, opts...)
}

// fixedRetriever returns the same document for any query.
type fixedRetriever struct{}

func (fixedRetriever) Retrieve(context.Context, string, ...retriever.Option) ([]*schema.Document, error) {
	return []*schema.Document{{ID: "doc-1", Content: "Paris is the capital of France."}}, nil
}

// What a chain with a retriever records (spans to an in-memory exporter,
// to print them): the chain is the agent, the retrieval under it.
func Example() {
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	h := openliteino.NewHandler(openliteino.WithTracerProvider(tp), openliteino.WithCaptureMessageContent(true))

	chain := compose.NewChain[string, []*schema.Document]()
	chain.AppendRetriever(fixedRetriever{}, compose.WithNodeName("docs"))
	run, err := chain.Compile(context.Background(), compose.WithGraphName("rag"))
	if err != nil {
		log.Fatal(err)
	}
	if _, err := run.Invoke(context.Background(), "capital of France?", compose.WithCallbacks(h)); err != nil {
		log.Fatal(err)
	}
	for _, s := range spans.GetSpans() {
		fmt.Print(s.Name)
		for _, kv := range s.Attributes {
			switch kv.Key {
			case "gen_ai.operation.name", "gen_ai.retrieval.query.text":
				fmt.Print(" ", kv.Key, "=", kv.Value.Emit())
			}
		}
		fmt.Println()
	}
	// Output:
	// retrieval docs gen_ai.operation.name=retrieval gen_ai.retrieval.query.text=capital of France?
	// invoke_agent rag gen_ai.operation.name=invoke_agent
}
