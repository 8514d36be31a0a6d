package openlitgenkit

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/firebase/genkit/go/ai"
	"go.opentelemetry.io/otel/attribute"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/semconv"
)

// maxElems bounds the lists recorded from a request (tool names).
const maxElems = 128

// systems maps Genkit's model provider prefixes to gen_ai.system.
var systems = map[string]string{
	"googleai":     "gcp.gemini",
	"vertexai":     "gcp.vertex_ai",
	"openai":       "openai",
	"anthropic":    "anthropic",
	"ollama":       "ollama",
	"deepseek":     "deepseek",
	"xai":          "xai",
	"mistral":      "mistral_ai",
	"bedrock":      "aws.bedrock",
	"azureopenai":  "az.ai.openai",
	"compat-oai":   "openai",
	"openrouter":   "openrouter",
	"modelgarden":  "gcp.vertex_ai",
	"vertexmodels": "gcp.vertex_ai",
}

// splitModel is a Genkit model name's provider and model
// ("googleai/gemini-2.5-flash" → "googleai", "gemini-2.5-flash").
func splitModel(name string) (provider, model string) {
	if i := strings.IndexByte(name, '/'); i >= 0 {
		return name[:i], name[i+1:]
	}
	return "", name
}

func (m *Middleware) startChat(ctx context.Context, name string, p *ai.ModelParams) (context.Context, *genai.Call) {
	defer genai.Recover()
	provider, model := splitModel(name)
	system := m.cfg.System
	if system == "" {
		system = systems[provider]
	}
	if system == "" {
		system = provider
	}
	if system == "" {
		system = "genkit"
	}
	r := p.Request
	var attrs []attribute.KeyValue
	if r != nil {
		if names := toolNames(r.Tools); names != nil {
			attrs = append(attrs, semconv.GenAIRequestTools.StringSlice(names))
		}
		attrs = append(attrs, requestConfig(r.Config)...)
	}
	attrs = append(attrs, semconv.GenAIRequestIsStream.Bool(p.Callback != nil))
	ctx, call := m.tel.Start(ctx, genai.Request{Operation: semconv.OperationChat, System: system, Model: model,
		Attributes: attrs, Yield: true, Defaults: semconv.OpenLITChatDefaults()})
	call.Streamed = p.Callback != nil
	if r != nil && call.CaptureContent() {
		call.Input, call.Instructions = messages(r.Messages)
		if len(r.Tools) > 0 {
			if b, err := json.Marshal(r.Tools); err == nil {
				call.ToolDefinitions = string(b)
			}
		}
	}
	return ctx, call
}

func toolNames(tools []*ai.ToolDefinition) []string {
	var names []string
	for _, t := range tools {
		if len(names) == maxElems {
			break
		}
		if t != nil {
			names = append(names, t.Name)
		}
	}
	return names
}

// requestConfig reads the common generation settings of a request's config:
// Genkit's own GenerationCommonConfig, or a provider's config type through
// its JSON (temperature, topP, topK, maxOutputTokens / max_tokens, stop).
func requestConfig(c any) []attribute.KeyValue {
	if c == nil {
		return nil
	}
	b, err := json.Marshal(c)
	if err != nil {
		return nil
	}
	var v struct {
		Temperature     *float64 `json:"temperature"`
		TopP            *float64 `json:"topP"`
		TopPSnake       *float64 `json:"top_p"`
		TopK            *float64 `json:"topK"`
		MaxOutputTokens *int64   `json:"maxOutputTokens"`
		MaxTokens       *int64   `json:"max_tokens"`
		Stop            []string `json:"stopSequences"`
	}
	if json.Unmarshal(b, &v) != nil {
		return nil
	}
	var attrs []attribute.KeyValue
	if v.Temperature != nil {
		attrs = append(attrs, semconv.GenAIRequestTemperature.Float64(*v.Temperature))
	}
	if v.TopP == nil {
		v.TopP = v.TopPSnake
	}
	if v.TopP != nil {
		attrs = append(attrs, semconv.GenAIRequestTopP.Float64(*v.TopP))
	}
	if v.TopK != nil {
		attrs = append(attrs, semconv.GenAIRequestTopK.Float64(*v.TopK))
	}
	if v.MaxOutputTokens == nil {
		v.MaxOutputTokens = v.MaxTokens
	}
	if v.MaxOutputTokens != nil {
		attrs = append(attrs, semconv.GenAIRequestMaxTokens.Int64(*v.MaxOutputTokens))
	}
	if len(v.Stop) > 0 {
		attrs = append(attrs, semconv.GenAIRequestStopSequences.StringSlice(v.Stop[:min(len(v.Stop), maxElems)]))
	}
	return attrs
}

