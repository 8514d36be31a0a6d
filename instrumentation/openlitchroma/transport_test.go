package openlitchroma_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	chroma "github.com/amikos-tech/chroma-go/pkg/api/v2"
	"github.com/amikos-tech/chroma-go/pkg/embeddings"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/instrumentation/openlitchroma"
	"github.com/openlit/openlit-go/internal/spantest"
)

// toyEF embeds a text as three numbers: no model, no download (chroma-go's
// default embedding function fetches an ONNX model).
type toyEF struct{}

func (toyEF) EmbedDocuments(_ context.Context, texts []string) ([]embeddings.Embedding, error) {
	out := make([]embeddings.Embedding, len(texts))
	for i, t := range texts {
		out[i] = toyVector(t)
	}
	return out, nil
}
func (toyEF) EmbedQuery(_ context.Context, t string) (embeddings.Embedding, error) {
	return toyVector(t), nil
}
func (toyEF) Name() string { return "toy" }
func (toyEF) GetConfig() embeddings.EmbeddingFunctionConfig {
	return embeddings.EmbeddingFunctionConfig{}
}
func (toyEF) DefaultSpace() embeddings.DistanceMetric { return embeddings.L2 }
func (toyEF) SupportedSpaces() []embeddings.DistanceMetric {
	return []embeddings.DistanceMetric{embeddings.L2}
}
func toyVector(t string) embeddings.Embedding {
	return embeddings.NewEmbeddingFromFloat32([]float32{float32(len(t)), float32(strings.Count(t, "a")), 1})
}

type rig struct {
	client chroma.Client
	spans  *tracetest.InMemoryExporter
	reader *sdkmetric.ManualReader
}

func newRig(t *testing.T, opts ...openlitchroma.Option) *rig {
	t.Helper()
	base := chromaURL(t)
	spans := tracetest.NewInMemoryExporter()
	reader := sdkmetric.NewManualReader()
	opts = append([]openlitchroma.Option{
		openlitchroma.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))),
		openlitchroma.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))),
	}, opts...)
	// chroma-go sets http.DefaultClient's transport when a client is made:
	// keep the process's default client as it was for the other tests.
	saved := http.DefaultClient.Transport
	t.Cleanup(func() { http.DefaultClient.Transport = saved })
	c, err := chroma.NewHTTPClient(chroma.WithBaseURL(base),
		chroma.WithHTTPClient(&http.Client{Transport: openlitchroma.NewTransport(nil, opts...)}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return &rig{client: c, spans: spans, reader: reader}
}

// TestOperations: create a collection, add, upsert, query, get and delete
// against a real Chroma, each one span named after the collection (learnt
// from the create answer: the paths carry its id), with counts, top-k,
// returned rows, the filter, and the metrics.
func TestOperations(t *testing.T) {
	r := newRig(t)
	ctx := openlit.ContextWithAttributes(context.Background(), openlit.ContextAttributes{SessionID: "s-1"})
	col, err := r.client.CreateCollection(ctx, "docs", chroma.WithEmbeddingFunctionCreate(toyEF{}))
	if err != nil {
		t.Fatal(err)
	}
	if err := col.Add(ctx, chroma.WithIDs("a", "b", "c"), chroma.WithTexts("cats purr", "dogs bark", "a banana")); err != nil {
		t.Fatal(err)
	}
	if err := col.Upsert(ctx, chroma.WithIDs("c", "d"), chroma.WithTexts("a big banana", "fish"),
		chroma.WithMetadatas(chroma.NewDocumentMetadata(chroma.NewStringAttribute("kind", "fruit")),
			chroma.NewDocumentMetadata(chroma.NewStringAttribute("kind", "animal")))); err != nil {
		t.Fatal(err)
	}
	res, err := col.Query(ctx, chroma.WithQueryTexts("banana"), chroma.WithNResults(2))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(res.GetIDGroups()[0]); n != 2 {
		t.Fatalf("query answered %d", n)
	}
	got, err := col.Get(ctx, chroma.WithWhereGet(chroma.EqString("kind", "fruit")))
	if err != nil {
		t.Fatal(err)
	}
	if got.Count() != 1 {
		t.Fatalf("get answered %d", got.Count())
	}
	if err := col.Delete(ctx, chroma.WithIDsDelete("a", "b")); err != nil {
		t.Fatal(err)
	}

	spans := r.spans.GetSpans().Snapshots()
	var names []string
	for _, s := range spans {
		names = append(names, s.Name())
	}
	want := []string{"create_collection docs", "insert docs", "upsert docs", "query docs", "get docs", "delete docs"}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Fatalf("spans %v, want %v", names, want)
	}
	host := strings.TrimPrefix(chromaURL(t), "http://")
	host, _, _ = strings.Cut(host, ":")
	for i, s := range spans {
		a := spantest.Values(s)
		if s.SpanKind() != trace.SpanKindClient || s.Status().Code != codes.Ok {
			t.Errorf("%s: kind %v status %v", s.Name(), s.SpanKind(), s.Status())
		}
		for k, v := range map[attribute.Key]string{"db.system.name": "chroma", "db.collection.name": "docs",
			"db.namespace": "default_database", "server.address": host, "session.id": "s-1",
			"db.operation.name": strings.Fields(want[i])[0]} {
			if a[k].AsString() != v {
				t.Errorf("%s: %s = %q, want %q", s.Name(), k, a[k].AsString(), v)
			}
		}
	}
	check := func(i int, k attribute.Key, want int64) {
		t.Helper()
		if got := spantest.Values(spans[i])[k].AsInt64(); got != want {
			t.Errorf("%s: %s = %d, want %d", spans[i].Name(), k, got, want)
		}
	}
	check(1, "db.vector.count", 3)
	check(2, "db.vector.count", 2)
	check(3, "db.vector.query.top_k", 2)
	check(3, "db.response.returned_rows", 2)
	check(4, "db.response.returned_rows", 1)
	check(5, "db.vector.count", 2)
	if f := spantest.Values(spans[4])["db.filter"].AsString(); !strings.Contains(f, `"kind"`) || !strings.Contains(f, "fruit") {
		t.Errorf("get filter %q", f)
	}

	total := spantest.CounterTotal(t, r.reader, "db.total.requests")
	if total != 6 {
		t.Errorf("db.total.requests %d, want 6", total)
	}
}

