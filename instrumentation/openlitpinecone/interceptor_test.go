package openlitpinecone_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pinecone-io/go-pinecone/v3/pinecone"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/protobuf/types/known/structpb"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/instrumentation/openlitpinecone"
	"github.com/openlit/openlit-go/instrumentation/openlitpinecone/pineconetest"
	"github.com/openlit/openlit-go/internal/spantest"
)

type rig struct {
	srv    *pineconetest.Server
	idx    *pinecone.IndexConnection
	spans  *tracetest.InMemoryExporter
	reader *sdkmetric.ManualReader
}

func newRig(t *testing.T, opts ...openlitpinecone.Option) *rig {
	t.Helper()
	srv, err := pineconetest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	spans := tracetest.NewInMemoryExporter()
	reader := sdkmetric.NewManualReader()
	opts = append([]openlitpinecone.Option{
		openlitpinecone.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))),
		openlitpinecone.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))),
	}, opts...)
	pc, err := pinecone.NewClient(pinecone.NewClientParams{ApiKey: "pc-test-key"})
	if err != nil {
		t.Fatal(err)
	}
	idx, err := pc.Index(pinecone.NewIndexConnParams{Host: "http://" + srv.Addr, Namespace: "docs-ns"}, openlitpinecone.DialOption(opts...))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idx.Close() })
	return &rig{srv: srv, idx: idx, spans: spans, reader: reader}
}

func vec(id, text string, v ...float32) *pinecone.Vector {
	md, _ := structpb.NewStruct(map[string]any{"text": text})
	return &pinecone.Vector{Id: id, Values: &v, Metadata: md}
}

// TestOperations: upsert, query, fetch and delete through the real client
// over a real gRPC connection, each one span.
func TestOperations(t *testing.T) {
	r := newRig(t, openlitpinecone.WithIndexName("docs"))
	ctx := openlit.ContextWithAttributes(context.Background(), openlit.ContextAttributes{UserID: "u-3"})
	n, err := r.idx.UpsertVectors(ctx, []*pinecone.Vector{vec("a", "cats purr", 1, 0, 0), vec("b", "dogs bark", 0, 1, 0), vec("c", "kittens", 0.9, 0.1, 0)})
	if err != nil || n != 3 {
		t.Fatalf("upsert %d %v", n, err)
	}
	filter, _ := structpb.NewStruct(map[string]any{"genre": map[string]any{"$eq": "pets"}})
	res, err := r.idx.QueryByVectorValues(ctx, &pinecone.QueryByVectorValuesRequest{Vector: []float32{1, 0.05, 0}, TopK: 2,
		IncludeMetadata: true, MetadataFilter: filter})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Matches) != 2 || res.Matches[0].Vector.Metadata.GetFields()["text"].GetStringValue() != "cats purr" {
		t.Fatalf("query answered %+v", res.Matches)
	}
	got, err := r.idx.FetchVectors(ctx, []string{"b", "zz"})
	if err != nil || len(got.Vectors) != 1 {
		t.Fatalf("fetch: %+v %v", got, err)
	}
	if err := r.idx.DeleteVectorsById(ctx, []string{"a", "b"}); err != nil {
		t.Fatal(err)
	}

	spans := r.spans.GetSpans().Snapshots()
	var names []string
	for _, s := range spans {
		names = append(names, s.Name())
	}
	want := []string{"upsert docs", "query docs", "get docs", "delete docs"}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Fatalf("spans %v, want %v", names, want)
	}
	for i, s := range spans {
		a := spantest.Values(s)
		if s.SpanKind() != trace.SpanKindClient || s.Status().Code != codes.Ok {
			t.Errorf("%s: kind %v status %v", s.Name(), s.SpanKind(), s.Status())
		}
		for k, v := range map[attribute.Key]string{"db.system.name": "pinecone", "db.collection.name": "docs",
			"db.namespace": "docs-ns", "db.operation.name": strings.Fields(want[i])[0], "server.address": "127.0.0.1", "user.id": "u-3"} {
			if a[k].AsString() != v {
				t.Errorf("%s: %s = %q, want %q", s.Name(), k, a[k].AsString(), v)
			}
		}
		for _, kv := range s.Attributes() {
			if strings.Contains(kv.Value.Emit(), "pc-test-key") || strings.Contains(kv.Value.Emit(), "cats purr") {
				t.Errorf("%s: %s = %q", s.Name(), kv.Key, kv.Value.Emit())
			}
		}
	}
	for _, c := range []struct {
		i    int
		k    attribute.Key
		want int64
	}{{0, "db.vector.count", 3}, {1, "db.vector.query.top_k", 2}, {1, "db.response.returned_rows", 2},
		{2, "db.vector.count", 2}, {2, "db.response.returned_rows", 1}, {3, "db.vector.count", 2}} {
		if got := spantest.Values(spans[c.i])[c.k].AsInt64(); got != c.want {
			t.Errorf("%s: %s = %d, want %d", spans[c.i].Name(), c.k, got, c.want)
		}
	}
	if f := spantest.Values(spans[1])["db.filter"].AsString(); !strings.Contains(f, `"genre"`) || !strings.Contains(f, `"$eq"`) {
		t.Errorf("filter %q", f)
	}
	requests := spantest.CounterTotal(t, r.reader, "db.total.requests")
	if requests != 4 {
		t.Errorf("db.total.requests %d, want 4", requests)
	}
}

// TestFailuresAndDefaults: an invalid query (InvalidArgument) and one past
// its deadline are error spans with the gRPC code; without WithIndexName
// and with an IP address for host, no index name is made up.
func TestFailuresAndDefaults(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	if _, err := r.idx.QueryByVectorValues(ctx, &pinecone.QueryByVectorValuesRequest{Vector: []float32{1}, TopK: 0}); err == nil {
		t.Fatal("a query with top_k 0 succeeded")
	}
	tctx, cancel := context.WithTimeout(ctx, time.Nanosecond)
	defer cancel()
	time.Sleep(time.Millisecond)
	if _, err := r.idx.UpsertVectors(tctx, []*pinecone.Vector{vec("a", "x", 1)}); err == nil {
		t.Fatal("an upsert past its deadline succeeded")
	}
	spans := r.spans.GetSpans().Snapshots()
	if len(spans) != 2 {
		t.Fatalf("%d spans", len(spans))
	}
	for i, code := range []string{"InvalidArgument", "DeadlineExceeded"} {
		a := spantest.Values(spans[i])
		if spans[i].Status().Code != codes.Error || a["db.response.status_code"].AsString() != code || a["error.type"].AsString() != code {
			t.Errorf("%s: %v %v", spans[i].Name(), spans[i].Status(), a)
		}
		if _, ok := a["db.collection.name"]; ok || strings.Contains(spans[i].Name(), " ") {
			t.Errorf("%s: a collection named from an IP address host: %v", spans[i].Name(), a["db.collection.name"].Emit())
		}
	}
}
