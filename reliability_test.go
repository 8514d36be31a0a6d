package openlit_test

// Regression tests for issue 11: bad provider data, hostile settings and
// collector faults never lose telemetry, hang, panic or leak a secret. Each
// test uses the public API only, a replayed provider and a real OTLP/HTTP
// receiver on loopback.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	openlit "github.com/openlit/openlit-go"
	openlitopenai "github.com/openlit/openlit-go/instrumentation/openlitopenai"
	"github.com/openlit/openlit-go/internal/errcapture"
	"github.com/openlit/openlit-go/internal/otlpreceiver"
	"github.com/openlit/openlit-go/replay"
)

// resetEnv unsets every variable Init reads, for the length of the test.
func resetEnv(t testing.TB) {
	t.Helper()
	for _, v := range []string{
		openlit.EnvServiceName, openlit.EnvDeploymentEnvironment, openlit.EnvResourceAttributes,
		openlit.EnvOTLPEndpoint, openlit.EnvOTLPTracesEndpoint, openlit.EnvOTLPMetricsEndpoint,
		openlit.EnvOTLPHeaders, openlit.EnvOTLPTracesHeaders, openlit.EnvOTLPMetricsHeaders,
		openlit.EnvMetricExportInterval, openlit.EnvCaptureMessageContent, openlit.EnvDisableBatch,
		openlit.EnvDisableMetrics, openlit.EnvPricingJSON, openlit.EnvSemconvStabilityOptIn, openlit.EnvHTTPInstrumentation,
		openlit.EnvMaxContentLength, openlit.EnvLangfusePublicKey, openlit.EnvLangfuseSecretKey,
		openlit.EnvLangfuseHost, openlit.EnvLangfuseRelease, openlit.EnvLangfuseAttributes, "OTEL_EXPORTER_OTLP_TIMEOUT", "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT",
		"OTEL_EXPORTER_OTLP_METRICS_TIMEOUT", "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "OPENAI_API_KEY",
	} {
		t.Setenv(v, "")
	}
}

// answer serves one fixed body on every path: JSON, or SSE when sse is set.
func answer(t *testing.T, status int, body string, sse bool) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if sse {
			w.Header().Set("Content-Type", "text/event-stream")
		} else {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/v1/"
}

func client(baseURL string) *openlitopenai.Client {
	c := openlitopenai.Wrap(openai.NewClient(option.WithBaseURL(baseURL), option.WithAPIKey("sk-test"),
		option.WithMaxRetries(0)))
	return &c
}

func chatParams(model string) openai.ChatCompletionNewParams {
	return openai.ChatCompletionNewParams{Model: model,
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("hi")}}
}

// initTo runs Init exporting to a fresh loopback receiver; Shutdown runs at
// the end of the test.
func initTo(t *testing.T, opts ...openlit.Option) (*openlit.SDK, *otlpreceiver.Receiver) {
	t.Helper()
	rcv := otlpreceiver.New()
	t.Cleanup(rcv.Close)
	s, err := openlit.Init(context.Background(), append([]openlit.Option{openlit.WithOTLPEndpoint(rcv.URL)}, opts...)...)
	if err != nil {
		t.Fatalf("Init: %v", err)
	}
	t.Cleanup(func() { _ = s.Shutdown(context.Background()) })
	return s, rcv
}

func flush(t *testing.T, s *openlit.SDK) {
	t.Helper()
	// Generous: thousands of large spans under the race detector, on a
	// loaded 2-core machine, take a while to export.
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	if err := s.ForceFlush(ctx); err != nil {
		t.Fatalf("ForceFlush: %v", err)
	}
}

// chatJSON is a chat completion with raw (unescaped) field values.
func chatJSON(id, model, reason, fingerprint string, in, out string) string {
	return `{"id":"` + id + `","object":"chat.completion","created":1,"model":"` + model +
		`","system_fingerprint":"` + fingerprint + `","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},` +
		`"finish_reason":"` + reason + `"}],"usage":{"prompt_tokens":` + in + `,"completion_tokens":` + out +
		`,"total_tokens":0}}`
}

