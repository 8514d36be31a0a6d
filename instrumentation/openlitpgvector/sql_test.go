package openlitpgvector

import (
	"strings"
	"testing"
)

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		sql  string
		want statement
	}{
		{"SELECT id FROM items ORDER BY embedding <-> $1 LIMIT 5", statement{op: "query", table: "items", search: true, limit: 5}},
		{"select * from public.items order by embedding <=> $1::vector limit $2", statement{op: "query", table: "items", search: true, limitArg: 2}},
		{`SELECT 1 FROM "My ""Docs""" ORDER BY e <#> $1 LIMIT 3`, statement{op: "query", table: `My "Docs"`, search: true, limit: 3}},
		{"WITH q AS (SELECT $1::vector v) SELECT id FROM items, q ORDER BY embedding <+> q.v LIMIT 10", statement{op: "query", table: "items", search: true, limit: 10}},
		{"SELECT id FROM items ORDER BY bits <~> $1 LIMIT 4", statement{op: "query", table: "items", search: true, limit: 4}},
		{"SELECT id FROM items ORDER BY sets <%> $1 LIMIT 4", statement{op: "query", table: "items", search: true, limit: 4}},
		// Not searches: no ORDER BY, no LIMIT, or the operator inside a
		// literal or a comment.
		{"SELECT embedding <-> $1 AS d FROM items", statement{op: "get", table: "items"}},
		{"SELECT id FROM items ORDER BY embedding <-> $1", statement{op: "get", table: "items"}},
		{"SELECT '<->' FROM items ORDER BY id LIMIT 1", statement{op: "get", table: "items"}},
		{"SELECT id FROM items /* <-> */ ORDER BY id LIMIT 1", statement{op: "get", table: "items"}},
		{"SELECT id FROM items -- <->\n ORDER BY id LIMIT 1", statement{op: "get", table: "items"}},
		{"SELECT 'it''s <->' FROM items ORDER BY id LIMIT 1", statement{op: "get", table: "items"}},
		{"INSERT INTO items (id, embedding) VALUES ($1, $2)", statement{op: "insert", table: "items"}},
		{"insert into s.items values ($1) on conflict (id) do update set e = excluded.e", statement{op: "upsert", table: "items"}},
		{"DELETE FROM ONLY items WHERE id = $1", statement{op: "delete", table: "items"}},
		{"UPDATE items SET embedding = $1", statement{op: "update", table: "items"}},
		{"CREATE TABLE items (id int)", statement{}},
		{"", statement{}},
		{"SELECT", statement{op: "get"}},
		{"SELECT '/* unterminated", statement{op: "get"}},
		{"SELECT 1 /* unterminated <->", statement{op: "get"}},
		{"SELECT \xff\xfe FROM \xffitems ORDER BY e <-> $1 LIMIT 1", statement{op: "query", search: true, limit: 1}},
	} {
		if got := parse(tc.sql); got != tc.want {
			t.Errorf("parse(%q) = %+v, want %+v", tc.sql, got, tc.want)
		}
	}
}

// TestClassifyHuge: a 4 MB statement is read in linear time, and not
// cached.
func TestClassifyHuge(t *testing.T) {
	sql := "SELECT id FROM items WHERE content IN ('" + strings.Repeat("a''b <-> ", 400_000) + "') ORDER BY embedding <-> $1 LIMIT 7"
	if st := classify(sql); st.op != "query" || st.limit != 7 || st.table != "items" {
		t.Errorf("%+v", st)
	}
	if _, ok := classified.Load(sql); ok {
		t.Error("a 4 MB statement was cached")
	}
}

func TestIntArg(t *testing.T) {
	for _, tc := range []struct {
		v    any
		want int
		ok   bool
	}{{5, 5, true}, {int64(7), 7, true}, {uint8(3), 3, true}, {"12", 12, true}, {"x", 0, false}, {3.5, 0, false},
		{nil, 0, false}, {uint64(1 << 63), 0, false}} {
		if got, ok := intArg(tc.v); got != tc.want || ok != tc.ok {
			t.Errorf("intArg(%v) = %d %v", tc.v, got, ok)
		}
	}
}
