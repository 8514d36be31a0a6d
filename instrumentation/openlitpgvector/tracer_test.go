package openlitpgvector_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/instrumentation/openlitpgvector"
	"github.com/openlit/openlit-go/internal/spantest"
)

type rig struct {
	conn   *pgx.Conn
	spans  *tracetest.InMemoryExporter
	reader *sdkmetric.ManualReader
}

func connect(t *testing.T, opts ...openlitpgvector.Option) *rig {
	t.Helper()
	addr := postgresAddr(t)
	cfg, err := pgx.ParseConfig("postgres://postgres:x@" + addr + "/postgres?sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	opts = append([]openlitpgvector.Option{openlitpgvector.WithTracerProvider(tp), openlitpgvector.WithMeterProvider(mp)}, opts...)
	openlitpgvector.Instrument(cfg, opts...)
	conn, err := pgx.ConnectConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	return &rig{conn: conn, spans: spans, reader: reader}
}

func (r *rig) exec(t *testing.T, sql string, args ...any) {
	t.Helper()
	if _, err := r.conn.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// setup creates a fresh table of three documents (untraced: the rig that
// makes it names no tables).
func setup(t *testing.T, table string) {
	t.Helper()
	r := connect(t)
	r.exec(t, "DROP TABLE IF EXISTS "+table)
	r.exec(t, "CREATE TABLE "+table+" (id int PRIMARY KEY, content text, embedding vector(3))")
	r.exec(t, "INSERT INTO "+table+" VALUES (1, 'cats purr', '[1,0,0]'), (2, 'dogs bark', '[0,1,0]'), (3, 'fish swim', '[0,0,1]')")
	if n := len(r.spans.GetSpans()); n != 0 {
		t.Fatalf("%d spans for statements on tables not named", n)
	}
	// The server serves one connection at a time: the test's own waits
	// for this one to close.
	if err := r.conn.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestOperations: upsert, search, get and delete on a real Postgres with
// pgvector, each one CLIENT span with the database conventions' attributes
// and OpenLIT's vector ones; the search's top_k from a bound LIMIT and its
// returned rows; the metrics.
func TestOperations(t *testing.T) {
	setup(t, "docs_ops")
	r := connect(t, openlitpgvector.WithTables("public.docs_ops"))
	ctx := openlit.ContextWithAttributes(context.Background(), openlit.ContextAttributes{UserID: "user-7"})

	if _, err := r.conn.Exec(ctx, `INSERT INTO docs_ops (id, content, embedding) VALUES ($1, $2, $3::vector), ($4, $5, $6::vector)
		ON CONFLICT (id) DO UPDATE SET content = EXCLUDED.content, embedding = EXCLUDED.embedding`,
		3, "fish swim fast", "[0,0.1,1]", 4, "birds fly", "[0.5,0.5,0]"); err != nil {
		t.Fatal(err)
	}
	rows, err := r.conn.Query(ctx, "SELECT id, content FROM docs_ops ORDER BY embedding <=> $1::vector LIMIT $2", "[1,0.1,0]", 2)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var id int
		var content string
		if err := rows.Scan(&id, &content); err != nil {
			t.Fatal(err)
		}
		got = append(got, content)
	}
	if rows.Err() != nil {
		t.Fatal(rows.Err())
	}
	if strings.Join(got, ",") != "cats purr,birds fly" {
		t.Errorf("search answered %v", got)
	}
	var content string
	if err := r.conn.QueryRow(ctx, "SELECT content FROM docs_ops WHERE id = $1", 2).Scan(&content); err != nil || content != "dogs bark" {
		t.Fatalf("get: %q %v", content, err)
	}
	if _, err := r.conn.Exec(ctx, "DELETE FROM docs_ops WHERE id = ANY($1)", []int{1, 2}); err != nil {
		t.Fatal(err)
	}
	r.exec(t, "SELECT 1") // not a vector operation: untraced

	spans := r.spans.GetSpans().Snapshots()
	if len(spans) != 4 {
		var names []string
		for _, s := range spans {
			names = append(names, s.Name())
		}
		t.Fatalf("%d spans %v, want 4", len(spans), names)
	}
	host, port, _ := strings.Cut(postgresAddr(t), ":")
	for i, want := range []struct {
		name, op string
		extra    map[attribute.Key]attribute.Value
	}{
		{"upsert docs_ops", "upsert", map[attribute.Key]attribute.Value{"db.vector.count": attribute.IntValue(2)}},
		{"query docs_ops", "query", map[attribute.Key]attribute.Value{"db.vector.query.top_k": attribute.IntValue(2),
			"db.response.returned_rows": attribute.IntValue(2)}},
		{"get docs_ops", "get", map[attribute.Key]attribute.Value{"db.response.returned_rows": attribute.IntValue(1)}},
		{"delete docs_ops", "delete", map[attribute.Key]attribute.Value{"db.vector.count": attribute.IntValue(2)}},
	} {
		s := spans[i]
		a := spantest.Values(s)
		if s.Name() != want.name || s.SpanKind() != trace.SpanKindClient || s.Status().Code != codes.Ok {
			t.Errorf("span %d: %q kind %v status %v, want %q", i, s.Name(), s.SpanKind(), s.Status().Code, want.name)
		}
		for k, v := range map[attribute.Key]attribute.Value{
			"db.system.name": attribute.StringValue("postgresql"), "db.operation.name": attribute.StringValue(want.op),
			"db.collection.name": attribute.StringValue("docs_ops"), "db.namespace": attribute.StringValue("postgres"),
			"db.query.summary": attribute.StringValue(want.name), "server.address": attribute.StringValue(host),
			"gen_ai.operation.name": attribute.StringValue("vectordb"), "user.id": attribute.StringValue("user-7"),
		} {
			if a[k] != v {
				t.Errorf("%s: %s = %v, want %v", want.name, k, a[k].Emit(), v.Emit())
			}
		}
		if a["server.port"].Emit() != port {
			t.Errorf("%s: server.port %v, want %s", want.name, a["server.port"].Emit(), port)
		}
		for k, v := range want.extra {
			if a[k] != v {
				t.Errorf("%s: %s = %v, want %v", want.name, k, a[k].Emit(), v.Emit())
			}
		}
		if q := a["db.query.text"].AsString(); !strings.Contains(q, "docs_ops") {
			t.Errorf("%s: db.query.text %q", want.name, q)
		}
		for _, v := range []string{"[1,0.1,0]", "fish swim fast"} { // bound arguments: never recorded
			for _, kv := range s.Attributes() {
				if strings.Contains(kv.Value.Emit(), v) {
					t.Errorf("%s: argument %q recorded in %s", want.name, v, kv.Key)
				}
			}
		}
	}

	var rm metricdata.ResourceMetrics
	if err := r.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	counts := map[string]int64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			switch d := m.Data.(type) {
			case metricdata.Sum[int64]:
				for _, p := range d.DataPoints {
					op, _ := p.Attributes.Value("db.operation.name")
					counts[m.Name+" "+op.AsString()] += p.Value
				}
			case metricdata.Histogram[float64]:
				if m.Unit != "s" {
					t.Errorf("%s unit %q", m.Name, m.Unit)
				}
				for _, p := range d.DataPoints {
					op, _ := p.Attributes.Value("db.operation.name")
					counts[m.Name+" "+op.AsString()] += int64(p.Count)
				}
			}
		}
	}
	for _, op := range []string{"upsert", "query", "get", "delete"} {
		if counts["db.total.requests "+op] != 1 || counts["db.client.operation.duration "+op] != 1 {
			t.Errorf("%s: metrics %v", op, counts)
		}
	}
}

