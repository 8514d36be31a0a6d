package openlithttp

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"

	"github.com/openlit/openlit-go/internal/errcapture"
	"github.com/openlit/openlit-go/internal/spantest"
	"github.com/openlit/openlit-go/replay"
	"github.com/openlit/openlit-go/semconv"
)

// telemetry returns options recording to an in-memory exporter.
func telemetry(t *testing.T) (*tracetest.InMemoryExporter, *sdkmetric.ManualReader, []Option) {
	t.Helper()
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()); _ = mp.Shutdown(context.Background()) })
	return exp, reader, []Option{WithTracerProvider(tp), WithMeterProvider(mp)}
}

// roundTrip sends body as a JSON POST to url through tr, with the header
// pairs given, and returns the answer's body, read to its end and closed.
func roundTrip(t *testing.T, tr http.RoundTripper, url, body string, header ...string) []byte {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// canned is a RoundTripper answering every request with the same body,
// without a network.
type canned struct {
	status int
	ct     string
	body   []byte
}

func (c canned) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	return &http.Response{StatusCode: c.status, Header: http.Header{"Content-Type": {c.ct}},
		Body: io.NopCloser(bytes.NewReader(c.body)), Request: r}, nil
}

// TestNonModelRequestsUntouched: requests that are not model calls pass
// through with no span, the same bytes, and no allocation.
func TestNonModelRequestsUntouched(t *testing.T) {
	exp, _, opts := telemetry(t)
	base := canned{status: 200, ct: "application/json", body: []byte(`{"ok":true}`)}
	tr := NewTransport(base, opts...)
	reqs := []*http.Request{
		httptest.NewRequest(http.MethodGet, "https://api.openai.com/v1/models", nil),
		httptest.NewRequest(http.MethodGet, "https://example.com/health", nil),
		httptest.NewRequest(http.MethodPost, "https://example.com/v1/orders", strings.NewReader(`{"model":"x"}`)),
		httptest.NewRequest(http.MethodPost, "https://api.openai.com/v1/files", strings.NewReader("--b\r\n")),
		httptest.NewRequest(http.MethodPost, "https://example.com/api/chat", strings.NewReader(`{"message":"not a model call"}`)),
	}
	reqs[2].Header.Set("Content-Type", "application/json")
	reqs[3].Header.Set("Content-Type", "multipart/form-data; boundary=b")
	reqs[4].Header.Set("Content-Type", "application/json")
	for _, req := range reqs {
		res, err := tr.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if string(b) != `{"ok":true}` {
			t.Errorf("%s %s: body %q", req.Method, req.URL, b)
		}
	}
	if n := len(exp.GetSpans()); n != 0 {
		t.Errorf("%d spans for requests that are no model calls", n)
	}
	get := httptest.NewRequest(http.MethodGet, "https://example.com/health", nil)
	post := httptest.NewRequest(http.MethodPost, "https://example.com/v1/orders", nil)
	post.Header.Set("Content-Type", "application/json")
	for _, req := range []*http.Request{get, post} {
		plain := testing.AllocsPerRun(200, func() { res, _ := base.RoundTrip(req); res.Body.Close() })
		traced := testing.AllocsPerRun(200, func() { res, _ := tr.RoundTrip(req); res.Body.Close() })
		if traced > plain {
			t.Errorf("%s %s: %v allocations through the transport, %v without", req.Method, req.URL, traced, plain)
		}
	}
}

