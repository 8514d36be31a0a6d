package openlitweaviate

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/openlit/openlit-go/internal/vectordb"
	"github.com/openlit/openlit-go/semconv"
)

// Transport is an http.RoundTripper that records Weaviate's operations.
type Transport struct {
	base http.RoundTripper
	tel  *vectordb.Telemetry
}

var _ http.RoundTripper = (*Transport)(nil)

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
	return &Transport{base: base, tel: vectordb.New(vectordb.Config{TracerProvider: c.tp, MeterProvider: c.mp,
		ScopeName: ScopeName, ScopeVersion: Version, CaptureContent: c.capture})}
}

// CloseIdleConnections closes the base transport's idle connections.
func (t *Transport) CloseIdleConnections() {
	if c, ok := t.base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// kind says how an operation's answer is read.
type kind int

const (
	plain kind = iota
	graphQL
	batchInsert
	batchDelete
	getObjects
)

// route reads the method and the path after /v1.
func route(method, path string) (op, class string, k kind) {
	i := strings.Index(path, "/v1/")
	if i < 0 {
		return "", "", plain
	}
	segs := strings.Split(strings.Trim(path[i+len("/v1/"):], "/"), "/")
	switch {
	case segs[0] == "graphql" && len(segs) == 1 && method == http.MethodPost:
		return semconv.DBOperationQuery, "", graphQL
	case segs[0] == "batch" && len(segs) == 2 && segs[1] == "objects":
		switch method {
		case http.MethodPost:
			return semconv.DBOperationInsert, "", batchInsert
		case http.MethodDelete:
			return semconv.DBOperationDelete, "", batchDelete
		}
	case segs[0] == "schema" && len(segs) == 1 && method == http.MethodPost:
		return semconv.DBOperationCreateCollection, "", plain
	case segs[0] == "schema" && len(segs) == 2 && method == http.MethodDelete:
		return semconv.DBOperationDeleteCollection, segs[1], plain
	case segs[0] == "objects":
		cls := ""
		if len(segs) == 3 {
			cls = segs[1]
		}
		switch {
		case method == http.MethodPost && len(segs) == 1:
			return semconv.DBOperationInsert, "", plain
		case method == http.MethodGet && len(segs) == 1:
			return semconv.DBOperationGet, "", getObjects
		case method == http.MethodGet && len(segs) >= 2:
			return semconv.DBOperationGet, cls, plain
		case method == http.MethodPut && len(segs) >= 2:
			return semconv.DBOperationUpsert, cls, plain
		case method == http.MethodPatch && len(segs) >= 2:
			return semconv.DBOperationUpdate, cls, plain
		case method == http.MethodDelete && len(segs) >= 2:
			return semconv.DBOperationDelete, cls, plain
		}
	}
	return "", "", plain
}

// RoundTrip sends req, recording it when it is an operation. The answer
// and error are the base transport's, unchanged.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	name, class, k := route(req.Method, req.URL.Path)
	if name == "" {
		return t.base.RoundTrip(req)
	}
	op := vectordb.Operation{System: semconv.DBSystemNameWeaviate, Name: name, Collection: class,
		ServerAddress: req.URL.Hostname(), ServerPort: vectordb.URLPort(req.URL.Scheme, req.URL.Port())}
	var gqlClass string
	body := vectordb.RequestBody(req)
	switch {
	case k == graphQL:
		q := gjson.GetBytes(body, "query").String()
		g, ok := parseGet(q)
		if !ok {
			return t.base.RoundTrip(req) // aggregates, explores: not vector operations
		}
		gqlClass = g.class
		op.Name, op.Collection, op.TopK, op.Filter, op.QueryText = g.op, g.class, g.limit, g.where, withoutVectors(q)
	case k == batchInsert:
		objs := gjson.GetBytes(body, "objects")
		op.VectorCount = int(objs.Get("#").Int())
		op.Collection = objs.Get("0.class").String()
	case k == batchDelete:
		op.Collection = gjson.GetBytes(body, "match.class").String()
		if w := gjson.GetBytes(body, "match.where"); w.Exists() {
			op.Filter = w.Raw
		}
	case k == getObjects:
		op.Collection = req.URL.Query().Get("class")
	case name == semconv.DBOperationCreateCollection:
		op.Collection = gjson.GetBytes(body, "class").String()
	case name == semconv.DBOperationInsert:
		op.Collection, op.VectorCount = gjson.GetBytes(body, "class").String(), 1
	}
	ctx, span := t.tel.Start(req.Context(), op)
	resp, err := t.base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		span.End(err)
		return resp, err
	}
	if resp.StatusCode >= 400 {
		answer := vectordb.ReadAnswer(resp)
		span.SetStatusCode(strconv.Itoa(resp.StatusCode))
		span.End(&HTTPError{StatusCode: resp.StatusCode, Message: gjson.GetBytes(answer, "error.0.message").String()})
		return resp, nil
	}
	switch k {
	case graphQL:
		answer := vectordb.ReadAnswer(resp)
		if msg := gjson.GetBytes(answer, "errors.0.message").String(); msg != "" {
			// GraphQL answers its errors with 200.
			span.SetStatusCode("graphql_error")
			span.End(&HTTPError{StatusCode: resp.StatusCode, Message: msg})
			return resp, nil
		}
		if answer != nil {
			span.SetReturnedRows(int(gjson.GetBytes(answer, "data.Get."+gjsonKey(gqlClass)+".#").Int()))
		}
	case batchDelete:
		if answer := vectordb.ReadAnswer(resp); answer != nil {
			span.SetVectorCount(int(gjson.GetBytes(answer, "results.successful").Int()))
		}
	case getObjects:
		if answer := vectordb.ReadAnswer(resp); answer != nil {
			span.SetReturnedRows(int(gjson.GetBytes(answer, "objects.#").Int()))
		}
	}
	span.End(nil)
	return resp, nil
}

