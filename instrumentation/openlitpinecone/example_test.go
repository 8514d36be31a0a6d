package openlitpinecone_test

import (
	"context"
	"log"
	"os"

	"github.com/pinecone-io/go-pinecone/v3/pinecone"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/instrumentation/openlitpinecone"
)

// Pass the dial option when connecting to an index: each upsert, query,
// fetch and delete is a span in the trace of the request that made it.
func ExampleDialOption() {
	ctx := context.Background()
	otl, err := openlit.Init(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer otl.Shutdown(ctx)

	pc, err := pinecone.NewClient(pinecone.NewClientParams{ApiKey: os.Getenv("PINECONE_API_KEY")})
	if err != nil {
		log.Fatal(err)
	}
	desc, err := pc.DescribeIndex(ctx, "documents")
	if err != nil {
		log.Fatal(err)
	}
	idx, err := pc.Index(pinecone.NewIndexConnParams{Host: desc.Host, Namespace: "default"},
		openlitpinecone.DialOption(openlitpinecone.WithIndexName(desc.Name)))
	if err != nil {
		log.Fatal(err)
	}
	defer idx.Close()
	if _, err := idx.QueryByVectorValues(ctx, &pinecone.QueryByVectorValuesRequest{Vector: []float32{0.1, 0.2, 0.3}, TopK: 3}); err != nil {
		log.Fatal(err)
	}
}
