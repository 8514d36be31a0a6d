package openlitgenai

import (
	"context"
	"errors"
	"iter"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/codes"
	"google.golang.org/genai"

	"github.com/openlit/openlit-go/replay"
	"github.com/openlit/openlit-go/semconv"
)

func cost(t *testing.T, a map[string]string, want float64) {
	t.Helper()
	if c, err := strconv.ParseFloat(a["gen_ai.usage.cost"], 64); err != nil || math.Abs(c-want) > 1e-12 {
		t.Errorf("cost %q, want %v", a["gen_ai.usage.cost"], want)
	}
}

// TestGenerateContent: the wrapped client returns what the plain one
// returns, and records one "chat" span with the request parameters, the
// usage (thinking tokens as reasoning and output) and its cost.
func TestGenerateContent(t *testing.T) {
	h := newHarness(t, replay.Options{})
	ctx := context.Background()
	want, err := h.plain.Models.GenerateContent(ctx, "gemini-2.5-flash", prompt(), chatConfig())
	if err != nil {
		t.Fatal(err)
	}
	got, err := h.client.Models.GenerateContent(ctx, "gemini-2.5-flash", prompt(), chatConfig())
	if err != nil {
		t.Fatal(err)
	}
	same(t, got, want)
	s := h.only(t)
	if s.Name() != "chat gemini-2.5-flash" || s.InstrumentationScope().Name != ScopeName || s.Status().Code != codes.Ok {
		t.Fatalf("span %q scope %q status %v", s.Name(), s.InstrumentationScope().Name, s.Status())
	}
	a := attrs(s)
	check(t, a, map[string]string{
		"gen_ai.system": "gcp.gemini", "gen_ai.operation.name": "chat", "gen_ai.request.model": "gemini-2.5-flash",
		"gen_ai.response.model": "gemini-2.5-flash", "gen_ai.response.id": "nPJXaMvUNpqXz7IPwIbB8Ao",
		"gen_ai.response.finish_reasons": `["STOP"]`, "gen_ai.usage.input_tokens": "7", "gen_ai.usage.output_tokens": "74",
		"gen_ai.usage.reasoning.output_tokens": "49", "gen_ai.usage.total_tokens": "81",
		"gen_ai.request.temperature": "0.2", "gen_ai.request.seed": "42", "gen_ai.request.max_tokens": "1024",
		"gen_ai.request.stop_sequences": `["END"]`, "gen_ai.request.is_stream": "false",
		"server.address": "127.0.0.1", "gen_ai.prompt": "system: Be brief.\nuser: What is LLM Observability?",
	})
	// gemini-2.5-flash: 7 input tokens at $0.30 and 25 + 49 (thinking)
	// output tokens at $2.50 per million: 187.1 µUSD.
	cost(t, a, 0.0001871)
	if !strings.HasPrefix(a["gen_ai.completion"], "LLM observability is the practice") {
		t.Errorf("completion %q", a["gen_ai.completion"])
	}
	for k, v := range a {
		if strings.Contains(v, "SECRET") {
			t.Errorf("%s holds the API key: %q", k, v)
		}
	}
	if n, sum, _ := h.metric(t, "gen_ai.client.token.usage"); n != 1 || sum != 81 {
		t.Errorf("token usage: %d records, sum %v; want 1, 81 (the total, as the guide records it)", n, sum)
	}
	if n, sum, _ := h.metric(t, "gen_ai.usage.cost"); n == 0 || math.Abs(sum-0.0001871) > 1e-12 {
		t.Errorf("cost metric: %d points, sum %v", n, sum)
	}
}

