package openlitpinecone_test

import (
	"context"
	"fmt"
	"log"

	"github.com/pinecone-io/go-pinecone/v3/pinecone"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/instrumentation/openlitpinecone"
	"github.com/openlit/openlit-go/instrumentation/openlitpinecone/pineconetest"
)

// What an upsert and a query record, against the in-memory data plane of
// package pineconetest (spans to an in-memory exporter, to print them).
func Example() {
	srv, err := pineconetest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	pc, err := pinecone.NewClient(pinecone.NewClientParams{ApiKey: "example-key"})
	if err != nil {
		log.Fatal(err)
	}
	idx, err := pc.Index(pinecone.NewIndexConnParams{Host: "http://" + srv.Addr},
		openlitpinecone.DialOption(openlitpinecone.WithIndexName("docs"), openlitpinecone.WithTracerProvider(tp)))
	if err != nil {
		log.Fatal(err)
	}
	defer idx.Close()
	ctx := context.Background()
	a, b := []float32{1, 0}, []float32{0, 1}
	_, _ = idx.UpsertVectors(ctx, []*pinecone.Vector{{Id: "a", Values: &a}, {Id: "b", Values: &b}})
	_, _ = idx.QueryByVectorValues(ctx, &pinecone.QueryByVectorValuesRequest{Vector: []float32{1, 0.1}, TopK: 1})

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
	// upsert docs db.vector.count=2
	// query docs db.vector.query.top_k=1 db.response.returned_rows=1
}
