package openlitadk_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"google.golang.org/adk/agent"
	"google.golang.org/adk/agent/llmagent"
	"google.golang.org/adk/model"
	"google.golang.org/adk/model/gemini"
	"google.golang.org/adk/plugin"
	"google.golang.org/adk/runner"
	"google.golang.org/adk/session"
	"google.golang.org/adk/tool"
	"google.golang.org/adk/tool/functiontool"
	"google.golang.org/genai"

	"github.com/openlit/openlit-go/instrumentation/openlitadk"
	"github.com/openlit/openlit-go/instrumentation/openlithttp"
	"github.com/openlit/openlit-go/internal/spantest"
	"github.com/openlit/openlit-go/replay"
)

type weatherArgs struct {
	City string `json:"city"`
}

type weatherResult struct {
	Report string `json:"report"`
}

// harness is an ADK agent with one tool on Gemini, answered by a replay.
type harness struct {
	srv    *replay.Server
	runner *runner.Runner
}

// streamedAnswers serves the agent's two turns as Gemini streams: the tool
// call in one chunk, then the answer in three.
func streamedAnswers(t testing.TB) *httptest.Server {
	turns := [][]string{
		{string(toolCallAnswer)},
		{`{"candidates":[{"content":{"role":"model","parts":[{"text":"It is 21°C "}]},"index":0}],"modelVersion":"gemini-2.5-flash"}`,
			`{"candidates":[{"content":{"role":"model","parts":[{"text":"and sunny "}]},"index":0}],"modelVersion":"gemini-2.5-flash"}`,
			`{"candidates":[{"content":{"role":"model","parts":[{"text":"in Paris."}]},"finishReason":"STOP","index":0}],
"usageMetadata":{"promptTokenCount":86,"candidatesTokenCount":10,"totalTokenCount":96},"modelVersion":"gemini-2.5-flash"}`},
	}
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		turn := turns[min(int(n.Add(1))-1, len(turns)-1)]
		w.Header().Set("Content-Type", "text/event-stream")
		for _, ev := range turn {
			fmt.Fprintf(w, "data: %s\r\n\r\n", strings.ReplaceAll(ev, "\n", ""))
			w.(http.Flusher).Flush()
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

type setup struct {
	capture bool
	traced  bool // the model's HTTP client carries openlit-go's transport
	wrap    bool // the model wrapped by WrapModel
	plugin  bool
	tool    func(tool.Context, weatherArgs) (weatherResult, error)
	opts    replay.Options
	stream  bool // the API answers with streamedAnswers
}

func newHarness(t testing.TB, s setup) harness {
	t.Helper()
	spans.Reset()
	if s.opts.Answers == nil {
		s.opts.Answers = [][]byte{toolCallAnswer, finalAnswer}
	}
	srv := replay.NewServer(s.opts)
	t.Cleanup(srv.Close)
	baseURL := srv.URL
	if s.stream {
		baseURL = streamedAnswers(t).URL
	}
	client := &http.Client{}
	if s.traced {
		client.Transport = openlithttp.NewTransport(http.DefaultTransport, openlithttp.WithTracerProvider(provider),
			openlithttp.WithMeterProvider(meters), openlithttp.WithCaptureMessageContent(s.capture))
	}
	ctx := context.Background()
	var m model.LLM
	m, err := gemini.NewModel(ctx, "gemini-2.5-flash", &genai.ClientConfig{APIKey: "test-key", Backend: genai.BackendGeminiAPI,
		HTTPClient: client, HTTPOptions: genai.HTTPOptions{BaseURL: baseURL}})
	if err != nil {
		t.Fatal(err)
	}
	if s.wrap {
		m = openlitadk.WrapModel(m, openlitadk.WithTracerProvider(provider), openlitadk.WithMeterProvider(meters),
			openlitadk.WithCaptureMessageContent(s.capture))
	}
	fn := s.tool
	if fn == nil {
		fn = func(_ tool.Context, a weatherArgs) (weatherResult, error) {
			return weatherResult{Report: "21°C and sunny in " + a.City}, nil
		}
	}
	weather, err := functiontool.New(functiontool.Config{Name: "get_weather", Description: "The current weather in a city"}, fn)
	if err != nil {
		t.Fatal(err)
	}
	a, err := llmagent.New(llmagent.Config{Name: "weather_agent", Description: "Answers about the weather", Model: m,
		Instruction: "Answer about the weather.", Tools: []tool.Tool{weather}})
	if err != nil {
		t.Fatal(err)
	}
	cfg := runner.Config{AppName: "weather", Agent: a, SessionService: session.InMemoryService(), AutoCreateSession: true}
	if s.plugin {
		cfg.PluginConfig.Plugins = []*plugin.Plugin{openlitadk.NewPlugin(openlitadk.WithCaptureMessageContent(s.capture))}
	}
	r, err := runner.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return harness{srv: srv, runner: r}
}

// run asks the agent, returning its last text and the first error.
func (h harness) run(ctx context.Context, cfg agent.RunConfig) (string, error) {
	var last string
	for ev, err := range h.runner.Run(ctx, "user-1", "session-1", genai.NewContentFromText("Weather in Paris?", genai.RoleUser), cfg) {
		if err != nil {
			return last, err
		}
		if ev != nil && ev.Content != nil && !ev.Partial {
			for _, p := range ev.Content.Parts {
				if p.Text != "" {
					last = p.Text
				}
			}
		}
	}
	return last, nil
}

func byName(t testing.TB, n int) map[string][]sdktrace.ReadOnlySpan {
	t.Helper()
	got := spans.GetSpans().Snapshots()
	m := map[string][]sdktrace.ReadOnlySpan{}
	var names []string
	for _, s := range got {
		m[s.Name()] = append(m[s.Name()], s)
		names = append(names, s.Name())
	}
	if len(got) != n {
		t.Fatalf("%d spans %v, want %d", len(got), names, n)
	}
	return m
}

// checkTree checks the run's trace: ADK's agent span at the root, two
// chat spans and the tool span under it, in order, one span per model
// call.
func checkTree(t *testing.T, m map[string][]sdktrace.ReadOnlySpan) {
	t.Helper()
	root := m["invoke_agent weather_agent"]
	if len(root) != 1 {
		t.Fatalf("no agent span: %v", m)
	}
	id := root[0].SpanContext().SpanID()
	for name, list := range m {
		for _, s := range list {
			if s.SpanContext().SpanID() != id && s.Parent().SpanID() != id {
				t.Errorf("%s is not under the agent", name)
			}
		}
	}
	chats, tools := m["chat gemini-2.5-flash"], m["execute_tool get_weather"]
	if len(chats) != 2 || len(tools) != 1 {
		t.Fatalf("%d chat spans, %d tool spans: %v", len(chats), len(tools), m)
	}
	if tools[0].StartTime().Before(chats[0].EndTime()) || tools[0].EndTime().After(chats[1].StartTime()) {
		t.Error("the tool did not run between the model calls")
	}
	for _, c := range chats {
		a := spantest.Attrs(c)
		cost, _ := strconv.ParseFloat(a["gen_ai.usage.cost"], 64)
		if a["gen_ai.operation.name"] != "chat" || a["gen_ai.system"] != "gcp.gemini" || cost <= 0 || a["gen_ai.usage.input_tokens"] == "" {
			t.Errorf("chat span: %v", a)
		}
	}
	if a := spantest.Attrs(chats[0]); a["gen_ai.tool.call.id"] != `["call_paris"]` || a["gen_ai.usage.input_tokens"] != "57" {
		t.Errorf("first chat span: %v", a)
	}
}

// The model wrapped: ADK's generate_content spans become the chat spans,
// filled by the core (cost, system, content); the plugin completes ADK's
// tool span. No span more than ADK's own.
func TestAgent(t *testing.T) {
	h := newHarness(t, setup{capture: true, wrap: true, plugin: true})
	out, err := h.run(context.Background(), agent.RunConfig{})
	if err != nil || !strings.Contains(out, "sunny") {
		t.Fatalf("run = %q, %v", out, err)
	}
	m := byName(t, 4)
	checkTree(t, m)
	tool := spantest.Attrs(m["execute_tool get_weather"][0])
	spantest.Check(t, tool, map[string]string{"gen_ai.tool.call.id": "call_paris", "gen_ai.tool.type": "function",
		"gen_ai.tool.call.arguments": `{"city":"Paris"}`, "gen_ai.tool.call.result": `{"report":"21°C and sunny in Paris"}`})
	if s := spantest.Summary(m["chat gemini-2.5-flash"][1]); !strings.Contains(s, "21°C and sunny in Paris") || !strings.Contains(s, "Answer about the weather.") {
		t.Errorf("the second call's content: %s", s)
	}
}

// Content capture off: no prompt, completion, arguments or result of ours.
func TestAgentNoContent(t *testing.T) {
	h := newHarness(t, setup{wrap: true, plugin: true})
	if _, err := h.run(context.Background(), agent.RunConfig{}); err != nil {
		t.Fatal(err)
	}
	for _, list := range byName(t, 4) {
		for _, s := range list {
			a := spantest.Attrs(s)
			for _, k := range []string{"gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.prompt", "gen_ai.completion",
				"gen_ai.tool.call.arguments", "gen_ai.tool.call.result"} {
				if _, ok := a[k]; ok {
					t.Errorf("%s has %s with capture off", s.Name(), k)
				}
			}
		}
	}
}

// The model's HTTP client traced too: the client takes each call over,
// still one span per model call, with the wire's view.
func TestTracedClientOneChatSpan(t *testing.T) {
	h := newHarness(t, setup{capture: true, wrap: true, plugin: true, traced: true})
	if _, err := h.run(context.Background(), agent.RunConfig{}); err != nil {
		t.Fatal(err)
	}
	if h.srv.Requests() != 2 {
		t.Fatalf("%d requests", h.srv.Requests())
	}
	m := byName(t, 4)
	checkTree(t, m)
	for _, c := range m["chat gemini-2.5-flash"] {
		if a := spantest.Attrs(c); a["server.address"] != "127.0.0.1" || a["gen_ai.response.id"] == "" {
			t.Errorf("the chat span lacks the client's view: %v", a)
		}
	}
}

// Without WrapModel, a traced client alone nests its chat spans under
// ADK's generate_content spans: two spans per model call. This is what
// WrapModel is for.
func TestUnwrappedModel(t *testing.T) {
	h := newHarness(t, setup{traced: true})
	if _, err := h.run(context.Background(), agent.RunConfig{}); err != nil {
		t.Fatal(err)
	}
	m := byName(t, 6)
	if len(m["generate_content gemini-2.5-flash"]) != 2 || len(m["chat gemini-2.5-flash"]) != 2 {
		t.Errorf("spans: %v", m)
	}
}

// A streamed run (SSE): the chat spans are streamed, with their chunk
// timing and the answer once.
func TestStreamedAgent(t *testing.T) {
	h := newHarness(t, setup{capture: true, wrap: true, plugin: true, stream: true})
	out, err := h.run(context.Background(), agent.RunConfig{StreamingMode: agent.StreamingModeSSE})
	if err != nil || !strings.Contains(out, "sunny") {
		t.Fatalf("run = %q, %v", out, err)
	}
	m := byName(t, 4)
	checkTree(t, m)
	a := spantest.Attrs(m["chat gemini-2.5-flash"][1])
	if a["gen_ai.request.is_stream"] != "true" || a["gen_ai.server.time_to_first_token"] == "" {
		t.Errorf("streamed chat span: %v", a)
	}
	if s := spantest.Summary(m["chat gemini-2.5-flash"][1]); strings.Count(s, "It is 21°C and sunny in Paris.") != 1 {
		t.Errorf("the answer is not recorded once: %s", s)
	}
}

// A failing tool: ADK gives the model the error; the tool span has it.
func TestFailingTool(t *testing.T) {
	boom := errors.New("weather service down")
	h := newHarness(t, setup{wrap: true, plugin: true, tool: func(tool.Context, weatherArgs) (weatherResult, error) {
		return weatherResult{}, boom
	}})
	if _, err := h.run(context.Background(), agent.RunConfig{}); err != nil {
		t.Fatal(err)
	}
	m := byName(t, 4)
	ts := m["execute_tool get_weather"][0]
	if ts.Status().Code.String() != "Error" || spantest.Attrs(ts)["error.type"] == "" {
		t.Errorf("tool span not failed: %v %v", ts.Status(), spantest.Attrs(ts))
	}
}

// A failing model call: the chat span fails with the API's error, the
// agent's too; the app gets the error as without openlit-go.
func TestFailingModel(t *testing.T) {
	h := newHarness(t, setup{wrap: true, plugin: true, opts: replay.Options{Fail: []int{http.StatusBadRequest}}})
	_, err := h.run(context.Background(), agent.RunConfig{})
	if err == nil {
		t.Fatal("no error")
	}
	m := byName(t, 2)
	c := m["chat gemini-2.5-flash"]
	if len(c) != 1 || c[0].Status().Code.String() != "Error" {
		t.Errorf("chat span: %v", m)
	}
}

// A run cancelled while the tool runs: the app gets the cancellation, no
// span is left open, the cancelled model call (if ADK makes it) fails.
func TestCancelledRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h := newHarness(t, setup{wrap: true, plugin: true, tool: func(tool.Context, weatherArgs) (weatherResult, error) {
		cancel()
		return weatherResult{Report: "21°C"}, nil
	}})
	_, err := h.run(ctx, agent.RunConfig{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	for _, s := range spans.GetSpans().Snapshots() {
		if s.EndTime().IsZero() {
			t.Errorf("%s not ended", s.Name())
		}
	}
	if c := byName(t, len(spans.GetSpans()))["chat gemini-2.5-flash"]; len(c) == 2 && c[1].Status().Code.String() != "Error" {
		t.Errorf("the cancelled call did not fail: %v", c[1].Status())
	}
}

// The same run, with and without openlit-go: the same events.
func TestSameAnswer(t *testing.T) {
	var got [2]string
	for i, s := range []setup{{}, {capture: true, wrap: true, plugin: true, traced: true}} {
		out, err := newHarness(t, s).run(context.Background(), agent.RunConfig{})
		if err != nil {
			t.Fatal(err)
		}
		got[i] = out
	}
	if got[0] != got[1] || got[0] == "" {
		t.Errorf("answers differ: %q vs %q", got[0], got[1])
	}
}
