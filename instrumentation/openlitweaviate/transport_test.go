package openlitweaviate_test

import (
	"context"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/weaviate/weaviate-go-client/v5/weaviate"
	"github.com/weaviate/weaviate-go-client/v5/weaviate/filters"
	"github.com/weaviate/weaviate-go-client/v5/weaviate/graphql"
	"github.com/weaviate/weaviate/entities/models"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/instrumentation/openlitweaviate"
	"github.com/openlit/openlit-go/internal/spantest"
)

// fakeWeaviate answers the REST and GraphQL calls the tests make, in
// Weaviate's shapes: meta, schema create, batch import, object get and
// delete, and GraphQL Get with nearVector (cosine) and limit.
type fakeWeaviate struct {
	mu      sync.Mutex
	classes map[string]bool
	objects map[string]map[string]any // id → object JSON
}

var (
	reGQLClass = regexp.MustCompile(`Get\s*\{\s*(\w+)`)
	reGQLVec   = regexp.MustCompile(`vector:\s*\[([^\]]*)\]`)
	reGQLLimit = regexp.MustCompile(`limit:\s*(\d+)`)
)

func (f *fakeWeaviate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	body, _ := io.ReadAll(r.Body)
	reply := func(code int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		_ = json.NewEncoder(w).Encode(v)
	}
	p := r.URL.Path
	switch {
	case p == "/v1/meta":
		reply(200, map[string]any{"hostname": "http://[::]:8080", "version": "1.33.0", "modules": map[string]any{}})
	case p == "/v1/schema" && r.Method == http.MethodPost:
		var c map[string]any
		_ = json.Unmarshal(body, &c)
		name, _ := c["class"].(string)
		if f.classes[name] {
			reply(422, map[string]any{"error": []any{map[string]any{"message": "class name \"" + name + "\" already exists"}}})
			return
		}
		f.classes[name] = true
		reply(200, c)
	case p == "/v1/batch/objects" && r.Method == http.MethodPost:
		var b struct {
			Objects []map[string]any `json:"objects"`
		}
		_ = json.Unmarshal(body, &b)
		var out []map[string]any
		for _, o := range b.Objects {
			f.objects[o["id"].(string)] = o
			o["result"] = map[string]any{}
			out = append(out, o)
		}
		reply(200, out)
	case strings.HasPrefix(p, "/v1/objects/"):
		parts := strings.Split(strings.TrimPrefix(p, "/v1/objects/"), "/")
		id := parts[len(parts)-1]
		o, ok := f.objects[id]
		switch {
		case r.Method == http.MethodPut:
		case !ok:
			w.WriteHeader(404)
		case r.Method == http.MethodGet:
			reply(200, o)
		case r.Method == http.MethodDelete:
			delete(f.objects, id)
			w.WriteHeader(204)
		}
		if r.Method == http.MethodPut {
			var o map[string]any
			_ = json.Unmarshal(body, &o)
			f.objects[id] = o
			reply(200, o)
		}
	case p == "/v1/graphql":
		var q struct {
			Query string `json:"query"`
		}
		_ = json.Unmarshal(body, &q)
		class := reGQLClass.FindStringSubmatch(q.Query)[1]
		if !f.classes[class] {
			reply(200, map[string]any{"data": map[string]any{"Get": nil}, "errors": []any{map[string]any{
				"locations": []any{map[string]any{"column": 6, "line": 1}},
				"message":   "Cannot query field \"" + class + "\" on type \"GetObjectsObj\".", "path": nil}}})
			return
		}
		var qv []float64
		if m := reGQLVec.FindStringSubmatch(q.Query); m != nil {
			_ = json.Unmarshal([]byte("["+m[1]+"]"), &qv)
		}
		type hit struct {
			text  string
			score float64
		}
		var hits []hit
		for _, o := range f.objects {
			var v []float64
			b, _ := json.Marshal(o["vector"])
			_ = json.Unmarshal(b, &v)
			props, _ := o["properties"].(map[string]any)
			text, _ := props["text"].(string)
			hits = append(hits, hit{text, cosine(qv, v)})
		}
		sort.Slice(hits, func(i, j int) bool { return hits[i].score > hits[j].score })
		if m := reGQLLimit.FindStringSubmatch(q.Query); m != nil {
			var n int
			_ = json.Unmarshal([]byte(m[1]), &n)
			if len(hits) > n {
				hits = hits[:n]
			}
		}
		var rows []any
		for _, h := range hits {
			rows = append(rows, map[string]any{"text": h.text})
		}
		reply(200, map[string]any{"data": map[string]any{"Get": map[string]any{class: rows}}})
	default:
		w.WriteHeader(404)
	}
}

