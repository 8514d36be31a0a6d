package openlitweaviate_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/weaviate/weaviate-go-client/v5/weaviate"
	"github.com/weaviate/weaviate-go-client/v5/weaviate/graphql"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/instrumentation/openlitweaviate"
)

// What a search records. A stand-in for Weaviate answers the client's
// version check and one GraphQL search, as Weaviate would; the spans go to
// an in-memory exporter, to print them.
func Example() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/v1/meta" {
			fmt.Fprint(w, `{"version":"1.33.0"}`)
			return
		}
		fmt.Fprint(w, `{"data":{"Get":{"Doc":[{"text":"cats purr"},{"text":"kittens"}]}}}`)
	}))
	defer srv.Close()
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	client, err := weaviate.NewClient(weaviate.Config{Host: strings.TrimPrefix(srv.URL, "http://"), Scheme: "http",
		ConnectionClient: &http.Client{Transport: openlitweaviate.NewTransport(nil, openlitweaviate.WithTracerProvider(tp))}})
	if err != nil {
		log.Fatal(err)
	}
	_, _ = client.GraphQL().Get().WithClassName("Doc").WithFields(graphql.Field{Name: "text"}).
		WithNearVector(client.GraphQL().NearVectorArgBuilder().WithVector([]float32{1, 0})).WithLimit(2).Do(context.Background())

	for _, s := range spans.GetSpans() {
		fmt.Print(s.Name)
		for _, kv := range s.Attributes {
			switch kv.Key {
			case "db.vector.count", "db.vector.query.top_k", "db.response.returned_rows":
				fmt.Print(" ", kv.Key, "=", kv.Value.Emit())
			}
		}
		fmt.Println()
	}
	// Output:
	// query Doc db.vector.query.top_k=2 db.response.returned_rows=2
}
