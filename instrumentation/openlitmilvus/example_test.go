package openlitmilvus_test

import (
	"context"
	"log"

	"github.com/milvus-io/milvus/client/v2/entity"
	"github.com/milvus-io/milvus/client/v2/milvusclient"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/instrumentation/openlitmilvus"
)

// Add the dial option to the client's configuration: each insert, search,
// query and delete is a span in the trace of the request that made it.
func ExampleDialOption() {
	ctx := context.Background()
	otl, err := openlit.Init(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer otl.Shutdown(ctx)

	client, err := milvusclient.New(ctx, &milvusclient.ClientConfig{
		Address: "localhost:19530",
		DialOptions: []grpc.DialOption{
			grpc.WithTransportCredentials(insecure.NewCredentials()),
			openlitmilvus.DialOption(),
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close(ctx)
	if _, err := client.Search(ctx, milvusclient.NewSearchOption("documents", 3,
		[]entity.Vector{entity.FloatVector{0.1, 0.2, 0.3}})); err != nil {
		log.Fatal(err)
	}
}