// TestSearchOnlyWithoutTables: with no tables named, searches are traced
// (a literal LIMIT, the L2 operator) and nothing else is; content capture
// off leaves the SQL out.
func TestSearchOnlyWithoutTables(t *testing.T) {
	setup(t, "docs_search")
	r := connect(t, openlitpgvector.WithCaptureMessageContent(false))
	r.exec(t, "INSERT INTO docs_search VALUES (9, 'x', '[1,1,1]')")
	var n int
	if err := r.conn.QueryRow(context.Background(), "SELECT count(*) FROM (SELECT id FROM docs_search ORDER BY embedding <-> '[1,1,0]' LIMIT 3) s").Scan(&n); err != nil || n != 3 {
		t.Fatalf("search: %d %v", n, err)
	}
	spans := r.spans.GetSpans().Snapshots()
	if len(spans) != 1 || spans[0].Name() != "query docs_search" {
		t.Fatalf("spans %d", len(spans))
	}
	a := spantest.Values(spans[0])
	if a["db.vector.query.top_k"].AsInt64() != 3 {
		t.Errorf("top_k %v", a["db.vector.query.top_k"].Emit())
	}
	if _, ok := a["db.query.text"]; ok {
		t.Error("db.query.text recorded with content capture off")
	}
}

// TestFailingSearch: a search on a table that does not exist is an error
// span with the SQLSTATE, and the app gets pgx's error unchanged.
func TestFailingSearch(t *testing.T) {
	r := connect(t)
	_, err := r.conn.Exec(context.Background(), "SELECT id FROM no_such_table ORDER BY embedding <-> $1::vector LIMIT 5", "[1,2,3]")
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "42P01" {
		t.Fatalf("error %v", err)
	}
	spans := r.spans.GetSpans().Snapshots()
	if len(spans) != 1 {
		t.Fatalf("%d spans", len(spans))
	}
	a := spantest.Values(spans[0])
	if spans[0].Status().Code != codes.Error || a["error.type"].AsString() != "42P01" || a["db.response.status_code"].AsString() != "42P01" {
		t.Errorf("status %v error.type %v status_code %v", spans[0].Status(), a["error.type"].Emit(), a["db.response.status_code"].Emit())
	}
}

