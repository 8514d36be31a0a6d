package openlitweaviate_test

import (
	"context"
	"log"
	"net/http"

	"github.com/weaviate/weaviate-go-client/v5/weaviate"
	"github.com/weaviate/weaviate-go-client/v5/weaviate/graphql"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/instrumentation/openlitweaviate"
)

// Give the client a ConnectionClient whose transport records its
// operations: each import, search, get and delete is a span in the trace
// of the request that made it.
func ExampleNewTransport() {
	ctx := context.Background()
	otl, err := openlit.Init(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer otl.Shutdown(ctx)

	client, err := weaviate.NewClient(weaviate.Config{
		Host:             "localhost:8080",
		Scheme:           "http",
		ConnectionClient: &http.Client{Transport: openlitweaviate.NewTransport(nil)},
	})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.GraphQL().Get().WithClassName("Document").WithFields(graphql.Field{Name: "text"}).
		WithNearVector(client.GraphQL().NearVectorArgBuilder().WithVector([]float32{0.1, 0.2, 0.3})).
		WithLimit(3).Do(ctx); err != nil {
		log.Fatal(err)
	}
}
