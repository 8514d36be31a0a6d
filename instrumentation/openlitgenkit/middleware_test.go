package openlitgenkit_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/firebase/genkit/go/ai"
	"github.com/firebase/genkit/go/genkit"
	oai "github.com/firebase/genkit/go/plugins/compat_oai/openai"
	"github.com/openai/openai-go/option"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/instrumentation/openlitgenkit"
	"github.com/openlit/openlit-go/instrumentation/openlithttp"
	"github.com/openlit/openlit-go/internal/spantest"
	"github.com/openlit/openlit-go/replay"
)

type weatherIn struct {
	City string `json:"city"`
}

type harness struct {
	g   *genkit.Genkit
	tp  *sdktrace.TracerProvider
	exp *tracetest.InMemoryExporter
	mw  *openlitgenkit.Middleware
	srv *replay.Server
}

type setup struct {
	capture bool
	traced  bool // the OpenAI client's HTTP client carries openlit-go's transport
	opts    replay.Options
	tool    func(*ai.ToolContext, weatherIn) (string, error)
}

// newHarness is Genkit with its OpenAI plugin asking a replay, and a
// get_weather tool. Genkit's spans go to the global provider, which
// spantest.Providers sets.
func newHarness(t testing.TB, s setup, opts ...openlitgenkit.Option) harness {
	t.Helper()
	tp, exp, mp, _ := spantest.Providers(t)
	if s.opts.Answers == nil && s.opts.Fail == nil {
		s.opts.Answers = [][]byte{toolCallAnswer, finalAnswer}
	}
	srv := replay.NewServer(s.opts)
	t.Cleanup(srv.Close)
	client := &http.Client{}
	if s.traced {
		client.Transport = openlithttp.NewTransport(http.DefaultTransport, openlithttp.WithTracerProvider(tp),
			openlithttp.WithMeterProvider(mp), openlithttp.WithCaptureMessageContent(s.capture))
	}
	g := genkit.Init(context.Background(), genkit.WithPlugins(&oai.OpenAI{APIKey: "sk-test",
		Opts: []option.RequestOption{option.WithBaseURL(srv.BaseURL()), option.WithHTTPClient(client), option.WithMaxRetries(0)}}))
	fn := s.tool
	if fn == nil {
		fn = func(_ *ai.ToolContext, in weatherIn) (string, error) { return "21°C and sunny in " + in.City, nil }
	}
	genkit.DefineTool(g, "get_weather", "The current weather in a city", fn)
	opts = append([]openlitgenkit.Option{openlitgenkit.WithTracerProvider(tp), openlitgenkit.WithMeterProvider(mp),
		openlitgenkit.WithCaptureMessageContent(s.capture)}, opts...)
	return harness{g: g, tp: tp, exp: exp, mw: openlitgenkit.New(opts...), srv: srv}
}

// ask runs a Generate with the tool and the middleware.
func (h harness) ask(ctx context.Context, extra ...ai.GenerateOption) (string, error) {
	opts := append([]ai.GenerateOption{ai.WithModelName("openai/gpt-4o-mini"), ai.WithPrompt("Weather in Paris?"),
		ai.WithTools(ai.ToolName("get_weather")), ai.WithUse(h.mw)}, extra...)
	resp, err := genkit.Generate(ctx, h.g, opts...)
	if err != nil {
		return "", err
	}
	return resp.Text(), nil
}

// weatherFlow is a flow asking the agent.
func (h harness) weatherFlow() func(context.Context, string) (string, error) {
	f := genkit.DefineFlow(h.g, "weatherFlow", func(ctx context.Context, q string) (string, error) { return h.ask(ctx) })
	return func(ctx context.Context, q string) (string, error) { return f.Run(ctx, q) }
}

func (h harness) spans() (map[string][]sdktrace.ReadOnlySpan, map[[8]byte]sdktrace.ReadOnlySpan) {
	byName := map[string][]sdktrace.ReadOnlySpan{}
	byID := map[[8]byte]sdktrace.ReadOnlySpan{}
	for _, s := range h.exp.GetSpans().Snapshots() {
		byName[s.Name()] = append(byName[s.Name()], s)
		byID[s.SpanContext().SpanID()] = s
	}
	return byName, byID
}

