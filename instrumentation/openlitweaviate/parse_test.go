package openlitweaviate

import (
	"strings"
	"testing"
)

func TestParseGet(t *testing.T) {
	for _, tc := range []struct {
		q    string
		want get
		ok   bool
	}{
		{`{Get{Doc(nearVector:{vector:[1,2]} limit:3){text}}}`, get{op: "query", class: "Doc", limit: 3}, true},
		{`{ Get { Doc ( hybrid: {query: "a (b"} where: {path: ["t"], operator: Equal, valueText: "x}"} limit: 5 ) { text } } }`,
			get{op: "query", class: "Doc", limit: 5, where: `{path: ["t"], operator: Equal, valueText: "x}"}`}, true},
		{`{Get{Doc{text}}}`, get{op: "get", class: "Doc"}, true},
		{`{Get{Doc(limit: 2`, get{op: "get", class: "Doc", limit: 2}, true},
		{`{Aggregate{Doc{meta{count}}}}`, get{}, false},
		{"", get{}, false},
		{"{Get{\xff}}", get{}, false},
	} {
		got, ok := parseGet(tc.q)
		if ok != tc.ok || got != tc.want {
			t.Errorf("parseGet(%q) = %+v %v, want %+v %v", tc.q, got, ok, tc.want, tc.ok)
		}
	}
	// A huge query is read in linear time.
	if g, ok := parseGet("{Get{Doc(bm25:{query:\"" + strings.Repeat("(", 1<<20) + "\"} limit: 1){x}}}"); !ok || g.op != "query" {
		t.Errorf("huge: %+v", g)
	}
}

func TestRoute(t *testing.T) {
	for _, tc := range []struct {
		method, path, op, class string
	}{
		{"POST", "/v1/graphql", "query", ""}, {"POST", "/v1/batch/objects", "insert", ""}, {"DELETE", "/v1/batch/objects", "delete", ""},
		{"POST", "/v1/schema", "create_collection", ""}, {"DELETE", "/v1/schema/Doc", "delete_collection", "Doc"},
		{"GET", "/v1/objects/Doc/abc", "get", "Doc"}, {"PUT", "/v1/objects/Doc/abc", "upsert", "Doc"},
		{"PATCH", "/v1/objects/Doc/abc", "update", "Doc"}, {"DELETE", "/v1/objects/Doc/abc", "delete", "Doc"},
		{"POST", "/v1/objects", "insert", ""}, {"GET", "/v1/meta", "", ""}, {"GET", "/v1/schema", "", ""},
		{"GET", "/v1/.well-known/ready", "", ""}, {"GET", "/other", "", ""},
	} {
		if op, class, _ := route(tc.method, tc.path); op != tc.op || class != tc.class {
			t.Errorf("route(%s %s) = %q %q", tc.method, tc.path, op, class)
		}
	}
}

func TestWithoutVectors(t *testing.T) {
	for in, want := range map[string]string{
		`{Get{Doc(nearVector:{vector:[0.1, -2e-3, 3]} limit:2){text}}}`: `{Get{Doc(nearVector:{vector:[…]} limit:2){text}}}`,
		`{Get{Doc(nearVector:{vectors: [1,2]}){x}}}`:                    `{Get{Doc(nearVector:{vectors: […]}){x}}}`,
		`{Get{Doc(limit:2){text}}}`:                                     `{Get{Doc(limit:2){text}}}`,
	} {
		if got := withoutVectors(in); got != want {
			t.Errorf("withoutVectors(%q) = %q, want %q", in, got, want)
		}
	}
}
