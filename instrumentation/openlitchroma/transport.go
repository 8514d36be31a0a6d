package openlitchroma

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/openlit/openlit-go/internal/boundedcache"
	"github.com/openlit/openlit-go/internal/vectordb"
	"github.com/openlit/openlit-go/semconv"
)

// Transport is an http.RoundTripper that records Chroma's collection
// operations. Build it with NewTransport.
type Transport struct {
	base  http.RoundTripper
	tel   *vectordb.Telemetry
	names *boundedcache.Cache[string, string] // collection id → name
}

var _ http.RoundTripper = (*Transport)(nil)

// maxCollections bounds the collection names a Transport remembers.
const maxCollections = 1024

// NewTransport returns a Transport sending through base
// (http.DefaultTransport when nil).
func NewTransport(base http.RoundTripper, opts ...Option) *Transport {
	var c config
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	if base == nil {
		base = http.DefaultTransport
	}
	return &Transport{
		base: base,
		tel: vectordb.New(vectordb.Config{TracerProvider: c.tp, MeterProvider: c.mp,
			ScopeName: ScopeName, ScopeVersion: Version, CaptureContent: c.capture}),
		names: boundedcache.New[string, string](maxCollections),
	}
}

// CloseIdleConnections closes the base transport's idle connections.
func (t *Transport) CloseIdleConnections() {
	if c, ok := t.base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// route is what a request's method and path say.
type route struct {
	op         string // "" when not traced
	database   string
	collection string // id or name, as in the path
	byID       bool   // collection is an id
	learn      bool   // the answer names a collection: remember it
}

// ops maps the last segment of a collection's POST paths.
var ops = map[string]string{
	"add": semconv.DBOperationInsert, "upsert": semconv.DBOperationUpsert, "update": semconv.DBOperationUpdate,
	"get": semconv.DBOperationGet, "query": semconv.DBOperationQuery, "search": semconv.DBOperationQuery,
	"delete": semconv.DBOperationDelete,
}

func parseRoute(method, path string) route {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for i := 0; i+4 < len(segs); i++ {
		if segs[i] != "tenants" || segs[i+2] != "databases" || segs[i+4] != "collections" {
			continue
		}
		r := route{database: segs[i+3]}
		rest := segs[i+5:]
		switch {
		case len(rest) == 0 && method == http.MethodPost:
			r.op, r.learn = semconv.DBOperationCreateCollection, true
		case len(rest) == 1 && method == http.MethodGet:
			r.learn = true // get a collection by name: untraced, its id learnt
		case len(rest) == 1 && method == http.MethodDelete:
			r.op, r.collection = semconv.DBOperationDeleteCollection, rest[0]
		case len(rest) == 2 && method == http.MethodPost:
			if op, ok := ops[rest[1]]; ok {
				r.op, r.collection, r.byID = op, rest[0], true
			}
		}
		return r
	}
	return route{}
}

// RoundTrip sends req, recording it when it is a collection operation.
// The answer and error are the base transport's, unchanged.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := parseRoute(req.Method, req.URL.Path)
	if r.op == "" {
		if !r.learn {
			return t.base.RoundTrip(req)
		}
		resp, err := t.base.RoundTrip(req)
		if err == nil && resp.StatusCode < 300 {
			t.learn(vectordb.ReadAnswer(resp))
		}
		return resp, err
	}
	op := vectordb.Operation{System: semconv.DBSystemNameChroma, Name: r.op, Namespace: r.database,
		ServerAddress: req.URL.Hostname()}
	op.ServerPort = vectordb.URLPort(req.URL.Scheme, req.URL.Port())
	op.Collection = r.collection
	if r.byID {
		if name, ok := t.names.Load(r.collection); ok {
			op.Collection = name
		}
	}
	body := vectordb.RequestBody(req)
	describe(&op, r.op, body)
	ctx, span := t.tel.Start(req.Context(), op)
	resp, err := t.base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		span.End(err)
		return resp, err
	}
	if resp.StatusCode >= 400 {
		answer := vectordb.ReadAnswer(resp)
		span.SetStatusCode(strconv.Itoa(resp.StatusCode))
		span.End(&HTTPError{StatusCode: resp.StatusCode, Message: errorMessage(answer)})
		return resp, nil
	}
	switch r.op {
	case semconv.DBOperationGet:
		if answer := vectordb.ReadAnswer(resp); answer != nil {
			span.SetReturnedRows(int(gjson.GetBytes(answer, "ids.#").Int()))
		}
	case semconv.DBOperationQuery:
		if answer := vectordb.ReadAnswer(resp); answer != nil {
			n := 0
			for _, c := range gjson.GetBytes(answer, "ids.#.#").Array() {
				n += int(c.Int())
			}
			span.SetReturnedRows(n)
		}
	case semconv.DBOperationCreateCollection:
		t.learn(vectordb.ReadAnswer(resp))
	}
	span.End(nil)
	return resp, nil
}

// describe fills what the request body says: counts, top-k, the filter.
func describe(op *vectordb.Operation, name string, body []byte) {
	if body == nil {
		return
	}
	switch name {
	case semconv.DBOperationCreateCollection:
		op.Collection = gjson.GetBytes(body, "name").String()
	case semconv.DBOperationInsert, semconv.DBOperationUpsert, semconv.DBOperationUpdate, semconv.DBOperationDelete:
		op.VectorCount = int(gjson.GetBytes(body, "ids.#").Int())
	case semconv.DBOperationQuery:
		op.TopK = int(gjson.GetBytes(body, "n_results").Int())
	}
	var filter []string
	for _, k := range []string{"where", "where_document"} {
		if v := gjson.GetBytes(body, k); v.Exists() && v.Type != gjson.Null {
			filter = append(filter, strconv.Quote(k)+":"+v.Raw)
		}
	}
	if len(filter) > 0 {
		op.Filter = "{" + strings.Join(filter, ",") + "}"
	}
}

// learn remembers the collection (or collections) an answer describes.
func (t *Transport) learn(answer []byte) {
	if answer == nil {
		return
	}
	remember := func(c gjson.Result) {
		if id, name := c.Get("id").String(), c.Get("name").String(); id != "" && name != "" {
			t.names.Store(id, name)
		}
	}
	if v := gjson.ParseBytes(answer); v.IsArray() {
		for _, c := range v.Array() {
			remember(c)
		}
	} else {
		remember(v)
	}
}

// errorMessage is the message of a Chroma error answer.
func errorMessage(answer []byte) string {
	for _, k := range []string{"message", "error"} {
		if m := gjson.GetBytes(answer, k).String(); m != "" {
			return m
		}
	}
	return ""
}

// HTTPError is the error a span records for a Chroma answer with an HTTP
// error status (the client gets the answer itself, unchanged).
type HTTPError struct {
	StatusCode int
	Message    string
}

func (e *HTTPError) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("chroma: HTTP %d", e.StatusCode)
	}
	return fmt.Sprintf("chroma: HTTP %d: %s", e.StatusCode, e.Message)
}
