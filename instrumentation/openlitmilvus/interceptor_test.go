package openlitmilvus_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/milvus-io/milvus/client/v2/entity"
	"github.com/milvus-io/milvus/client/v2/milvusclient"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/instrumentation/openlitmilvus"
	"github.com/openlit/openlit-go/instrumentation/openlitmilvus/milvustest"
	"github.com/openlit/openlit-go/internal/spantest"
)

type rig struct {
	srv    *milvustest.Server
	client *milvusclient.Client
	spans  *tracetest.InMemoryExporter
	reader *sdkmetric.ManualReader
}

func newRig(t *testing.T, opts ...openlitmilvus.Option) *rig {
	t.Helper()
	srv, err := milvustest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	spans := tracetest.NewInMemoryExporter()
	reader := sdkmetric.NewManualReader()
	opts = append([]openlitmilvus.Option{
		openlitmilvus.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))),
		openlitmilvus.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))),
	}, opts...)
	c, err := milvusclient.New(context.Background(), &milvusclient.ClientConfig{Address: srv.Addr,
		DialOptions: []grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials()), openlitmilvus.DialOption(opts...)}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close(context.Background()) })
	return &rig{srv: srv, client: c, spans: spans, reader: reader}
}

func seed(t *testing.T, ctx context.Context, c *milvusclient.Client) {
	t.Helper()
	schema := entity.NewSchema().
		WithField(entity.NewField().WithName("id").WithDataType(entity.FieldTypeInt64).WithIsPrimaryKey(true)).
		WithField(entity.NewField().WithName("text").WithDataType(entity.FieldTypeVarChar).WithMaxLength(256)).
		WithField(entity.NewField().WithName("vector").WithDataType(entity.FieldTypeFloatVector).WithDim(3))
	if err := c.CreateCollection(ctx, milvusclient.NewCreateCollectionOption("docs", schema)); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Insert(ctx, milvusclient.NewColumnBasedInsertOption("docs").
		WithInt64Column("id", []int64{1, 2, 3}).
		WithVarcharColumn("text", []string{"cats purr", "dogs bark", "kittens"}).
		WithFloatVectorColumn("vector", 3, [][]float32{{1, 0, 0}, {0, 1, 0}, {0.9, 0.1, 0}})); err != nil {
		t.Fatal(err)
	}
}

