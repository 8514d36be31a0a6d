package openlitmilvus_test

import (
	"context"
	"fmt"
	"log"

	"github.com/milvus-io/milvus/client/v2/entity"
	"github.com/milvus-io/milvus/client/v2/milvusclient"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/openlit/openlit-go/instrumentation/openlitmilvus"
	"github.com/openlit/openlit-go/instrumentation/openlitmilvus/milvustest"
)

// What an insert and a search record, against the in-memory Milvus of
// package milvustest (spans to an in-memory exporter, to print them).
func Example() {
	srv, err := milvustest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	ctx := context.Background()
	client, err := milvusclient.New(ctx, &milvusclient.ClientConfig{Address: srv.Addr, DialOptions: []grpc.DialOption{
		grpc.WithTransportCredentials(insecure.NewCredentials()), openlitmilvus.DialOption(openlitmilvus.WithTracerProvider(tp))}})
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close(ctx)
	schema := entity.NewSchema().
		WithField(entity.NewField().WithName("id").WithDataType(entity.FieldTypeInt64).WithIsPrimaryKey(true)).
		WithField(entity.NewField().WithName("vector").WithDataType(entity.FieldTypeFloatVector).WithDim(2))
	_ = client.CreateCollection(ctx, milvusclient.NewCreateCollectionOption("docs", schema))
	_, _ = client.Insert(ctx, milvusclient.NewColumnBasedInsertOption("docs").WithInt64Column("id", []int64{1, 2}).
		WithFloatVectorColumn("vector", 2, [][]float32{{1, 0}, {0, 1}}))
	_, _ = client.Search(ctx, milvusclient.NewSearchOption("docs", 1, []entity.Vector{entity.FloatVector{1, 0.1}}))

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
	// insert docs db.vector.count=2
	// query docs db.vector.query.top_k=1 db.response.returned_rows=1
}
