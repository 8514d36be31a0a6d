package openlitopenai

import (
	"context"
	"encoding/json"
	"math"
	"testing"

	"github.com/openai/openai-go/v3"

	"github.com/openlit/openlit-go/langfuse"
	"github.com/openlit/openlit-go/replay"
	"github.com/openlit/openlit-go/semconv"
)

const toolCallAnswer = `{"id":"c1","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,
  "message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_a","type":"function",
  "function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},"finish_reason":"tool_calls"}],
  "usage":{"prompt_tokens":5,"completion_tokens":5,"total_tokens":10}}`

func weatherTool() openai.ChatCompletionToolUnionParam {
	return openai.ChatCompletionFunctionTool(openai.FunctionDefinitionParam{Name: "get_weather",
		Description: openai.String("Weather of a city"),
		Parameters:  openai.FunctionParameters{"type": "object", "properties": map[string]any{"city": map[string]any{"type": "string"}}}})
}

// With the Langfuse attributes on, Langfuse reads the parameters the
// request set (its key wins over every gen_ai.request.* key), while the
// default mode's span keeps the guide's placeholders; the cost is split as
// Langfuse splits usage and adds up to the total; the prompt the context
// links and the trace's input and output are recorded; the model span
// does not carry gen_ai.tool.name (Langfuse would name the generation
// after it) but its tool definitions whole.
func TestLangfuseAttributes(t *testing.T) {
	for _, mode := range []semconv.Mode{semconv.ModeOpenLIT, semconv.ModeLatest} {
		t.Run(mode.String(), func(t *testing.T) {
			withLangfuse(t, mode)
			h := newHarness(t, replay.Options{})
			p := userPrompt("What is LLM Observability?")
			p.Temperature = openai.Float(0.2)
			p.Seed = openai.Int(7)
			ctx := langfuse.ContextWithPrompt(context.Background(), &langfuse.Prompt{Name: "qa/answer", Version: 3})
			if _, err := h.client.Chat.Completions.New(ctx, p); err != nil {
				t.Fatal(err)
			}
			a := attrMap(h.onlySpan(t).Attributes())
			var params map[string]any
			if err := json.Unmarshal([]byte(a[string(semconv.LangfuseModelParameters)].AsString()), &params); err != nil {
				t.Fatalf("model parameters: %v", err)
			}
			if len(params) != 3 || params["temperature"] != 0.2 || params["seed"] != 7.0 || params["is_stream"] != false {
				t.Errorf("model parameters %v, want only what the request set", params)
			}
			maxTokens, placeholder := a[string(semconv.GenAIRequestMaxTokens)]
			if placeholder != (mode == semconv.ModeOpenLIT) || placeholder && maxTokens.AsInt64() != -1 {
				t.Errorf("gen_ai.request.max_tokens on the span: %v %v", maxTokens, placeholder)
			}
			var cost map[string]float64
			if err := json.Unmarshal([]byte(a[string(semconv.LangfuseCostDetails)].AsString()), &cost); err != nil {
				t.Fatalf("cost details: %v", err)
			}
			total := a[string(semconv.GenAIUsageCost)].AsFloat64()
			if math.Abs(cost["input"]-14*2.5e-6) > 1e-12 || math.Abs(cost["output"]-356*10e-6) > 1e-12 ||
				cost["total"] != total || math.Abs(cost["input"]+cost["output"]-total) > 1e-12 {
				t.Errorf("cost details %v, total %v", cost, total)
			}
			if a[string(semconv.LangfusePromptName)].AsString() != "qa/answer" || a[string(semconv.LangfusePromptVersion)].AsInt64() != 3 {
				t.Errorf("prompt link %v %v", a[string(semconv.LangfusePromptName)], a[string(semconv.LangfusePromptVersion)])
			}
			if a[string(semconv.LangfuseTraceInput)].AsString() != a[semconv.LangfuseObservationInput].AsString() ||
				a[string(semconv.LangfuseTraceOutput)].AsString() == "" {
				t.Error("the root model span does not give the trace its input and output")
			}

			h = newHarness(t, replay.Options{JSON: []byte(toolCallAnswer)})
			p = userPrompt("Weather in Paris?")
			p.Tools = []openai.ChatCompletionToolUnionParam{weatherTool()}
			if _, err := h.client.Chat.Completions.New(context.Background(), p); err != nil {
				t.Fatal(err)
			}
			a = attrMap(h.onlySpan(t).Attributes())
			if _, ok := a[string(semconv.GenAIToolName)]; ok {
				t.Error("gen_ai.tool.name on a model span")
			}
			if ids := a[string(semconv.GenAIToolCallID)].AsStringSlice(); len(ids) != 1 || ids[0] != "call_a" {
				t.Errorf("tool call ids %v", ids)
			}
			var defs []map[string]any
			if err := json.Unmarshal([]byte(a[string(semconv.GenAIToolDefinitions)].AsString()), &defs); err != nil || len(defs) != 1 {
				t.Fatalf("tool definitions: %v %v", defs, err)
			}
			if fn, _ := defs[0]["function"].(map[string]any); fn["name"] != "get_weather" || fn["parameters"] == nil {
				t.Errorf("tool definition %v", defs[0])
			}
		})
	}
}

// Without the Langfuse attributes the default mode is OpenLIT's: the tool
// names on the model span, none of Langfuse's keys, no tool definitions.
func TestNoLangfuseAttributesByDefault(t *testing.T) {
	h := newHarness(t, replay.Options{JSON: []byte(toolCallAnswer)})
	p := userPrompt("Weather in Paris?")
	p.Tools = []openai.ChatCompletionToolUnionParam{weatherTool()}
	ctx := langfuse.ContextWithPrompt(context.Background(), &langfuse.Prompt{Name: "qa", Version: 1})
	if _, err := h.client.Chat.Completions.New(ctx, p); err != nil {
		t.Fatal(err)
	}
	a := attrMap(h.onlySpan(t).Attributes())
	if names := a[string(semconv.GenAIToolName)].AsStringSlice(); len(names) != 1 || names[0] != "get_weather" {
		t.Errorf("gen_ai.tool.name %v", names)
	}
	for _, k := range []string{string(semconv.LangfuseModelParameters), string(semconv.LangfuseCostDetails), string(semconv.LangfusePromptName),
		string(semconv.LangfuseTraceInput), string(semconv.GenAIToolDefinitions)} {
		if _, ok := a[k]; ok {
			t.Errorf("%s recorded without the Langfuse attributes", k)
		}
	}
}