// TestFailingQuery: a query on a deleted collection is an error span with
// the HTTP status, and the client's error is the one it gives without the
// transport.
func TestFailingQuery(t *testing.T) {
	r := newRig(t, openlitchroma.WithCaptureMessageContent(false))
	ctx := context.Background()
	col, err := r.client.CreateCollection(ctx, "gone", chroma.WithEmbeddingFunctionCreate(toyEF{}))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.client.DeleteCollection(ctx, "gone"); err != nil {
		t.Fatal(err)
	}
	_, qerr := col.Query(ctx, chroma.WithQueryTexts("x"), chroma.WithNResults(1))
	if qerr == nil {
		t.Fatal("query on a deleted collection succeeded")
	}
	spans := r.spans.GetSpans().Snapshots()
	last := spans[len(spans)-1]
	a := spantest.Values(last)
	if last.Name() != "query gone" || last.Status().Code != codes.Error || a["db.response.status_code"].AsString() == "" ||
		a["error.type"].AsString() != a["db.response.status_code"].AsString() {
		t.Errorf("span %q status %v attrs %v", last.Name(), last.Status(), a)
	}
	if spans[len(spans)-2].Name() != "delete_collection gone" {
		t.Errorf("delete span %q", spans[len(spans)-2].Name())
	}

	// The same failure without the transport: the same error text.
	plain, err := chroma.NewHTTPClient(chroma.WithBaseURL(chromaURL(t)))
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	col2, err := plain.CreateCollection(ctx, "gone2", chroma.WithEmbeddingFunctionCreate(toyEF{}))
	if err != nil {
		t.Fatal(err)
	}
	_ = plain.DeleteCollection(ctx, "gone2")
	_, perr := col2.Query(ctx, chroma.WithQueryTexts("x"), chroma.WithNResults(1))
	if perr == nil || strings.ReplaceAll(perr.Error(), "gone2", "gone") != strings.ReplaceAll(qerr.Error(), col.ID(), col2.ID()) {
		t.Errorf("errors differ:\n with: %v\n without: %v", qerr, perr)
	}
}

// TestCancelledAndUnreachable: a cancelled call and a server that is not
// there are error spans; the errors reach the app unchanged.
func TestCancelledAndUnreachable(t *testing.T) {
	spans := tracetest.NewInMemoryExporter()
	tr := openlitchroma.NewTransport(nil, openlitchroma.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))))
	hc := &http.Client{Transport: tr}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost,
		chromaURL(t)+"/api/v2/tenants/t/databases/d/collections/00000000-0000-0000-0000-000000000000/query",
		strings.NewReader(`{"n_results":3}`))
	if _, err := hc.Do(req); !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v", err)
	}
	req, _ = http.NewRequest(http.MethodPost, "http://127.0.0.1:1/api/v2/tenants/t/databases/d/collections/x/get", strings.NewReader(`{}`))
	if _, err := hc.Do(req); err == nil {
		t.Fatal("a call to a closed port succeeded")
	}
	got := spans.GetSpans().Snapshots()
	if len(got) != 2 {
		t.Fatalf("%d spans", len(got))
	}
	if a := spantest.Values(got[0]); got[0].Status().Code != codes.Error || a["error.type"].AsString() != "context.Canceled" || a["db.vector.query.top_k"].AsInt64() != 3 {
		t.Errorf("cancelled: %v %v", got[0].Status(), a)
	}
	if got[1].Status().Code != codes.Error || got[1].Name() != "get x" {
		t.Errorf("unreachable: %q %v", got[1].Name(), got[1].Status())
	}
}

// TestUntouched: requests that are not collection operations pass with no
// span.
func TestUntouched(t *testing.T) {
	r := newRig(t)
	if err := r.client.Heartbeat(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := r.client.ListCollections(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(r.spans.GetSpans()); n != 0 {
		t.Errorf("%d spans", n)
	}
	_ = time.Second
}