// Class 1: invalid UTF-8 anywhere outside message content (response model,
// id, finish reason, fingerprint; request model, user, stop, tool name; a
// stream's error text; OTEL_SERVICE_NAME) loses no span, and metrics keep
// exporting.
func TestInvalidUTF8LosesNothing(t *testing.T) {
	resetEnv(t)
	t.Setenv(openlit.EnvServiceName, "svc\xff")
	errs := errcapture.Capture(t)
	s, rcv := initTo(t, openlit.WithMetricExportInterval(time.Hour))
	bad := client(answer(t, 200, chatJSON("id-\xff", "gpt-4o\xff", "stop\xfe", "fp\xc3", "3", "4"), false))
	ctx := context.Background()
	for i := range 10 {
		p := chatParams(fmt.Sprintf("gpt-4o-%d\xff", i))
		p.User = openai.String("user\xff")
		p.Stop = openai.ChatCompletionNewParamsStopUnion{OfStringArray: []string{"a\xff", "b"}}
		p.Tools = []openai.ChatCompletionToolUnionParam{openai.ChatCompletionFunctionTool(openai.FunctionDefinitionParam{Name: "tool\xff"})}
		res, err := bad.Chat.Completions.New(ctx, p)
		if err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
		if res.Model != "gpt-4o\xff" {
			t.Fatalf("the client's answer changed: model %q", res.Model)
		}
	}
	streamErr := client(answer(t, 200, "data: {\"error\":{\"message\":\"broken \xff stream\"}}\n\n", true))
	st := streamErr.Chat.Completions.NewStreaming(ctx, chatParams("gpt-4o"))
	for st.Next() {
	}
	if st.Err() == nil {
		t.Fatal("stream error not returned")
	}
	flush(t, s)
	if n := len(rcv.Spans()); n != 11 {
		t.Errorf("%d of 11 spans arrived; handler: %q", n, errs.Messages())
	}
	for _, sp := range rcv.Spans() {
		if v := sp.Resource["service.name"]; v != "svc\uFFFD" {
			t.Errorf("service.name = %q", v)
		}
	}
	if len(rcv.Metrics()) == 0 {
		t.Fatal("no metrics exported")
	}
	// Metrics are cumulative: a later export must still succeed.
	before := len(rcv.Raw())
	flush(t, s)
	if len(rcv.Raw()) <= before {
		t.Error("the second metric export did not arrive")
	}
	for _, raw := range rcv.Raw() {
		if !utf8.Valid(raw) && bytes.Contains(raw, []byte("\xff")) && !bytes.Contains(raw, []byte("\uFFFD")) {
			t.Error("invalid UTF-8 reached the collector")
		}
	}
	for _, m := range errs.Messages() {
		if strings.Contains(m, "UTF-8") || strings.Contains(m, "utf-8") {
			t.Errorf("export failed: %s", m)
		}
	}
}