// TestStreamNotBuffered: the client gets each event as the server sends
// it; the server sends the second event only after the client has read the
// first.
func TestStreamNotBuffered(t *testing.T) {
	exp, _, opts := telemetry(t)
	gotFirst := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, `data: {"id":"c1","model":"gpt-4o","choices":[{"index":0,"delta":{"content":"first"}}]}`+"\n\n")
		w.(http.Flusher).Flush()
		select {
		case <-gotFirst:
		case <-time.After(5 * time.Second):
			return // the client never saw the first event: it was held back
		}
		fmt.Fprint(w, `data: {"id":"c1","model":"gpt-4o","choices":[{"index":0,"delta":{"content":" second"},"finish_reason":"stop"}]}`+"\n\ndata: [DONE]\n\n")
	}))
	defer srv.Close()
	c := &http.Client{Transport: NewTransport(&http.Transport{}, opts...)}
	defer c.CloseIdleConnections()
	res, err := c.Post(srv.URL+"/v1/chat/completions", "application/json", strings.NewReader(`{"model":"gpt-4o","stream":true,"messages":[]}`))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	buf := make([]byte, 4096)
	n, err := res.Body.Read(buf)
	if err != nil || !strings.Contains(string(buf[:n]), "first") {
		t.Fatalf("first read: %q, %v", buf[:n], err)
	}
	close(gotFirst)
	rest, _ := io.ReadAll(res.Body)
	if !strings.Contains(string(rest), "second") {
		t.Fatalf("rest: %q", rest)
	}
	s := exp.GetSpans()
	if len(s) != 1 || s[0].Status.Code != codes.Ok {
		t.Fatalf("spans: %+v", s)
	}
}

// zeros is an endless run of zero bytes, as a large file upload.
type zeros struct{ left int }

func (z *zeros) Read(p []byte) (int, error) {
	if z.left == 0 {
		return 0, io.EOF
	}
	n := min(len(p), z.left)
	clear(p[:n])
	z.left -= n
	return n, nil
}

