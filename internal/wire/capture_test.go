package wire

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tidwall/gjson"
)

// feed writes doc to c in pieces of n bytes.
func feed(c *capture, doc string, n int) {
	for len(doc) > 0 {
		k := min(n, len(doc))
		c.Write([]byte(doc[:k]))
		doc = doc[k:]
	}
}

func TestCapture(t *testing.T) {
	long := strings.Repeat("a", 100)
	tests := []struct {
		name, in, want string
		maxString      int
		maxElems       int
	}{
		{"kept whole", `{"a":"b","c":[1,2,3],"d":{"e":null}}`, `{"a":"b","c":[1,2,3],"d":{"e":null}}`, 10, 10},
		{"long string cut", `{"b64":"` + long + `","usage":{"total":5}}`, `{"b64":"aaaaaaaaaa","usage":{"total":5}}`, 10, 10},
		{"cut never inside an escape", `{"s":"aaaaaaaa\u00e9bbbb","n":1}`, `{"s":"aaaaaaaa\u00e9","n":1}`, 10, 10},
		{"escaped quote is not the end", `{"s":"a\"` + long + `","n":1}`, `{"s":"a\"aaaaaaa","n":1}`, 10, 10},
		{"long array shortened", `{"v":[1,2,3,4,5,[6,7],"x,]"],"n":2}`, `{"v":[1,2,3],"n":2}`, 10, 3},
		{"nested arrays each bounded", `[[1,2,3],[4,5,6],[7,8,9],[0]]`, `[[1,2],[4,5]]`, 10, 2},
	}
	for _, tt := range tests {
		for _, n := range []int{1, 2, 3, 7, 1 << 20} {
			c := newCapture(tt.maxString, tt.maxElems, 1<<20)
			feed(c, tt.in, n)
			if got := string(c.bytes()); got != tt.want {
				t.Errorf("%s (pieces of %d): got %s, want %s", tt.name, n, got, tt.want)
			}
		}
	}
}

func TestCaptureTotalBound(t *testing.T) {
	c := newCapture(1<<20, 1<<20, 100)
	feed(c, `{"a":"`+strings.Repeat("x", 1000)+`"}`, 17)
	if len(c.bytes()) != 100 || !c.full {
		t.Fatalf("kept %d bytes, full %v", len(c.bytes()), c.full)
	}
}

// FuzzCapture: what a capture keeps of a valid JSON document is valid JSON,
// whatever the bounds and however the document is split, and a document
// within the bounds is kept whole.
func FuzzCapture(f *testing.F) {
	for _, s := range []string{`{"a":"bcdefghijk","l":[1,2,3,4,5]}`, `[["\"\\\u1234",{"x":[[]]}],1e5,true,null]`, `"x"`, `{}`} {
		f.Add(s, uint8(3), uint8(2), uint8(5))
	}
	f.Fuzz(func(t *testing.T, doc string, maxString, maxElems, piece uint8) {
		if !json.Valid([]byte(doc)) {
			return
		}
		c := newCapture(int(maxString)+1, int(maxElems)+1, 1<<20)
		feed(c, doc, int(piece)+1)
		got := string(c.bytes())
		if !gjson.Valid(got) || !json.Valid([]byte(got)) {
			t.Fatalf("capture of %q is not valid JSON: %q", doc, got)
		}
		if len(got) > len(doc) {
			t.Fatalf("capture grew: %q -> %q", doc, got)
		}
		big := newCapture(1<<20, 1<<20, 1<<20)
		feed(big, doc, int(piece)+1)
		if string(big.bytes()) != doc {
			t.Fatalf("within bounds, %q became %q", doc, big.bytes())
		}
		// The fast path keeps a document up to its bound as it came, and
		// past it what the walk alone keeps.
		fast := newCapture(int(maxString)+1, int(maxElems)+1, 1<<20)
		fast.fast = int(piece) * 3
		feed(fast, doc, int(piece)+1)
		if want := got; len(doc) <= fast.fast {
			if string(fast.bytes()) != doc {
				t.Fatalf("fast path: %q became %q", doc, fast.bytes())
			}
		} else if string(fast.bytes()) != want {
			t.Fatalf("past the fast bound, %q became %q, the walk keeps %q", doc, fast.bytes(), want)
		}
	})
}

// TestCaptureLinear: a long string costs time in proportion to its length
// (a base64 image of 8 MiB, read 4 KiB at a time, is one pass).
func TestCaptureLinear(t *testing.T) {
	doc := []byte(`{"b64_json":"` + strings.Repeat("A", 8<<20) + `","usage":{"input_tokens":1}}`)
	start := time.Now()
	c := newCapture(maxStringView, maxElems, maxResponseView)
	for len(doc) > 0 {
		k := min(4096, len(doc))
		c.Write(doc[:k])
		doc = doc[k:]
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("8 MiB took %v", d)
	}
	if gjson.Get(string(c.bytes()), "usage.input_tokens").Int() != 1 || len(c.bytes()) > maxStringView+100 {
		t.Fatalf("kept %d bytes", len(c.bytes()))
	}
}

// TestCaptureArrayLen: an array the capture shortened keeps its length in
// the document, for the decoders that report it (embedding dimensions).
func TestCaptureArrayLen(t *testing.T) {
	vec := func(n int) string {
		var b strings.Builder
		b.WriteByte('[')
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("-0.0123456789")
		}
		return b.String() + "]"
	}
	tests := []struct {
		name string
		dims int
		fast int
	}{
		{"short, walked", 3, 0},
		{"at the bound", maxElems, 0},
		{"one past the bound", maxElems + 1, 0},
		{"1536 dimensions, walked", 1536, 0},
		{"3072 dimensions, walked", 3072, 0},
		{"1536 dimensions, fast", 1536, maxFastView},
	}
	for _, tt := range tests {
		doc := `{"object":"list","data":[{"embedding":` + vec(tt.dims) + `,"index":0},{"embedding":` + vec(tt.dims) + `,"index":1}],"model":"m","usage":{"prompt_tokens":3}}`
		for _, piece := range []int{1, 7, 4096, len(doc)} {
			c := newCapture(maxStringView, maxElems, maxResponseView)
			c.fast = tt.fast
			feed(c, doc, piece)
			root := gjson.Parse(string(c.bytes()))
			if got := arrayLen(root.Get("data.0.embedding"), c.lens); got != tt.dims {
				t.Errorf("%s (pieces of %d): length %d, want %d", tt.name, piece, got, tt.dims)
			}
			if got := arrayLen(root.Get("data.1.embedding"), c.lens); got != tt.dims {
				t.Errorf("%s (pieces of %d): second length %d, want %d", tt.name, piece, got, tt.dims)
			}
			if root.Get("usage.prompt_tokens").Int() != 3 || root.Get("model").Str != "m" {
				t.Errorf("%s: the fields after the arrays were lost", tt.name)
			}
		}
	}
}