// TestCancelledSearch: a search whose context is cancelled is an error
// span (context.Canceled).
func TestCancelledSearch(t *testing.T) {
	setup(t, "docs_cancel")
	r := connect(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := r.conn.Exec(ctx, "SELECT id FROM docs_cancel ORDER BY embedding <-> $1::vector LIMIT 1", "[1,2,3]")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v", err)
	}
	spans := r.spans.GetSpans().Snapshots()
	if len(spans) != 1 || spans[0].Status().Code != codes.Error || spantest.Values(spans[0])["error.type"].AsString() != "context.Canceled" {
		t.Fatalf("spans %d", len(spans))
	}
}

// recorder is a tracer the app had already set.
type recorder struct{ starts, ends int }

func (r *recorder) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	r.starts++
	return ctx
}
func (r *recorder) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) { r.ends++ }

// TestComposesWithExistingTracer: the app's own tracer still sees every
// statement.
func TestComposesWithExistingTracer(t *testing.T) {
	setup(t, "docs_compose")
	cfg, err := pgx.ParseConfig("postgres://postgres:x@" + postgresAddr(t) + "/postgres?sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	mine := &recorder{}
	cfg.Tracer = mine
	spans := tracetest.NewInMemoryExporter()
	openlitpgvector.Instrument(cfg, openlitpgvector.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))))
	conn, err := pgx.ConnectConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	for _, sql := range []string{"SELECT 1", "SELECT id FROM docs_compose ORDER BY embedding <#> '[1,2,3]' LIMIT 1"} {
		if _, err := conn.Exec(context.Background(), sql); err != nil {
			t.Fatal(err)
		}
	}
	if mine.starts != 2 || mine.ends != 2 {
		t.Errorf("the app's tracer saw %d starts, %d ends, want 2", mine.starts, mine.ends)
	}
	if n := len(spans.GetSpans()); n != 1 {
		t.Errorf("%d spans, want 1", n)
	}
}
