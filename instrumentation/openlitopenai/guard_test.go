package openlitopenai

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/exporters"
	"github.com/openlit/openlit-go/replay"
)

// The guards measure timing and memory, so they run only outside the race
// detector, in CI's own step: OPENLIT_BENCH_GUARD=1 go test -run Guard.
func requireGuard(t *testing.T) {
	t.Helper()
	if os.Getenv("OPENLIT_BENCH_GUARD") != "1" {
		t.Skip("set OPENLIT_BENCH_GUARD=1 (without -race) to run the performance guards")
	}
}

// TestGuardOverhead fails on a large regression only: instrumented/plain
// time above 1.5 (best of three, interleaved) or more than 45 added
// allocations per call (the target is 40), or more than one per chunk.
func TestGuardOverhead(t *testing.T) {
	requireGuard(t)
	bench := func(f func(b *testing.B)) testing.BenchmarkResult { return testing.Benchmark(f) }
	var plainNs, instNs []float64
	var plainAllocs, instAllocs int64
	for range 3 {
		p := bench(func(b *testing.B) { benchChatMode(b, "plain") })
		i := bench(func(b *testing.B) { benchChatMode(b, "instrumented") })
		plainNs, instNs = append(plainNs, float64(p.NsPerOp())), append(instNs, float64(i.NsPerOp()))
		plainAllocs, instAllocs = p.AllocsPerOp(), i.AllocsPerOp()
	}
	ratio := slices.Min(instNs) / slices.Min(plainNs)
	t.Logf("chat: plain %.0f ns/op, instrumented %.0f ns/op, ratio %.3f; allocs %d -> %d (+%d)",
		slices.Min(plainNs), slices.Min(instNs), ratio, plainAllocs, instAllocs, instAllocs-plainAllocs)
	if ratio > 1.5 {
		t.Errorf("instrumented/plain time ratio %.3f > 1.5", ratio)
	}
	if d := instAllocs - plainAllocs; d > 45 {
		t.Errorf("%d allocations added per call, guard is 45", d)
	}
	ps := bench(func(b *testing.B) { benchStreamMode(b, "plain") })
	is := bench(func(b *testing.B) { benchStreamMode(b, "instrumented") })
	perChunk := float64(is.AllocsPerOp()-ps.AllocsPerOp()) / 202
	t.Logf("stream: %.3f allocations added per chunk", perChunk)
	if perChunk > 1 {
		t.Errorf("%.3f allocations added per streamed chunk, guard is 1", perChunk)
	}
}

func benchChatMode(b *testing.B, mode string) {
	plain, inst := benchClients(b, replay.Options{})
	ctx := context.Background()
	p := userPrompt("What is LLM Observability?")
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if mode == "plain" {
			_, err = plain.Chat.Completions.New(ctx, p)
		} else {
			_, err = inst.Chat.Completions.New(ctx, p)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}

func benchStreamMode(b *testing.B, mode string) {
	plain, inst := benchClients(b, replay.Options{SSE: streamOf200()})
	ctx := context.Background()
	p := streamParams(true)
	b.ReportAllocs()
	for b.Loop() {
		if mode == "plain" {
			s := plain.Chat.Completions.NewStreaming(ctx, p)
			for s.Next() {
			}
		} else {
			s := inst.Chat.Completions.NewStreaming(ctx, p)
			for s.Next() {
			}
		}
	}
}

// memTransport answers every request with the recorded chat completion, in
// memory, so 100,000 calls take seconds.
type memTransport struct{ body []byte }

func (m memTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	return &http.Response{
		StatusCode: 200, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Request: r,
		Header:        http.Header{"Content-Type": []string{"application/json"}},
		Body:          io.NopCloser(bytes.NewReader(m.body)),
		ContentLength: int64(len(m.body)),
	}, nil
}

// TestGuardHeapBounded makes 100,000 instrumented calls on real SDK
// providers and asserts the live heap does not grow with them.
func TestGuardHeapBounded(t *testing.T) {
	requireGuard(t)
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(tracetest.NewNoopExporter()))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	defer tp.Shutdown(context.Background())
	defer mp.Shutdown(context.Background())
	client := Wrap(openai.NewClient(
		option.WithBaseURL("https://api.openai.com/v1/"), option.WithAPIKey("k"),
		option.WithHTTPClient(&http.Client{Transport: memTransport{body: replay.ChatCompletionJSON()}}),
	), WithTracerProvider(tp), WithMeterProvider(mp))
	ctx := context.Background()
	p := userPrompt("What is LLM Observability?")
	call := func(n int) {
		for range n {
			if _, err := client.Chat.Completions.New(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
	}
	heap := func() uint64 {
		_ = tp.ForceFlush(ctx)
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	call(5_000)
	before := heap()
	start := time.Now()
	call(100_000)
	after := heap()
	t.Logf("100,000 calls in %v; live heap %d -> %d bytes", time.Since(start), before, after)
	if after > before+4<<20 {
		t.Errorf("live heap grew by %d bytes over 100,000 calls", after-before)
	}
}

// TestGuardSlowCollector: with the batch processor, a collector that takes
// 500 ms per export leaves the calls' latency where a fast one does. Calls
// alternate between the two clients so machine noise hits both alike; the
// guard (2×) catches export landing on the caller's path, not noise.
func TestGuardSlowCollector(t *testing.T) {
	requireGuard(t)
	collector := newSlowCollector(t, 500*time.Millisecond)
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	fast := sdktrace.NewTracerProvider(sdktrace.WithBatcher(tracetest.NewNoopExporter()))
	defer fast.Shutdown(context.Background())
	// As openlit.Init does: exports still in flight at Shutdown are aborted.
	abortCtx, abort := context.WithCancel(context.Background())
	defer abort()
	exp, err := exporters.NewSpanExporter(context.Background(), exporters.WithEndpointURL(collector+"/v1/traces"),
		exporters.WithAbort(abortCtx))
	if err != nil {
		t.Fatal(err)
	}
	slowTP := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp, sdktrace.WithMaxExportBatchSize(16), sdktrace.WithBatchTimeout(10*time.Millisecond)))
	newClient := func(tp *sdktrace.TracerProvider) Client {
		return Wrap(openai.NewClient(option.WithBaseURL(srv.BaseURL()), option.WithAPIKey("k")),
			WithTracerProvider(tp), WithMeterProvider(sdkmetric.NewMeterProvider()))
	}
	clients := []Client{newClient(fast), newClient(slowTP)}
	var lat [2][]time.Duration
	for i := range 600 {
		start := time.Now()
		if _, err := clients[i%2].Chat.Completions.New(context.Background(), userPrompt("hi")); err != nil {
			t.Fatal(err)
		}
		lat[i%2] = append(lat[i%2], time.Since(start))
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_ = slowTP.Shutdown(ctx)
	abort()
	median := func(d []time.Duration) time.Duration {
		slices.Sort(d)
		return d[len(d)/2]
	}
	fastMedian, slowMedian := median(lat[0]), median(lat[1])
	ratio := float64(slowMedian) / float64(fastMedian)
	t.Logf("median call: %v with a fast exporter, %v with a 500 ms collector (ratio %.3f)", fastMedian, slowMedian, ratio)
	if ratio > 2 {
		t.Errorf("a slow collector slowed calls by %.3f×", ratio)
	}
}

func newSlowCollector(t *testing.T, delay time.Duration) string {
	t.Helper()
	srv := httptestServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
		}
		w.Header().Set("Content-Type", "application/x-protobuf")
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
