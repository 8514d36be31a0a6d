package openlit_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/exporters"
	"github.com/openlit/openlit-go/instrumentation/openlitopenai"
	"github.com/openlit/openlit-go/internal/errcapture"
	"github.com/openlit/openlit-go/internal/otlpreceiver"
	"github.com/openlit/openlit-go/langfuse"
	"github.com/openlit/openlit-go/replay"
)

// Reliability, round three: each test is one class of issue 25, through
// the public API against real loopback servers.

// An endpoint with a query string: the signal path goes into the path,
// not the query, and the spans arrive.
func TestEndpointWithQuery(t *testing.T) {
	resetEnv(t)
	rcv := otlpreceiver.New()
	defer rcv.Close()
	oneCallThenShutdown(t, openlit.WithOTLPEndpoint(rcv.URL+"/?a=b"), openlit.WithMetricExportInterval(time.Hour))
	if n := len(rcv.Spans()); n != 1 {
		t.Errorf("%d spans arrived", n)
	}
	if len(rcv.Metrics()) == 0 {
		t.Error("no metrics arrived")
	}
}

// nil contexts: a no-op or a clear error, never a panic.
func TestNilContexts(t *testing.T) {
	resetEnv(t)
	//nolint:staticcheck // nil contexts on purpose
	s, err := openlit.Init(nil, openlit.WithConsoleWriter(io.Discard)) //nolint:staticcheck
	if err != nil {
		t.Fatal(err)
	}
	ctx := openlit.ContextWithAttributes(nil, openlit.ContextAttributes{UserID: "u"}) //nolint:staticcheck
	if ctx == nil {
		t.Error("ContextWithAttributes(nil) returned nil")
	}
	if err := s.ForceFlush(nil); err != nil { //nolint:staticcheck
		t.Error(err)
	}
	if err := s.Shutdown(nil); err != nil { //nolint:staticcheck
		t.Error(err)
	}
	lf, err := langfuse.New(langfuse.WithKeys("pk", "sk"), langfuse.WithHost("http://127.0.0.1:1"), langfuse.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	if err := lf.AuthCheck(nil); err == nil { //nolint:staticcheck
		t.Error("AuthCheck to a closed port succeeded")
	}
	if err := lf.Shutdown(nil); err != nil { //nolint:staticcheck
		t.Error(err)
	}
	if langfuse.ContextWithPrompt(nil, nil) == nil { //nolint:staticcheck
		t.Error("ContextWithPrompt(nil) returned nil")
	}
}

// A Langfuse answer that echoes the Authorization header never puts the
// key into an error.
func TestLangfuseErrorEchoNoSecret(t *testing.T) {
	const pk, sk = "pk-lf-echo", "sk-lf-SECRET-echo-0123456789"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(401)
		_, _ = io.WriteString(w, `{"message":"Invalid credentials. Received header Authorization: `+r.Header.Get("Authorization")+` for key `+pk+`:`+sk+`"}`)
	}))
	defer srv.Close()
	lf, err := langfuse.New(langfuse.WithKeys(pk, sk), langfuse.WithHost(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	err = lf.AuthCheck(context.Background())
	if err == nil {
		t.Fatal("401 accepted")
	}
	token := strings.TrimPrefix(langfuse.BasicAuth(pk, sk), "Basic ")
	for _, secret := range []string{sk, token, token[:20]} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error text holds a secret: %s", err)
		}
	}
	if !strings.Contains(err.Error(), "REDACTED") {
		t.Errorf("error %q", err)
	}
}

