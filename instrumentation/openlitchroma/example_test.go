package openlitchroma_test

import (
	"context"
	"log"
	"net/http"

	chroma "github.com/amikos-tech/chroma-go/pkg/api/v2"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/instrumentation/openlitchroma"
)

// Give the Chroma client an HTTP client whose transport records its
// collection operations: each add, upsert, query, get and delete is a span
// in the trace of the request that made it.
func ExampleNewTransport() {
	ctx := context.Background()
	otl, err := openlit.Init(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer otl.Shutdown(ctx)

	client, err := chroma.NewHTTPClient(
		chroma.WithBaseURL("http://localhost:8000"),
		chroma.WithHTTPClient(&http.Client{Transport: openlitchroma.NewTransport(nil)}),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	col, err := client.GetOrCreateCollection(ctx, "documents")
	if err != nil {
		log.Fatal(err)
	}
	if _, err := col.Query(ctx, chroma.WithQueryTexts("What is LLM observability?"), chroma.WithNResults(3)); err != nil {
		log.Fatal(err)
	}
}