// TestVertexAI: on the Vertex AI backend the call is gcp.vertex_ai, the
// model is the one named in the publisher path, and embeddings report
// their tokens (statistics) and cost.
func TestVertexAI(t *testing.T) {
	h := newHarness(t, replay.Options{}, harnessConfig{vertex: true})
	ctx := context.Background()
	if _, err := h.client.Models.GenerateContent(ctx, "gemini-2.5-flash", prompt(), nil); err != nil {
		t.Fatal(err)
	}
	body := string(h.srv.Bodies()[0])
	if !strings.Contains(body, "What is LLM Observability?") {
		t.Fatalf("request %s", body)
	}
	a := attrs(h.only(t))
	check(t, a, map[string]string{"gen_ai.system": "gcp.vertex_ai", "gen_ai.request.model": "gemini-2.5-flash", "gen_ai.usage.output_tokens": "74"})
	cost(t, a, 0.0001871)

	h.spans.Reset()
	want, err := h.plain.Models.EmbedContent(ctx, "text-embedding-005", genai.Text("What is LLM Observability?"), nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := h.client.Models.EmbedContent(ctx, "text-embedding-005", genai.Text("What is LLM Observability?"), nil)
	if err != nil {
		t.Fatal(err)
	}
	same(t, got, want)
	s := h.only(t)
	a = attrs(s)
	if s.Name() != "embeddings text-embedding-005" {
		t.Errorf("span %q", s.Name())
	}
	check(t, a, map[string]string{"gen_ai.system": "gcp.vertex_ai", "gen_ai.operation.name": "embeddings",
		"gen_ai.usage.input_tokens": "7", "gen_ai.embeddings.dimension.count": "4", "gen_ai.usage.cost": "0"})
}

// Vertex AI model names given as resource paths name the model by their
// last segment, as the request path does.
func TestModelPath(t *testing.T) {
	h := newHarness(t, replay.Options{}, harnessConfig{vertex: true})
	if _, err := h.client.Models.GenerateContent(context.Background(), "publishers/google/models/gemini-2.5-pro", prompt(), nil); err != nil {
		t.Fatal(err)
	}
	if s := h.only(t); s.Name() != "chat gemini-2.5-pro" {
		t.Errorf("span %q", s.Name())
	}
}

// TestEmbedContent on the Gemini API: batchEmbedContents, whose answer
// counts no tokens.
func TestEmbedContent(t *testing.T) {
	h := newHarness(t, replay.Options{})
	dims := int32(4)
	res, err := h.client.Models.EmbedContent(context.Background(), "gemini-embedding-001", genai.Text("What is LLM Observability?"), &genai.EmbedContentConfig{OutputDimensionality: &dims})
	if err != nil || len(res.Embeddings) != 1 {
		t.Fatal(res, err)
	}
	a := attrs(h.only(t))
	check(t, a, map[string]string{"gen_ai.system": "gcp.gemini", "gen_ai.operation.name": "embeddings", "gen_ai.embeddings.dimension.count": "4",
		"gen_ai.request.model": "gemini-embedding-001", "gen_ai.prompt": "What is LLM Observability?"})
	if _, ok := a["gen_ai.usage.input_tokens"]; ok {
		t.Errorf("tokens recorded the API did not report: %q", a["gen_ai.usage.input_tokens"])
	}
}

// TestStream: the chunks are the plain client's; the span has the time to
// first chunk, the text of every chunk and the last chunk's usage.
func TestStream(t *testing.T) {
	h := newHarness(t, replay.Options{FirstChunkDelay: 30 * time.Millisecond, ChunkDelay: 10 * time.Millisecond})
	ctx := context.Background()
	var want, got []*genai.GenerateContentResponse
	for r, err := range h.plain.Models.GenerateContentStream(ctx, "gemini-2.5-flash", prompt(), chatConfig()) {
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, r)
	}
	seq := h.client.Models.GenerateContentStream(ctx, "gemini-2.5-flash", prompt(), chatConfig())
	if n := len(h.spans.GetSpans()); n != 0 || h.srv.Requests() != 1 {
		t.Fatalf("a sequence not ranged over made %d spans, %d requests", n, h.srv.Requests()-1)
	}
	for r, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	same(t, got, want)
	s := h.only(t)
	a := attrs(s)
	check(t, a, map[string]string{
		"gen_ai.request.is_stream": "true", "gen_ai.usage.input_tokens": "7", "gen_ai.usage.output_tokens": "59",
		"gen_ai.usage.reasoning.output_tokens": "49", "gen_ai.response.finish_reasons": `["STOP"]`,
		"gen_ai.response.id": "qfJXaOWlGc6Wz7IPpd2H0Ao", "gen_ai.completion": "LLM observability is monitoring every model call.",
	})
	cost(t, a, 0.0001496)
	ttft, err := strconv.ParseFloat(a["gen_ai.server.time_to_first_token"], 64)
	total := s.EndTime().Sub(s.StartTime()).Seconds()
	if err != nil || ttft < 0.03 || ttft >= total {
		t.Errorf("time to first token %q, span %vs", a["gen_ai.server.time_to_first_token"], total)
	}
	if a["langfuse.observation.completion_start_time"] == "" {
		t.Error("no completion start time")
	}
	// Ranging again is a second call and a second span.
	h.spans.Reset()
	for range seq {
	}
	h.only(t)
}

// TestStreamBreak: a caller that stops reading ends the span at once, with
// what arrived.
func TestStreamBreak(t *testing.T) {
	h := newHarness(t, replay.Options{})
	for r, err := range h.client.Models.GenerateContentStream(context.Background(), "gemini-2.5-flash", prompt(), nil) {
		if err != nil || r == nil {
			t.Fatal(err)
		}
		break
	}
	s := h.only(t)
	a := attrs(s)
	if s.Status().Code != codes.Ok || a["gen_ai.completion"] != "LLM observability is" || a["gen_ai.usage.output_tokens"] != "53" {
		t.Errorf("status %v, attrs %v", s.Status(), a)
	}
}

