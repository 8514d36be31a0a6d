package consoleview

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/semconv"
)

var t0 = time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)

// rig is a view on a buffer behind a tracer provider that exports each
// span as it ends.
type rig struct {
	buf *bytes.Buffer
	v   *View
	tp  *sdktrace.TracerProvider
	tr  trace.Tracer
}

func newRig(t *testing.T, opts ...Option) *rig {
	t.Helper()
	buf := &bytes.Buffer{}
	v := New(buf, opts...)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(v.SpanExporter()))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	return &rig{buf: buf, v: v, tp: tp, tr: tp.Tracer("test")}
}

// chat records a chat span like the OpenAI integration's, from start for
// d, under ctx.
func (r *rig) chat(ctx context.Context, start time.Time, d time.Duration, extra ...attribute.KeyValue) context.Context {
	ctx, s := r.tr.Start(ctx, "chat gpt-4o", trace.WithTimestamp(start), trace.WithSpanKind(trace.SpanKindClient))
	s.SetAttributes(
		semconv.GenAIOperationName.String("chat"),
		semconv.GenAIRequestModel.String("gpt-4o"),
		semconv.GenAIResponseModel.String("gpt-4o-2024-08-06"),
		semconv.GenAIUsageInputTokens.Int(14),
		semconv.GenAIUsageOutputTokens.Int(356),
		semconv.GenAIUsageCost.Float64(0.003595),
	)
	s.SetAttributes(extra...)
	s.AddEvent(semconv.EventContentPrompt, trace.WithAttributes(semconv.GenAIPrompt.String("user: What is LLM Observability?")))
	s.AddEvent(semconv.EventContentCompletion, trace.WithAttributes(semconv.GenAICompletion.String("LLM Observability refers to the monitoring of large language models.")))
	s.End(trace.WithTimestamp(start.Add(d)))
	return ctx
}

func lines(s string) []string { return strings.Split(strings.TrimSuffix(s, "\n"), "\n") }

func TestChatTrace(t *testing.T) {
	r := newRig(t, WithColor(false))
	r.chat(context.Background(), t0, 1210*time.Millisecond)
	got := lines(r.buf.String())
	if len(got) != 4 {
		t.Fatalf("want 4 lines (trace, span, prompt, completion), got %d:\n%s", len(got), r.buf)
	}
	if !strings.HasPrefix(got[0], "trace ") {
		t.Errorf("first line %q: want the trace id", got[0])
	}
	for _, want := range []string{"chat gpt-4o", "1.21s", "gpt-4o-2024-08-06", "14→356 tokens", "$0.003595"} {
		if !strings.Contains(got[1], want) {
			t.Errorf("span line %q lacks %q", got[1], want)
		}
	}
	if got[2] != "  prompt: user: What is LLM Observability?" {
		t.Errorf("prompt line %q", got[2])
	}
	if !strings.HasPrefix(got[3], "  completion: LLM Observability refers") {
		t.Errorf("completion line %q", got[3])
	}
	if strings.Contains(r.buf.String(), "\x1b") {
		t.Errorf("colour off, yet an escape in:\n%q", r.buf)
	}
}

func TestErrorSpan(t *testing.T) {
	r := newRig(t, WithColor(false))
	_, s := r.tr.Start(context.Background(), "chat gpt-4o", trace.WithTimestamp(t0))
	s.SetAttributes(semconv.GenAIRequestModel.String("gpt-4o"), semconv.ErrorType.String("404"))
	s.RecordError(errors.New("POST /v1/chat/completions: 404 Not Found\nmodel does not exist"))
	s.SetStatus(codes.Error, "404 Not Found")
	s.End(trace.WithTimestamp(t0.Add(80 * time.Millisecond)))
	got := lines(r.buf.String())
	if len(got) != 3 || !strings.Contains(got[1], "ERROR 404: 404 Not Found") || !strings.Contains(got[1], "80ms") {
		t.Fatalf("want the span line with ERROR 404 and its description, 80ms, then the exception:\n%s", r.buf)
	}
	if !strings.HasPrefix(got[2], "  exception: *errors.errorString: POST /v1/chat/completions: 404 Not Found model does not exist") {
		t.Errorf("exception line %q: want type and message on one line", got[2])
	}
}