// roles are Genkit's roles as the conventions name them.
var roles = map[ai.Role]string{ai.RoleUser: "user", ai.RoleModel: "assistant", ai.RoleSystem: "system", ai.RoleTool: "tool"}

// messages are a request's messages in the conventions' form, the system
// messages as instructions.
func messages(ms []*ai.Message) ([]semconv.Message, []semconv.Part) {
	var instructions []semconv.Part
	out := make([]semconv.Message, 0, len(ms))
	for _, m := range ms {
		if m == nil {
			continue
		}
		if m.Role == ai.RoleSystem {
			for _, p := range m.Content {
				instructions = append(instructions, part(p))
			}
			continue
		}
		role, ok := roles[m.Role]
		if !ok {
			role = string(m.Role)
		}
		msg := semconv.Message{Role: role}
		for _, p := range m.Content {
			msg.Parts = append(msg.Parts, part(p))
		}
		msg.List = len(msg.Parts) > 1
		out = append(out, msg)
	}
	return out, instructions
}

func part(p *ai.Part) semconv.Part {
	switch {
	case p == nil:
	case p.IsText():
		return semconv.Part{Type: "text", Content: p.Text}
	case p.IsReasoning():
		return semconv.Part{Type: "reasoning", Content: p.Text}
	case p.IsToolRequest() && p.ToolRequest != nil:
		return semconv.Part{Type: "tool_call", ID: p.ToolRequest.Ref, Name: p.ToolRequest.Name, Arguments: jsonText(p.ToolRequest.Input)}
	case p.IsToolResponse() && p.ToolResponse != nil:
		return semconv.Part{Type: "tool_call_response", ID: p.ToolResponse.Ref, Name: p.ToolResponse.Name, Content: jsonText(p.ToolResponse.Output)}
	case p.IsMedia():
		if strings.HasPrefix(p.Text, "data:") {
			// Inline bytes are not recorded: their type says what was sent.
			return semconv.Part{Type: "blob", Modality: p.ContentType, Label: "media"}
		}
		return semconv.Part{Type: "uri", Modality: p.ContentType, URI: p.Text, Label: "media"}
	case p.IsData():
		return semconv.Part{Type: "text", Content: p.Text}
	}
	return semconv.Part{Type: "unknown"}
}

// jsonText is v as JSON, a string as it is.
func jsonText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// recordResponse records a model's answer on call: its message, tool
// requests, finish reason and usage.
func recordResponse(call *genai.Call, resp *ai.ModelResponse, err error) {
	defer genai.Recover()
	if resp == nil || err != nil {
		return
	}
	if resp.FinishReason != "" {
		call.SetAttributes(semconv.GenAIResponseFinishReasons.StringSlice([]string{string(resp.FinishReason)}))
	}
	msg := semconv.Message{Role: "assistant", FinishReason: string(resp.FinishReason)}
	var calls []genai.ToolCall
	if resp.Message != nil {
		for _, p := range resp.Message.Content {
			if p == nil {
				continue
			}
			if p.IsToolRequest() && p.ToolRequest != nil {
				calls = append(calls, genai.ToolCall{ID: p.ToolRequest.Ref, Name: p.ToolRequest.Name, Arguments: jsonText(p.ToolRequest.Input)})
			}
			if !p.IsReasoning() {
				msg.Parts = append(msg.Parts, part(p))
			}
		}
	}
	call.SetToolCalls(calls)
	if u := resp.Usage; u != nil && (u.InputTokens != 0 || u.OutputTokens != 0) {
		call.SetUsage(genai.Usage{InputTokens: int64(u.InputTokens), OutputTokens: int64(u.OutputTokens),
			TotalTokens: int64(u.TotalTokens), ReasoningTokens: int64(u.ThoughtsTokens), CacheReadInputTokens: int64(u.CachedContentTokens)})
	}
	if call.CaptureContent() {
		call.Output = []semconv.Message{msg}
	}
}