// TestStreamPanic: a panic in the caller's loop body still ends the span,
// and reaches the caller unchanged.
func TestStreamPanic(t *testing.T) {
	h := newHarness(t, replay.Options{})
	func() {
		defer func() {
			if r := recover(); r != "boom" {
				t.Errorf("recovered %v", r)
			}
		}()
		for range h.client.Models.GenerateContentStream(context.Background(), "gemini-2.5-flash", prompt(), nil) {
			panic("boom")
		}
	}()
	s := h.only(t)
	if s.Status().Code != codes.Error || attrs(s)["error.type"] != "stream_interrupted" {
		t.Errorf("status %v attrs %v", s.Status(), attrs(s))
	}
}

// TestErrors: an API error is returned unchanged and recorded with the
// HTTP status as error.type, for plain and streamed calls.
func TestErrors(t *testing.T) {
	for _, status := range []int{400, 429, 500, 503} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			h := newHarness(t, replay.Options{Fail: []int{status, status, status}})
			ctx := context.Background()
			_, want := h.plain.Models.GenerateContent(ctx, "gemini-2.5-flash", prompt(), nil)
			_, got := h.client.Models.GenerateContent(ctx, "gemini-2.5-flash", prompt(), nil)
			var apiErr genai.APIError
			if got == nil || want == nil || got.Error() != want.Error() || !errors.As(got, &apiErr) || apiErr.Code != status {
				t.Fatalf("error %v, want %v", got, want)
			}
			s := h.only(t)
			if s.Status().Code != codes.Error || attrs(s)["error.type"] != strconv.Itoa(status) {
				t.Errorf("status %v error.type %q", s.Status(), attrs(s)["error.type"])
			}
			h.spans.Reset()
			var streamErr error
			for _, err := range h.client.Models.GenerateContentStream(ctx, "gemini-2.5-flash", prompt(), nil) {
				streamErr = err
			}
			if !errors.As(streamErr, &apiErr) || apiErr.Code != status {
				t.Fatalf("stream error %v", streamErr)
			}
			if s := h.only(t); attrs(s)["error.type"] != strconv.Itoa(status) {
				t.Errorf("stream error.type %q", attrs(s)["error.type"])
			}
		})
	}
}

// TestStreamErrorEvent: an error the API sends inside the stream ends the
// call failed; the chunks before it are still the caller's.
func TestStreamErrorEvent(t *testing.T) {
	sse := []byte("data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hel\"}],\"role\": \"model\"},\"index\": 0}],\"modelVersion\": \"gemini-2.5-flash\"}\n\n" +
		"data: {\"error\": {\"code\": 503, \"message\": \"The model is overloaded.\", \"status\": \"UNAVAILABLE\"}}\n\n")
	h := newHarness(t, replay.Options{SSE: sse})
	var chunks int
	var last error
	for r, err := range h.client.Models.GenerateContentStream(context.Background(), "gemini-2.5-flash", prompt(), nil) {
		if r != nil {
			chunks++
		}
		if err != nil {
			last = err
		}
	}
	if chunks != 1 || last == nil {
		t.Fatalf("%d chunks, error %v", chunks, last)
	}
	s := h.only(t)
	if s.Status().Code != codes.Error || attrs(s)["error.type"] != "503" {
		t.Errorf("status %v error.type %q", s.Status(), attrs(s)["error.type"])
	}
}