func TestStreamTimeToFirstToken(t *testing.T) {
	r := newRig(t, WithColor(false))
	r.chat(context.Background(), t0, 2*time.Second, semconv.GenAIRequestIsStream.Bool(true), semconv.GenAIServerTimeToFirstToken.Float64(0.3124))
	if got := lines(r.buf.String())[1]; !strings.Contains(got, "ttft 312.4ms") || !strings.Contains(got, "2s") {
		t.Errorf("span line %q: want ttft 312.4ms and 2s", got)
	}
}

func TestAgentTreeNesting(t *testing.T) {
	r := newRig(t, WithColor(false))
	ctx, agent := r.tr.Start(context.Background(), "invoke_agent weather-bot", trace.WithTimestamp(t0))
	r.chat(ctx, t0.Add(time.Millisecond), 900*time.Millisecond, semconv.GenAIToolCallID.StringSlice([]string{"call_1", "call_2"}))
	tctx, tool := r.tr.Start(ctx, "execute_tool get_weather", trace.WithTimestamp(t0.Add(time.Second)))
	_, inner := r.tr.Start(tctx, "GET", trace.WithTimestamp(t0.Add(time.Second+time.Millisecond)))
	inner.End(trace.WithTimestamp(t0.Add(time.Second + 50*time.Millisecond)))
	tool.SetAttributes(semconv.GenAIToolCallID.String("call_1"))
	tool.End(trace.WithTimestamp(t0.Add(time.Second + 60*time.Millisecond)))
	r.chat(ctx, t0.Add(1100*time.Millisecond), 700*time.Millisecond)
	if r.buf.Len() != 0 {
		t.Fatalf("printed before the root ended:\n%s", r.buf)
	}
	agent.End(trace.WithTimestamp(t0.Add(2 * time.Second)))
	got := lines(r.buf.String())
	want := []string{
		"invoke_agent weather-bot  2s",
		"├─ chat gpt-4o  900ms  gpt-4o-2024-08-06  14→356 tokens  $0.003595  tool calls call_1, call_2",
		"│    prompt: user: What is LLM Observability?",
		"│    completion: LLM Observability refers to the monitoring of large language models.",
		"├─ execute_tool get_weather  60ms  tool calls call_1",
		"│  └─ GET  49ms",
		"└─ chat gpt-4o  700ms  gpt-4o-2024-08-06  14→356 tokens  $0.003595",
		"     prompt: user: What is LLM Observability?",
		"     completion: LLM Observability refers to the monitoring of large language models.",
	}
	if len(got) != len(want)+1 {
		t.Fatalf("got %d lines, want %d:\n%s", len(got), len(want)+1, r.buf)
	}
	for i, w := range want {
		if got[i+1] != w {
			t.Errorf("line %d:\n got %q\nwant %q", i+1, got[i+1], w)
		}
	}
}

func TestLongHostileContentOneLine(t *testing.T) {
	r := newRig(t, WithColor(true))
	long := strings.Repeat("line one\nline\ttwo \x1b[31mred\x1b[0m \u202eevil\xff ", 1000)
	_, s := r.tr.Start(context.Background(), "chat \x1b]0;title\x07gpt-4o", trace.WithTimestamp(t0))
	s.AddEvent(semconv.EventContentCompletion, trace.WithAttributes(semconv.GenAICompletion.String(long)))
	s.End(trace.WithTimestamp(t0.Add(time.Millisecond)))
	out := r.buf.String()
	got := lines(out)
	if len(got) != 3 {
		t.Fatalf("want 3 lines, got %d:\n%q", len(got), out)
	}
	if !utf8.ValidString(out) {
		t.Error("output is not valid UTF-8")
	}
	for _, l := range got {
		plain := strings.NewReplacer(ansiBold, "", ansiDim, "", ansiRed, "", ansiCyan, "", ansiReset, "").Replace(l)
		if strings.ContainsAny(plain, "\x1b\x07\t\r\u202e") {
			t.Errorf("control characters from the content reached the terminal: %q", l)
		}
		if n := utf8.RuneCountInString(plain); n > contentWidth+40 {
			t.Errorf("line of %d characters: %q", n, plain)
		}
	}
	if !strings.HasSuffix(got[2], "…") {
		t.Errorf("long content not cut with an ellipsis: %q", got[2])
	}
	if !strings.Contains(out, ansiBold) {
		t.Error("colour on, yet no escape")
	}
}

