package openlittrace

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/internal/ctxattr"
	"github.com/openlit/openlit-go/internal/settings"
	"github.com/openlit/openlit-go/internal/spantest"
	"github.com/openlit/openlit-go/semconv"
)

func provider(t *testing.T) (*sdktrace.TracerProvider, *tracetest.InMemoryExporter) {
	t.Helper()
	tp, exp, _, _ := spantest.Providers(t)
	return tp, exp
}

// An agent run with a step and a tool call is one tree, the tool call
// linked by its id; content is recorded when capture is on.
func TestAgentTree(t *testing.T) {
	tp, exp := provider(t)
	ctx, agent := InvokeAgent(context.Background(), Agent{Name: "weather", ID: "agent-1", Description: "Answers weather questions", ConversationID: "conv-7"}, WithTracerProvider(tp))
	err := Trace(ctx, "plan", func(ctx context.Context, s *Span) error {
		s.SetInput("Weather in Paris?")
		s.SetMetadata("attempt", 1)
		_, tool := ExecuteTool(ctx, Tool{Name: "get_weather", CallID: "call_1", Description: "Weather by city", Arguments: map[string]string{"city": "Paris"}}, WithTracerProvider(tp))
		tool.SetResult(map[string]any{"temp": 21})
		tool.End(nil)
		s.SetResult("sunny")
		return nil
	}, WithTracerProvider(tp))
	if err != nil {
		t.Fatal(err)
	}
	agent.SetResult("It is sunny in Paris.")
	agent.End(nil)

	spans := exp.GetSpans().Snapshots()
	if len(spans) != 3 {
		t.Fatalf("%d spans", len(spans))
	}
	by := map[string]sdktrace.ReadOnlySpan{}
	for _, s := range spans {
		by[s.Name()] = s
	}
	a, step, tool := by["invoke_agent weather"], by["plan"], by["execute_tool get_weather"]
	if a == nil || step == nil || tool == nil {
		t.Fatalf("spans %v", by)
	}
	if step.Parent().SpanID() != a.SpanContext().SpanID() || tool.Parent().SpanID() != step.SpanContext().SpanID() {
		t.Error("not one tree")
	}
	checkAttrs(t, spantest.Attrs(a), map[string]string{"gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "weather",
		"gen_ai.agent.id": "agent-1", "gen_ai.agent.description": "Answers weather questions", "gen_ai.conversation.id": "conv-7",
		"langfuse.observation.output": "It is sunny in Paris."})
	checkAttrs(t, spantest.Attrs(tool), map[string]string{"gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "get_weather",
		"gen_ai.tool.call.id": "call_1", "gen_ai.tool.type": "function", "gen_ai.tool.call.arguments": `{"city":"Paris"}`,
		"gen_ai.tool.call.result": `{"temp":21}`})
	checkAttrs(t, spantest.Attrs(step), map[string]string{"langfuse.observation.input": "Weather in Paris?",
		"langfuse.observation.output": "sunny", "langfuse.observation.metadata.attempt": "1"})
	for _, s := range spans {
		if s.Status().Code != codes.Ok || s.InstrumentationScope().Name != ScopeName {
			t.Errorf("%s: status %v scope %q", s.Name(), s.Status(), s.InstrumentationScope().Name)
		}
	}
}

func checkAttrs(t *testing.T, got, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}

// Errors and panics end the span failed; a panic goes on to the caller.
func TestErrorsAndPanics(t *testing.T) {
	tp, exp := provider(t)
	boom := errors.New("tool failed")
	if err := Trace(context.Background(), "step", func(context.Context, *Span) error { return boom }, WithTracerProvider(tp)); err != boom {
		t.Fatalf("error %v", err)
	}
	func() {
		defer func() {
			if r := recover(); r != "kaboom" {
				t.Errorf("recovered %v", r)
			}
		}()
		_ = Trace(context.Background(), "panics", func(context.Context, *Span) error { panic("kaboom") }, WithTracerProvider(tp))
	}()
	spans := exp.GetSpans().Snapshots()
	if len(spans) != 2 {
		t.Fatalf("%d spans", len(spans))
	}
	for _, s := range spans {
		if s.Status().Code != codes.Error || spantest.Attrs(s)["error.type"] == "" {
			t.Errorf("%s: status %v attrs %v", s.Name(), s.Status(), spantest.Attrs(s))
		}
	}
}