// gjsonKey escapes a class name for a gjson path.
func gjsonKey(s string) string {
	r := strings.NewReplacer(".", `\.`, "*", `\*`, "?", `\?`, "|", `\|`, "#", `\#`, "@", `\@`)
	return r.Replace(s)
}

// get is what a GraphQL Get query says.
type get struct {
	op, class, where string
	limit            int
}

var (
	reGet    = regexp.MustCompile(`(?s)\bGet\s*\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(\()?`)
	reLimit  = regexp.MustCompile(`(?s)\blimit\s*:\s*(\d+)`)
	reSearch = regexp.MustCompile(`(?s)\b(nearVector|nearText|nearObject|nearImage|hybrid|bm25|nearMedia)\s*:`)
	reWhere  = regexp.MustCompile(`(?s)\bwhere\s*:\s*\{`)
)

// parseGet reads the class, the search, the limit and the where clause of
// a GraphQL Get query (the first class it names).
func parseGet(q string) (get, bool) {
	m := reGet.FindStringSubmatchIndex(q)
	if m == nil {
		return get{}, false
	}
	g := get{op: semconv.DBOperationGet, class: q[m[2]:m[3]]}
	if m[4] < 0 {
		return g, true
	}
	args := balanced(q[m[4]:], '(', ')')
	if reSearch.MatchString(args) {
		g.op = semconv.DBOperationQuery
	}
	if l := reLimit.FindStringSubmatch(args); l != nil {
		g.limit, _ = strconv.Atoi(l[1])
	}
	if w := reWhere.FindStringIndex(args); w != nil {
		g.where = balanced(args[w[1]-1:], '{', '}')
	}
	return g, true
}

var reVector = regexp.MustCompile(`(\b(?:vector|vectors)\s*:\s*)\[[^\]]*\]`)

// withoutVectors is a GraphQL query with the numbers of its vectors left
// out ("vector: […]"): the query is recorded, the embedding is not.
func withoutVectors(q string) string {
	if !strings.Contains(q, "ector") {
		return q
	}
	return reVector.ReplaceAllString(q, "${1}[…]")
}

// balanced is s from its opening bracket to the matching close (the rest of
// s when unbalanced).
func balanced(s string, open, close byte) string {
	depth := 0
	inString := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' && (i == 0 || s[i-1] != '\\'):
			inString = !inString
		case inString:
		case c == open:
			depth++
		case c == close:
			depth--
			if depth == 0 {
				return s[:i+1]
			}
		}
	}
	return s
}

// HTTPError is the error a span records for a Weaviate failure answer (the
// client gets the answer itself, unchanged).
type HTTPError struct {
	StatusCode int
	Message    string
}

func (e *HTTPError) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("weaviate: HTTP %d", e.StatusCode)
	}
	return fmt.Sprintf("weaviate: HTTP %d: %s", e.StatusCode, e.Message)
}