func cosine(a, b []float64) float64 {
	var dot, na, nb float64
	for i := range a {
		if i < len(b) {
			dot, na, nb = dot+a[i]*b[i], na+a[i]*a[i], nb+b[i]*b[i]
		}
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / (math.Sqrt(na) * math.Sqrt(nb))
}

type rig struct {
	srv    *httptest.Server
	client *weaviate.Client
	spans  *tracetest.InMemoryExporter
}

func newRig(t *testing.T, opts ...openlitweaviate.Option) *rig {
	t.Helper()
	srv := httptest.NewServer(&fakeWeaviate{classes: map[string]bool{}, objects: map[string]map[string]any{}})
	t.Cleanup(srv.Close)
	spans := tracetest.NewInMemoryExporter()
	opts = append([]openlitweaviate.Option{
		openlitweaviate.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))),
		openlitweaviate.WithMeterProvider(sdkmetric.NewMeterProvider()),
	}, opts...)
	c, err := weaviate.NewClient(weaviate.Config{Host: strings.TrimPrefix(srv.URL, "http://"), Scheme: "http",
		ConnectionClient: &http.Client{Transport: openlitweaviate.NewTransport(nil, opts...)}})
	if err != nil {
		t.Fatal(err)
	}
	return &rig{srv: srv, client: c, spans: spans}
}

const (
	id1 = "00000000-0000-0000-0000-000000000001"
	id2 = "00000000-0000-0000-0000-000000000002"
	id3 = "00000000-0000-0000-0000-000000000003"
)

// TestOperations: create a class, batch import, a nearVector search, get,
// delete and replace (PUT: upsert) an object, through the real client, each one span; the
// client's own meta call is untraced.
func TestOperations(t *testing.T) {
	r := newRig(t)
	ctx := openlit.ContextWithAttributes(context.Background(), openlit.ContextAttributes{UserID: "u-4"})
	if err := r.client.Schema().ClassCreator().WithClass(&models.Class{Class: "Doc"}).Do(ctx); err != nil {
		t.Fatal(err)
	}
	obj := func(id, text string, v ...float32) *models.Object {
		return &models.Object{Class: "Doc", ID: strfmtUUID(id), Properties: map[string]any{"text": text}, Vector: v}
	}
	if _, err := r.client.Batch().ObjectsBatcher().WithObjects(obj(id1, "cats purr", 1, 0, 0), obj(id2, "dogs bark", 0, 1, 0),
		obj(id3, "kittens", 0.9, 0.1, 0)).Do(ctx); err != nil {
		t.Fatal(err)
	}
	where := filters.Where().WithPath([]string{"text"}).WithOperator(filters.NotEqual).WithValueText("x")
	res, err := r.client.GraphQL().Get().WithClassName("Doc").WithFields(graphql.Field{Name: "text"}).
		WithNearVector(r.client.GraphQL().NearVectorArgBuilder().WithVector([]float32{1, 0.05, 0})).
		WithWhere(where).WithLimit(2).Do(ctx)
	if err != nil || len(res.Errors) != 0 {
		t.Fatalf("search: %v %v", err, res.Errors)
	}
	rows := res.Data["Get"].(map[string]any)["Doc"].([]any)
	if len(rows) != 2 || rows[0].(map[string]any)["text"] != "cats purr" {
		t.Fatalf("search answered %v", rows)
	}
	if got, err := r.client.Data().ObjectsGetter().WithClassName("Doc").WithID(id2).Do(ctx); err != nil || len(got) != 1 {
		t.Fatalf("get: %v %v", got, err)
	}
	if err := r.client.Data().Deleter().WithClassName("Doc").WithID(id1).Do(ctx); err != nil {
		t.Fatal(err)
	}
	if err := r.client.Data().Updater().WithClassName("Doc").WithID(id3).
		WithProperties(map[string]any{"text": "kittens play"}).Do(ctx); err != nil {
		t.Fatal(err)
	}

	spans := r.spans.GetSpans().Snapshots()
	var names []string
	for _, s := range spans {
		names = append(names, s.Name())
	}
	want := []string{"create_collection Doc", "insert Doc", "query Doc", "get Doc", "delete Doc", "upsert Doc"}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Fatalf("spans %v, want %v", names, want)
	}
	for i, s := range spans {
		a := spantest.Values(s)
		if s.SpanKind() != trace.SpanKindClient || s.Status().Code != codes.Ok {
			t.Errorf("%s: kind %v status %v", s.Name(), s.SpanKind(), s.Status())
		}
		for k, v := range map[attribute.Key]string{"db.system.name": "weaviate", "db.collection.name": "Doc",
			"db.operation.name": strings.Fields(want[i])[0], "server.address": "127.0.0.1", "user.id": "u-4"} {
			if a[k].AsString() != v {
				t.Errorf("%s: %s = %q, want %q", s.Name(), k, a[k].AsString(), v)
			}
		}
	}
	a := spantest.Values(spans[2])
	if a["db.vector.query.top_k"].AsInt64() != 2 || a["db.response.returned_rows"].AsInt64() != 2 || spantest.Values(spans[1])["db.vector.count"].AsInt64() != 3 {
		t.Errorf("search %v, import %v", a, spantest.Values(spans[1]))
	}
	if f := a["db.filter"].AsString(); !strings.Contains(f, "NotEqual") || !strings.HasPrefix(f, "{") || !strings.HasSuffix(f, "}") {
		t.Errorf("filter %q", f)
	}
	if q := a["db.query.text"].AsString(); !strings.Contains(q, "nearVector") || strings.Contains(q, "0.05") {
		t.Errorf("query text %q: want the query without its vector", q)
	}
}

