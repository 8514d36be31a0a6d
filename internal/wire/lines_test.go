package wire

import (
	"strings"
	"testing"
)

func TestLinesAndEvents(t *testing.T) {
	stream := "event: a\r\ndata: {\"x\":1}\r\n\r\n: comment\ndata: one\ndata: two\n\ndata:{\"n\":\"" + strings.Repeat("z", 500) + "\"}\n\ndata: last"
	var got []string
	for _, n := range []int{1, 5, 1 << 20} {
		got = got[:0]
		l := lines{max: 64}
		s := sse{max: 1 << 10}
		dispatch := func(ev, data []byte) { got = append(got, string(ev)+"|"+string(data)) }
		for rest := stream; len(rest) > 0; {
			k := min(n, len(rest))
			l.write([]byte(rest[:k]), func(b []byte) { s.line(b, dispatch) })
			rest = rest[k:]
		}
		l.flush(func(b []byte) { s.line(b, dispatch) })
		s.dispatch(dispatch)
		want := []string{`a|{"x":1}`, "|one\ntwo", `|{"n":"` + strings.Repeat("z", 32) + `"}`, "|last"}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("pieces of %d: %q, want %q", n, got, want)
		}
	}
}