func TestLateChildShownAsContinuation(t *testing.T) {
	r := newRig(t, WithColor(false))
	ctx, root := r.tr.Start(context.Background(), "request", trace.WithTimestamp(t0))
	root.End(trace.WithTimestamp(t0.Add(time.Millisecond)))
	_, late := r.tr.Start(ctx, "background", trace.WithTimestamp(t0))
	late.End(trace.WithTimestamp(t0.Add(time.Second)))
	got := lines(r.buf.String())
	if len(got) != 4 || !strings.HasSuffix(got[2], "(continued)") || got[3] != "background  1s" {
		t.Errorf("want the late span as its trace's continuation:\n%s", r.buf)
	}
}

func TestPendingBounded(t *testing.T) {
	r := newRig(t, WithColor(false))
	// Spans whose parents never end: each trace waits until the bound.
	for i := range maxPending + 10 {
		ctx, parent := r.tr.Start(context.Background(), fmt.Sprintf("parent %d", i))
		_, c := r.tr.Start(ctx, fmt.Sprintf("child %d", i))
		c.End()
		_ = parent // never ended
	}
	r.v.mu.Lock()
	n := r.v.npend
	r.v.mu.Unlock()
	if n > maxPending {
		t.Errorf("%d spans pending, bound %d", n, maxPending)
	}
	if !strings.Contains(r.buf.String(), "child 0  ") {
		t.Error("the oldest trace was not printed when the bound was passed")
	}
	if err := r.v.SpanExporter().Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.buf.String(), fmt.Sprintf("child %d  ", maxPending+9)) {
		t.Error("Shutdown did not print the pending traces")
	}
}

func TestSummaryFromHistograms(t *testing.T) {
	buf := &bytes.Buffer{}
	v := New(buf, WithColor(false))
	reader := sdkmetric.NewPeriodicReader(v.MetricExporter(), sdkmetric.WithInterval(time.Hour))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	m := mp.Meter("test")
	dur, _ := m.Float64Histogram(semconv.MetricClientOperationDuration)
	cost, _ := m.Float64Histogram(semconv.MetricUsageCost)
	in, _ := m.Int64Counter(semconv.MetricUsageInputTokens)
	out, _ := m.Int64Counter(semconv.MetricUsageOutputTokens)
	ctx := context.Background()
	for _, model := range []string{"gpt-4o", "claude-sonnet-4"} {
		set := attribute.NewSet(semconv.GenAIRequestModel.String(model))
		for i := range 100 {
			dur.Record(ctx, 0.01*float64(i+1), metric.WithAttributeSet(set))
			cost.Record(ctx, 0.001, metric.WithAttributeSet(set))
			in.Add(ctx, 10, metric.WithAttributeSet(set))
			out.Add(ctx, 20, metric.WithAttributeSet(set))
		}
	}
	failed := attribute.NewSet(semconv.GenAIRequestModel.String("gpt-4o"), semconv.ErrorType.String("429"))
	dur.Record(ctx, 0.5, metric.WithAttributeSet(failed))
	if err := mp.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if err := v.Summary(); err != nil {
		t.Fatal(err)
	}
	got := lines(buf.String())
	if len(got) != 3 || got[0] != "openlit: 201 calls, $0.2" {
		t.Fatalf("want a header and a line per model:\n%s", buf)
	}
	if !strings.HasPrefix(got[1], "  claude-sonnet-4  100 calls  1000→2000 tokens  $0.1  p50 ") {
		t.Errorf("line %q", got[1])
	}
	if !strings.HasPrefix(got[2], "  gpt-4o           101 calls, 1 error  1000→2000 tokens  $0.1  p50 ") {
		t.Errorf("line %q", got[2])
	}
	// The SDK's default buckets (0, 5, 10, 25, … ms in seconds: 0.005,
	// 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1): values 0.01…1.00,
	// the median falls in (0.25, 0.5] and p95 in (0.75, 1].
	if !strings.Contains(got[1], "p50 ") || !strings.Contains(got[1], "p95 ") {
		t.Errorf("no quantiles: %q", got[1])
	}
	if err := v.Summary(); err != nil || len(lines(buf.String())) != 3 {
		t.Error("a second Summary printed again")
	}
}