// TestOperations: create, insert, search, query, delete and upsert through the
// real client over a real gRPC connection, each one span.
func TestOperations(t *testing.T) {
	r := newRig(t)
	ctx := openlit.ContextWithAttributes(context.Background(), openlit.ContextAttributes{UserID: "u-2"})
	seed(t, ctx, r.client)
	res, err := r.client.Search(ctx, milvusclient.NewSearchOption("docs", 2, []entity.Vector{entity.FloatVector{1, 0.05, 0}}).
		WithOutputFields("text").WithFilter(`text != "x"`))
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || res[0].ResultCount != 2 {
		t.Fatalf("search answered %+v", res)
	}
	if txt, _ := res[0].GetColumn("text").GetAsString(0); txt != "cats purr" {
		t.Errorf("nearest %q", txt)
	}
	got, err := r.client.Query(ctx, milvusclient.NewQueryOption("docs").WithFilter("id in [2, 9]").WithOutputFields("text"))
	if err != nil || got.ResultCount != 1 {
		t.Fatalf("query: %+v %v", got, err)
	}
	if _, err := r.client.Delete(ctx, milvusclient.NewDeleteOption("docs").WithInt64IDs("id", []int64{1, 2})); err != nil {
		t.Fatal(err)
	}
	if _, err := r.client.Upsert(ctx, milvusclient.NewColumnBasedInsertOption("docs").
		WithInt64Column("id", []int64{3, 4}).
		WithVarcharColumn("text", []string{"kittens play", "birds fly"}).
		WithFloatVectorColumn("vector", 3, [][]float32{{0.9, 0.1, 0}, {0, 0, 1}})); err != nil {
		t.Fatal(err)
	}

	spans := r.spans.GetSpans().Snapshots()
	var names []string
	for _, s := range spans {
		names = append(names, s.Name())
	}
	want := []string{"create_collection docs", "insert docs", "query docs", "get docs", "delete docs", "upsert docs"}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Fatalf("spans %v, want %v", names, want)
	}
	host, _, _ := strings.Cut(r.srv.Addr, ":")
	for i, s := range spans {
		a := spantest.Values(s)
		if s.SpanKind() != trace.SpanKindClient || s.Status().Code != codes.Ok {
			t.Errorf("%s: kind %v status %v", s.Name(), s.SpanKind(), s.Status())
		}
		for k, v := range map[attribute.Key]string{"db.system.name": "milvus", "db.collection.name": "docs",
			"db.operation.name": strings.Fields(want[i])[0], "server.address": host, "user.id": "u-2"} {
			if a[k].AsString() != v {
				t.Errorf("%s: %s = %q, want %q", s.Name(), k, a[k].AsString(), v)
			}
		}
	}
	for _, c := range []struct {
		i    int
		k    attribute.Key
		want int64
	}{{1, "db.vector.count", 3}, {2, "db.vector.query.top_k", 2}, {2, "db.response.returned_rows", 2},
		{3, "db.response.returned_rows", 1}, {4, "db.vector.count", 2}, {5, "db.vector.count", 2}} {
		if got := spantest.Values(spans[c.i])[c.k].AsInt64(); got != c.want {
			t.Errorf("%s: %s = %d, want %d", spans[c.i].Name(), c.k, got, c.want)
		}
	}
	if f := spantest.Values(spans[2])["db.filter"].AsString(); f != `text != "x"` {
		t.Errorf("search filter %q", f)
	}
	if f := spantest.Values(spans[3])["db.filter"].AsString(); f != "id in [2, 9]" {
		t.Errorf("query filter %q", f)
	}
	requests := spantest.CounterTotal(t, r.reader, "db.total.requests")
	if requests != 6 {
		t.Errorf("db.total.requests %d, want 6", requests)
	}
}

// TestFailures: Milvus answers a failure inside a successful gRPC call (a
// status in the reply): the span is an error with Milvus's code; a call
// cut by its deadline is an error with the gRPC code. The client's errors
// are unchanged.
func TestFailures(t *testing.T) {
	r := newRig(t, openlitmilvus.WithCaptureMessageContent(false))
	ctx := context.Background()
	seed(t, ctx, r.client)
	_, err := r.client.Query(ctx, milvusclient.NewQueryOption("docs").WithFilter("text like \"c%\""))
	if err == nil || !strings.Contains(err.Error(), "cannot parse expression") {
		t.Fatalf("error %v", err)
	}
	spans := r.spans.GetSpans().Snapshots()
	last := spans[len(spans)-1]
	a := spantest.Values(last)
	if last.Name() != "get docs" || last.Status().Code != codes.Error || a["db.response.status_code"].AsString() != "1100" ||
		a["error.type"].AsString() != "1100" {
		t.Errorf("span %q %v %v", last.Name(), last.Status(), a)
	}
	if _, ok := a["db.filter"]; ok {
		t.Error("filter recorded with content capture off")
	}
	tctx, cancel := context.WithTimeout(ctx, time.Nanosecond)
	defer cancel()
	time.Sleep(time.Millisecond)
	if _, err := r.client.Delete(tctx, milvusclient.NewDeleteOption("docs").WithInt64IDs("id", []int64{1})); err == nil {
		t.Fatal("a delete past its deadline succeeded")
	}
	spans = r.spans.GetSpans().Snapshots()
	if last := spans[len(spans)-1]; last.Name() != "delete docs" || spantest.Values(last)["error.type"].AsString() != "DeadlineExceeded" {
		t.Errorf("deadline span %q %v", last.Name(), spantest.Values(last)["error.type"].Emit())
	}
}
