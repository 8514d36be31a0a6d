package openliteino

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/cloudwego/eino/callbacks"
	"github.com/cloudwego/eino/components/embedding"
	"github.com/cloudwego/eino/components/model"
	"github.com/cloudwego/eino/schema"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/semconv"
)

// systems maps Eino chat model types (eino-ext's GetType) to gen_ai.system.
var systems = map[string]string{
	"openai":   "openai",
	"azure":    "azure.ai.openai",
	"claude":   "anthropic",
	"gemini":   "gcp.gemini",
	"ollama":   "ollama",
	"deepseek": "deepseek",
	"qwen":     "alibaba",
	"ark":      "volcengine",
	"qianfan":  "baidu",
}

// system is the gen_ai.system of a model component of type typ: the
// configured one, a known type's, else the type in lower case ("eino" when
// the component names none).
func (h *Handler) system(typ string) string {
	if h.cfg.System != "" {
		return h.cfg.System
	}
	t := strings.ToLower(typ)
	if s, ok := systems[t]; ok {
		return s
	}
	if t == "" {
		return "eino"
	}
	return t
}

func (h *Handler) startChat(ctx context.Context, info *callbacks.RunInfo, input callbacks.CallbackInput) (context.Context, *genai.Call) {
	in := model.ConvCallbackInput(input)
	if in == nil {
		in = &model.CallbackInput{}
	}
	req := genai.Request{Operation: semconv.OperationChat, System: h.system(info.Type), Yield: true,
		Defaults: semconv.OpenLITChatDefaults()}
	if c := in.Config; c != nil {
		req.Model = c.Model
		if c.Temperature != 0 {
			req.Attributes = append(req.Attributes, semconv.GenAIRequestTemperature.Float64(float32To64(c.Temperature)))
		}
		if c.TopP != 0 {
			req.Attributes = append(req.Attributes, semconv.GenAIRequestTopP.Float64(float32To64(c.TopP)))
		}
		if c.MaxTokens != 0 {
			req.Attributes = append(req.Attributes, semconv.GenAIRequestMaxTokens.Int(c.MaxTokens))
		}
		if len(c.Stop) > 0 {
			req.Attributes = append(req.Attributes, semconv.GenAIRequestStopSequences.StringSlice(c.Stop))
		}
	}
	ctx, call := h.tel.Start(ctx, req)
	if call.CaptureContent() {
		call.Input = messages(in.Messages)
		call.ToolDefinitions = toolDefinitions(in.Tools)
	}
	return ctx, call
}

// float32To64 is f as the float64 of its shortest decimal form: 0.2, not
// 0.20000000298023224.
func float32To64(f float32) float64 {
	v, err := strconv.ParseFloat(strconv.FormatFloat(float64(f), 'g', -1, 32), 64)
	if err != nil {
		return float64(f)
	}
	return v
}

// recordChat records a chat model's output on call.
func recordChat(call *genai.Call, output callbacks.CallbackOutput) {
	out := model.ConvCallbackOutput(output)
	if out == nil {
		return
	}
	usage := out.TokenUsage
	if usage == nil && out.Message != nil && out.Message.ResponseMeta != nil && out.Message.ResponseMeta.Usage != nil {
		u := out.Message.ResponseMeta.Usage
		usage = &model.TokenUsage{PromptTokens: u.PromptTokens, CompletionTokens: u.CompletionTokens, TotalTokens: u.TotalTokens,
			PromptTokenDetails:      model.PromptTokenDetails{CachedTokens: u.PromptTokenDetails.CachedTokens},
			CompletionTokensDetails: model.CompletionTokensDetails{ReasoningTokens: u.CompletionTokensDetails.ReasoningTokens}}
	}
	recordMessage(call, out.Message, usage)
}

// recordMessage records an answer and its usage.
func recordMessage(call *genai.Call, msg *schema.Message, usage *model.TokenUsage) {
	if usage != nil {
		call.SetUsage(genai.Usage{InputTokens: int64(usage.PromptTokens), OutputTokens: int64(usage.CompletionTokens),
			TotalTokens: int64(usage.TotalTokens), CacheReadInputTokens: int64(usage.PromptTokenDetails.CachedTokens),
			ReasoningTokens: int64(usage.CompletionTokensDetails.ReasoningTokens)})
	}
	if msg == nil {
		return
	}
	finish := ""
	if msg.ResponseMeta != nil {
		finish = msg.ResponseMeta.FinishReason
	}
	if finish != "" {
		call.SetAttributes(semconv.GenAIResponseFinishReasons.StringSlice([]string{finish}))
	}
	if len(msg.ToolCalls) > 0 {
		calls := make([]genai.ToolCall, len(msg.ToolCalls))
		for i, tc := range msg.ToolCalls {
			calls[i] = genai.ToolCall{ID: tc.ID, Name: tc.Function.Name, Arguments: tc.Function.Arguments}
		}
		call.SetToolCalls(calls)
	}
	if call.CaptureContent() {
		m := message(msg)
		m.FinishReason = finish
		call.Output = []semconv.Message{m}
	}
}

// streamedChat gathers a streamed answer's chunks.
type streamedChat struct {
	msgs  []*schema.Message
	usage *model.TokenUsage
}

// maxStreamedChunks bounds the chunks kept to record a streamed answer's
// content; timing and usage are followed to the end.
const maxStreamedChunks = 8192