func TestSummaryFromSpansWithoutMetrics(t *testing.T) {
	r := newRig(t, WithColor(false))
	r.chat(context.Background(), t0, time.Second)
	r.chat(context.Background(), t0, 3*time.Second)
	r.buf.Reset()
	if err := r.v.Summary(); err != nil {
		t.Fatal(err)
	}
	want := "openlit: 2 calls, $0.00719\n  gpt-4o  2 calls  28→712 tokens  $0.00719  p50 1s  p95 3s\n"
	if r.buf.String() != want {
		t.Errorf("got\n%q\nwant\n%q", r.buf, want)
	}
}

func TestQuantile(t *testing.T) {
	tests := []struct {
		name    string
		h       histTotals
		q, want float64
	}{
		{"one value", histTotals{bounds: []float64{1, 2}, counts: []uint64{0, 1, 0}, min: 1.5, max: 1.5}, 0.5, 1.5},
		{"uniform bucket", histTotals{bounds: []float64{0, 10}, counts: []uint64{0, 10, 0}, min: 0.5, max: 9.5}, 0.5, 5},
		{"overflow bucket", histTotals{bounds: []float64{1}, counts: []uint64{0, 4}, min: 2, max: 6}, 0.5, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.h.quantile(tt.q); got < tt.want-1e-9 || got > tt.want+1e-9 {
				t.Errorf("quantile(%v) = %v, want %v", tt.q, got, tt.want)
			}
		})
	}
}