// TestLargeUploadNotBuffered: a 64 MiB multipart upload streams through the
// transport without being held in memory, and the fields after the file
// (the model, as openai-go orders them) are still recorded.
func TestLargeUploadNotBuffered(t *testing.T) {
	exp, _, opts := telemetry(t)
	var received int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		received, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"text":"hello","usage":{"type":"duration","seconds":60}}`)
	}))
	defer srv.Close()
	c := &http.Client{Transport: NewTransport(&http.Transport{}, opts...)}
	defer c.CloseIdleConnections()
	const size = 64 << 20
	head := "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"talk.mp3\"\r\nContent-Type: audio/mpeg\r\n\r\n"
	tail := "\r\n--b\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n--b\r\nContent-Disposition: form-data; name=\"language\"\r\n\r\nen\r\n--b--\r\n"
	body := io.MultiReader(strings.NewReader(head), &zeros{left: size}, strings.NewReader(tail))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	res, err := c.Post(srv.URL+"/v1/audio/transcriptions", "multipart/form-data; boundary=b", body)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.ReadAll(res.Body)
	res.Body.Close()
	runtime.ReadMemStats(&after)
	if want := int64(len(head) + size + len(tail)); received != want {
		t.Fatalf("server received %d bytes, want %d", received, want)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("a 64 MiB upload allocated %d bytes", alloc)
	}
	s := exp.GetSpans()
	if len(s) != 1 {
		t.Fatalf("%d spans", len(s))
	}
	a := attrs(s[0].Attributes)
	if s[0].Name != "audio whisper-1" || a["gen_ai.request.model"] != "whisper-1" || a["gen_ai.request.audio_language"] != "en" {
		t.Errorf("span %q %v", s[0].Name, a)
	}
	if a["gen_ai.audio.duration"] != "60" {
		t.Errorf("duration %q", a["gen_ai.audio.duration"])
	}
}

// TestRetriedAttempts: a client that retries a 429 records one span per
// attempt; the failed one carries the status and no tokens, so the token
// metric counts the answered attempt once.
func TestRetriedAttempts(t *testing.T) {
	r := newRig(t, replay.Options{Fail: []int{429}})
	body := `{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}`
	var res *http.Response
	for attempt := 0; attempt < 2; attempt++ {
		var err error
		res, err = r.traced.Post(r.srv.BaseURL()+"chat/completions", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if attempt == 0 && (res.StatusCode != 429 || !strings.Contains(string(b), "rate_limit_exceeded")) {
			t.Fatalf("first attempt: %d %s", res.StatusCode, b)
		}
	}
	spans := r.spans.GetSpans()
	if len(spans) != 2 {
		t.Fatalf("%d spans, want 2", len(spans))
	}
	failed, ok := attrs(spans[0].Attributes), attrs(spans[1].Attributes)
	if failed["error.type"] != "429" || spans[0].Status.Code != codes.Error || failed["gen_ai.usage.input_tokens"] != "" {
		t.Errorf("failed attempt: %v %v", spans[0].Status, failed)
	}
	if !strings.Contains(spans[0].Status.Description, "Too Many Requests") {
		t.Errorf("status %q", spans[0].Status.Description)
	}
	if ok["gen_ai.usage.input_tokens"] != "14" || spans[1].Status.Code != codes.Ok {
		t.Errorf("answered attempt: %v", ok)
	}
	if n, sum := r.tokenSum(t); n != 1 || sum != 370 { // the answered attempt: 14 + 356 tokens
		t.Errorf("token usage: %d recordings summing %d, want 1 summing 370", n, sum)
	}
}

// TestCancelledStream: cancelling mid-stream ends the span with the
// context's error; the client sees exactly what it sees without the
// transport.
func TestCancelledStream(t *testing.T) {
	r := newRig(t, replay.Options{ChunkDelay: 20 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, r.srv.BaseURL()+"chat/completions",
		strings.NewReader(`{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"hi"}]}`))
	req.Header.Set("Content-Type", "application/json")
	res, err := r.traced.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	if _, err := res.Body.Read(buf); err != nil {
		t.Fatal(err)
	}
	cancel()
	_, err = io.ReadAll(res.Body)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("read after cancel: %v", err)
	}
	res.Body.Close()
	s := r.only(t)
	if s.Status().Code != codes.Error || attrs(s.Attributes())["error.type"] != "context.Canceled" {
		t.Errorf("span %v %v", s.Status(), attrs(s.Attributes())["error.type"])
	}
}

// TestAbandonedBody: a response body dropped without Close still ends its
// span, once the garbage collector finds it.
func TestAbandonedBody(t *testing.T) {
	exp, _, opts := telemetry(t)
	tr := NewTransport(canned{status: 200, ct: "text/event-stream", body: []byte("data: {\"model\":\"gpt-4o\"}\n\n")}, opts...)
	func() {
		req := httptest.NewRequest(http.MethodPost, "https://api.openai.com/v1/chat/completions", strings.NewReader(`{"model":"gpt-4o","stream":true}`))
		req.Header.Set("Content-Type", "application/json")
		if _, err := tr.RoundTrip(req); err != nil {
			t.Fatal(err)
		}
	}()
	deadline := time.Now().Add(5 * time.Second)
	for len(exp.GetSpans()) == 0 && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	s := exp.GetSpans()
	if len(s) != 1 || attrs(s[0].Attributes)["error.type"] != "response_abandoned" {
		t.Fatalf("spans %+v", s)
	}
}

// TestHostileAnswers: whatever a model endpoint answers (not JSON, invalid
// UTF-8, a line past every bound, deep nesting), the client gets it
// unchanged and the span ends with valid UTF-8.
func TestHostileAnswers(t *testing.T) {
	long := strings.Repeat("x", 3<<20)
	cases := map[string]canned{
		"not json":     {200, "application/json", []byte("<html>gateway error</html>")},
		"invalid utf8": {200, "application/json", []byte("{\"model\":\"gpt-\xff\xfe\",\"choices\":[{\"message\":{\"content\":\"\xc3\x28\"}}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":-5}}")},
		"huge line":    {200, "text/event-stream", []byte("data: {\"choices\":[{\"delta\":{\"content\":\"" + long + "\"}}]}\n\ndata: [DONE]\n\n")},
		"deep":         {200, "application/json", []byte(strings.Repeat("[", 100000) + strings.Repeat("]", 100000))},
		"huge usage":   {200, "application/json", []byte(`{"model":"gpt-4o","usage":{"prompt_tokens":1e300,"completion_tokens":18446744073709551615}}`)},
		"error body":   {500, "text/plain", []byte("upstream \xff died")},
		"empty":        {200, "application/json", nil},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			exp, _, opts := telemetry(t)
			tr := NewTransport(c, opts...)
			b := roundTrip(t, tr, "https://api.openai.com/v1/chat/completions", `{"model":"gpt-4o","messages":[{"role":"user","content":"\u0000\ud800"}]}`)
			if !bytes.Equal(b, c.body) {
				t.Fatalf("body changed")
			}
			s := exp.GetSpans()
			if len(s) != 1 {
				t.Fatalf("%d spans", len(s))
			}
			for _, kv := range s[0].Attributes {
				if !utf8.ValidString(kv.Value.Emit()) {
					t.Errorf("%s is not valid UTF-8", kv.Key)
				}
			}
		})
	}
}

// TestNoSecrets: the API key, in a header or in the URL, never reaches the
// span.
func TestNoSecrets(t *testing.T) {
	const secret = "sk-SECRET-0123456789"
	r := newRig(t, replay.Options{})
	req, _ := http.NewRequest(http.MethodPost, r.srv.URL+"/v1beta/models/gemini-2.5-flash:generateContent?key="+secret,
		strings.NewReader(`{"contents":[{"parts":[{"text":"hi"}]}]}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-goog-api-key", secret)
	req.Header.Set("Authorization", "Bearer "+secret)
	res, err := r.traced.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.ReadAll(res.Body)
	res.Body.Close()
	s := r.only(t)
	for _, kv := range s.Attributes() {
		if strings.Contains(kv.Value.Emit(), secret) {
			t.Errorf("%s holds the key", kv.Key)
		}
	}
	for _, ev := range s.Events() {
		for _, kv := range ev.Attributes {
			if strings.Contains(kv.Value.Emit(), secret) {
				t.Errorf("event %s %s holds the key", ev.Name, kv.Key)
			}
		}
	}
}