// Class 2: strings from the provider or caller are bounded in spans and
// metric points, a huge stream error is exported bounded, and metric
// attribute sets are capped (the SDK cardinality limit) so every export
// stays small.
func TestProviderStringsBounded(t *testing.T) {
	resetEnv(t)
	errs := errcapture.Capture(t)
	s, rcv := initTo(t, openlit.WithMetricExportInterval(time.Hour))
	huge := strings.Repeat("m", 10<<10)
	c := client(answer(t, 200, chatJSON("id", huge, "stop", "fp", "3", "4"), false))
	ctx := context.Background()
	const calls = openlit.DefaultCardinalityLimit + 100
	for i := range calls {
		if _, err := c.Chat.Completions.New(ctx, chatParams(fmt.Sprintf("%d-%s", i, huge))); err != nil {
			t.Fatal(err)
		}
	}
	big := strings.Repeat("e", 5<<20)
	bigErr := client(answer(t, 200, "data: {\"error\":{\"message\":\""+big+"\"}}\n\n", true))
	st := bigErr.Chat.Completions.NewStreaming(ctx, chatParams("gpt-4o"))
	for st.Next() {
	}
	if st.Err() == nil || len(st.Err().Error()) < len(big) {
		t.Fatal("the client's stream error changed")
	}
	flush(t, s)
	spans := rcv.Spans()
	if len(spans) != calls+1 {
		t.Fatalf("%d of %d spans arrived; handler %q", len(spans), calls+1, errs.Messages())
	}
	for _, sp := range spans[:3] {
		if len(sp.Name) > 1100 {
			t.Errorf("span name of %d bytes", len(sp.Name))
		}
		for k, v := range otlpreceiver.Attrs(sp.Attributes) {
			if str, ok := v.(string); ok && len(str) > 1024 {
				t.Errorf("%s is %d bytes", k, len(str))
			}
		}
	}
	var maxRaw int
	for _, raw := range rcv.Raw() {
		maxRaw = max(maxRaw, len(raw))
	}
	if maxRaw > 16<<20 {
		t.Errorf("largest export request %d bytes: not bounded", maxRaw)
	}
	last := spans[len(spans)-1]
	if last.Status.Message == "" || len(last.Status.Message) > 1024 {
		t.Errorf("stream error status message of %d bytes", len(last.Status.Message))
	}
	overflow := false
	for _, m := range rcv.Metrics() {
		if h := m.GetHistogram(); h != nil {
			for _, dp := range h.DataPoints {
				for k, v := range otlpreceiver.Attrs(dp.Attributes) {
					if str, ok := v.(string); ok && len(str) > 256 {
						t.Fatalf("metric point %s of %d bytes", k, len(str))
					}
					if k == "otel.metric.overflow" {
						overflow = true
					}
				}
			}
		}
	}
	if !overflow {
		t.Error("no overflow point: the cardinality limit is not in force")
	}
	t.Logf("%d spans; largest export request %d bytes", len(spans), maxRaw)
}

