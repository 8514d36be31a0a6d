package genai

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestBoundText(t *testing.T) {
	tests := []struct {
		name, in string
		max      int
		want     string
	}{
		{"short", "hello", 10, "hello"},
		{"exact", "hello", 5, "hello"},
		{"cut, marker does not fit", "hello world", 5, "hello"},
		{"cut with marker", strings.Repeat("a", 40), 30, strings.Repeat("a", 7) + "…[truncated 33 bytes]"},
		{"cut at rune boundary", "héllo", 2, "h"},
		{"invalid utf-8 repaired", "a\xffb", 10, "a\uFFFDb"},
		{"default bound", strings.Repeat("x", DefaultMaxContentLength+1), 0, strings.Repeat("x", DefaultMaxContentLength-len("…[truncated 131073 bytes]")) + "…[truncated 28 bytes]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := BoundText(tt.in, tt.max); got != tt.want {
				t.Errorf("BoundText = %q (%d bytes), want %q (%d bytes)", tail(got), len(got), tail(tt.want), len(tt.want))
			}
		})
	}
}

// FuzzBoundText: any input gives valid UTF-8 no longer than the bound plus
// its marker, and never panics.
func FuzzBoundText(f *testing.F) {
	for _, s := range []string{"", "hello", "héllo wörld", "a\xffb\xfe", strings.Repeat("€", 100)} {
		f.Add(s, 7)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		if max > 1<<20 || max < -10 {
			return
		}
		got := BoundText(s, max)
		if !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8 out of %q", s)
		}
		limit := max
		if limit <= 0 {
			limit = DefaultMaxContentLength
		}
		if len(got) > limit {
			t.Fatalf("%d bytes out for a bound of %d", len(got), limit)
		}
	})
}

// tail keeps failure messages short.
func tail(s string) string {
	if len(s) > 60 {
		return "…" + s[len(s)-60:]
	}
	return s
}