// under reports whether s descends from the span with id root.
func under(s sdktrace.ReadOnlySpan, root [8]byte, byID map[[8]byte]sdktrace.ReadOnlySpan) bool {
	for p := s.Parent(); p.IsValid(); {
		if p.SpanID() == root {
			return true
		}
		parent, ok := byID[p.SpanID()]
		if !ok {
			return false
		}
		p = parent.Parent()
	}
	return false
}

// checkAgent checks the agent's tree: everything under the agent span
// named agent, two chat spans with usage and cost, the tool span with the
// model's call id between them, Genkit's model action under each chat.
func checkAgent(t *testing.T, h harness, agent string) {
	t.Helper()
	byName, byID := h.spans()
	roots := byName[agent]
	if len(roots) != 1 || roots[0].Parent().IsValid() {
		t.Fatalf("no root %q: %v", agent, names(byName))
	}
	root := roots[0].SpanContext().SpanID()
	for name, list := range byName {
		for _, s := range list {
			if s.SpanContext().SpanID() != root && !under(s, root, byID) {
				t.Errorf("%s is not under %s", name, agent)
			}
		}
	}
	chats, tools := byName["chat gpt-4o-mini"], byName["execute_tool get_weather"]
	if len(chats) != 2 || len(tools) != 1 {
		t.Fatalf("%d chat and %d tool spans: %v", len(chats), len(tools), names(byName))
	}
	for _, c := range chats {
		a := spantest.Attrs(c)
		if cost, _ := strconv.ParseFloat(a["gen_ai.usage.cost"], 64); cost <= 0 || a["gen_ai.system"] != "openai" {
			t.Errorf("chat span: %v", a)
		}
	}
	for _, m := range byName["openai/gpt-4o-mini"] {
		if p := byID[m.Parent().SpanID()]; p == nil || p.Name() != "chat gpt-4o-mini" {
			t.Errorf("Genkit's model span is not under a chat span")
		}
	}
	spantest.Check(t, spantest.Attrs(chats[0]), map[string]string{"gen_ai.usage.input_tokens": "57", "gen_ai.tool.call.id": `["call_paris"]`})
	if a := spantest.Attrs(tools[0]); a["gen_ai.tool.call.id"] != "call_paris" {
		t.Errorf("tool span: %v", a)
	}
	if tools[0].StartTime().Before(chats[0].EndTime()) || tools[0].EndTime().After(chats[1].StartTime()) {
		t.Error("the tool did not run between the model calls")
	}
}

func names(m map[string][]sdktrace.ReadOnlySpan) []string {
	var out []string
	for n, l := range m {
		out = append(out, n+"×"+strconv.Itoa(len(l)))
	}
	return out
}