func (s *streamedChat) add(call *genai.Call, chunk callbacks.CallbackOutput) {
	out := model.ConvCallbackOutput(chunk)
	if out == nil {
		return
	}
	if out.TokenUsage != nil {
		s.usage = out.TokenUsage
	}
	msg := out.Message
	if msg == nil {
		return
	}
	if msg.Content != "" || len(msg.ToolCalls) > 0 || msg.ReasoningContent != "" {
		call.Chunk(time.Now())
	}
	if msg.ResponseMeta != nil && msg.ResponseMeta.Usage != nil && s.usage == nil {
		u := msg.ResponseMeta.Usage
		s.usage = &model.TokenUsage{PromptTokens: u.PromptTokens, CompletionTokens: u.CompletionTokens, TotalTokens: u.TotalTokens}
	}
	if len(s.msgs) < maxStreamedChunks {
		s.msgs = append(s.msgs, msg)
	}
}

func (s *streamedChat) record(call *genai.Call) {
	var msg *schema.Message
	if len(s.msgs) > 0 {
		if m, err := schema.ConcatMessages(s.msgs); err == nil {
			msg = m
		}
	}
	recordMessage(call, msg, s.usage)
}

// messages are Eino's messages in the conventions' form.
func messages(msgs []*schema.Message) []semconv.Message {
	out := make([]semconv.Message, 0, len(msgs))
	for _, m := range msgs {
		if m != nil {
			out = append(out, message(m))
		}
	}
	return out
}

func message(m *schema.Message) semconv.Message {
	msg := semconv.Message{Role: string(m.Role)}
	if m.Role == schema.Tool {
		msg.Parts = append(msg.Parts, semconv.Part{Type: "tool_call_response", ID: m.ToolCallID, Name: m.ToolName, Content: m.Content})
		return msg
	}
	if m.Content != "" {
		msg.Parts = append(msg.Parts, semconv.Part{Type: "text", Content: m.Content})
	}
	for _, p := range m.MultiContent {
		switch {
		case p.Text != "":
			msg.Parts = append(msg.Parts, semconv.Part{Type: "text", Content: p.Text})
		case p.ImageURL != nil:
			msg.Parts = append(msg.Parts, semconv.Part{Type: "uri", Modality: "image", URI: p.ImageURL.URL, Label: "image_url"})
		}
		msg.List = true
	}
	for _, p := range m.UserInputMultiContent {
		if p.Text != "" {
			msg.Parts = append(msg.Parts, semconv.Part{Type: "text", Content: p.Text})
			msg.List = true
		}
	}
	for _, tc := range m.ToolCalls {
		msg.Parts = append(msg.Parts, semconv.Part{Type: "tool_call", ID: tc.ID, Name: tc.Function.Name, Arguments: tc.Function.Arguments})
	}
	return msg
}

// toolDefinitions are the tools offered to the model as the JSON array the
// conventions record, or "" for none.
func toolDefinitions(tools []*schema.ToolInfo) string {
	if len(tools) == 0 {
		return ""
	}
	type function struct {
		Name        string `json:"name"`
		Description string `json:"description,omitempty"`
		Parameters  any    `json:"parameters,omitempty"`
	}
	type definition struct {
		Type     string   `json:"type"`
		Function function `json:"function"`
	}
	defs := make([]definition, 0, len(tools))
	for _, t := range tools {
		if t == nil {
			continue
		}
		f := function{Name: t.Name, Description: t.Desc}
		if t.ParamsOneOf != nil {
			if s, err := t.ParamsOneOf.ToJSONSchema(); err == nil && s != nil {
				f.Parameters = s
			}
		}
		defs = append(defs, definition{Type: "function", Function: f})
	}
	b, err := json.Marshal(defs)
	if err != nil {
		return ""
	}
	return string(b)
}

func (h *Handler) startEmbeddings(ctx context.Context, info *callbacks.RunInfo, input callbacks.CallbackInput) (context.Context, *genai.Call) {
	in := embedding.ConvCallbackInput(input)
	req := genai.Request{Operation: semconv.OperationEmbeddings, System: h.system(info.Type), Yield: true}
	if in != nil && in.Config != nil {
		req.Model = in.Config.Model
		if in.Config.EncodingFormat != "" {
			req.Attributes = append(req.Attributes, semconv.GenAIRequestEncodingFormats.StringSlice([]string{in.Config.EncodingFormat}))
		}
	}
	ctx, call := h.tel.Start(ctx, req)
	if call.CaptureContent() && in != nil {
		for _, t := range in.Texts {
			call.Input = append(call.Input, semconv.Message{Parts: []semconv.Part{{Type: "text", Content: t}}})
		}
	}
	return ctx, call
}

func (h *Handler) endEmbeddings(call *genai.Call, output callbacks.CallbackOutput) {
	out := embedding.ConvCallbackOutput(output)
	if out == nil {
		return
	}
	if out.Config != nil && out.Config.Model != "" {
		call.ResponseModel = out.Config.Model
	}
	if out.TokenUsage != nil {
		call.SetUsage(genai.Usage{InputTokens: int64(out.TokenUsage.PromptTokens), TotalTokens: int64(out.TokenUsage.TotalTokens)})
		call.SetCost(call.Pricing().EmbeddingCost(call.ResponseModelOrRequest(), int64(out.TokenUsage.PromptTokens)))
	}
	if len(out.Embeddings) > 0 {
		call.SetAttributes(semconv.GenAIEmbeddingsDimensionCount.Int(len(out.Embeddings[0])))
	}
}