// failing is a RoundTripper failing as http.Client reports it, quoting the
// URL.
type failing struct{}

func (failing) RoundTrip(r *http.Request) (*http.Response, error) {
	return nil, &url.Error{Op: "Post", URL: r.URL.String(), Err: errors.New("connection refused")}
}

// TestNoSecretsInErrors: a failed request whose URL carries the key (as
// Gemini's ?key= does) records neither the key nor the password; the caller
// gets the error unchanged.
func TestNoSecretsInErrors(t *testing.T) {
	const secret = "AIzaSECRET0123456789"
	exp, _, opts := telemetry(t)
	tr := NewTransport(failing{}, append(opts, WithCaptureMessageContent(true))...)
	req := httptest.NewRequest(http.MethodPost, "https://user:"+secret+"@generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent?key="+secret,
		strings.NewReader(`{"contents":[]}`))
	req.Header.Set("Content-Type", "application/json")
	_, err := tr.RoundTrip(req)
	if err == nil || !strings.Contains(err.Error(), secret) {
		t.Fatalf("the caller's error changed: %v", err)
	}
	s := exp.GetSpans()
	if len(s) != 1 {
		t.Fatalf("%d spans", len(s))
	}
	all := s[0].Status.Description
	for _, ev := range s[0].Events {
		for _, kv := range ev.Attributes {
			all += kv.Value.Emit()
		}
	}
	for _, kv := range s[0].Attributes {
		all += kv.Value.Emit()
	}
	if strings.Contains(all, secret) || !strings.Contains(all, "connection refused") {
		t.Fatalf("span: %s", all)
	}
	if a := attrs(s[0].Attributes); a["error.type"] != "url.Error" {
		t.Errorf("error.type %q", a["error.type"])
	}
}

type panicTracerProvider struct{ noop.TracerProvider }

func (panicTracerProvider) Tracer(string, ...trace.TracerOption) trace.Tracer { return panicTracer{} }

type panicTracer struct{ noop.Tracer }

func (panicTracer) Start(context.Context, string, ...trace.SpanStartOption) (context.Context, trace.Span) {
	panic("tracer exploded")
}

// TestTracerPanicPassesThrough: when the tracer panics, the request still
// goes out whole and the answer comes back unchanged; the panic is reported
// to the error handler, not to the caller.
func TestTracerPanicPassesThrough(t *testing.T) {
	errs := errcapture.Capture(t)
	r := newRig(t, replay.Options{})
	c := &http.Client{Transport: NewTransport(&http.Transport{}, WithTracerProvider(panicTracerProvider{}))}
	defer c.CloseIdleConnections()
	body := `{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}`
	want := post(t, r.plain, r.srv.BaseURL()+"chat/completions", body)
	got := post(t, c, r.srv.BaseURL()+"chat/completions", body)
	if !bytes.Equal(got, want) {
		t.Fatalf("answer changed")
	}
	if b := r.srv.Bodies(); string(b[len(b)-1]) != body {
		t.Fatalf("server got %q", b[len(b)-1])
	}
	found := false
	for _, m := range errs.Messages() {
		found = found || strings.Contains(m, "tracer exploded")
	}
	if !found {
		t.Fatalf("panic not reported: %v", errs.Messages())
	}
}

