package openlitqdrant_test

import (
	"context"
	"log"

	"github.com/qdrant/go-client/qdrant"
	"google.golang.org/grpc"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/instrumentation/openlitqdrant"
)

// Add the dial option to the client's configuration: each upsert, query,
// get and delete is a span in the trace of the request that made it.
func ExampleDialOption() {
	ctx := context.Background()
	otl, err := openlit.Init(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer otl.Shutdown(ctx)

	client, err := qdrant.NewClient(&qdrant.Config{
		Host:        "localhost",
		Port:        6334,
		GrpcOptions: []grpc.DialOption{openlitqdrant.DialOption()},
	})
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	if _, err := client.Query(ctx, &qdrant.QueryPoints{
		CollectionName: "documents",
		Query:          qdrant.NewQuery(0.1, 0.2, 0.3),
		Limit:          qdrant.PtrOf(uint64(3)),
	}); err != nil {
		log.Fatal(err)
	}
}
