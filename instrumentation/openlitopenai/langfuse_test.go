package openlitopenai

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"

	"github.com/openlit/openlit-go/internal/settings"
	"github.com/openlit/openlit-go/replay"
	"github.com/openlit/openlit-go/semconv"
)

// withLangfuse turns the Langfuse preset's recording on for the test.
func withLangfuse(t *testing.T, m semconv.Mode) {
	t.Helper()
	s := *settings.Load()
	s.Langfuse, s.Mode = true, m
	settings.Store(&s)
	t.Cleanup(func() { settings.Store(nil) })
}

// langfuseIO returns the span's langfuse.observation.input and output,
// decoded.
func langfuseIO(t *testing.T, h *harness) (in, out []map[string]any) {
	t.Helper()
	a := attrMap(h.onlySpan(t).Attributes())
	for key, dst := range map[string]*[]map[string]any{semconv.LangfuseObservationInput: &in, semconv.LangfuseObservationOutput: &out} {
		v, ok := a[key]
		if !ok {
			t.Fatalf("no %s", key)
		}
		if err := json.Unmarshal([]byte(v.AsString()), dst); err != nil {
			t.Fatalf("%s is not a JSON list of messages: %v: %s", key, err, v.AsString())
		}
	}
	return in, out
}

func canon(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// With the Langfuse preset each generation's input and output are chat
// messages Langfuse shows as a chat, in both modes.
func TestLangfuseChatJSON(t *testing.T) {
	toolsOnly := `{"id":"c1","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,
	  "message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_a","type":"function",
	  "function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},"finish_reason":"tool_calls"}],
	  "usage":{"prompt_tokens":5,"completion_tokens":5,"total_tokens":10}}`
	twoChoices := `{"id":"c2","object":"chat.completion","created":1,"model":"gpt-4o","choices":[
	  {"index":0,"message":{"role":"assistant","content":"Yes."},"finish_reason":"stop"},
	  {"index":1,"message":{"role":"assistant","content":"No."},"finish_reason":"stop"}],
	  "usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}`
	for _, mode := range []semconv.Mode{semconv.ModeOpenLIT, semconv.ModeLatest} {
		t.Run(mode.String(), func(t *testing.T) {
			withLangfuse(t, mode)
			ctx := context.Background()

			t.Run("plain chat", func(t *testing.T) {
				h := newHarness(t, replay.Options{})
				p := userPrompt("What is LLM Observability?")
				p.Messages = append([]openai.ChatCompletionMessageParamUnion{openai.SystemMessage("Be brief.")}, p.Messages...)
				if _, err := h.client.Chat.Completions.New(ctx, p); err != nil {
					t.Fatal(err)
				}
				in, out := langfuseIO(t, h)
				if got := canon(t, in); got != `[{"content":"Be brief.","role":"system"},{"content":"What is LLM Observability?","role":"user"}]` {
					t.Errorf("input %s", got)
				}
				if len(out) != 1 || out[0]["role"] != "assistant" || !strings.HasPrefix(out[0]["content"].(string), "LLM Observability refers") {
					t.Errorf("output %s", canon(t, out))
				}
			})
			t.Run("tool calls only, then the tool result", func(t *testing.T) {
				h := newHarness(t, replay.Options{JSON: []byte(toolsOnly)})
				p := userPrompt("Weather in Paris?")
				p.Messages = append(p.Messages,
					openai.ChatCompletionMessageParamUnion{OfAssistant: &openai.ChatCompletionAssistantMessageParam{
						ToolCalls: []openai.ChatCompletionMessageToolCallUnionParam{{OfFunction: &openai.ChatCompletionMessageFunctionToolCallParam{
							ID: "call_0", Function: openai.ChatCompletionMessageFunctionToolCallFunctionParam{Name: "get_city", Arguments: "{}"}}}}}},
					openai.ToolMessage("Paris", "call_0"))
				if _, err := h.client.Chat.Completions.New(ctx, p); err != nil {
					t.Fatal(err)
				}
				in, out := langfuseIO(t, h)
				if got := canon(t, in[1:]); got != `[{"content":null,"role":"assistant","tool_calls":[{"function":{"arguments":"{}","name":"get_city"},"id":"call_0","type":"function"}]},{"content":"Paris","role":"tool","tool_call_id":"call_0"}]` {
					t.Errorf("input %s", got)
				}
				if got := canon(t, out); got != `[{"content":null,"role":"assistant","tool_calls":[{"function":{"arguments":"{\"city\":\"Paris\"}","name":"get_weather"},"id":"call_a","type":"function"}]}]` {
					t.Errorf("output %s", got)
				}
			})
			t.Run("n=2 keeps every choice", func(t *testing.T) {
				h := newHarness(t, replay.Options{JSON: []byte(twoChoices)})
				p := userPrompt("Is it?")
				p.N = openai.Int(2)
				if _, err := h.client.Chat.Completions.New(ctx, p); err != nil {
					t.Fatal(err)
				}
				_, out := langfuseIO(t, h)
				if got := canon(t, out); got != `[{"content":"Yes.","role":"assistant"},{"content":"No.","role":"assistant"}]` {
					t.Errorf("output %s", got)
				}
			})
			t.Run("stream", func(t *testing.T) {
				h := newHarness(t, replay.Options{})
				p := userPrompt("What is LLM Observability?")
				p.StreamOptions = openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)}
				s := h.client.Chat.Completions.NewStreaming(ctx, p)
				for s.Next() {
				}
				if s.Err() != nil {
					t.Fatal(s.Err())
				}
				in, out := langfuseIO(t, h)
				if len(in) != 1 || in[0]["content"] != "What is LLM Observability?" {
					t.Errorf("input %s", canon(t, in))
				}
				if len(out) != 1 || !strings.HasPrefix(out[0]["content"].(string), "LLM Observability refers") {
					t.Errorf("output %s", canon(t, out))
				}
			})
			t.Run("responses", func(t *testing.T) {
				h := newHarness(t, replay.Options{})
				if _, err := h.client.Responses.New(ctx, responseParams()); err != nil {
					t.Fatal(err)
				}
				in, out := langfuseIO(t, h)
				if got := canon(t, in); got != `[{"content":"Answer in one sentence.","role":"system"},{"content":"What is LLM observability?","role":"user"}]` {
					t.Errorf("input %s", got)
				}
				if len(out) != 1 || out[0]["role"] != "assistant" || !strings.HasPrefix(out[0]["content"].(string), "LLM observability is") {
					t.Errorf("output %s", canon(t, out))
				}
			})
		})
	}
}

// Without the Langfuse preset, nothing of Langfuse's own is recorded: the
// guide's events stay exactly as they are.
func TestNoLangfuseKeysWithoutPreset(t *testing.T) {
	h := newHarness(t, replay.Options{})
	if _, err := h.client.Chat.Completions.New(context.Background(), userPrompt("hi")); err != nil {
		t.Fatal(err)
	}
	a := attrMap(h.onlySpan(t).Attributes())
	for _, k := range []string{semconv.LangfuseObservationInput, semconv.LangfuseObservationOutput} {
		if _, ok := a[k]; ok {
			t.Errorf("%s recorded without the preset", k)
		}
	}
}