func TestOneLine(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"plain", 100, "plain"},
		{"  a\n\n b\t", 100, "a b"},
		{"\x1b[2Jx", 100, "[2Jx"},
		{"bad\xffbyte", 100, "bad\ufffdbyte"},
		{"rtl\u202eoverride", 100, "rtl override"},
		{"abcdef", 4, "abcd…"},
		{"ab  cdef", 4, "ab c…"},
		{"abcd", 4, "abcd"},
	}
	for _, tt := range tests {
		if got := oneLine(tt.in, tt.max); got != tt.want {
			t.Errorf("oneLine(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

// A span whose parent is remote joins its parent's tree when the parent
// ends here (an in-process MCP server), and is printed on its own after
// the grace when no parent comes (a server in someone else's trace).
func TestRemoteParent(t *testing.T) {
	t.Run("parent here", func(t *testing.T) {
		r := newRig(t, WithColor(false))
		ctx, root := r.tr.Start(context.Background(), "invoke_agent", trace.WithTimestamp(t0))
		cctx, client := r.tr.Start(ctx, "tools/call client", trace.WithTimestamp(t0))
		remote := trace.ContextWithRemoteSpanContext(context.Background(), trace.SpanContextFromContext(cctx))
		_, server := r.tr.Start(remote, "tools/call server", trace.WithTimestamp(t0))
		server.End(trace.WithTimestamp(t0.Add(time.Millisecond)))
		client.End(trace.WithTimestamp(t0.Add(2 * time.Millisecond)))
		root.End(trace.WithTimestamp(t0.Add(3 * time.Millisecond)))
		got := lines(r.buf.String())
		want := []string{"invoke_agent  3ms", "└─ tools/call client  2ms", "   └─ tools/call server  1ms"}
		if len(got) != 4 || got[1] != want[0] || got[2] != want[1] || got[3] != want[2] {
			t.Errorf("got\n%s\nwant the server under the client", r.buf)
		}
	})
	t.Run("parent elsewhere", func(t *testing.T) {
		r := newRig(t, WithColor(false))
		r.v.grace = 10 * time.Millisecond
		parent := trace.NewSpanContext(trace.SpanContextConfig{TraceID: trace.TraceID{1}, SpanID: trace.SpanID{2}, TraceFlags: trace.FlagsSampled, Remote: true})
		_, server := r.tr.Start(trace.ContextWithRemoteSpanContext(context.Background(), parent), "POST /ask", trace.WithTimestamp(t0))
		server.End(trace.WithTimestamp(t0.Add(time.Millisecond)))
		deadline := time.Now().Add(5 * time.Second)
		for !strings.Contains(syncString(r), "POST /ask  1ms") {
			if time.Now().After(deadline) {
				t.Fatal("the server span was never printed")
			}
			time.Sleep(5 * time.Millisecond)
		}
	})
}

func syncString(r *rig) string {
	r.v.mu.Lock()
	defer r.v.mu.Unlock()
	return r.buf.String()
}

// Spans whose parent links loop (ids forged through remote parents) are
// each shown once, and rendering ends.
func TestParentLoop(t *testing.T) {
	v := New(&bytes.Buffer{}, WithColor(false))
	tid := trace.TraceID{9}
	a, b := trace.SpanID{1}, trace.SpanID{2}
	mk := func(name string, id, parent trace.SpanID) sdktrace.ReadOnlySpan {
		return tracetest.SpanStub{
			Name:        name,
			SpanContext: trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: id, TraceFlags: trace.FlagsSampled}),
			Parent:      trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: parent, TraceFlags: trace.FlagsSampled}),
			StartTime:   t0, EndTime: t0.Add(time.Millisecond),
		}.Snapshot()
	}
	out := string(v.render(nil, tid, []sdktrace.ReadOnlySpan{mk("a", a, b), mk("b", b, a)}, false))
	if strings.Count(out, "a  1ms") != 1 || strings.Count(out, "b  1ms") != 1 {
		t.Errorf("each span once, got:\n%s", out)
	}
}

// Past maxModels models, the totals add the rest up under "other models".
func TestSummaryModelsBounded(t *testing.T) {
	r := newRig(t, WithColor(false))
	for i := range maxModels + 6 {
		_, s := r.tr.Start(context.Background(), "chat")
		s.SetAttributes(semconv.GenAIRequestModel.String(fmt.Sprintf("model-%03d", i)), semconv.GenAIUsageInputTokens.Int(1))
		s.End()
	}
	r.buf.Reset()
	if err := r.v.Summary(); err != nil {
		t.Fatal(err)
	}
	got := lines(r.buf.String())
	if len(got) != 1+maxModels+1 {
		t.Fatalf("%d lines, want a header, %d models and the rest", len(got), maxModels)
	}
	if !strings.Contains(r.buf.String(), "other models  6 calls  6 tokens") {
		t.Errorf("no line for the other models:\n%s", r.buf.String())
	}
}

// TestEmbeddingTokens: an embedding shows its input tokens alone.
func TestEmbeddingTokens(t *testing.T) {
	r := newRig(t, WithColor(false))
	_, s := r.tr.Start(context.Background(), "embeddings text-embedding-3-small", trace.WithTimestamp(t0))
	s.SetAttributes(semconv.GenAIOperationName.String(semconv.OperationEmbeddings),
		semconv.GenAIUsageInputTokens.Int(28), semconv.GenAIUsageOutputTokens.Int(0))
	s.End(trace.WithTimestamp(t0.Add(time.Millisecond)))
	if got := lines(r.buf.String())[1]; !strings.Contains(got, "  28 tokens") || strings.Contains(got, "→") {
		t.Errorf("span line %q", got)
	}
}