// TestFailures: a search on a class that does not exist (GraphQL answers
// its error with 200) and a class created twice (422) are error spans;
// the client answers as without the transport.
func TestFailures(t *testing.T) {
	r := newRig(t, openlitweaviate.WithCaptureMessageContent(false))
	ctx := context.Background()
	res, err := r.client.GraphQL().Get().WithClassName("Nope").WithFields(graphql.Field{Name: "text"}).
		WithNearVector(r.client.GraphQL().NearVectorArgBuilder().WithVector([]float32{1, 0, 0})).WithLimit(3).Do(ctx)
	if err != nil || len(res.Errors) != 1 {
		t.Fatalf("search: %v %+v", err, res)
	}
	_ = r.client.Schema().ClassCreator().WithClass(&models.Class{Class: "Doc"}).Do(ctx)
	err = r.client.Schema().ClassCreator().WithClass(&models.Class{Class: "Doc"}).Do(ctx)
	if err == nil {
		t.Fatal("a class created twice succeeded")
	}
	spans := r.spans.GetSpans().Snapshots()
	if len(spans) != 3 {
		t.Fatalf("%d spans", len(spans))
	}
	if a := spantest.Values(spans[0]); spans[0].Name() != "query Nope" || spans[0].Status().Code != codes.Error ||
		a["error.type"].AsString() != "graphql_error" || a["db.query.text"].Type() != attribute.INVALID {
		t.Errorf("search span %q %v %v", spans[0].Name(), spans[0].Status(), a)
	}
	if a := spantest.Values(spans[2]); spans[2].Status().Code != codes.Error || a["db.response.status_code"].AsString() != "422" ||
		!strings.Contains(spans[2].Status().Description, "already exists") {
		t.Errorf("create span %v %v", spans[2].Status(), a)
	}
	// An unreachable server: the client's own error, an error span.
	r.srv.Close()
	if err := r.client.Data().Deleter().WithClassName("Doc").WithID(id1).Do(ctx); err == nil {
		t.Fatal("a delete against a closed server succeeded")
	}
	last := r.spans.GetSpans().Snapshots()[3]
	if last.Status().Code != codes.Error {
		t.Errorf("unreachable: %v", last.Status())
	}
}
