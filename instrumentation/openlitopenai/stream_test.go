package openlitopenai

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/openai/openai-go/v3"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/openlit/openlit-go/internal/spantest"
	"github.com/openlit/openlit-go/replay"
	"github.com/openlit/openlit-go/semconv"
)

func streamParams(includeUsage bool) openai.ChatCompletionNewParams {
	p := userPrompt("What is LLM Observability?")
	if includeUsage {
		p.StreamOptions = openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)}
	}
	return p
}

// drain reads a stream to its end and returns the raw chunks and the error.
func drain(s interface {
	Next() bool
	Current() openai.ChatCompletionChunk
	Err() error
}) ([]string, error) {
	var raw []string
	for s.Next() {
		raw = append(raw, s.Current().RawJSON())
	}
	return raw, s.Err()
}

func TestStreamMatchesPlainAndGuide(t *testing.T) {
	const firstChunkDelay = 150 * time.Millisecond
	h := newHarness(t, replay.Options{FirstChunkDelay: firstChunkDelay})
	ctx := context.Background()

	got, err := drain(h.client.Chat.Completions.NewStreaming(ctx, streamParams(true)))
	if err != nil {
		t.Fatal(err)
	}
	want, err := drain(h.plain.Chat.Completions.NewStreaming(ctx, streamParams(true)))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") || len(got) < 300 {
		t.Fatalf("wrapped stream yielded %d chunks, plain %d, or different ones", len(got), len(want))
	}

	s := h.onlySpan(t)
	a := attrMap(s.Attributes())
	if s.Name() != "chat gpt-4o" || s.Status().Code != codes.Ok {
		t.Errorf("span %q status %v", s.Name(), s.Status())
	}
	if !a["gen_ai.request.is_stream"].AsBool() {
		t.Error("is_stream not true")
	}
	ttft := a["gen_ai.server.time_to_first_token"].AsFloat64()
	total := s.EndTime().Sub(s.StartTime()).Seconds()
	if ttft < firstChunkDelay.Seconds() || ttft > total {
		t.Errorf("ttft = %v, want ≥ %v and ≤ duration %v", ttft, firstChunkDelay.Seconds(), total)
	}
	if a["gen_ai.usage.input_tokens"].AsInt64() != 14 || a["gen_ai.usage.output_tokens"].AsInt64() != 356 ||
		a["gen_ai.usage.total_tokens"].AsInt64() != 370 {
		t.Errorf("usage = %v %v %v", a["gen_ai.usage.input_tokens"], a["gen_ai.usage.output_tokens"], a["gen_ai.usage.total_tokens"])
	}
	if math.Abs(a["gen_ai.usage.cost"].AsFloat64()-0.003595) > 1e-12 {
		t.Errorf("cost = %v", a["gen_ai.usage.cost"].AsFloat64())
	}
	if r := a["gen_ai.response.finish_reasons"].AsStringSlice(); len(r) != 1 || r[0] != "stop" {
		t.Errorf("finish reasons = %v", r)
	}
	if a["gen_ai.response.id"].AsString() != "chatcmpl-BjRT54iJi0Xc59gTjyZNycAOtkE56" ||
		a["gen_ai.response.model"].AsString() != "gpt-4o-2024-08-06" ||
		a["gen_ai.response.system_fingerprint"].AsString() != "fp_07871e2ad8" {
		t.Errorf("response attributes = %v", a)
	}
	if cst := a["langfuse.observation.completion_start_time"].AsString(); cst == "" {
		t.Error("no completion start time")
	} else if ts, err := time.Parse(time.RFC3339Nano, cst); err != nil || ts.Before(s.StartTime()) || ts.After(s.EndTime()) {
		t.Errorf("completion start time %q outside the span", cst)
	}
	g := loadGuideSpan(t)
	if len(s.Events()) != 2 {
		t.Fatalf("events = %v", s.Events())
	}
	if c := attrMap(s.Events()[1].Attributes)["gen_ai.completion"].AsString(); c != g.Events[1].Attributes["gen_ai.completion"] {
		t.Errorf("streamed completion differs from the guide's text (%d vs %d bytes)", len(c), len(g.Events[1].Attributes["gen_ai.completion"]))
	}

	ms := h.metrics(t)
	tt := ms[semconv.MetricServerTimeToFirstToken].Data.(metricdata.Histogram[float64]).DataPoints[0]
	if tt.Sum < firstChunkDelay.Seconds() {
		t.Errorf("ttft metric = %v", tt.Sum)
	}
	tpot, ok := ms[semconv.MetricServerTimePerOutputToken]
	if !ok || tpot.Unit != "s" {
		t.Fatalf("time per output token missing: %+v", tpot)
	}
	if tu := ms[semconv.MetricClientTokenUsage].Data.(metricdata.Histogram[int64]).DataPoints[0]; tu.Sum != 370 || tu.Count != 1 {
		t.Errorf("token usage = %d/%d", tu.Sum, tu.Count)
	}
	noSecret(t, s)
}