// Class 4: Init never blocks past its context: a FIFO as pricing file is
// refused at once; a valid file over the limit is reported as too large.
func TestInitNeverBlocksOnPricingFile(t *testing.T) {
	resetEnv(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "prices.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	t.Setenv(openlit.EnvPricingJSON, fifo)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	start := time.Now()
	s, err := openlit.Init(ctx, openlit.WithConsoleWriter(io.Discard))
	if err == nil {
		_ = s.Shutdown(context.Background())
		t.Fatal("Init accepted a FIFO as pricing file")
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Init took %v on a FIFO", d)
	}
	if !strings.Contains(err.Error(), "regular file") {
		t.Errorf("error %q does not say why", err)
	}

	large := filepath.Join(dir, "large.json")
	doc := `{"chat":{"m":{"promptPrice":1,"completionPrice":2}},"pad":"` + strings.Repeat("x", 50<<20) + `"}`
	if err := os.WriteFile(large, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(openlit.EnvPricingJSON, large)
	_, err = openlit.Init(context.Background(), openlit.WithConsoleWriter(io.Discard))
	if err == nil || !strings.Contains(err.Error(), "too large") || !strings.Contains(err.Error(), "8 MiB") {
		t.Errorf("50 MB pricing file: %v", err)
	}
}

// Class 5: user info and query strings never reach an error or the error
// handler; malformed OTLP headers are refused by Init, naming the variable
// and never the value.
func TestSecretsNeverInErrors(t *testing.T) {
	for _, tc := range []struct{ name, env, value string }{
		{"endpoint password", openlit.EnvOTLPEndpoint, "https://user:PASSWORD@127.0.0.1:badport"},
		{"endpoint token", openlit.EnvOTLPEndpoint, "https://127.0.0.1:99999/?token=PASSWORD"},
		{"traces endpoint", openlit.EnvOTLPTracesEndpoint, "https://user:PASSWORD@[::1"},
		{"langfuse host", openlit.EnvLangfuseHost, "https://user:PASSWORD@127.0.0.1:badport"},
		{"header without =", openlit.EnvOTLPHeaders, "Authorization Bearer PASSWORD=1"},
		{"header with CRLF", openlit.EnvOTLPHeaders, "Authorization=Bearer%20PASSWORD%0D%0AX-Injected:%201"},
		{"header key with space", openlit.EnvOTLPHeaders, "Auth PASSWORD=x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resetEnv(t)
			t.Setenv(openlit.EnvLangfusePublicKey, "pk-lf-1")
			t.Setenv(openlit.EnvLangfuseSecretKey, "sk-lf-1")
			t.Setenv(tc.env, tc.value)
			s, err := openlit.Init(context.Background(), openlit.WithConsoleWriter(io.Discard))
			if err == nil {
				_ = s.Shutdown(context.Background())
				t.Fatal("Init accepted it")
			}
			if strings.Contains(err.Error(), "PASSWORD") {
				t.Errorf("secret in error: %v", err)
			}
			if !strings.Contains(err.Error(), tc.env) {
				t.Errorf("error does not name %s: %v", tc.env, err)
			}
		})
	}
	t.Run("export errors", func(t *testing.T) {
		resetEnv(t)
		errs := errcapture.Capture(t)
		addr := refusedAddr(t)
		t.Setenv(openlit.EnvOTLPEndpoint, "http://user:PASSWORD@"+addr+"/otlp?token=PASSWORD")
		t.Setenv(openlit.EnvPricingJSON, "http://user:PASSWORD@"+addr+"/prices.json?token=PASSWORD")
		s, err := openlit.Init(context.Background(), openlit.WithDisableBatch(true))
		if err != nil {
			t.Fatal(err)
		}
		srv := replay.NewServer(replay.Options{})
		defer srv.Close()
		if _, err := client(srv.BaseURL()).Chat.Completions.New(context.Background(), chatParams("gpt-4o")); err != nil {
			t.Fatal(err)
		}
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = s.Shutdown(sctx)
		msgs := errs.Messages()
		if len(msgs) == 0 {
			t.Fatal("no error reported: the test is blind")
		}
		for _, m := range msgs {
			if strings.Contains(m, "PASSWORD") {
				t.Errorf("secret in handler message: %s", m)
			}
		}
	})
}

// Class 6: settings out of range are errors naming the variable; errors are
// short and valid UTF-8.
func TestSettingsOutOfRange(t *testing.T) {
	for _, tc := range []struct{ env, value string }{
		{openlit.EnvMetricExportInterval, "18446744073710"},
		{openlit.EnvMetricExportInterval, "9300000000000"},
		{openlit.EnvMetricExportInterval, "-5"},
		{openlit.EnvOTLPEndpoint, "http://127.0.0.1:99999"},
		{openlit.EnvOTLPEndpoint, "http://127.0.0.1:0"},
		{"OTEL_EXPORTER_OTLP_TIMEOUT", "abc"},
		{"OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "0"},
		{openlit.EnvOTLPEndpoint, "http://" + strings.Repeat("\xff", 100<<10)},
		{openlit.EnvMaxContentLength, strings.Repeat("\xfe", 100<<10)},
	} {
		t.Run(tc.env+"="+tc.value[:min(len(tc.value), 24)], func(t *testing.T) {
			resetEnv(t)
			t.Setenv(tc.env, tc.value)
			s, err := openlit.Init(context.Background(), openlit.WithConsoleWriter(io.Discard))
			if err == nil {
				_ = s.Shutdown(context.Background())
				t.Fatal("accepted")
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.env) {
				t.Errorf("error does not name %s: %s", tc.env, msg)
			}
			if len(msg) > 512 || !utf8.ValidString(msg) {
				t.Errorf("error of %d bytes, valid UTF-8 %v", len(msg), utf8.ValidString(msg))
			}
		})
	}
}

// hangingCollector accepts exports and never answers until the test ends.
func hangingCollector(t *testing.T) string {
	t.Helper()
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-done:
		}
	}))
	t.Cleanup(func() {
		close(done)
		srv.CloseClientConnections()
		srv.Close()
	})
	return srv.URL
}

