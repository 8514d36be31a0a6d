package bench

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
)

// collector is an OTLP/HTTP receiver on loopback that counts the spans it
// receives and drops everything else: the benchmark asserts that every
// span a variant emitted arrived, and a receiver that decoded whole
// messages would spend more CPU than the code measured.
type collector struct {
	srv     *httptest.Server
	spans   atomic.Int64
	bad     atomic.Int64
	bufPool sync.Pool
}

func newCollector(tb testing.TB) *collector {
	c := &collector{bufPool: sync.Pool{New: func() any { b := make([]byte, 0, 1<<20); return &b }}}
	c.srv = httptest.NewServer(http.HandlerFunc(c.serve))
	tb.Cleanup(c.srv.Close)
	return c
}

func (c *collector) serve(w http.ResponseWriter, r *http.Request) {
	bp := c.bufPool.Get().(*[]byte)
	defer c.bufPool.Put(bp)
	buf := (*bp)[:0]
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Body.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
	}
	*bp = buf
	if r.URL.Path == "/v1/traces" {
		n, ok := countSpans(buf)
		if !ok {
			c.bad.Add(1)
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		c.spans.Add(int64(n))
	}
	w.Header().Set("Content-Type", "application/x-protobuf")
}

// countSpans counts the spans of an ExportTraceServiceRequest:
// resource_spans (1) → scope_spans (2) → spans (2).
func countSpans(b []byte) (int, bool) {
	n := 0
	ok := eachField(b, 1, func(rs []byte) bool {
		return eachField(rs, 2, func(ss []byte) bool {
			return eachField(ss, 2, func([]byte) bool { n++; return true })
		})
	})
	return n, ok
}

// eachField calls f with every length-delimited field numbered num in b,
// skipping the others; it reports false on malformed input.
func eachField(b []byte, num protowire.Number, f func([]byte) bool) bool {
	for len(b) > 0 {
		n, typ, l := protowire.ConsumeTag(b)
		if l < 0 {
			return false
		}
		b = b[l:]
		if n == num && typ == protowire.BytesType {
			v, l := protowire.ConsumeBytes(b)
			if l < 0 || !f(v) {
				return false
			}
			b = b[l:]
			continue
		}
		l = protowire.ConsumeFieldValue(n, typ, b)
		if l < 0 {
			return false
		}
		b = b[l:]
	}
	return true
}
