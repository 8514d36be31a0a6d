package openlitopenai

import (
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/openlit/openlit-go/instrumentation/openlithttp"
)

// The pipeline benchmarks (every path on openlit.Init's real export
// pipeline, beside the OpenTelemetry SDK's floor and otelhttp) are in the
// bench module; these measure what the transport costs a request that is
// not a model call.

// BenchmarkTransportNonModel: a request that is not a model call through
// the transport, beside the same request to the base transport alone (in
// memory, so only the transport's own cost shows).
func BenchmarkTransportNonModel(b *testing.B) {
	base := memTransport{body: []byte(`{"ok":true}`)}
	tr := openlithttp.NewTransport(base)
	get, _ := http.NewRequest(http.MethodGet, "https://example.com/health", nil)
	post, _ := http.NewRequest(http.MethodPost, "https://example.com/v1/orders", nil)
	post.Header.Set("Content-Type", "application/json")
	for _, req := range []*http.Request{get, post} {
		for name, rt := range map[string]http.RoundTripper{"base": base, "transport": tr} {
			b.Run(fmt.Sprintf("method=%s/path=%s", req.Method, name), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					res, _ := rt.RoundTrip(req)
					_ = res.Body.Close()
				}
			})
		}
	}
}

// TestGuardNonModel: a request that is not a model call costs under 1 µs
// and no allocation more through the transport (best of three).
func TestGuardNonModel(t *testing.T) {
	requireGuard(t)
	var base, tr []float64
	var baseAllocs, trAllocs int64
	for range 3 {
		for _, rt := range []string{"base", "transport"} {
			res := testing.Benchmark(func(b *testing.B) {
				mt := memTransport{body: []byte(`{"ok":true}`)}
				var h http.RoundTripper = mt
				if rt == "transport" {
					h = openlithttp.NewTransport(mt)
				}
				req, _ := http.NewRequest(http.MethodPost, "https://example.com/v1/orders", nil)
				req.Header.Set("Content-Type", "application/json")
				b.ReportAllocs()
				for b.Loop() {
					res, _ := h.RoundTrip(req)
					_ = res.Body.Close()
				}
			})
			if rt == "base" {
				base = append(base, float64(res.NsPerOp()))
				baseAllocs = res.AllocsPerOp()
			} else {
				tr = append(tr, float64(res.NsPerOp()))
				trAllocs = res.AllocsPerOp()
			}
		}
	}
	added := slices.Min(tr) - slices.Min(base)
	t.Logf("non-model request through the transport: added %.0f ns, %+d allocs", added, trAllocs-baseAllocs)
	if added > 1000 {
		t.Errorf("a non-model request costs %.0f ns more through the transport, target under 1 µs", added)
	}
	if trAllocs > baseAllocs {
		t.Errorf("a non-model request allocates %d times more through the transport, target 0", trAllocs-baseAllocs)
	}
}