func TestStreamWithoutUsage(t *testing.T) {
	h := newHarness(t, replay.Options{})
	if _, err := drain(h.client.Chat.Completions.NewStreaming(context.Background(), streamParams(false))); err != nil {
		t.Fatal(err)
	}
	s := h.onlySpan(t)
	a := attrMap(s.Attributes())
	for _, k := range []string{"gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", "gen_ai.usage.total_tokens", "gen_ai.usage.cost"} {
		if _, ok := a[k]; ok {
			t.Errorf("%s invented without a usage chunk", k)
		}
	}
	ms := h.metrics(t)
	for _, name := range []string{semconv.MetricClientTokenUsage, semconv.MetricUsageInputTokens, semconv.MetricUsageOutputTokens, semconv.MetricUsageCost} {
		if _, ok := ms[name]; ok {
			t.Errorf("%s recorded without usage", name)
		}
	}
	if _, ok := ms[semconv.MetricTotalRequests]; !ok {
		t.Error("request not counted")
	}
}

func TestStreamClosedEarly(t *testing.T) {
	h := newHarness(t, replay.Options{})
	stream := h.client.Chat.Completions.NewStreaming(context.Background(), streamParams(true))
	for i := 0; i < 3 && stream.Next(); i++ {
	}
	if got := len(h.spans.GetSpans()); got != 0 {
		t.Fatalf("span ended before the stream: %d", got)
	}
	if err := stream.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if stream.Next() {
		t.Error("Next after Close returned true")
	}
	s := h.onlySpan(t)
	if s.Status().Code == codes.Error {
		t.Errorf("closing early is not an error: %v", s.Status())
	}
	if _, ok := attrMap(s.Attributes())["gen_ai.usage.output_tokens"]; ok {
		t.Error("usage recorded for a stream closed before its usage chunk")
	}
	if err := stream.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if n := len(h.spans.GetSpans()); n != 1 {
		t.Errorf("spans after second Close = %d", n)
	}
}