// TestGzipAnswer: a client that asks for gzip itself gets the compressed
// bytes untouched, and the call is still decoded.
func TestGzipAnswer(t *testing.T) {
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	_, _ = zw.Write(replay.ChatCompletionJSON())
	_ = zw.Close()
	exp, _, opts := telemetry(t)
	base := canned{status: 200, ct: "application/json", body: zipped.Bytes()}
	tr := NewTransport(gzipHeader{base}, opts...)
	b := roundTrip(t, tr, "https://api.openai.com/v1/chat/completions", `{"model":"gpt-4o","messages":[]}`, "Accept-Encoding", "gzip")
	if !bytes.Equal(b, zipped.Bytes()) {
		t.Fatal("compressed body changed")
	}
	s := exp.GetSpans()
	if len(s) != 1 || attrs(s[0].Attributes)["gen_ai.usage.output_tokens"] != "356" {
		t.Fatalf("spans %v", s)
	}
}

// gzipHeader marks canned answers as gzip-encoded.
type gzipHeader struct{ canned }

func (g gzipHeader) RoundTrip(r *http.Request) (*http.Response, error) {
	res, err := g.canned.RoundTrip(r)
	res.Header.Set("Content-Encoding", "gzip")
	return res, err
}

// TestAnthropicCacheCost: Anthropic's input_tokens leave out the cached
// tokens; the span counts them as input and prices reads and writes at
// their own rates (see pricing.TestUsageCostCacheReadAndWrite for the sum).
func TestAnthropicCacheCost(t *testing.T) {
	exp, _, opts := telemetry(t)
	answer := `{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[{"type":"text","text":"ok"}],` +
		`"stop_reason":"end_turn","usage":{"input_tokens":14,"cache_creation_input_tokens":1000,"cache_read_input_tokens":2000,"output_tokens":38}}`
	tr := NewTransport(canned{status: 200, ct: "application/json", body: []byte(answer)}, opts...)
	roundTrip(t, tr, "https://api.anthropic.com/v1/messages", `{"model":"claude-sonnet-4-5","max_tokens":64,"messages":[{"role":"user","content":"hi"}]}`)
	s := exp.GetSpans()
	if len(s) != 1 {
		t.Fatalf("%d spans", len(s))
	}
	a := attrs(s[0].Attributes)
	for k, v := range map[string]string{"gen_ai.usage.input_tokens": "3014", "gen_ai.usage.output_tokens": "38",
		"gen_ai.usage.cost": "0.004962", "gen_ai.system": "anthropic", "server.address": "api.anthropic.com"} {
		if a[k] != v {
			t.Errorf("%s = %q, want %q", k, a[k], v)
		}
	}
	cacheRead, cacheWrite := a["gen_ai.usage.cache_read.input_tokens"], a["gen_ai.usage.cache_creation.input_tokens"]
	if cacheRead != "2000" || cacheWrite != "1000" {
		t.Errorf("cache attributes: read %q, write %q in %v", cacheRead, cacheWrite, a)
	}
}

// TestClaudeOnVertexAI: Anthropic's Messages API behind Vertex AI's
// rawPredict (model in the path) is decoded as Anthropic, provider
// gcp.vertex_ai; another publisher's rawPredict is not a Messages call.
func TestClaudeOnVertexAI(t *testing.T) {
	exp, _, opts := telemetry(t)
	tr := NewTransport(canned{status: 200, ct: "application/json", body: func() []byte { b, _ := replay.Recorded("/v1/messages"); return b }()}, opts...)
	for _, path := range []string{
		"/v1/projects/p1/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict",
		"/v1/projects/p1/locations/us-east5/publishers/meta/models/llama-4:rawPredict",
	} {
		roundTrip(t, tr, "https://us-east5-aiplatform.googleapis.com"+path,
			`{"anthropic_version":"vertex-2023-10-16","max_tokens":64,"messages":[{"role":"user","content":"hi"}]}`)
	}
	s := exp.GetSpans()
	if len(s) != 1 {
		t.Fatalf("%d spans, want 1 (the Claude call)", len(s))
	}
	a := attrs(s[0].Attributes)
	if s[0].Name != "chat claude-sonnet-4-5@20250929" || a["gen_ai.system"] != "gcp.vertex_ai" || a["gen_ai.usage.output_tokens"] != "38" {
		t.Errorf("span %q %v", s[0].Name, a)
	}
}