// Class 7: with WithDisableBatch and a collector that hangs, no call waits
// longer than one export timeout, however many run at once.
func TestDisableBatchBoundedBehindHangingCollector(t *testing.T) {
	resetEnv(t)
	errcapture.Capture(t)
	const timeout = 500 * time.Millisecond
	t.Setenv("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "500")
	s, err := openlit.Init(context.Background(), openlit.WithOTLPEndpoint(hangingCollector(t)),
		openlit.WithDisableBatch(true), openlit.WithDisableMetrics(true))
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = s.Shutdown(ctx)
	}()
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	c := client(srv.BaseURL())
	var wg sync.WaitGroup
	var mu sync.Mutex
	var slowest time.Duration
	for range 16 {
		wg.Go(func() {
			start := time.Now()
			if _, err := c.Chat.Completions.New(context.Background(), chatParams("gpt-4o")); err != nil {
				t.Error(err)
			}
			d := time.Since(start)
			mu.Lock()
			slowest = max(slowest, d)
			mu.Unlock()
		})
	}
	wg.Wait()
	t.Logf("slowest of 16 concurrent calls: %v (export timeout %v)", slowest, timeout)
	if slowest > timeout+700*time.Millisecond {
		t.Errorf("slowest call waited %v, more than one export timeout (%v)", slowest, timeout)
	}
}

// Class 8: a collector restart in batch mode loses nothing (a refused
// connection is retried within the export timeout), and spans that fail to
// export are counted as not exported.
func TestCollectorRestartLosesNothing(t *testing.T) {
	resetEnv(t)
	errcapture.Capture(t)
	addr := refusedAddr(t) // the collector is down
	s, err := openlit.Init(context.Background(), openlit.WithOTLPEndpoint("http://"+addr),
		openlit.WithDisableMetrics(true))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Shutdown(context.Background())
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	c := client(srv.BaseURL())
	const n = 20
	for range n {
		if _, err := c.Chat.Completions.New(context.Background(), chatParams("gpt-4o")); err != nil {
			t.Fatal(err)
		}
	}
	rcv := otlpreceiver.NewUnstarted()
	up := make(chan *http.Server, 1)
	go func() {
		time.Sleep(800 * time.Millisecond) // the collector comes back
		l, err := net.Listen("tcp", addr)
		if err != nil {
			up <- nil
			return
		}
		hs := &http.Server{Handler: rcv.Handler()}
		up <- hs
		_ = hs.Serve(l)
	}()
	flush(t, s)
	if hs := <-up; hs != nil {
		defer hs.Close()
	} else {
		t.Skip("could not listen on the collector's port again")
	}
	if got := len(rcv.Spans()); got != n {
		t.Errorf("%d of %d spans survived the collector restart", got, n)
	}
}

func TestLostSpansCounted(t *testing.T) {
	resetEnv(t)
	errs := errcapture.Capture(t)
	// A collector that answers 400 to everything: every span is handed to
	// the exporter, none is exported.
	url := faultServer(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusBadRequest)
	})
	s, err := openlit.Init(context.Background(), openlit.WithOTLPEndpoint(url), openlit.WithDisableMetrics(true))
	if err != nil {
		t.Fatal(err)
	}
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	c := client(srv.BaseURL())
	for range 5 {
		if _, err := c.Chat.Completions.New(context.Background(), chatParams("gpt-4o")); err != nil {
			t.Fatal(err)
		}
	}
	_ = s.Shutdown(context.Background())
	found := false
	for _, m := range errs.Messages() {
		if strings.Contains(m, "5 of 5 spans were not exported") {
			found = true
		}
	}
	if !found {
		t.Errorf("loss not reported as 5 of 5: %q", errs.Messages())
	}
}

