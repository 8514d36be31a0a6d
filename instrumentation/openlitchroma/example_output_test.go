package openlitchroma_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/instrumentation/openlitchroma"
)

// What a query records, seen on the wire: a stand-in for Chroma answers
// one query of Chroma's API v2 (the chroma-go client sends the same
// request); the spans go to an in-memory exporter, to print them.
func ExampleNewTransport_query() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"ids":[["a","c"]],"distances":[[0.1,0.3]]}`)
	}))
	defer srv.Close()
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	hc := &http.Client{Transport: openlitchroma.NewTransport(nil, openlitchroma.WithTracerProvider(tp))}
	res, err := hc.Post(srv.URL+"/api/v2/tenants/default_tenant/databases/default_database/collections/3f2a/query",
		"application/json", strings.NewReader(`{"query_embeddings":[[1,0]],"n_results":2}`))
	if err == nil {
		res.Body.Close()
	}

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
	// query 3f2a db.vector.query.top_k=2 db.response.returned_rows=2
}
