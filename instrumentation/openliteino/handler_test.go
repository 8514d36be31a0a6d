package openliteino_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cloudwego/eino/components/model"
	"github.com/cloudwego/eino/components/tool"
	"github.com/cloudwego/eino/components/tool/utils"
	"github.com/cloudwego/eino/compose"
	"github.com/cloudwego/eino/flow/agent"
	"github.com/cloudwego/eino/flow/agent/react"
	"github.com/cloudwego/eino/schema"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/instrumentation/openliteino"
	"github.com/openlit/openlit-go/instrumentation/openlithttp"
	"github.com/openlit/openlit-go/internal/spantest"
	"github.com/openlit/openlit-go/replay"
)

type weatherArgs struct {
	City string `json:"city"`
}

// turns are the model's answers: a get_weather call, then the answer.
var turns = []*schema.Message{
	{Role: schema.Assistant, ToolCalls: []schema.ToolCall{{ID: "call_paris", Type: "function",
		Function: schema.FunctionCall{Name: "get_weather", Arguments: `{"city":"Paris"}`}}}},
	{Role: schema.Assistant, Content: "It is 21°C and sunny in Paris.", ResponseMeta: &schema.ResponseMeta{FinishReason: "stop"}},
}

var usage = []*model.TokenUsage{{PromptTokens: 50, CompletionTokens: 12, TotalTokens: 62}, {PromptTokens: 80, CompletionTokens: 9, TotalTokens: 89}}

func weatherTool(t testing.TB, fn func(context.Context, weatherArgs) (string, error)) tool.BaseTool {
	t.Helper()
	if fn == nil {
		fn = func(_ context.Context, a weatherArgs) (string, error) { return "21°C and sunny in " + a.City, nil }
	}
	tl, err := utils.InferTool("get_weather", "The current weather in a city", fn)
	if err != nil {
		t.Fatal(err)
	}
	return tl
}