// Without content capture no argument, result, input or output is
// recorded; with it, hostile content is made valid and bounded.
func TestContent(t *testing.T) {
	tp, exp := provider(t)
	_, tool := ExecuteTool(context.Background(), Tool{Name: "t", Arguments: "secret args"}, WithTracerProvider(tp), WithCaptureContent(false))
	tool.SetResult("secret result")
	tool.End(nil)
	for k, v := range spantest.Attrs(exp.GetSpans().Snapshots()[0]) {
		if strings.Contains(v, "secret") {
			t.Errorf("%s recorded without capture", k)
		}
	}
	exp.Reset()
	s := *settings.Defaults()
	s.MaxContentLength = 64
	settings.Store(&s)
	t.Cleanup(func() { settings.Store(nil) })
	_, tool = ExecuteTool(context.Background(), Tool{Name: "t\xff"}, WithTracerProvider(tp))
	tool.SetResult(strings.Repeat("\xffé", 1000))
	tool.SetMetadata(strings.Repeat("k\xff", 10000), strings.Repeat("v", 1<<20))
	tool.End(nil)
	sp := exp.GetSpans().Snapshots()[0]
	r := spantest.Attrs(sp)["gen_ai.tool.call.result"]
	if !utf8.ValidString(r) || len(r) > 64+16 || !utf8.ValidString(sp.Name()) {
		t.Errorf("result %d bytes, valid %v; name %q", len(r), utf8.ValidString(r), sp.Name())
	}
	for _, kv := range sp.Attributes() {
		if len(kv.Key) > 300 || len(kv.Value.Emit()) > 1100 || !utf8.ValidString(string(kv.Key)) {
			t.Errorf("attribute %.40q… (%d bytes key, %d bytes value) unbounded", kv.Key, len(kv.Key), len(kv.Value.Emit()))
		}
	}
}

// The latest conventions name the provider gen_ai.provider.name; the
// Langfuse preset adds the observation type.
func TestModesAndLangfuse(t *testing.T) {
	tp, exp := provider(t)
	s := *settings.Defaults()
	s.Mode, s.Langfuse = semconv.ModeLatest, true
	settings.Store(&s)
	t.Cleanup(func() { settings.Store(nil) })
	_, a := InvokeAgent(context.Background(), Agent{Name: "x", System: "openai"}, WithTracerProvider(tp))
	a.End(nil)
	checkAttrs(t, spantest.Attrs(exp.GetSpans().Snapshots()[0]), map[string]string{"gen_ai.provider.name": "openai", "langfuse.observation.type": "agent"})
}

// RecordEvaluation adds the event to the span in the context, and says
// when there is none.
func TestRecordEvaluation(t *testing.T) {
	tp, exp := provider(t)
	if RecordEvaluation(context.Background(), Evaluation{Name: "x"}) {
		t.Error("recorded without a span")
	}
	ctx, s := Start(context.Background(), "answer", WithTracerProvider(tp))
	if !RecordEvaluation(ctx, Evaluation{Name: "relevance", Score: 0.9, Label: "relevant", Explanation: "on topic", ResponseID: "resp-1"}) {
		t.Fatal("not recorded")
	}
	s.End(nil)
	evs := exp.GetSpans().Snapshots()[0].Events()
	if len(evs) != 1 || evs[0].Name != "gen_ai.evaluation.result" {
		t.Fatalf("events %v", evs)
	}
	got := map[string]string{}
	for _, kv := range evs[0].Attributes {
		got[string(kv.Key)] = kv.Value.Emit()
	}
	checkAttrs(t, got, map[string]string{"gen_ai.evaluation.name": "relevance", "gen_ai.evaluation.score.value": "0.9",
		"gen_ai.evaluation.score.label": "relevant", "gen_ai.evaluation.explanation": "on topic", "gen_ai.response.id": "resp-1"})
}