// TestCancel: a cancelled context fails the call with the SDK's error, and
// the span says so.
func TestCancel(t *testing.T) {
	h := newHarness(t, replay.Options{FirstChunkDelay: 2 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := h.client.Models.GenerateContent(ctx, "gemini-2.5-flash", prompt(), nil)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second {
		t.Fatalf("error %v after %v", err, time.Since(start))
	}
	if s := h.only(t); s.Status().Code != codes.Error {
		t.Errorf("status %v", s.Status())
	}
	h.spans.Reset()
	ctx2, cancel2 := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel2()
	for _, err := range h.client.Models.GenerateContentStream(ctx2, "gemini-2.5-flash", prompt(), nil) {
		if err == nil {
			t.Fatal("a chunk arrived")
		}
	}
	if s := h.only(t); s.Status().Code != codes.Error {
		t.Errorf("stream status %v", s.Status())
	}
}

// TestToolCalls: function declarations are the request's tools, the model's
// function call is recorded as a tool call, and the function response sent
// back is part of the next prompt.
func TestToolCalls(t *testing.T) {
	answer := []byte(`{"candidates":[{"content":{"parts":[{"functionCall":{"id":"call_1","name":"get_weather","args":{"city":"Paris"}}}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":30,"candidatesTokenCount":8,"totalTokenCount":38},"modelVersion":"gemini-2.5-flash","responseId":"tool-1"}`)
	h := newHarness(t, replay.Options{JSON: answer})
	cfg := &genai.GenerateContentConfig{Tools: []*genai.Tool{{FunctionDeclarations: []*genai.FunctionDeclaration{{Name: "get_weather", Description: "Weather by city"}}}}}
	contents := []*genai.Content{
		genai.NewContentFromText("Weather in Paris?", genai.RoleUser),
		{Role: genai.RoleModel, Parts: []*genai.Part{{FunctionCall: &genai.FunctionCall{ID: "call_0", Name: "get_weather", Args: map[string]any{"city": "Rome"}}}}},
		{Role: genai.RoleUser, Parts: []*genai.Part{{FunctionResponse: &genai.FunctionResponse{ID: "call_0", Name: "get_weather", Response: map[string]any{"temp": 21}}}}},
	}
	res, err := h.client.Models.GenerateContent(context.Background(), "gemini-2.5-flash", contents, cfg)
	if err != nil || len(res.FunctionCalls()) != 1 {
		t.Fatal(res, err)
	}
	a := attrs(h.only(t))
	check(t, a, map[string]string{"gen_ai.request.tools": `["get_weather"]`, "gen_ai.response.finish_reasons": `["STOP"]`})
	if !strings.Contains(a["gen_ai.prompt"], `{"city":"Rome"}`) || !strings.Contains(a["gen_ai.prompt"], `{"temp":21}`) {
		t.Errorf("prompt %q", a["gen_ai.prompt"])
	}
	check(t, a, map[string]string{string(semconv.GenAIToolName): `["get_weather"]`, string(semconv.GenAIToolCallID): `["call_1"]`,
		string(semconv.GenAIToolCallArguments): `["{\"city\":\"Paris\"}"]`})
}

// TestChat: each message of a session is a span whose prompt is the
// session's history and the new message; the session's history is the
// plain SDK's.
func TestChat(t *testing.T) {
	h := newHarness(t, replay.Options{})
	ctx := context.Background()
	chat, err := h.client.Chats.Create(ctx, "gemini-2.5-flash", chatConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := h.plain.Chats.Create(ctx, "gemini-2.5-flash", chatConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []interface {
		SendMessage(context.Context, ...genai.Part) (*genai.GenerateContentResponse, error)
		SendMessageStream(context.Context, ...genai.Part) iter.Seq2[*genai.GenerateContentResponse, error]
	}{chat, plain} {
		if _, err := c.SendMessage(ctx, genai.Part{Text: "What is LLM Observability?"}); err != nil {
			t.Fatal(err)
		}
		for _, err := range c.SendMessageStream(ctx, genai.Part{Text: "Shorter, please."}) {
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	same(t, chat.History(false), plain.History(false))
	spans := h.spans.GetSpans().Snapshots()
	if len(spans) != 2 {
		t.Fatalf("%d spans", len(spans))
	}
	second := attrs(spans[1])
	if second["gen_ai.request.is_stream"] != "true" || !strings.Contains(second["gen_ai.prompt"], "user: What is LLM Observability?\nassistant: LLM observability is the practice") ||
		!strings.HasSuffix(second["gen_ai.prompt"], "user: Shorter, please.") {
		t.Errorf("second prompt %q", second["gen_ai.prompt"])
	}
}

// TestStreamCut: a stream the server ends before any finishReason (a cut
// connection, a proxy's timeout) gives the caller what the plain client
// gives, and its span is an error, error.type stream_incomplete; read
// through the wire path (openlithttp) too.
func TestStreamCut(t *testing.T) {
	h := newHarness(t, replay.Options{StopAfter: 1})
	var plainErr error
	for _, err := range h.plain.Models.GenerateContentStream(context.Background(), "gemini-2.5-flash", prompt(), nil) {
		plainErr = err
	}
	var gotErr error
	n := 0
	for _, err := range h.client.Models.GenerateContentStream(context.Background(), "gemini-2.5-flash", prompt(), nil) {
		gotErr = err
		n++
	}
	if (gotErr == nil) != (plainErr == nil) || n != 1 {
		t.Fatalf("wrapped %d chunks, %v; plain %v", n, gotErr, plainErr)
	}
	s := h.only(t)
	if s.Status().Code != codes.Error || attrs(s)["error.type"] != "stream_incomplete" {
		t.Errorf("status %v, attrs %v", s.Status(), attrs(s))
	}
}
