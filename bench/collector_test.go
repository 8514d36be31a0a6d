package bench

import (
	"bytes"
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
	srv   *httptest.Server
	spans atomic.Int64
	bad   atomic.Int64

	// mu guards buf, which holds one trace export at a time and keeps its
	// room: the collector allocates nothing per export once warm.
	mu  sync.Mutex
	buf bytes.Buffer
}

func newCollector(tb testing.TB) *collector {
	c := &collector{}
	c.srv = httptest.NewServer(http.HandlerFunc(c.serve))
	tb.Cleanup(c.srv.Close)
	return c
}

func (c *collector) serve(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/x-protobuf")
	if r.URL.Path != "/v1/traces" {
		_, _ = io.Copy(io.Discard, r.Body)
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.buf.Reset()
	if _, err := c.buf.ReadFrom(r.Body); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	n, ok := countSpans(c.buf.Bytes())
	if !ok {
		c.bad.Add(1)
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	c.spans.Add(int64(n))
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
