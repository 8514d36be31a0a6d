package openlitlangchaingo_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/tmc/langchaingo/agents"
	"github.com/tmc/langchaingo/chains"
	"github.com/tmc/langchaingo/llms/openai"
	"github.com/tmc/langchaingo/tools"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/instrumentation/openlithttp"
	"github.com/openlit/openlit-go/instrumentation/openlitlangchaingo"
	"github.com/openlit/openlit-go/internal/spantest"
	"github.com/openlit/openlit-go/replay"
)

// weather is a tool that reports nothing through callbacks, as most
// hand-written tools.
type weather struct {
	fn func(ctx context.Context, input string) (string, error)
}

func (weather) Name() string        { return "get_weather" }
func (weather) Description() string { return "The current weather in a city" }
func (w weather) Call(ctx context.Context, input string) (string, error) {
	if w.fn != nil {
		return w.fn(ctx, input)
	}
	return "21°C and sunny in Paris", nil
}

type harness struct {
	tp      *sdktrace.TracerProvider
	exp     *tracetest.InMemoryExporter
	handler *openlitlangchaingo.Handler
	srv     *replay.Server
}

func newHarness(t testing.TB, capture bool, opts ...openlitlangchaingo.Option) harness {
	tp, exp, mp, _ := spantest.Providers(t)
	opts = append([]openlitlangchaingo.Option{openlitlangchaingo.WithTracerProvider(tp), openlitlangchaingo.WithMeterProvider(mp),
		openlitlangchaingo.WithCaptureMessageContent(capture), openlitlangchaingo.WithAgentName("weather-agent")}, opts...)
	srv := replay.NewServer(replay.Options{Answers: [][]byte{toolCallAnswer, finalAnswer}})
	t.Cleanup(srv.Close)
	return harness{tp: tp, exp: exp, handler: openlitlangchaingo.NewHandler(opts...), srv: srv}
}

// executor is an OpenAI functions agent on LangChainGo's OpenAI model,
// asking the replay, with client as the model's HTTP client.
func (h harness) executor(t testing.TB, client *http.Client, tl tools.Tool) *agents.Executor {
	t.Helper()
	llm, err := openai.New(openai.WithToken("sk-test"), openai.WithBaseURL(h.srv.BaseURL()), openai.WithModel("gpt-4o-mini"),
		openai.WithHTTPClient(client), openai.WithCallback(h.handler))
	if err != nil {
		t.Fatal(err)
	}
	return agents.NewExecutor(agents.NewOpenAIFunctionsAgent(llm, []tools.Tool{tl}), agents.WithCallbacksHandler(h.handler))
}

func (h harness) byName(t testing.TB, n int) map[string][]sdktrace.ReadOnlySpan {
	t.Helper()
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
	return byName
}

// checkTree checks the agent's trace: the agent at the root, two chat
// calls and the tool call under it, the tool linked by its call id.
func checkTree(t *testing.T, spans map[string][]sdktrace.ReadOnlySpan, chat string) {
	t.Helper()
	root := spans["invoke_agent weather-agent"]
	if len(root) != 1 || root[0].Parent().IsValid() {
		t.Fatalf("no root agent span: %v", spans)
	}
	id := root[0].SpanContext().SpanID()
	for name, list := range spans {
		for _, s := range list {
			if s.SpanContext().SpanID() != id && s.Parent().SpanID() != id {
				t.Errorf("%s is not under the agent", name)
			}
		}
	}
	if got := len(spans[chat]); got != 2 {
		t.Errorf("%d %q spans, want 2", got, chat)
	}
	tool := spans["execute_tool get_weather"]
	if len(tool) != 1 {
		t.Fatalf("%d tool spans", len(tool))
	}
	if a := spantest.Attrs(tool[0]); a["gen_ai.tool.call.id"] != "call_paris" {
		t.Errorf("tool span: %v", a)
	}
	// The tool ran between the two model calls.
	chats := spans[chat]
	if tool[0].StartTime().Before(chats[0].EndTime()) || tool[0].EndTime().After(chats[1].StartTime()) {
		t.Errorf("tool span %v–%v not between the model calls", tool[0].StartTime(), tool[0].EndTime())
	}
}

