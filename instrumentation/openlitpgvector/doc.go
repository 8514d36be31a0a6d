// Package openlitpgvector traces pgvector searches made through
// github.com/jackc/pgx/v5, in the same trace as the model calls: a
// pgx.QueryTracer that recognises a vector search (a distance operator of
// pgvector — <->, <=>, <#>, <+>, <~>, <%> — in a SELECT with ORDER BY and
// LIMIT) and records it as a "query {table}" CLIENT span with
// db.system.name=postgresql, db.operation.name=query, db.collection.name,
// db.namespace (the database), server.address/port,
// db.vector.query.top_k (the LIMIT, a literal or a bound argument) and
// db.response.returned_rows, plus OpenLIT's database metrics. Statements on
// tables named by WithTables (inserts, upserts, reads, deletes) are recorded
// too, as insert, upsert, get and delete. Every other statement passes
// untouched.
//
// The SQL text is recorded as db.query.text only when content is captured
// (it can hold literals); bound arguments (the vectors, the app's data) are
// never recorded.
//
//	cfg, _ := pgxpool.ParseConfig(dsn)
//	openlitpgvector.Instrument(cfg.ConnConfig, openlitpgvector.WithTables("documents"))
//	pool, _ := pgxpool.NewWithConfig(ctx, cfg)
//
// Instrument composes with a tracer the config already has (through pgx's
// multitracer, so its batch, copy, connect and pool hooks keep working).
package openlitpgvector