// In a flow, the flow is the agent: Genkit's flow span completed as
// "invoke_agent weatherFlow".
func TestFlowAgent(t *testing.T) {
	h := newHarness(t, setup{capture: true})
	out, err := h.weatherFlow()(context.Background(), "Paris")
	if err != nil || !strings.Contains(out, "sunny") {
		t.Fatalf("flow = %q, %v", out, err)
	}
	checkAgent(t, h, "invoke_agent weatherFlow")
	byName, _ := h.spans()
	a := spantest.Attrs(byName["invoke_agent weatherFlow"][0])
	spantest.Check(t, a, map[string]string{"gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "weatherFlow"})
	tool := spantest.Attrs(byName["execute_tool get_weather"][0])
	if !strings.Contains(tool["gen_ai.tool.call.arguments"], "Paris") || !strings.Contains(tool["gen_ai.tool.call.result"], "sunny") {
		t.Errorf("tool content: %v", tool)
	}
	if s := spantest.Summary(byName["chat gpt-4o-mini"][1]); !strings.Contains(s, "21°C and sunny in Paris") {
		t.Errorf("the second call's prompt lacks the tool result: %s", s)
	}
}

// Outside a flow, a Generate with tools gets an agent span of its own.
func TestGenerateAgent(t *testing.T) {
	h := newHarness(t, setup{}, openlitgenkit.WithAgentName("weather"))
	if _, err := h.ask(context.Background()); err != nil {
		t.Fatal(err)
	}
	checkAgent(t, h, "invoke_agent weather")
}

// The model's HTTP client traced too: still one chat span per model call,
// the client's view on it.
func TestTracedClientOneChatSpan(t *testing.T) {
	h := newHarness(t, setup{traced: true})
	if _, err := h.ask(context.Background()); err != nil {
		t.Fatal(err)
	}
	if h.srv.Requests() != 2 {
		t.Fatalf("%d requests", h.srv.Requests())
	}
	checkAgent(t, h, "invoke_agent genkit")
	byName, _ := h.spans()
	for _, c := range byName["chat gpt-4o-mini"] {
		if a := spantest.Attrs(c); a["server.address"] != "127.0.0.1" || a["gen_ai.response.id"] == "" {
			t.Errorf("the chat span lacks the client's view: %v", a)
		}
	}
}

// A streamed Generate without tools: a model call, not an agent; the
// chat span streamed, with its chunk timing and the answer.
func TestStreamedGenerate(t *testing.T) {
	h := newHarness(t, setup{capture: true, opts: replay.Options{}})
	var chunks int
	resp, err := genkit.Generate(context.Background(), h.g, ai.WithModelName("openai/gpt-4o-mini"), ai.WithPrompt("Say hello"),
		ai.WithUse(h.mw), ai.WithStreaming(func(context.Context, *ai.ModelResponseChunk) error { chunks++; return nil }))
	if err != nil || chunks == 0 {
		t.Fatalf("Generate: %v, %d chunks", err, chunks)
	}
	byName, _ := h.spans()
	if len(byName["invoke_agent genkit"]) != 0 {
		t.Errorf("an agent span for a Generate without tools")
	}
	chat := byName["chat gpt-4o-mini"]
	if len(chat) != 1 {
		t.Fatalf("spans: %v", names(byName))
	}
	a := spantest.Attrs(chat[0])
	// Genkit's OpenAI plugin asks for no usage in streams
	// (stream_options.include_usage): a streamed call has no tokens.
	if a["gen_ai.request.is_stream"] != "true" || a["gen_ai.server.time_to_first_token"] == "" || a["gen_ai.response.finish_reasons"] != `["stop"]` {
		t.Errorf("streamed chat span: %v", a)
	}
	if !strings.Contains(spantest.Summary(chat[0]), resp.Text()[:30]) {
		t.Errorf("the answer is not recorded")
	}
}

// A failing tool fails its span and the agent's, with the app's error.
func TestFailingTool(t *testing.T) {
	boom := errors.New("weather service down")
	h := newHarness(t, setup{tool: func(*ai.ToolContext, weatherIn) (string, error) { return "", boom }})
	_, err := h.ask(context.Background())
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	byName, _ := h.spans()
	for _, name := range []string{"execute_tool get_weather", "invoke_agent genkit"} {
		if s := byName[name]; len(s) != 1 || s[0].Status().Code.String() != "Error" {
			t.Errorf("%s not failed: %v", name, names(byName))
		}
	}
}

// A failing model call fails its chat span; the app gets the same error.
func TestFailingModel(t *testing.T) {
	h := newHarness(t, setup{opts: replay.Options{Fail: []int{http.StatusBadRequest}}})
	_, err := h.ask(context.Background())
	if err == nil {
		t.Fatal("no error")
	}
	byName, _ := h.spans()
	if c := byName["chat gpt-4o-mini"]; len(c) != 1 || c[0].Status().Code.String() != "Error" {
		t.Errorf("chat span: %v", names(byName))
	}
}

// A run cancelled while the tool runs: the next model call fails with the
// cancellation, and the agent; every span ended.
func TestCancelledRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h := newHarness(t, setup{tool: func(*ai.ToolContext, weatherIn) (string, error) {
		cancel()
		return "21°C", nil
	}})
	_, err := h.ask(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	byName, _ := h.spans()
	if s := byName["invoke_agent genkit"]; len(s) != 1 || s[0].Status().Code.String() != "Error" {
		t.Errorf("agent span: %v", names(byName))
	}
}

// The same answer with and without the middleware.
func TestSameAnswer(t *testing.T) {
	var got [2]string
	for i, traced := range []bool{false, true} {
		h := newHarness(t, setup{traced: traced})
		opts := []ai.GenerateOption{ai.WithModelName("openai/gpt-4o-mini"), ai.WithPrompt("Weather in Paris?"), ai.WithTools(ai.ToolName("get_weather"))}
		if traced {
			opts = append(opts, ai.WithUse(h.mw))
		}
		resp, err := genkit.Generate(context.Background(), h.g, opts...)
		if err != nil {
			t.Fatal(err)
		}
		got[i] = resp.Text()
	}
	if got[0] != got[1] || got[0] == "" {
		t.Errorf("answers differ: %q vs %q", got[0], got[1])
	}
}