// The model's client not traced: the handler's chat spans, named and
// priced by WithModel, with the usage the callbacks report.
func TestAgent(t *testing.T) {
	h := newHarness(t, true, openlitlangchaingo.WithModel("gpt-4o-mini"))
	out, err := chains.Run(context.Background(), h.executor(t, &http.Client{}, weather{}), "Weather in Paris?")
	if err != nil || !strings.Contains(out, "sunny") {
		t.Fatalf("Run = %q, %v", out, err)
	}
	spans := h.byName(t, 4)
	checkTree(t, spans, "chat gpt-4o-mini")
	first := spantest.Attrs(spans["chat gpt-4o-mini"][0])
	spantest.Check(t, first, map[string]string{"gen_ai.usage.input_tokens": "57", "gen_ai.usage.output_tokens": "15",
		"gen_ai.tool.call.id": `["call_paris"]`, "gen_ai.system": "langchaingo"})
	for _, c := range spans["chat gpt-4o-mini"] {
		if cost, _ := strconv.ParseFloat(spantest.Attrs(c)["gen_ai.usage.cost"], 64); cost <= 0 {
			t.Errorf("cost %v", spantest.Attrs(c)["gen_ai.usage.cost"])
		}
	}
	if !strings.Contains(spantest.Summary(spans["chat gpt-4o-mini"][1]), "21°C and sunny in Paris") {
		t.Errorf("the second call's prompt lacks the tool result: %s", spantest.Summary(spans["chat gpt-4o-mini"][1]))
	}
	if a := spantest.Attrs(spans["execute_tool get_weather"][0]); !strings.Contains(a["gen_ai.tool.call.arguments"], "Paris") {
		t.Errorf("tool arguments: %v", a)
	}
}

// The model's HTTP client traced by openlit-go too: still one chat span
// per model call, the client's view on the handler's span (the model,
// server address and response id from the wire).
func TestTracedClientOneChatSpan(t *testing.T) {
	h := newHarness(t, true)
	client := &http.Client{Transport: openlithttp.NewTransport(http.DefaultTransport, openlithttp.WithTracerProvider(h.tp))}
	if _, err := chains.Run(context.Background(), h.executor(t, client, weather{}), "Weather in Paris?"); err != nil {
		t.Fatal(err)
	}
	if h.srv.Requests() != 2 {
		t.Fatalf("%d requests", h.srv.Requests())
	}
	spans := h.byName(t, 4)
	checkTree(t, spans, "chat gpt-4o-mini")
	for _, c := range spans["chat gpt-4o-mini"] {
		a := spantest.Attrs(c)
		if a["server.address"] != "127.0.0.1" || a["gen_ai.response.id"] == "" || a["gen_ai.system"] != "openai" {
			t.Errorf("the chat span lacks the client's view: %v", a)
		}
	}
}

// A failing tool fails its span and the agent's, with the app's error.
func TestFailingTool(t *testing.T) {
	h := newHarness(t, false)
	boom := errors.New("weather service down")
	_, err := chains.Run(context.Background(), h.executor(t, &http.Client{}, weather{fn: func(context.Context, string) (string, error) {
		return "", boom
	}}), "Weather in Paris?")
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want %v", err, boom)
	}
	spans := h.byName(t, 3)
	for _, name := range []string{"execute_tool get_weather", "invoke_agent weather-agent"} {
		if s := spans[name]; len(s) != 1 || s[0].Status().Code.String() != "Error" || spantest.Attrs(s[0])["error.type"] == "" {
			t.Errorf("%s not failed: %v", name, s)
		}
	}
}

// A run cancelled while the tool runs: the next model call fails with the
// cancellation, and so does the agent; nothing is left open.
func TestCancelledRun(t *testing.T) {
	h := newHarness(t, false)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := chains.Run(ctx, h.executor(t, &http.Client{}, weather{fn: func(context.Context, string) (string, error) {
		cancel()
		return "21°C", nil
	}}), "Weather in Paris?")
	// LangChainGo's OpenAI client reports the cancellation as its own
	// error ("request cancelled"), not wrapping context.Canceled.
	if err == nil || !strings.Contains(err.Error(), "cancel") {
		t.Fatalf("err = %v, want the cancellation", err)
	}
	spans := h.byName(t, 4)
	if s := spans["invoke_agent weather-agent"]; len(s) != 1 || s[0].Status().Code.String() != "Error" {
		t.Errorf("agent span not failed: %v", s)
	}
	if c := spans["chat"]; len(c) != 2 || c[1].Status().Code.String() != "Error" {
		t.Errorf("the cancelled model call is not failed: %v", c)
	}
}
