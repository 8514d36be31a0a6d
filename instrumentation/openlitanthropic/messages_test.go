package openlitanthropic

import (
	"context"
	"crypto/tls"
	"errors"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
	"github.com/anthropics/anthropic-sdk-go/v2/packages/ssestream"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/internal/spantest"
	"github.com/openlit/openlit-go/replay"
)

// harness is a wrapped and a plain client of one replay server; the
// OpenTelemetry globals point at the same in-memory exporter, so a span
// the SDK emitted itself would show.
type harness struct {
	srv    *replay.Server
	spans  *tracetest.InMemoryExporter
	reader *sdkmetric.ManualReader
	client Client
	plain  anthropic.Client
}

func newHarness(t *testing.T, ro replay.Options, reqOpts ...option.RequestOption) *harness {
	t.Helper()
	srv := replay.NewServer(ro)
	t.Cleanup(srv.Close)
	tp, exp, mp, reader := spantest.Providers(t)
	base := &http.Transport{}
	t.Cleanup(base.CloseIdleConnections)
	opts := append([]option.RequestOption{option.WithAPIKey("sk-ant-test-SECRET"), option.WithBaseURL(srv.URL),
		option.WithHTTPClient(&http.Client{Transport: base})}, reqOpts...)
	plain := anthropic.NewClient(append(opts, option.WithoutOpenTelemetry())...)
	wrapped := Wrap(anthropic.NewClient(opts...), WithTracerProvider(tp), WithMeterProvider(mp))
	return &harness{srv: srv, spans: exp, reader: reader, client: wrapped, plain: plain}
}

func (h *harness) only(t *testing.T) sdktrace.ReadOnlySpan {
	t.Helper()
	return spantest.Only(t, h.spans)
}

func attrs(s sdktrace.ReadOnlySpan) map[string]string { return spantest.Attrs(s) }

func check(t *testing.T, a map[string]string, want map[string]string) {
	t.Helper()
	spantest.Check(t, a, want)
}

func params() anthropic.MessageNewParams {
	return anthropic.MessageNewParams{
		Model: "claude-sonnet-4-5", MaxTokens: 1024,
		System:        []anthropic.TextBlockParam{{Text: "Be brief."}},
		StopSequences: []string{"END"},
		Messages:      []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock("What is LLM Observability?"))},
	}
}

// TestNewMatchesPlain: the wrapped client returns what the plain one
// returns, and records one span: the SDK's own is off.
func TestNewMatchesPlain(t *testing.T) {
	h := newHarness(t, replay.Options{})
	ctx := context.Background()
	want, err := h.plain.Messages.New(ctx, params())
	if err != nil {
		t.Fatal(err)
	}
	got, err := h.client.Messages.New(ctx, params())
	if err != nil {
		t.Fatal(err)
	}
	if got.RawJSON() != want.RawJSON() {
		t.Fatalf("result differs:\n%s\n%s", got.RawJSON(), want.RawJSON())
	}
	s := h.only(t)
	if s.Name() != "chat claude-sonnet-4-5" || s.InstrumentationScope().Name != ScopeName || s.Status().Code != codes.Ok {
		t.Fatalf("span %q scope %q status %v", s.Name(), s.InstrumentationScope().Name, s.Status())
	}
	a := attrs(s)
	check(t, a, map[string]string{
		"gen_ai.system": "anthropic", "gen_ai.operation.name": "chat", "gen_ai.request.model": "claude-sonnet-4-5",
		"gen_ai.response.model": "claude-sonnet-4-5-20250929", "gen_ai.response.id": "msg_01XFDUDYJgAACzvnptvVoYEL",
		"gen_ai.response.finish_reasons": `["end_turn"]`, "gen_ai.usage.input_tokens": "1166", "gen_ai.usage.cache_read.input_tokens": "1152", "gen_ai.usage.output_tokens": "38",
		"gen_ai.request.max_tokens": "1024", "gen_ai.request.stop_sequences": `["END"]`, "gen_ai.request.is_stream": "false",
		"server.address": "127.0.0.1", "gen_ai.prompt": "system: Be brief.\nuser: text: What is LLM Observability?",
	})
	// Sonnet 4.5: 14 input tokens at $3, 1,152 read from the cache at
	// $0.30, 38 output tokens at $15 per million: 957.6 µUSD.
	if c, _ := strconv.ParseFloat(a["gen_ai.usage.cost"], 64); math.Abs(c-0.0009576) > 1e-12 {
		t.Errorf("cost %q, want 0.0009576", a["gen_ai.usage.cost"])
	}
	if !strings.HasPrefix(a["gen_ai.completion"], "LLM observability is the practice") {
		t.Errorf("completion %q", a["gen_ai.completion"])
	}
	for k, v := range a {
		if strings.Contains(v, "SECRET") {
			t.Errorf("%s holds the API key", k)
		}
	}
}

