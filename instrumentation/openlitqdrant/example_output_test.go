package openlitqdrant_test

import (
	"context"
	"fmt"
	"log"

	"github.com/qdrant/go-client/qdrant"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"google.golang.org/grpc"

	"github.com/openlit/openlit-go/instrumentation/openlitqdrant"
	"github.com/openlit/openlit-go/instrumentation/openlitqdrant/qdranttest"
)

// What a search records, against the in-memory Qdrant of package
// qdranttest (spans to an in-memory exporter, to print them).
func Example() {
	srv, err := qdranttest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	client, err := qdrant.NewClient(&qdrant.Config{Host: srv.Host, Port: srv.Port, SkipCompatibilityCheck: true,
		GrpcOptions: []grpc.DialOption{openlitqdrant.DialOption(openlitqdrant.WithTracerProvider(tp))}})
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	ctx := context.Background()
	_ = client.CreateCollection(ctx, &qdrant.CreateCollection{CollectionName: "docs",
		VectorsConfig: qdrant.NewVectorsConfig(&qdrant.VectorParams{Size: 2, Distance: qdrant.Distance_Cosine})})
	_, _ = client.Upsert(ctx, &qdrant.UpsertPoints{CollectionName: "docs", Points: []*qdrant.PointStruct{
		{Id: qdrant.NewIDNum(1), Vectors: qdrant.NewVectors(1, 0)}, {Id: qdrant.NewIDNum(2), Vectors: qdrant.NewVectors(0, 1)}}})
	_, _ = client.Query(ctx, &qdrant.QueryPoints{CollectionName: "docs", Query: qdrant.NewQuery(1, 0.1), Limit: qdrant.PtrOf(uint64(1))})

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
	// create_collection docs
	// upsert docs db.vector.count=2
	// query docs db.vector.query.top_k=1 db.response.returned_rows=1
}
