package openlitpgvector

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/multitracer"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/openlit/openlit-go/internal/vectordb"
	"github.com/openlit/openlit-go/semconv"
)

// Tracer is a pgx.QueryTracer that records pgvector operations. Build it
// with NewTracer, or let Instrument set it on a connection config.
type Tracer struct {
	tel    *vectordb.Telemetry
	tables map[string]bool
	// The server and database of the config Instrument was given: a
	// connection's own config is a copy per call in pgx.
	address, database string
	port              int
}

var _ pgx.QueryTracer = (*Tracer)(nil)

// NewTracer returns a Tracer. Set it as pgx.ConnConfig.Tracer yourself when
// no other tracer is there; Instrument composes it with one that is, and
// records the server and database too.
func NewTracer(opts ...Option) *Tracer {
	var c config
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	return &Tracer{
		tel: vectordb.New(vectordb.Config{TracerProvider: c.tp, MeterProvider: c.mp,
			ScopeName: ScopeName, ScopeVersion: Version, CaptureContent: c.capture}),
		tables: c.tables,
	}
}

// Instrument sets a Tracer on cfg (a pgxpool.Config's ConnConfig works the
// same), keeping the tracer cfg already has: both see every query. It does
// nothing on a nil cfg.
func Instrument(cfg *pgx.ConnConfig, opts ...Option) {
	if cfg == nil {
		return
	}
	t := NewTracer(opts...)
	t.address, t.port, t.database = cfg.Host, int(cfg.Port), cfg.Database
	if cfg.Tracer == nil {
		cfg.Tracer = t
		return
	}
	cfg.Tracer = multitracer.New(cfg.Tracer, t)
}

type spanKey struct{}

// TraceQueryStart starts the span of a vector operation; other statements
// pass untouched.
func (t *Tracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	st := classify(data.SQL)
	if st.op == "" || (!st.search && !t.tables[strings.ToLower(st.table)]) {
		return ctx
	}
	op := vectordb.Operation{
		System:        semconv.DBSystemNamePostgreSQL,
		Name:          st.op,
		Collection:    st.table,
		Namespace:     t.database,
		ServerAddress: t.address,
		ServerPort:    t.port,
		QueryText:     data.SQL,
	}
	if st.search {
		op.TopK = st.limit
		if st.limitArg > 0 && st.limitArg <= len(data.Args) {
			if n, ok := intArg(data.Args[st.limitArg-1]); ok {
				op.TopK = n
			}
		}
	}
	ctx, span := t.tel.Start(ctx, op)
	return context.WithValue(ctx, spanKey{}, span)
}

// TraceQueryEnd ends the span TraceQueryStart started, if any: the rows a
// read returned, a failure with its SQLSTATE.
func (t *Tracer) TraceQueryEnd(ctx context.Context, _ *pgx.Conn, data pgx.TraceQueryEndData) {
	span, _ := ctx.Value(spanKey{}).(*vectordb.Span)
	if span == nil {
		return
	}
	if data.Err == nil {
		tag := data.CommandTag
		if tag.Select() {
			span.SetReturnedRows(int(tag.RowsAffected()))
		} else if tag.Insert() || tag.Update() || tag.Delete() {
			span.SetVectorCount(int(tag.RowsAffected()))
		}
	}
	var pgErr *pgconn.PgError
	if errors.As(data.Err, &pgErr) {
		span.SetStatusCode(pgErr.Code)
	}
	span.End(data.Err)
}