// A stream the server ends before its final event is an error span
// (error.type stream_incomplete), for Anthropic (no message_stop), Gemini
// (no finishReason), OpenAI chat (neither [DONE] nor a finish_reason) and
// Responses (no response.completed), and Ollama (no "done": true); the same
// stream closed early by the client is not: the client chose to stop.
func TestCutStreams(t *testing.T) {
	for _, tc := range []struct{ name, path, body string }{
		{"anthropic", "/v1/messages", `{"model":"claude-sonnet-4-5","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"hi"}]}`},
		{"gemini", "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", `{"contents":[{"parts":[{"text":"hi"}]}]}`},
		{"openai chat", "/v1/chat/completions", `{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"hi"}]}`},
		{"openai responses", "/v1/responses", `{"model":"gpt-4o","stream":true,"input":"hi"}`},
		{"ollama", "/api/chat", `{"model":"llama3.2","messages":[{"role":"user","content":"hi"}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, replay.Options{StopAfter: 1})
			post(t, r.traced, r.srv.URL+tc.path, tc.body)
			spans := r.spans.GetSpans()
			if len(spans) != 1 || spans[0].Status.Code != codes.Error || attrOf(spans[0].Attributes, "error.type") != "stream_incomplete" {
				t.Fatalf("cut stream: %v", spans)
			}

			r = newRig(t, replay.Options{})
			req, _ := http.NewRequest(http.MethodPost, r.srv.URL+tc.path, strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			res, err := r.traced.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			buf := make([]byte, 16)
			_, _ = res.Body.Read(buf)
			_ = res.Body.Close()
			spans = r.spans.GetSpans()
			if len(spans) != 1 || spans[0].Status.Code == codes.Error {
				t.Errorf("closed early: %v", spans)
			}
		})
	}
}

func attrOf(kvs []attribute.KeyValue, key string) string {
	for _, kv := range kvs {
		if string(kv.Key) == key {
			return kv.Value.Emit()
		}
	}
	return ""
}

// The tools a request offers are recorded whole from its body, as
// gen_ai.tool.definitions (latest mode; the Langfuse attributes), for every
// API that sends "tools" (Anthropic, Gemini) or Bedrock's toolConfig.
func TestToolDefinitionsFromTheWire(t *testing.T) {
	spantest.WithMode(t, semconv.ModeLatest)
	for _, tc := range []struct{ name, path, body, tools string }{
		{"openai", "/v1/chat/completions", `{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}`,
			`[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]`},
		{"anthropic", "/v1/messages", `{"model":"claude-sonnet-4-5","max_tokens":64,"messages":[{"role":"user","content":"hi"}],"tools":[{"name":"get_weather","input_schema":{"type":"object"}}]}`,
			`[{"name":"get_weather","input_schema":{"type":"object"}}]`},
		{"gemini", "/v1beta/models/gemini-2.5-flash:generateContent", `{"contents":[{"parts":[{"text":"hi"}]}],"tools":[{"functionDeclarations":[{"name":"get_weather"}]}]}`,
			`[{"functionDeclarations":[{"name":"get_weather"}]}]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, replay.Options{})
			post(t, r.traced, r.srv.URL+tc.path, tc.body)
			spans := r.spans.GetSpans()
			if len(spans) != 1 || attrOf(spans[0].Attributes, "gen_ai.tool.definitions") != tc.tools {
				t.Errorf("gen_ai.tool.definitions = %q", attrOf(spans[0].Attributes, "gen_ai.tool.definitions"))
			}
		})
	}
}