// Init/Shutdown over OTLP, 500 times: goroutines back to the baseline (the
// exporters' connections closed), heap growth under 1 KB a cycle.
func TestInitShutdownCyclesOverOTLP(t *testing.T) {
	resetEnv(t)
	// A collector that keeps nothing (the test receiver keeps every
	// request, which would be counted as the SDK's growth).
	var traces atomic.Int64
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if r.URL.Path == "/v1/traces" {
			traces.Add(1)
		}
		w.Header().Set("Content-Type", "application/x-protobuf")
	}))
	defer rcv.Close()
	// A model server that keeps nothing either (the replay keeps bodies).
	answer := replay.ChatCompletionJSON()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(answer)
	}))
	defer srv.Close()
	plain := openai.NewClient(option.WithBaseURL(srv.URL+"/v1/"), option.WithAPIKey("sk-test"))
	cycle := func() {
		s, err := openlit.Init(context.Background(), openlit.WithOTLPEndpoint(rcv.URL), openlit.WithMetricExportInterval(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		c := openlitopenai.Wrap(plain)
		if _, err := c.Chat.Completions.New(context.Background(), chatParams("gpt-4o")); err != nil {
			t.Fatal(err)
		}
		if err := s.Shutdown(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	settle := func() (int, uint64) {
		var m runtime.MemStats
		for range 3 {
			runtime.GC()
		}
		time.Sleep(50 * time.Millisecond)
		runtime.ReadMemStats(&m)
		return runtime.NumGoroutine(), m.HeapAlloc
	}
	for range 20 {
		cycle()
	}
	// A leak grows in every round; the heap's noise (other tests'
	// garbage, the GC's pacing) does not: up to three rounds, the best
	// one judged.
	const cycles = 500
	best, total := -1.0, 20
	for round := range 3 {
		total += cycles
		g0, h0 := settle()
		for range cycles {
			cycle()
		}
		g1, h1 := settle()
		per := (float64(h1) - float64(h0)) / cycles
		t.Logf("round %d: goroutines %d → %d; heap %d → %d: %.0f bytes a cycle", round+1, g0, g1, h0, h1, per)
		if g1 > g0 {
			t.Errorf("%d goroutines more after %d cycles", g1-g0, cycles)
		}
		if best < 0 || per < best {
			best = per
		}
		if best <= 1024 {
			break
		}
	}
	if best > 1024 {
		t.Errorf("%.0f bytes kept per cycle in the best of three rounds", best)
	}
	if n := traces.Load(); n != int64(total) {
		t.Errorf("%d of %d trace exports arrived", n, total)
	}
}

// With WithDisableBatch behind a collector that accepts and never answers,
// the app pays one export timeout, not one per call: 160 calls take about
// one timeout in all. When the collector answers again, a background probe
// finds it and spans flow again; every drop is counted in Shutdown's
// report.
func TestDisableBatchDeadCollectorFailsFast(t *testing.T) {
	resetEnv(t)
	errs := errcapture.Capture(t)
	t.Setenv("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "500")
	var healthy atomic.Bool
	var arrived atomic.Int64
	release := make(chan struct{})
	col := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if !healthy.Load() {
			select {
			case <-r.Context().Done():
			case <-release:
			}
			return
		}
		arrived.Add(1)
		w.Header().Set("Content-Type", "application/x-protobuf")
	}))
	defer func() {
		close(release)
		col.CloseClientConnections()
		col.Close()
	}()
	s, err := openlit.Init(context.Background(), openlit.WithOTLPEndpoint(col.URL), openlit.WithDisableBatch(true), openlit.WithDisableMetrics(true))
	if err != nil {
		t.Fatal(err)
	}
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	c := client(srv.BaseURL())
	start := time.Now()
	for range 160 {
		if _, err := c.Chat.Completions.New(context.Background(), chatParams("gpt-4o")); err != nil {
			t.Fatal(err)
		}
	}
	took := time.Since(start)
	t.Logf("160 calls behind a dead collector: %v (export timeout 500 ms)", took)
	if took > 3*time.Second {
		t.Errorf("160 calls took %v: the app pays for the dead collector", took)
	}

	healthy.Store(true)
	deadline := time.Now().Add(5 * time.Second)
	calls := 160
	for arrived.Load() == 0 {
		calls++
		if time.Now().After(deadline) {
			t.Fatal("spans never flowed again after the collector came back")
		}
		if _, err := c.Chat.Completions.New(context.Background(), chatParams("gpt-4o")); err != nil {
			t.Fatal(err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	before := arrived.Load()
	calls += 10
	for range 10 {
		if _, err := c.Chat.Completions.New(context.Background(), chatParams("gpt-4o")); err != nil {
			t.Fatal(err)
		}
	}
	if got := arrived.Load() - before; got != 10 {
		t.Errorf("%d of 10 spans exported once the collector was back", got)
	}
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	lost := ""
	for _, m := range errs.Messages() {
		if strings.Contains(m, "spans were not exported") {
			lost = m
		}
	}
	want := fmt.Sprintf("%d of %d spans were not exported", int64(calls)-arrived.Load(), calls)
	if !strings.Contains(lost, want) {
		t.Errorf("loss report %q, want %q", lost, want)
	}
}

// Shutdown while 20 streams are in flight: the 20 spans are ended, marked
// error.type=shutdown, exported, and Shutdown says so.
func TestShutdownEndsStreamsInFlight(t *testing.T) {
	resetEnv(t)
	errs := errcapture.Capture(t)
	s, rcv := initTo(t, openlit.WithMetricExportInterval(time.Hour))
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	c := client(srv.BaseURL())
	p := chatParams("gpt-4o")
	var streams []interface{ Close() error }
	for range 20 {
		st := c.Chat.Completions.NewStreaming(context.Background(), p)
		if !st.Next() {
			t.Fatal(st.Err())
		}
		streams = append(streams, st)
	}
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, st := range streams {
		_ = st.Close()
	}
	spans := rcv.Spans()
	n := 0
	for _, sp := range spans {
		if otlpreceiver.Attrs(sp.Attributes)["error.type"] == "shutdown" {
			n++
		}
	}
	if len(spans) != 20 || n != 20 {
		t.Errorf("%d spans arrived, %d marked shutdown; want 20 and 20", len(spans), n)
	}
	said := false
	for _, m := range errs.Messages() {
		said = said || strings.Contains(m, "Shutdown ended 20 span(s)")
	}
	if !said {
		t.Errorf("Shutdown did not say so: %v", errs.Messages())
	}
}

// Large spans never make an export request the collector would refuse:
// 120 spans of ~250 KiB each (a 120 KB prompt, as an event and, with the
// Langfuse attributes, as JSON) go in requests of at most about
// exporters.MaxExportBytes, and every span arrives.
func TestExportRequestsBounded(t *testing.T) {
	resetEnv(t)
	s, rcv := initTo(t, openlit.WithLangfuseAttributes(true), openlit.WithMetricExportInterval(time.Hour))
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	c := client(srv.BaseURL())
	prompt := strings.Repeat("long prompt ", 10_000)
	p := chatParams("gpt-4o")
	p.Messages = []openai.ChatCompletionMessageParamUnion{openai.UserMessage(prompt)}
	for range 120 {
		if _, err := c.Chat.Completions.New(context.Background(), p); err != nil {
			t.Fatal(err)
		}
	}
	flush(t, s)
	if n := len(rcv.Spans()); n != 120 {
		t.Fatalf("%d of 120 spans arrived", n)
	}
	largest := 0
	for _, raw := range rcv.Raw() {
		largest = max(largest, len(raw))
	}
	t.Logf("%d requests, the largest %d bytes", len(rcv.Raw()), largest)
	if largest > exporters.MaxExportBytes+exporters.MaxExportBytes/4 {
		t.Errorf("an export request of %d bytes", largest)
	}
}

// oneCallThenShutdown runs Init with opts, makes one chat call to a replay
// and shuts down (failing the test on any error).
func oneCallThenShutdown(t *testing.T, opts ...openlit.Option) {
	t.Helper()
	s, err := openlit.Init(context.Background(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	if _, err := client(srv.BaseURL()).Chat.Completions.New(context.Background(), chatParams("gpt-4o")); err != nil {
		t.Fatal(err)
	}
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
}