func TestStreamContextCancelled(t *testing.T) {
	run := func(s interface {
		Next() bool
		Current() openai.ChatCompletionChunk
		Err() error
	}, cancel context.CancelFunc) error {
		for i := 0; s.Next(); i++ {
			if i == 2 {
				cancel()
			}
		}
		return s.Err()
	}
	h := newHarness(t, replay.Options{ChunkDelay: 5 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	gotErr := run(h.client.Chat.Completions.NewStreaming(ctx, streamParams(true)), cancel)
	ctx2, cancel2 := context.WithCancel(context.Background())
	wantErr := run(h.plain.Chat.Completions.NewStreaming(ctx2, streamParams(true)), cancel2)
	if gotErr == nil || wantErr == nil || gotErr.Error() != wantErr.Error() || errors.Is(gotErr, context.Canceled) != errors.Is(wantErr, context.Canceled) {
		t.Fatalf("wrapped err %v, plain err %v", gotErr, wantErr)
	}
	s := h.onlySpan(t)
	if s.Status().Code != codes.Error || attrMap(s.Attributes())["error.type"].AsString() != "context.Canceled" {
		t.Errorf("status %v error.type %v", s.Status(), attrMap(s.Attributes())["error.type"])
	}
}

func TestStreamRequestFails(t *testing.T) {
	h := newHarness(t, replay.Options{Fail: []int{401}})
	stream := h.client.Chat.Completions.NewStreaming(context.Background(), streamParams(true))
	// The span ends even if the caller never reads the failed stream.
	s := h.onlySpan(t)
	if s.Status().Code != codes.Error || attrMap(s.Attributes())["error.type"].AsString() != "401" {
		t.Errorf("status %v attrs %v", s.Status(), s.Attributes())
	}
	if stream.Next() {
		t.Fatal("Next on a failed stream")
	}
	var apiErr *openai.Error
	if !errors.As(stream.Err(), &apiErr) || apiErr.StatusCode != 401 {
		t.Errorf("Err = %v", stream.Err())
	}
	_ = stream.Close()
	if n := len(h.spans.GetSpans()); n != 1 {
		t.Errorf("spans = %d", n)
	}
}

func TestStreamAbandoned(t *testing.T) {
	h := newHarness(t, replay.Options{})
	func() {
		stream := h.client.Chat.Completions.NewStreaming(context.Background(), streamParams(true))
		stream.Next()
	}()
	deadline := time.Now().Add(5 * time.Second)
	var spans []sdktrace.ReadOnlySpan
	for time.Now().Before(deadline) {
		runtime.GC()
		if spans = h.spans.GetSpans().Snapshots(); len(spans) > 0 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if len(spans) != 1 {
		t.Fatalf("abandoned stream left its span open (%d spans)", len(spans))
	}
	if et := attrMap(spans[0].Attributes())["error.type"].AsString(); et != "stream_abandoned" {
		t.Errorf("error.type = %q", et)
	}
}

// FuzzChatChunk: any chunk the SDK can decode is observed without panic and
// without unbounded state (choice and tool-call indexes are capped).
func FuzzChatChunk(f *testing.F) {
	_, sse := replay.Recorded("/chat/completions")
	for _, ev := range strings.Split(string(sse), "\n\n")[:5] {
		f.Add([]byte(strings.TrimPrefix(ev, "data: ")))
	}
	f.Add([]byte(`{"choices":[{"index":99999999,"delta":{"content":"x","tool_calls":[{"index":1000000,"id":"a"}]}}]}`))
	f.Add([]byte(`{"choices":[{"index":-1,"delta":{"tool_calls":[{"index":-5}]}}],"usage":{"prompt_tokens":-3}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var ch openai.ChatCompletionChunk
		if err := ch.UnmarshalJSON(data); err != nil {
			return
		}
		h := newFuzzCall(t)
		o := &chatObserver{capture: true}
		o.observe(h, ch)
		o.observe(h, ch)
		if len(o.texts) > maxIndex+1 || len(o.tools) > maxIndex+1 {
			t.Fatalf("state grew to %d choices", len(o.texts))
		}
		o.summarize(h, nil)
		h.End(nil)
	})
}

// A chat or Responses stream the server ends before its end (no
// finish_reason, no response.completed) gives the caller what the plain
// client gives, and its span is an error, error.type stream_incomplete;
// closed early by the caller, it is not.
func TestStreamCut(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, replay.Options{StopAfter: 2})
	s := h.client.Chat.Completions.NewStreaming(ctx, userPrompt("hi"))
	n := 0
	for s.Next() {
		n++
	}
	if s.Err() != nil || n != 2 {
		t.Fatalf("%d chunks, %v", n, s.Err())
	}
	sp := h.onlySpan(t)
	if sp.Status().Code != codes.Error || attrMap(sp.Attributes())["error.type"].AsString() != "stream_incomplete" {
		t.Errorf("chat: status %v", sp.Status())
	}

	h = newHarness(t, replay.Options{StopAfter: 2})
	rs := h.client.Responses.NewStreaming(ctx, responseParams())
	for rs.Next() {
	}
	if sp := h.onlySpan(t); sp.Status().Code != codes.Error || attrMap(sp.Attributes())["error.type"].AsString() != "stream_incomplete" {
		t.Errorf("responses: status %v", sp.Status())
	}

	h = newHarness(t, replay.Options{})
	s = h.client.Chat.Completions.NewStreaming(ctx, userPrompt("hi"))
	s.Next()
	_ = s.Close()
	if sp := h.onlySpan(t); sp.Status().Code == codes.Error {
		t.Errorf("closed early: status %v", sp.Status())
	}
}

// Two choices, the second appearing after the first has text: each
// choice's text is whole (a strings.Builder copied once written panicked
// when the slice of builders grew).
func TestStreamChoicesInterleaved(t *testing.T) {
	chunk := func(idx int, content, reason string) string {
		r := "null"
		if reason != "" {
			r = `"` + reason + `"`
		}
		return fmt.Sprintf(`data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":%d,"delta":{"content":%q},"finish_reason":%s}]}`+"\n\n", idx, content, r)
	}
	sse := chunk(0, "Hello", "") + chunk(1, "Bonjour", "") + chunk(0, " world", "") + chunk(1, " monde", "") +
		chunk(0, "", "stop") + chunk(1, "", "stop") + "data: [DONE]\n\n"
	spantest.WithMode(t, semconv.ModeLatest) // the output messages hold every choice
	h := newHarness(t, replay.Options{SSE: []byte(sse)})
	p := streamParams(false)
	p.N = openai.Int(2)
	if _, err := drain(h.client.Chat.Completions.NewStreaming(context.Background(), p)); err != nil {
		t.Fatal(err)
	}
	out := attrMap(h.onlySpan(t).Attributes())["gen_ai.output.messages"].AsString()
	if !strings.Contains(out, "Hello world") || !strings.Contains(out, "Bonjour monde") {
		t.Errorf("output messages %s, want both choices whole", out)
	}
}

// TestTimePerOutputChunk: in the current conventions, a stream's
// gen_ai.client.operation.time_per_output_chunk has one point per chunk
// with content after the first — a chunk carrying two choices is one chunk,
// a chunk with no content (the finish, the usage) none — on the typed
// wrapper and on the wire alike.
func TestTimePerOutputChunk(t *testing.T) {
	const head = `data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[`
	sse := head + `{"index":0,"delta":{"content":"Hello"},"finish_reason":null},{"index":1,"delta":{"content":"Bonjour"},"finish_reason":null}]}` + "\n\n" +
		head + `{"index":0,"delta":{"content":" world"},"finish_reason":null}]}` + "\n\n" +
		head + `{"index":1,"delta":{"content":" monde"},"finish_reason":null}]}` + "\n\n" +
		head + `{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]},"finish_reason":null}]}` + "\n\n" +
		head + `{"index":0,"delta":{},"finish_reason":"stop"},{"index":1,"delta":{},"finish_reason":"stop"}]}` + "\n\n" +
		"data: [DONE]\n\n"
	const want = 3 // four chunks with content
	spantest.WithMode(t, semconv.ModeLatest)
	p := streamParams(false)
	p.N = openai.Int(2)
	count := func(t *testing.T, reader *sdkmetric.ManualReader) uint64 {
		t.Helper()
		var rm metricdata.ResourceMetrics
		if err := reader.Collect(context.Background(), &rm); err != nil {
			t.Fatal(err)
		}
		var n uint64
		for _, sm := range rm.ScopeMetrics {
			for _, m := range sm.Metrics {
				if m.Name == semconv.MetricClientTimePerOutputChunk {
					for _, dp := range m.Data.(metricdata.Histogram[float64]).DataPoints {
						n += dp.Count
					}
				}
			}
		}
		return n
	}
	t.Run("typed", func(t *testing.T) {
		h := newHarness(t, replay.Options{SSE: []byte(sse)})
		if _, err := drain(h.client.Chat.Completions.NewStreaming(context.Background(), p)); err != nil {
			t.Fatal(err)
		}
		if n := count(t, h.reader); n != want {
			t.Errorf("%d points, want %d", n, want)
		}
	})
	t.Run("wire", func(t *testing.T) {
		srv := replay.NewServer(replay.Options{SSE: []byte(sse)})
		t.Cleanup(srv.Close)
		c, _, reader := middlewareClient(t, srv)
		if _, err := drain(c.Chat.Completions.NewStreaming(context.Background(), p)); err != nil {
			t.Fatal(err)
		}
		if n := count(t, reader); n != want {
			t.Errorf("%d points, want %d", n, want)
		}
	})
}