// TestNewStreamingMatchesPlain: the stream yields the plain client's events;
// the span ends with it, with time to first token and the usage.
func TestNewStreamingMatchesPlain(t *testing.T) {
	h := newHarness(t, replay.Options{})
	ctx := context.Background()
	drain := func(s interface {
		Next() bool
		Current() anthropic.MessageStreamEventUnion
		Err() error
		Close() error
	}) string {
		defer s.Close()
		var b strings.Builder
		for s.Next() {
			b.WriteString(s.Current().RawJSON() + "\n")
		}
		if err := s.Err(); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	want := drain(h.plain.Messages.NewStreaming(ctx, params()))
	got := drain(h.client.Messages.NewStreaming(ctx, params()))
	if got != want || want == "" {
		t.Fatalf("events differ:\n%s\n%s", got, want)
	}
	a := attrs(h.only(t))
	check(t, a, map[string]string{
		"gen_ai.request.is_stream": "true", "gen_ai.usage.input_tokens": "14", "gen_ai.usage.output_tokens": "12",
		"gen_ai.response.id": "msg_01HCDu5LRGeP2o7s2xGmxyx8", "gen_ai.response.finish_reasons": `["end_turn"]`,
		"gen_ai.completion": "LLM observability is tracing every model call.",
	})
	if a["gen_ai.server.time_to_first_token"] == "" || a["gen_ai.response.time_to_first_chunk"] == "" && a["langfuse.observation.completion_start_time"] == "" {
		t.Errorf("no time to first token: %v", a)
	}
}

// TestRetryIsOneSpan: a 429 the SDK retries is one logical call, one span.
func TestRetryIsOneSpan(t *testing.T) {
	h := newHarness(t, replay.Options{Fail: []int{429}}, option.WithMaxRetries(2))
	if _, err := h.client.Messages.New(context.Background(), params()); err != nil {
		t.Fatal(err)
	}
	if h.srv.Requests() != 2 {
		t.Fatalf("%d requests", h.srv.Requests())
	}
	s := h.only(t)
	if s.Status().Code != codes.Ok || attrs(s)["gen_ai.usage.input_tokens"] != "1166" {
		t.Errorf("span %v %v", s.Status(), attrs(s))
	}
}

// TestErrors: the caller gets the plain client's error, and the span its
// status.
func TestErrors(t *testing.T) {
	for _, status := range []int{400, 429, 529} {
		h := newHarness(t, replay.Options{Fail: []int{status, status, status, status}}, option.WithMaxRetries(0))
		_, wantErr := h.plain.Messages.New(context.Background(), params())
		_, err := h.client.Messages.New(context.Background(), params())
		var apiErr, wantAPI *anthropic.Error
		if !errors.As(err, &apiErr) || !errors.As(wantErr, &wantAPI) || apiErr.StatusCode != wantAPI.StatusCode || apiErr.StatusCode != status {
			t.Fatalf("%d: error %v, plain %v", status, err, wantErr)
		}
		h.spans.Reset()
		_, _ = h.client.Messages.New(context.Background(), params())
		s := h.only(t)
		if s.Status().Code != codes.Error || attrs(s)["error.type"] != strconv.Itoa(status) {
			t.Errorf("%d: span %v %v", status, s.Status(), attrs(s)["error.type"])
		}
		h.spans.Reset()
		stream := h.client.Messages.NewStreaming(context.Background(), params())
		for stream.Next() {
		}
		if stream.Err() == nil {
			t.Errorf("%d: stream without error", status)
		}
		_ = stream.Close()
		if s := h.only(t); s.Status().Code != codes.Error || attrs(s)["error.type"] != strconv.Itoa(status) {
			t.Errorf("%d: stream span %v %v", status, s.Status(), attrs(s)["error.type"])
		}
	}
}

// TestStreamErrorEvent: an error event mid-stream (overloaded) ends the span
// with that error, as the plain client's stream ends with it.
func TestStreamErrorEvent(t *testing.T) {
	sse := "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_x\",\"model\":\"claude-sonnet-4-5-20250929\",\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n" +
		"event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"
	h := newHarness(t, replay.Options{SSE: []byte(sse)})
	stream := h.client.Messages.NewStreaming(context.Background(), params())
	for stream.Next() {
	}
	if stream.Err() == nil {
		t.Fatal("the SDK saw no error")
	}
	_ = stream.Close()
	s := h.only(t)
	if s.Status().Code != codes.Error || attrs(s)["error.type"] != "overloaded_error" {
		t.Errorf("span %v %v", s.Status(), attrs(s)["error.type"])
	}
}

// TestCancelledStream: cancelling mid-stream ends the span with the
// context's error.
func TestCancelledStream(t *testing.T) {
	h := newHarness(t, replay.Options{ChunkDelay: 30 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	stream := h.client.Messages.NewStreaming(ctx, params())
	if !stream.Next() {
		t.Fatal(stream.Err())
	}
	cancel()
	for stream.Next() {
	}
	_ = stream.Close()
	s := h.only(t)
	if s.Status().Code != codes.Error {
		t.Errorf("span %v %v", s.Status(), attrs(s))
	}
}

// TestBetaMessages: the beta Messages service is traced the same way, as
// one span per call (plain and streamed).
func TestBetaMessages(t *testing.T) {
	h := newHarness(t, replay.Options{})
	ctx := context.Background()
	p := anthropic.BetaMessageNewParams{Model: "claude-sonnet-4-5", MaxTokens: 256,
		Messages: []anthropic.BetaMessageParam{anthropic.NewBetaUserMessage(anthropic.NewBetaTextBlock("What is LLM Observability?"))}}
	want, err := h.plain.Beta.Messages.New(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	got, err := h.client.Beta.Messages.New(ctx, p)
	if err != nil || got.RawJSON() != want.RawJSON() {
		t.Fatalf("result differs: %v", err)
	}
	check(t, attrs(h.only(t)), map[string]string{"gen_ai.system": "anthropic", "gen_ai.usage.input_tokens": "1166", "gen_ai.usage.output_tokens": "38"})
	h.spans.Reset()
	stream := h.client.Beta.Messages.NewStreaming(ctx, p)
	for stream.Next() {
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	_ = stream.Close()
	check(t, attrs(h.only(t)), map[string]string{"gen_ai.request.is_stream": "true", "gen_ai.usage.output_tokens": "12"})
}

// TestProviderByHost: a client whose requests go to Bedrock's or Vertex
// AI's host (as the SDK's bedrock and vertex packages send them) records
// aws.bedrock or gcp.vertex_ai.
func TestProviderByHost(t *testing.T) {
	for host, want := range map[string]string{
		"bedrock-runtime.us-east-1.amazonaws.com": "aws.bedrock",
		"us-east5-aiplatform.googleapis.com":      "gcp.vertex_ai",
		"api.anthropic.com":                       "anthropic",
	} {
		srv := replay.NewTLSServer(replay.Options{})
		addr := srv.Listener.Addr().String()
		tr := &http.Transport{
			DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
				return (&net.Dialer{}).DialContext(ctx, network, addr)
			},
			TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, //nolint:gosec // test server
		}
		h := newHarness(t, replay.Options{}, option.WithBaseURL("https://"+host), option.WithHTTPClient(&http.Client{Transport: tr}))
		if _, err := h.client.Messages.New(context.Background(), params()); err != nil {
			t.Fatal(err)
		}
		a := attrs(h.only(t))
		if a["gen_ai.system"] != want || a["server.address"] != host {
			t.Errorf("%s: system %q, address %q", host, a["gen_ai.system"], a["server.address"])
		}
		tr.CloseIdleConnections()
		srv.Close()
	}
}

// TestBrokenStream: a stream cut before message_stop ends the span when the
// body ends, as an error (error.type stream_incomplete: the SDK reports
// none, but the answer is not whole); the caller sees what the plain client
// sees.
func TestBrokenStream(t *testing.T) {
	h := newHarness(t, replay.Options{StopAfter: 4})
	read := func(c interface {
		NewStreaming(context.Context, anthropic.MessageNewParams, ...option.RequestOption) *ssestream.Stream[anthropic.MessageStreamEventUnion]
	}) (int, error) {
		s := c.NewStreaming(context.Background(), params())
		defer s.Close()
		n := 0
		for s.Next() {
			n++
		}
		return n, s.Err()
	}
	wantN, wantErr := read(&h.plain.Messages)
	h.spans.Reset()
	gotN, gotErr := read(&h.client.Messages)
	if gotN != wantN || (gotErr == nil) != (wantErr == nil) {
		t.Fatalf("wrapped %d, %v; plain %d, %v", gotN, gotErr, wantN, wantErr)
	}
	a := attrs(h.only(t))
	if a["error.type"] != "stream_incomplete" || a["gen_ai.response.id"] != "msg_01HCDu5LRGeP2o7s2xGmxyx8" {
		t.Errorf("span %v", a)
	}
	if h.only(t).Status().Code != codes.Error {
		t.Error("a cut stream's span is not an error")
	}
}
