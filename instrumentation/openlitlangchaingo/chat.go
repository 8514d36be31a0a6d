package openlitlangchaingo

import (
	"context"
	"fmt"

	"github.com/tmc/langchaingo/llms"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/semconv"
)

func (h *Handler) startChat(parent context.Context, ms []llms.MessageContent) (context.Context, *genai.Call) {
	ctx, call := h.tel.Start(parent, genai.Request{Operation: semconv.OperationChat, System: h.cfg.System,
		Model: h.cfg.Model, Yield: true, Defaults: semconv.OpenLITChatDefaults()})
	if call.CaptureContent() {
		call.Input = messages(ms)
	}
	return ctx, call
}

// roles are LangChainGo's message types as the conventions name roles.
var roles = map[llms.ChatMessageType]string{
	llms.ChatMessageTypeAI:       "assistant",
	llms.ChatMessageTypeHuman:    "user",
	llms.ChatMessageTypeSystem:   "system",
	llms.ChatMessageTypeTool:     "tool",
	llms.ChatMessageTypeFunction: "tool",
	llms.ChatMessageTypeGeneric:  "user",
}

func role(t llms.ChatMessageType) string {
	if r, ok := roles[t]; ok {
		return r
	}
	return string(t)
}

// messages are LangChainGo's messages in the conventions' form.
func messages(ms []llms.MessageContent) []semconv.Message {
	out := make([]semconv.Message, 0, len(ms))
	for _, m := range ms {
		msg := semconv.Message{Role: role(m.Role)}
		for _, p := range m.Parts {
			if part, ok := messagePart(p); ok {
				msg.Parts = append(msg.Parts, part)
			}
		}
		out = append(out, msg)
	}
	return out
}

func messagePart(p llms.ContentPart) (semconv.Part, bool) {
	switch x := p.(type) {
	case llms.TextContent:
		return semconv.Part{Type: "text", Content: x.Text}, true
	case llms.ImageURLContent:
		return semconv.Part{Type: "uri", Modality: "image", URI: x.URL, Label: "image_url"}, true
	case llms.BinaryContent:
		// The bytes are not recorded: their type and size say what was sent.
		return semconv.Part{Type: "text", Content: fmt.Sprintf("[%s, %d bytes]", x.MIMEType, len(x.Data))}, true
	case llms.ToolCall:
		part := semconv.Part{Type: "tool_call", ID: x.ID}
		if x.FunctionCall != nil {
			part.Name, part.Arguments = x.FunctionCall.Name, x.FunctionCall.Arguments
		}
		return part, true
	case llms.ToolCallResponse:
		return semconv.Part{Type: "tool_call_response", ID: x.ToolCallID, Name: x.Name, Content: x.Content}, true
	}
	return semconv.Part{}, false
}

// recordResponse records a model's answer on call: the choices' content,
// tool calls and stop reasons, and the usage LangChainGo's models report
// in each choice's GenerationInfo.
func recordResponse(call *genai.Call, res *llms.ContentResponse) {
	if res == nil || len(res.Choices) == 0 {
		return
	}
	var (
		reasons []string
		calls   []genai.ToolCall
		output  []semconv.Message
	)
	for _, c := range res.Choices {
		if c == nil {
			continue
		}
		msg := semconv.Message{Role: "assistant", FinishReason: c.StopReason}
		if c.Content != "" {
			msg.Parts = append(msg.Parts, semconv.Part{Type: "text", Content: c.Content})
		}
		for _, tc := range c.ToolCalls {
			t := genai.ToolCall{ID: tc.ID}
			if tc.FunctionCall != nil {
				t.Name, t.Arguments = tc.FunctionCall.Name, tc.FunctionCall.Arguments
			}
			calls = append(calls, t)
			msg.Parts = append(msg.Parts, semconv.Part{Type: "tool_call", ID: t.ID, Name: t.Name, Arguments: t.Arguments})
		}
		if c.StopReason != "" {
			reasons = append(reasons, c.StopReason)
		}
		output = append(output, msg)
	}
	if len(reasons) > 0 {
		call.SetAttributes(semconv.GenAIResponseFinishReasons.StringSlice(reasons))
	}
	call.SetToolCalls(calls)
	if call.CaptureContent() {
		call.Output = output
	}
	if c := res.Choices[0]; c != nil {
		if u, ok := usage(c.GenerationInfo); ok {
			call.SetUsage(u)
		}
	}
}

// usage reads the token counts LangChainGo's models put in GenerationInfo
// (the same keys for OpenAI, Anthropic, Ollama, Google: PromptTokens,
// CompletionTokens, …).
func usage(info map[string]any) (genai.Usage, bool) {
	in, okIn := count(info, "PromptTokens", "InputTokens", "input_tokens")
	out, okOut := count(info, "CompletionTokens", "OutputTokens", "output_tokens")
	if !okIn && !okOut {
		return genai.Usage{}, false
	}
	u := genai.Usage{InputTokens: in, OutputTokens: out}
	u.TotalTokens, _ = count(info, "TotalTokens")
	u.ReasoningTokens, _ = count(info, "ReasoningTokens", "ThinkingTokens")
	u.CacheReadInputTokens, _ = count(info, "PromptCachedTokens", "CacheReadInputTokens")
	u.CacheCreationInputTokens, _ = count(info, "CacheCreationInputTokens")
	return u, true
}

// count is the first of keys present in info as a number.
func count(info map[string]any, keys ...string) (int64, bool) {
	for _, k := range keys {
		switch v := info[k].(type) {
		case int:
			return int64(v), true
		case int32:
			return int64(v), true
		case int64:
			return v, true
		case float64:
			return int64(v), true
		case float32:
			return int64(v), true
		}
	}
	return 0, false
}