// Class 9: clients wrapped before Init, or under an Init since shut down,
// follow the current global providers.
func TestReInitFollowsGlobals(t *testing.T) {
	resetEnv(t)
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	early := client(srv.BaseURL()) // before any Init
	first, rcv1 := initTo(t, openlit.WithDisableMetrics(true))
	under := client(srv.BaseURL()) // under the first Init
	if _, err := under.Chat.Completions.New(context.Background(), chatParams("gpt-4o")); err != nil {
		t.Fatal(err)
	}
	if err := first.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	second, rcv2 := initTo(t, openlit.WithDisableMetrics(true))
	late := client(srv.BaseURL())
	for _, c := range []*openlitopenai.Client{early, under, late} {
		if _, err := c.Chat.Completions.New(context.Background(), chatParams("gpt-4o")); err != nil {
			t.Fatal(err)
		}
	}
	flush(t, second)
	if got := len(rcv2.Spans()); got != 3 {
		t.Errorf("%d of 3 clients reached the new collector", got)
	}
	if got := len(rcv1.Spans()); got != 1 {
		t.Errorf("first collector got %d spans, want 1", got)
	}
}

// Class 10: Init → Wrap → call → Shutdown cycles keep memory flat.
func TestInitShutdownCyclesKeepMemoryFlat(t *testing.T) {
	resetEnv(t)
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	// One plain client (one HTTP transport, one kept-alive connection);
	// each cycle wraps it anew.
	plain := openai.NewClient(option.WithBaseURL(srv.BaseURL()), option.WithAPIKey("sk-test"))
	cycle := func() {
		s, err := openlit.Init(context.Background(), openlit.WithConsoleWriter(io.Discard))
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
	heap := func() uint64 {
		var m runtime.MemStats
		for range 3 {
			runtime.GC()
		}
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	for range 20 {
		cycle()
	}
	base := heap()
	const cycles = 200
	for range cycles {
		cycle()
	}
	after := heap()
	perCycle := (float64(after) - float64(base)) / cycles
	t.Logf("heap %d → %d bytes over %d cycles: %.0f bytes per cycle", base, after, cycles, perCycle)
	if perCycle > 5<<10 {
		t.Errorf("%.0f bytes kept per Init/Shutdown cycle", perCycle)
	}
}

// Class 11: with capture off, a provider error quoting the prompt exports
// no prompt text.
func TestCaptureOffErrorExportsNoPrompt(t *testing.T) {
	resetEnv(t)
	const prompt = "PRIVATE-PROMPT-in-error"
	s, rcv := initTo(t, openlit.WithCaptureMessageContent(false), openlit.WithDisableMetrics(true))
	body := `{"error":{"message":"Invalid content: '` + prompt + `'","type":"invalid_request_error","code":"bad"}}`
	c := client(answer(t, 400, body, false))
	if _, err := c.Chat.Completions.New(context.Background(), chatParams("gpt-4o")); err == nil {
		t.Fatal("400 not returned")
	}
	// A stream error's text is the provider's message, quoting the prompt.
	sc := client(answer(t, 200, "data: "+body+"\n\n", true))
	st := sc.Chat.Completions.NewStreaming(context.Background(), chatParams("gpt-4o"))
	for st.Next() {
	}
	if st.Err() == nil || !strings.Contains(st.Err().Error(), prompt) {
		t.Fatalf("the client's stream error changed: %v", st.Err())
	}
	flush(t, s)
	spans := rcv.Spans()
	if len(spans) != 2 {
		t.Fatalf("%d spans, want 2", len(spans))
	}
	if exported := bytes.Join(rcv.Raw(), nil); bytes.Contains(exported, []byte(prompt)) {
		t.Error("prompt exported in an error with capture off")
	}
	if msg := spans[0].Status.Message; !strings.Contains(msg, "400") {
		t.Errorf("status message %q does not say what failed", msg)
	}
}

// Class 12: a zero SDK is safe; negative token counts are not recorded,
// sums saturate and costs are finite and non-negative.
func TestZeroValuesAndArithmetic(t *testing.T) {
	var zero openlit.SDK
	ctx := context.Background()
	if err := zero.Shutdown(ctx); err != nil {
		t.Error(err)
	}
	if err := zero.ForceFlush(ctx); err != nil {
		t.Error(err)
	}
	if zero.TracerProvider() == nil || zero.MeterProvider() == nil || zero.Resource() == nil {
		t.Error("zero SDK returned a nil provider or resource")
	}

	for _, tc := range []struct {
		name, in, out   string
		wantIn, wantOut bool
		wantTotal       int64
	}{
		{"negative input", "-5", "10", false, true, 10},
		{"both negative", "-5", "-7", false, false, -1},
		{"huge: invalid, not priced", "9000000000000000000", "9000000000000000000", false, false, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resetEnv(t)
			s, rcv := initTo(t, openlit.WithMetricExportInterval(time.Hour))
			c := client(answer(t, 200, chatJSON("id", "gpt-4o", "stop", "fp", tc.in, tc.out), false))
			if _, err := c.Chat.Completions.New(ctx, chatParams("gpt-4o")); err != nil {
				t.Fatal(err)
			}
			flush(t, s)
			spans := rcv.Spans()
			if len(spans) != 1 {
				t.Fatalf("%d spans", len(spans))
			}
			a := otlpreceiver.Attrs(spans[0].Attributes)
			if _, ok := a["gen_ai.usage.input_tokens"]; ok != tc.wantIn {
				t.Errorf("input_tokens recorded = %v, want %v (%v)", ok, tc.wantIn, a["gen_ai.usage.input_tokens"])
			}
			if _, ok := a["gen_ai.usage.output_tokens"]; ok != tc.wantOut {
				t.Errorf("output_tokens recorded = %v, want %v", ok, tc.wantOut)
			}
			total, ok := a["gen_ai.usage.total_tokens"].(int64)
			if tc.wantTotal < 0 && ok || tc.wantTotal >= 0 && total != tc.wantTotal {
				t.Errorf("total_tokens = %v, want %d", a["gen_ai.usage.total_tokens"], tc.wantTotal)
			}
			if cost, ok := a["gen_ai.usage.cost"].(float64); ok && (math.IsNaN(cost) || math.IsInf(cost, 0) || cost < 0 || strings.HasPrefix(tc.name, "huge")) {
				t.Errorf("cost %v", cost)
			}
			for name, m := range rcv.Metrics() {
				if sum := m.GetSum(); sum != nil {
					for _, dp := range sum.DataPoints {
						if dp.GetAsInt() < 0 {
							t.Errorf("%s has a negative point %d", name, dp.GetAsInt())
						}
					}
				}
				if h := m.GetHistogram(); h != nil {
					for _, dp := range h.DataPoints {
						if dp.GetSum() < 0 || math.IsNaN(dp.GetSum()) || math.IsInf(dp.GetSum(), 0) {
							t.Errorf("%s has a sum of %v", name, dp.GetSum())
						}
					}
				}
			}
		})
	}
}

// With WithDisableBatch nothing is retried on the caller's path: a
// collector that refuses connections costs each call one failed dial, and
// the lost spans are counted.
func TestDisableBatchRefusedCollectorFailsFast(t *testing.T) {
	resetEnv(t)
	errs := errcapture.Capture(t)
	addr := refusedAddr(t)
	s, err := openlit.Init(context.Background(), openlit.WithOTLPEndpoint("http://"+addr),
		openlit.WithDisableBatch(true), openlit.WithDisableMetrics(true))
	if err != nil {
		t.Fatal(err)
	}
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	c := client(srv.BaseURL())
	for range 5 {
		start := time.Now()
		if _, err := c.Chat.Completions.New(context.Background(), chatParams("gpt-4o")); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d > 500*time.Millisecond {
			t.Errorf("a call took %v with the collector refusing", d)
		}
	}
	_ = s.Shutdown(context.Background())
	if !slices.ContainsFunc(errs.Messages(), func(m string) bool { return strings.Contains(m, "5 of 5 spans were not exported") }) {
		t.Errorf("loss not reported: %q", errs.Messages())
	}
}

// A span from other code with invalid UTF-8 anywhere (name, attributes,
// events, links, status, scope) does not take the batch, and the model call
// spans in it, down with it.
func TestForeignInvalidSpanLosesNothing(t *testing.T) {
	resetEnv(t)
	errs := errcapture.Capture(t)
	s, rcv := initTo(t, openlit.WithDisableMetrics(true))
	tracer := s.TracerProvider().Tracer("app\xff", trace.WithInstrumentationVersion("v\xfe"))
	ctx, parent := tracer.Start(context.Background(), "GET /users/\xff",
		trace.WithAttributes(attribute.String("http.route\xff", "/x\xff"), attribute.StringSlice("tags", []string{"a\xfe"}),
			// OpenTelemetry's complex attributes: a map holding a slice.
			attribute.KeyValue{Key: "request", Value: attribute.MapValue(attribute.String("path\xff", "/y\xfe"),
				attribute.KeyValue{Key: "ids", Value: attribute.SliceValue(attribute.StringValue("\xff"), attribute.IntValue(1))})}),
		trace.WithLinks(trace.Link{SpanContext: trace.SpanContextFromContext(context.Background()),
			Attributes: []attribute.KeyValue{attribute.String("l", "\xff")}}))
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	if _, err := client(srv.BaseURL()).Chat.Completions.New(ctx, chatParams("gpt-4o")); err != nil {
		t.Fatal(err)
	}
	parent.AddEvent("ev\xff", trace.WithAttributes(attribute.String("k", "v\xff")))
	parent.SetStatus(codes.Error, "failed \xff")
	parent.End()
	flush(t, s)
	spans := rcv.Spans()
	if len(spans) != 2 {
		t.Fatalf("%d of 2 spans arrived; handler %q", len(spans), errs.Messages())
	}
	for _, sp := range spans {
		if sp.Name == "GET /users/\uFFFD" && sp.Status.Message != "failed \uFFFD" {
			t.Errorf("status %q", sp.Status.Message)
		}
	}
}

// Invalid UTF-8 in OTEL_RESOURCE_ATTRIBUTES keys and values does not break
// exports.
func TestResourceAttributesSanitized(t *testing.T) {
	resetEnv(t)
	t.Setenv(openlit.EnvResourceAttributes, "team%FF=ml%FE,k8s.pod="+strings.Repeat("p", 5000))
	s, rcv := initTo(t, openlit.WithDisableMetrics(true))
	_, span := s.TracerProvider().Tracer("t").Start(context.Background(), "op")
	span.End()
	flush(t, s)
	spans := rcv.Spans()
	if len(spans) != 1 {
		t.Fatalf("%d spans", len(spans))
	}
	if v := spans[0].Resource["team%FF"]; v != "ml\uFFFD" {
		t.Errorf("resource = %v", spans[0].Resource)
	}
	if v, _ := spans[0].Resource["k8s.pod"].(string); len(v) > 1024 {
		t.Errorf("resource value of %d bytes", len(v))
	}
}
