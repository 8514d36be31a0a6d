package main

import (
	"strings"
	"testing"
)

func TestParseAndMedian(t *testing.T) {
	in := `goos: linux
BenchmarkChat/mode=plain-2         	   12068	    100 ns/op	   50 B/op	     10 allocs/op
BenchmarkChat/mode=plain-2         	   13554	    300 ns/op	   50 B/op	     10 allocs/op
BenchmarkChat/mode=plain-2         	   13554	    200 ns/op	   50 B/op	     10 allocs/op
BenchmarkChat/mode=instrumented-2  	   13453	    220 ns/op	   70 B/op	     12 allocs/op
BenchmarkStream/mode=instrumented-2  	   1	    5000 ns/op	   202 chunks/op	   70 B/op	     12 allocs/op
PASS`
	cases, order, err := parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(order) != 2 || order[0] != "Chat" || order[1] != "Stream" {
		t.Fatalf("order = %v", order)
	}
	if m := median(cases["Chat"]["plain"], "ns/op"); m != 200 {
		t.Errorf("median = %v, want 200", m)
	}
	if m := median(cases["Stream"]["instrumented"], "chunks/op"); m != 202 {
		t.Errorf("chunks = %v", m)
	}
	if _, _, err := parse(strings.NewReader("BenchmarkX/mode=plain-2 1 abc ns/op")); err == nil {
		t.Error("bad number accepted")
	}
}
