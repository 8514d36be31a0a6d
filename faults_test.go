package openlit_test

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"

	openlit "github.com/openlit/openlit-go"
	openlitopenai "github.com/openlit/openlit-go/instrumentation/openlitopenai"
	"github.com/openlit/openlit-go/internal/errcapture"
	"github.com/openlit/openlit-go/replay"
)

// collectorFault is a broken OTLP/HTTP endpoint.
type collectorFault struct {
	name string
	url  func(t *testing.T) string
}

// refusedAddr is a loopback host:port where nothing listens: connections
// to it are refused.
func refusedAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func faultServer(t *testing.T, h http.HandlerFunc) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		srv.CloseClientConnections()
		srv.Close()
	})
	return srv.URL
}

func collectorFaults() []collectorFault {
	status := func(code int) func(t *testing.T) string {
		return func(t *testing.T) string {
			return faultServer(t, func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				w.Header().Set("Retry-After", "1")
				w.WriteHeader(code)
			})
		}
	}
	return []collectorFault{
		{"refusing connections", func(t *testing.T) string {
			return "http://" + refusedAddr(t)
		}},
		{"hanging", func(t *testing.T) string {
			return faultServer(t, func(w http.ResponseWriter, r *http.Request) {
				// Read the body first: only then does the server notice the
				// client hanging up and cancel r's context.
				_, _ = io.Copy(io.Discard, r.Body)
				select {
				case <-r.Context().Done():
				case <-time.After(30 * time.Second):
				}
			})
		}},
		{"500", status(500)},
		{"503 with Retry-After", status(503)},
		{"429 with Retry-After", status(429)},
		{"garbage answer", func(t *testing.T) string {
			return faultServer(t, func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				w.Header().Set("Content-Type", "application/x-protobuf")
				_, _ = w.Write([]byte("\xff\x00garbage\x13\x37 not a protobuf"))
			})
		}},
		{"closing mid-request", func(t *testing.T) string {
			return faultServer(t, func(w http.ResponseWriter, r *http.Request) {
				conn, _, _ := w.(http.Hijacker).Hijack()
				_ = conn.Close()
			})
		}},
		{"TLS to a plain-HTTP port", func(t *testing.T) string {
			return strings.Replace(faultServer(t, func(w http.ResponseWriter, r *http.Request) {}), "http://", "https://", 1)
		}},
	}
}

// call makes one chat call through client and fails the test if its
// result differs from the recording.
func call(t *testing.T, client openlitopenai.Client) time.Duration {
	t.Helper()
	want := bytes.TrimSpace(replay.ChatCompletionJSON())
	start := time.Now()
	res, err := client.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
		Model: openai.ChatModelGPT4o, Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("hi")},
	})
	d := time.Since(start)
	if err != nil || !bytes.Equal([]byte(res.RawJSON()), want) {
		t.Fatalf("call changed by a broken collector: %v", err)
	}
	return d
}

func median(d []time.Duration) time.Duration {
	slices.Sort(d)
	return d[len(d)/2]
}

// TestCollectorFaults: with the collector down, slow or answering nonsense,
// the app's calls return their results unchanged and about as fast as with a
// console exporter (batch mode; calls alternate between the two SDKs so
// machine noise hits both alike), failures go to the OpenTelemetry error
// handler a few at a time (not one per span), and Shutdown returns by its
// deadline. The latency guard is loose (2×); the log has the ratios.
func TestCollectorFaults(t *testing.T) {
	for _, k := range []string{openlit.EnvOTLPEndpoint, openlit.EnvOTLPHeaders, openlit.EnvServiceName} {
		t.Setenv(k, "")
	}
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	newClient := func(s *openlit.SDK) openlitopenai.Client {
		return openlitopenai.Wrap(openai.NewClient(option.WithBaseURL(srv.BaseURL()), option.WithAPIKey("k")),
			openlitopenai.WithTracerProvider(s.TracerProvider()), openlitopenai.WithMeterProvider(s.MeterProvider()))
	}
	const calls = 40
	for _, f := range collectorFaults() {
		t.Run(f.name, func(t *testing.T) {
			errs := errcapture.Capture(t)

			base, err := openlit.Init(context.Background(), openlit.WithConsoleWriter(io.Discard), openlit.WithGlobalProviders(false))
			if err != nil {
				t.Fatal(err)
			}
			defer base.Shutdown(context.Background())
			s, err := openlit.Init(context.Background(), openlit.WithOTLPEndpoint(f.url(t)),
				openlit.WithMetricExportInterval(50*time.Millisecond), openlit.WithGlobalProviders(false))
			if err != nil {
				t.Fatal(err)
			}
			baseClient, faultClient := newClient(base), newClient(s)
			var baseLat, faultLat []time.Duration
			for range calls {
				baseLat = append(baseLat, call(t, baseClient))
				faultLat = append(faultLat, call(t, faultClient))
			}
			ratio := float64(median(faultLat)) / float64(median(baseLat))

			ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
			defer cancel()
			start := time.Now()
			_ = s.Shutdown(ctx)
			took := time.Since(start)
			n := len(errs.Messages())
			t.Logf("median call %v (console exporter %v, ratio %.2f); shutdown %v; %d errors reported",
				median(faultLat), median(baseLat), ratio, took, n)
			if took > time.Second {
				t.Errorf("Shutdown took %v with a 500 ms deadline", took)
			}
			if n > calls {
				t.Errorf("%d errors reported for %d spans: reported per span", n, calls)
			}
			if !raceEnabled && ratio > 2 {
				t.Errorf("a broken collector slowed calls %.2f×", ratio)
			}
		})
	}
}

// TestGuardQueueBounded: with the collector hanging, 20,000 spans of ~2 KB
// each keep the heap bounded by the batch queue (2,048 spans), not by the
// number of spans made.
func TestGuardQueueBounded(t *testing.T) {
	if os.Getenv("OPENLIT_BENCH_GUARD") != "1" {
		t.Skip("set OPENLIT_BENCH_GUARD=1 (without -race) to run the performance guards")
	}
	url := collectorFaults()[1].url(t) // hanging
	errs := errcapture.Capture(t)
	s, err := openlit.Init(context.Background(), openlit.WithOTLPEndpoint(url), openlit.WithDisableMetrics(true))
	if err != nil {
		t.Fatal(err)
	}
	tracer := otel.Tracer("queue")
	payload := strings.Repeat("x", 2048)
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	before := heap()
	for range 20_000 {
		_, span := tracer.Start(context.Background(), "s")
		span.SetAttributes(attribute.String("payload", payload))
		span.End()
	}
	grew := int64(heap()) - int64(before)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_ = s.Shutdown(ctx)
	t.Logf("heap grew %d bytes for 20,000 spans of 2 KB with the collector hanging", grew)
	reported := errs.Messages()
	dropped := 0
	for _, r := range reported {
		if strings.Contains(r, "spans were not exported") {
			dropped++
			t.Logf("reported: %s", r)
		}
	}
	if dropped != 1 {
		t.Errorf("dropped spans reported %d times, want once: %v", dropped, reported)
	}
	if grew > 16<<20 {
		t.Errorf("heap grew %d bytes: the queue is not bounding memory", grew)
	}
}