// A nil Span and an ended one ignore every call; a Span is safe for
// concurrent use.
func TestSpanSafety(t *testing.T) {
	var nilSpan *Span
	nilSpan.SetResult(1)
	nilSpan.SetMetadata("k", 1)
	nilSpan.End(nil)
	tp, exp := provider(t)
	_, s := Start(context.Background(), "concurrent", WithTracerProvider(tp))
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.SetResult(i)
			s.SetMetadata("i", i)
			if i == 7 {
				s.End(nil)
			}
		}()
	}
	wg.Wait()
	s.End(errors.New("late"))
	if sp := exp.GetSpans().Snapshots(); len(sp) != 1 || sp[0].Status().Code != codes.Ok {
		t.Errorf("spans %v", sp)
	}
}

// The context attributes the app set (user, session, …) are on every span.
func TestContextAttributes(t *testing.T) {
	tp, exp := provider(t)
	ctx := ctxattr.With(context.Background(), ctxattr.Attributes{UserID: "user-42", SessionID: "session-9"})
	_, s := InvokeAgent(ctx, Agent{Name: "a"}, WithTracerProvider(tp))
	s.End(nil)
	var values []string
	for _, v := range spantest.Attrs(exp.GetSpans().Snapshots()[0]) {
		values = append(values, v)
	}
	joined := strings.Join(values, " ")
	if !strings.Contains(joined, "user-42") || !strings.Contains(joined, "session-9") {
		t.Errorf("attributes %v", spantest.Attrs(exp.GetSpans().Snapshots()[0]))
	}
}

// A retrieval is "retrieval {source}" with the conventions' attributes;
// its query and documents are content, recorded only with capture on.
func TestRetrieve(t *testing.T) {
	for _, capture := range []bool{true, false} {
		tp, exp := provider(t)
		_, s := Retrieve(context.Background(), Retrieval{DataSource: "docs", Query: "secret query", TopK: 3},
			WithTracerProvider(tp), WithCaptureContent(capture))
		s.SetResult([]string{"secret doc"})
		s.End(nil)
		sp := exp.GetSpans().Snapshots()[0]
		attrs := spantest.Attrs(sp)
		if sp.Name() != "retrieval docs" || attrs["gen_ai.operation.name"] != "retrieval" ||
			attrs["gen_ai.data_source.id"] != "docs" || attrs["gen_ai.request.top_k"] != "3" {
			t.Errorf("capture %v: %s %v", capture, sp.Name(), attrs)
		}
		gotQuery, gotDocs := attrs["gen_ai.retrieval.query.text"], attrs["gen_ai.retrieval.documents"]
		if capture && (gotQuery != "secret query" || gotDocs != `["secret doc"]`) {
			t.Errorf("content not recorded: %q %q", gotQuery, gotDocs)
		}
		if !capture && (gotQuery != "" || gotDocs != "") {
			t.Errorf("content recorded without capture: %q %q", gotQuery, gotDocs)
		}
	}
	tp, exp := provider(t)
	_, s := Retrieve(context.Background(), Retrieval{}, WithTracerProvider(tp))
	s.End(errors.New("index gone"))
	sp := exp.GetSpans().Snapshots()[0]
	if sp.Name() != "retrieval" || sp.Status().Code != codes.Error || spantest.Attrs(sp)["gen_ai.request.top_k"] != "" {
		t.Errorf("%s %v %v", sp.Name(), sp.Status(), spantest.Attrs(sp))
	}
}

// WithStartTime starts a span in the past.
func TestWithStartTime(t *testing.T) {
	tp, exp := provider(t)
	start := time.Now().Add(-time.Minute)
	_, s := ExecuteTool(context.Background(), Tool{Name: "late"}, WithTracerProvider(tp), WithStartTime(start))
	s.End(nil)
	sp := exp.GetSpans().Snapshots()[0]
	if !sp.StartTime().Equal(start) || sp.EndTime().Sub(sp.StartTime()) < time.Minute {
		t.Errorf("span from %v to %v, want from %v", sp.StartTime(), sp.EndTime(), start)
	}
}
