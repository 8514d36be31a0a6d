package openlitpgvector_test

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/instrumentation/openlitpgvector"
)

// What the tracer makes of the statements pgx reports to it: a pgvector
// search is a query span with its top-k (the bound LIMIT) and rows; a
// statement on no vector table is not recorded. (pgx calls the tracer;
// here it is called as pgx would, without a database.)
func ExampleNewTracer() {
	spans := tracetest.NewInMemoryExporter()
	tracer := openlitpgvector.NewTracer(openlitpgvector.WithTracerProvider(
		sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))))
	for _, q := range []struct {
		sql  string
		args []any
		tag  string
	}{
		{"SELECT id, content FROM documents ORDER BY embedding <=> $1 LIMIT $2", []any{"[1,0,0]", 3}, "SELECT 3"},
		{"SELECT count(*) FROM users", nil, "SELECT 1"},
	} {
		ctx := tracer.TraceQueryStart(context.Background(), nil, pgx.TraceQueryStartData{SQL: q.sql, Args: q.args})
		tracer.TraceQueryEnd(ctx, nil, pgx.TraceQueryEndData{CommandTag: pgconn.NewCommandTag(q.tag)})
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
	// query documents db.vector.query.top_k=3 db.response.returned_rows=3
}
