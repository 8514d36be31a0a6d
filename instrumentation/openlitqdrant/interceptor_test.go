package openlitqdrant_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/qdrant/go-client/qdrant"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/instrumentation/openlitqdrant"
	"github.com/openlit/openlit-go/instrumentation/openlitqdrant/qdranttest"
	"github.com/openlit/openlit-go/internal/spantest"
)

type rig struct {
	srv    *qdranttest.Server
	client *qdrant.Client
	spans  *tracetest.InMemoryExporter
	reader *sdkmetric.ManualReader
}

func newRig(t *testing.T, opts ...openlitqdrant.Option) *rig {
	t.Helper()
	srv, err := qdranttest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	spans := tracetest.NewInMemoryExporter()
	reader := sdkmetric.NewManualReader()
	opts = append([]openlitqdrant.Option{
		openlitqdrant.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))),
		openlitqdrant.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))),
	}, opts...)
	client, err := qdrant.NewClient(&qdrant.Config{Host: srv.Host, Port: srv.Port, PoolSize: 1,
		GrpcOptions: []grpc.DialOption{openlitqdrant.DialOption(opts...)}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Close() })
	return &rig{srv: srv, client: client, spans: spans, reader: reader}
}

func seed(t *testing.T, ctx context.Context, c *qdrant.Client) {
	t.Helper()
	if err := c.CreateCollection(ctx, &qdrant.CreateCollection{CollectionName: "docs",
		VectorsConfig: qdrant.NewVectorsConfig(&qdrant.VectorParams{Size: 3, Distance: qdrant.Distance_Cosine})}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Upsert(ctx, &qdrant.UpsertPoints{CollectionName: "docs", Points: []*qdrant.PointStruct{
		{Id: qdrant.NewIDNum(1), Vectors: qdrant.NewVectors(1, 0, 0), Payload: qdrant.NewValueMap(map[string]any{"text": "cats purr"})},
		{Id: qdrant.NewIDNum(2), Vectors: qdrant.NewVectors(0, 1, 0), Payload: qdrant.NewValueMap(map[string]any{"text": "dogs bark"})},
		{Id: qdrant.NewIDNum(3), Vectors: qdrant.NewVectors(0.9, 0.1, 0), Payload: qdrant.NewValueMap(map[string]any{"text": "kittens"})},
	}}); err != nil {
		t.Fatal(err)
	}
}

// TestOperations: create, upsert, query, get and delete through the real
// client over a real gRPC connection, each one span with the attributes.
func TestOperations(t *testing.T) {
	r := newRig(t)
	ctx := openlit.ContextWithAttributes(context.Background(), openlit.ContextAttributes{UserID: "u-1"})
	seed(t, ctx, r.client)
	found, err := r.client.Query(ctx, &qdrant.QueryPoints{CollectionName: "docs", Query: qdrant.NewQuery(1, 0.05, 0),
		Limit: qdrant.PtrOf(uint64(2)), WithPayload: qdrant.NewWithPayload(true),
		Filter: &qdrant.Filter{Must: []*qdrant.Condition{qdrant.NewMatch("lang", "en")}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 2 || found[0].GetPayload()["text"].GetStringValue() != "cats purr" {
		t.Fatalf("query answered %v", found)
	}
	got, err := r.client.Get(ctx, &qdrant.GetPoints{CollectionName: "docs", Ids: []*qdrant.PointId{qdrant.NewIDNum(2), qdrant.NewIDNum(9)}})
	if err != nil || len(got) != 1 {
		t.Fatalf("get: %v %v", got, err)
	}
	if _, err := r.client.Delete(ctx, &qdrant.DeletePoints{CollectionName: "docs", Points: qdrant.NewPointsSelector(qdrant.NewIDNum(1), qdrant.NewIDNum(2))}); err != nil {
		t.Fatal(err)
	}

	spans := r.spans.GetSpans().Snapshots()
	var names []string
	for _, s := range spans {
		names = append(names, s.Name())
	}
	want := []string{"create_collection docs", "upsert docs", "query docs", "get docs", "delete docs"}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Fatalf("spans %v, want %v", names, want)
	}
	for i, s := range spans {
		a := spantest.Values(s)
		if s.SpanKind() != trace.SpanKindClient || s.Status().Code != codes.Ok {
			t.Errorf("%s: kind %v status %v", s.Name(), s.SpanKind(), s.Status())
		}
		for k, v := range map[attribute.Key]any{"db.system.name": "qdrant", "db.collection.name": "docs",
			"db.operation.name": strings.Fields(want[i])[0], "server.address": r.srv.Host,
			"server.port": int64(r.srv.Port), "user.id": "u-1"} {
			if a[k].AsInterface() != v {
				t.Errorf("%s: %s = %v, want %v", s.Name(), k, a[k].AsInterface(), v)
			}
		}
	}
	for _, c := range []struct {
		i    int
		k    attribute.Key
		want int64
	}{{1, "db.vector.count", 3}, {2, "db.vector.query.top_k", 2}, {2, "db.response.returned_rows", 2},
		{3, "db.vector.count", 2}, {3, "db.response.returned_rows", 1}, {4, "db.vector.count", 2}} {
		if got := spantest.Values(spans[c.i])[c.k].AsInt64(); got != c.want {
			t.Errorf("%s: %s = %d, want %d", spans[c.i].Name(), c.k, got, c.want)
		}
	}
	if f := spantest.Values(spans[2])["db.filter"].AsString(); !strings.Contains(f, `"lang"`) || !strings.Contains(f, `"en"`) {
		t.Errorf("filter %q", f)
	}
	// No vectors or payloads in the span.
	for _, s := range spans {
		for _, kv := range s.Attributes() {
			if strings.Contains(kv.Value.Emit(), "cats purr") {
				t.Errorf("%s: payload in %s", s.Name(), kv.Key)
			}
		}
	}
	requests := spantest.CounterTotal(t, r.reader, "db.total.requests")
	if requests != 5 {
		t.Errorf("db.total.requests %d, want 5", requests)
	}
}

// TestFailures: a query on a missing collection (NotFound) and one that
// times out against a hung server are error spans with the gRPC code; the
// client's errors are unchanged.
func TestFailures(t *testing.T) {
	r := newRig(t, openlitqdrant.WithCaptureMessageContent(false))
	ctx := context.Background()
	_, err := r.client.Query(ctx, &qdrant.QueryPoints{CollectionName: "missing", Query: qdrant.NewQuery(1, 0, 0)})
	if status.Code(err) != grpccodes.NotFound || !strings.Contains(err.Error(), "Collection `missing` doesn't exist!") {
		t.Fatalf("error %v", err)
	}
	seed(t, ctx, r.client)
	r.srv.Hang()
	defer r.srv.Release()
	tctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	_, err = r.client.Query(tctx, &qdrant.QueryPoints{CollectionName: "docs", Query: qdrant.NewQuery(1, 0, 0),
		Filter: &qdrant.Filter{Must: []*qdrant.Condition{qdrant.NewMatch("lang", "en")}}})
	if status.Code(err) != grpccodes.DeadlineExceeded {
		t.Fatalf("error %v", err)
	}
	spans := r.spans.GetSpans().Snapshots()
	first, last := spans[0], spans[len(spans)-1]
	for _, c := range []struct {
		s    sdktrace.ReadOnlySpan
		code string
	}{{first, "NotFound"}, {last, "DeadlineExceeded"}} {
		a := spantest.Values(c.s)
		if c.s.Status().Code != codes.Error || a["db.response.status_code"].AsString() != c.code || a["error.type"].AsString() != c.code {
			t.Errorf("%s: status %v, %v", c.s.Name(), c.s.Status(), a)
		}
		if _, ok := a["db.filter"]; ok {
			t.Errorf("%s: filter recorded with content capture off", c.s.Name())
		}
	}
}

// TestUntouched: calls that are not operations (health check, collection
// exists) make no span, and a client without the option none at all.
func TestUntouched(t *testing.T) {
	r := newRig(t)
	if _, err := r.client.HealthCheck(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := r.client.CollectionExists(context.Background(), "docs"); err != nil {
		t.Fatal(err)
	}
	if n := len(r.spans.GetSpans()); n != 0 {
		t.Errorf("%d spans", n)
	}
}