func newAgent(t testing.TB, m model.ToolCallingChatModel, tl tool.BaseTool) *react.Agent {
	t.Helper()
	a, err := react.NewAgent(context.Background(), &react.AgentConfig{ToolCallingModel: m,
		ToolsConfig: compose.ToolsNodeConfig{Tools: []tool.BaseTool{tl}}, MaxStep: 6})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

type harness struct {
	tp      *sdktrace.TracerProvider
	exp     *tracetest.InMemoryExporter
	handler *openliteino.Handler
	opts    []agent.AgentOption
}

func newHarness(t testing.TB, capture bool) harness {
	tp, exp, mp, _ := spantest.Providers(t)
	h := openliteino.NewHandler(openliteino.WithTracerProvider(tp), openliteino.WithMeterProvider(mp),
		openliteino.WithCaptureMessageContent(capture))
	return harness{tp: tp, exp: exp, handler: h, opts: []agent.AgentOption{agent.WithComposeOptions(compose.WithCallbacks(h))}}
}

// spans waits for n spans (a streamed run's end is seen when its stream
// has been read) and returns them by name.
func (h harness) spans(t *testing.T, n int) map[string][]sdktrace.ReadOnlySpan {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for len(h.exp.GetSpans()) < n && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	got := h.exp.GetSpans().Snapshots()
	byName := map[string][]sdktrace.ReadOnlySpan{}
	var names []string
	for _, s := range got {
		byName[s.Name()] = append(byName[s.Name()], s)
		names = append(names, s.Name())
	}
	if len(got) != n {
		t.Fatalf("%d spans %v, want %d", len(got), names, n)
	}
	byStart(byName)
	return byName
}

// byStart orders each name's spans by start: streamed calls end in the
// order their followers finish, not in the order they ran.
func byStart(byName map[string][]sdktrace.ReadOnlySpan) {
	for _, list := range byName {
		slices.SortStableFunc(list, func(a, b sdktrace.ReadOnlySpan) int { return a.StartTime().Compare(b.StartTime()) })
	}
}

// spansAtLeast waits for the root span (the last to end) and returns at
// least n spans by name, when the number depends on the framework's inner
// graphs.
func (h harness) spansAtLeast(t *testing.T, n int) map[string][]sdktrace.ReadOnlySpan {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		got := h.exp.GetSpans().Snapshots()
		if len(got) >= n && !got[len(got)-1].Parent().IsValid() {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	byName := map[string][]sdktrace.ReadOnlySpan{}
	for _, s := range h.exp.GetSpans().Snapshots() {
		byName[s.Name()] = append(byName[s.Name()], s)
	}
	byStart(byName)
	return byName
}

// checkTree checks one trace: the agent at the root, its two chat calls
// and the tool call under it.
func checkTree(t *testing.T, spans map[string][]sdktrace.ReadOnlySpan) {
	t.Helper()
	root := spans["invoke_agent ReActAgent"]
	if len(root) != 1 || root[0].Parent().IsValid() {
		t.Fatalf("no root agent span: %v", spans)
	}
	trace, id := root[0].SpanContext().TraceID(), root[0].SpanContext().SpanID()
	for name, list := range spans {
		for _, s := range list {
			if s.SpanContext().TraceID() != trace {
				t.Errorf("%s is in another trace", name)
			}
			if s.SpanContext().SpanID() != id && s.Parent().SpanID() != id {
				t.Errorf("%s is not under the agent", name)
			}
		}
	}
	if got := len(spans["chat gpt-4o-mini"]); got != 2 {
		t.Errorf("%d chat spans, want 2", got)
	}
	tools := spans["execute_tool get_weather"]
	if len(tools) != 1 {
		t.Fatalf("%d tool spans", len(tools))
	}
	attrs := spantest.Attrs(tools[0])
	if attrs["gen_ai.tool.call.id"] != "call_paris" || attrs["gen_ai.tool.name"] != "get_weather" {
		t.Errorf("tool span: %v", attrs)
	}
}

// A plain run: one tree, chat spans with tokens, cost and content, the
// tool span linked to the model's call by its id.
func TestReActAgent(t *testing.T) {
	h := newHarness(t, true)
	a := newAgent(t, newChatModel(turns, usage), weatherTool(t, nil))
	out, err := a.Generate(context.Background(), []*schema.Message{schema.UserMessage("Weather in Paris?")}, h.opts...)
	if err != nil || out.Content != turns[1].Content {
		t.Fatalf("Generate = %v, %v", out, err)
	}
	spans := h.spans(t, 4)
	checkTree(t, spans)
	chats := spans["chat gpt-4o-mini"]
	first, second := spantest.Attrs(chats[0]), spantest.Attrs(chats[1])
	spantest.Check(t, first, map[string]string{"gen_ai.operation.name": "chat", "gen_ai.system": "openai",
		"gen_ai.usage.input_tokens": "50", "gen_ai.usage.output_tokens": "12", "gen_ai.request.temperature": "~0.2",
		"gen_ai.tool.call.id": `["call_paris"]`})
	spantest.Check(t, second, map[string]string{"gen_ai.usage.input_tokens": "80", "gen_ai.usage.output_tokens": "9",
		"gen_ai.response.finish_reasons": `["stop"]`})
	for _, c := range []map[string]string{first, second} {
		if cost, _ := strconv.ParseFloat(c["gen_ai.usage.cost"], 64); cost <= 0 {
			t.Errorf("cost %q, want > 0", c["gen_ai.usage.cost"])
		}
	}
	if !strings.Contains(spantest.Summary(chats[1]), "21°C and sunny in Paris") {
		t.Errorf("the second call's prompt lacks the tool result: %s", spantest.Summary(chats[1]))
	}
	if got := spantest.Attrs(spans["execute_tool get_weather"][0])["gen_ai.tool.call.result"]; got != `"21°C and sunny in Paris"` && got != "21°C and sunny in Paris" {
		t.Errorf("tool result %q", got)
	}
}

// A streamed run: the chat spans are streamed calls with a time to first
// chunk, and the agent's span ends when its stream has been read.
func TestReActAgentStream(t *testing.T) {
	h := newHarness(t, true)
	a := newAgent(t, newChatModel(turns, usage), weatherTool(t, nil))
	sr, err := a.Stream(context.Background(), []*schema.Message{schema.UserMessage("Weather in Paris?")}, h.opts...)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := schema.ConcatMessageStream(sr)
	if err != nil || msg.Content != turns[1].Content {
		t.Fatalf("stream = %v, %v", msg, err)
	}
	spans := h.spans(t, 4)
	checkTree(t, spans)
	answer := spantest.Attrs(spans["chat gpt-4o-mini"][1])
	if answer["gen_ai.server.time_to_first_token"] == "" || answer["gen_ai.usage.output_tokens"] != "9" {
		t.Errorf("streamed chat span: %v", answer)
	}
	if !strings.Contains(spantest.Summary(spans["chat gpt-4o-mini"][1]), "It is 21°C and sunny in Paris.") {
		t.Errorf("the streamed answer is not recorded whole: %s", spantest.Summary(spans["chat gpt-4o-mini"][1]))
	}
}

// A failing tool fails its span and the agent's, with the error the app
// gets.
func TestFailingTool(t *testing.T) {
	h := newHarness(t, false)
	boom := errors.New("weather service down")
	a := newAgent(t, newChatModel(turns, usage), weatherTool(t, func(context.Context, weatherArgs) (string, error) { return "", boom }))
	_, err := a.Generate(context.Background(), []*schema.Message{schema.UserMessage("Weather in Paris?")}, h.opts...)
	if !errors.Is(err, boom) && (err == nil || !strings.Contains(err.Error(), boom.Error())) {
		t.Fatalf("err = %v, want %v", err, boom)
	}
	spans := h.spans(t, 3)
	for _, name := range []string{"execute_tool get_weather", "invoke_agent ReActAgent"} {
		s := spans[name]
		if len(s) != 1 || s[0].Status().Code.String() != "Error" || spantest.Attrs(s[0])["error.type"] == "" {
			t.Errorf("%s not failed: %v", name, s)
		}
	}
	if len(spans["chat gpt-4o-mini"]) != 1 {
		t.Errorf("chat spans: %v", spans)
	}
}

// A run cancelled while a tool runs ends every span: the agent's fails
// with the cancellation (Eino stops before asking the model again).
func TestCancelledRun(t *testing.T) {
	h := newHarness(t, false)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a := newAgent(t, newChatModel(turns, usage), weatherTool(t, func(_ context.Context, w weatherArgs) (string, error) {
		cancel()
		return "21°C", nil
	}))
	_, err := a.Generate(ctx, []*schema.Message{schema.UserMessage("Weather in Paris?")}, h.opts...)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	spans := h.spans(t, 3)
	s := spans["invoke_agent ReActAgent"]
	if len(s) != 1 || s[0].Status().Code.String() != "Error" || !strings.Contains(s[0].Status().Description, "canceled") {
		t.Errorf("agent span not failed by the cancellation: %v", s)
	}
	if len(spans["chat gpt-4o-mini"]) != 1 || len(spans["execute_tool get_weather"]) != 1 {
		t.Errorf("spans: %v", spans)
	}
}

// With the model client itself traced (here by openlit-go's HTTP
// transport), each model call is one chat span, the client's view on the
// handler's span: the server's address and the answer's usage, under the
// agent.
func TestTracedClientOneChatSpan(t *testing.T) {
	h := newHarness(t, true)
	srv := replay.NewServer(replay.Options{Answers: [][]byte{toolCallAnswer, finalAnswer}})
	defer srv.Close()
	tp := h.tp
	m := newChatModel(nil, nil)
	m.client = &http.Client{Transport: openlithttp.NewTransport(http.DefaultTransport, openlithttp.WithTracerProvider(tp))}
	m.url = srv.BaseURL()
	a := newAgent(t, m, weatherTool(t, nil))
	out, err := a.Generate(context.Background(), []*schema.Message{schema.UserMessage("Weather in Paris?")}, h.opts...)
	if err != nil || !strings.Contains(out.Content, "sunny") {
		t.Fatalf("Generate = %v, %v", out, err)
	}
	if srv.Requests() != 2 {
		t.Fatalf("%d requests", srv.Requests())
	}
	spans := h.spans(t, 4)
	checkTree(t, spans)
	for _, c := range spans["chat gpt-4o-mini"] {
		a := spantest.Attrs(c)
		if a["server.address"] != "127.0.0.1" || a["gen_ai.usage.input_tokens"] == "" || a["gen_ai.response.id"] == "" {
			t.Errorf("the chat span lacks the client's view: %v", a)
		}
	}
}
