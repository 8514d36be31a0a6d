package openlitpgvector_test

import (
	"context"
	"log"
	"os"

	"github.com/jackc/pgx/v5/pgxpool"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/instrumentation/openlitpgvector"
)

// Instrument a pool's connection config: every pgvector search, and the
// writes, reads and deletes of the tables named, becomes a span in the
// trace of the request that made it, next to its embedding and chat calls.
func ExampleInstrument() {
	ctx := context.Background()
	otl, err := openlit.Init(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer otl.Shutdown(ctx)

	cfg, err := pgxpool.ParseConfig(os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	openlitpgvector.Instrument(cfg.ConnConfig, openlitpgvector.WithTables("documents"))
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()

	rows, err := pool.Query(ctx, "SELECT content FROM documents ORDER BY embedding <=> $1::vector LIMIT $2", "[0.1,0.2,0.3]", 3)
	if err != nil {
		log.Fatal(err)
	}
	rows.Close()
}
