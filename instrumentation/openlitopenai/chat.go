package openlitopenai

import (
	"context"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/packages/ssestream"
	"go.opentelemetry.io/otel/attribute"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/semconv"
)

// New creates a chat completion, as openai.ChatCompletionService.New does,
// inside a "chat {model}" span. It returns exactly what the plain client
// returns.
func (s *ChatCompletionService) New(ctx context.Context, body openai.ChatCompletionNewParams, opts ...option.RequestOption) (*openai.ChatCompletion, error) {
	if s.inst == nil {
		return s.ChatCompletionService.New(ctx, body, opts...)
	}
	ctx, call := start(s.inst, ctx, chatRequest(&body, false), &body, chatInput)
	setTools(call, body.Tools)
	res, err := s.ChatCompletionService.New(ctx, body, opts...)
	endCall(s.inst, call, res, err, recordCompletion)
	return res, err
}

// NewStreaming creates a streamed chat completion, as
// openai.ChatCompletionService.NewStreaming does, inside a "chat {model}"
// span that ends when the stream ends, fails or is closed. The stream yields
// the same chunks at the same moments as the plain client's.
func (s *ChatCompletionService) NewStreaming(ctx context.Context, body openai.ChatCompletionNewParams, opts ...option.RequestOption) *ssestream.Stream[openai.ChatCompletionChunk] {
	if s.inst == nil {
		return s.ChatCompletionService.NewStreaming(ctx, body, opts...)
	}
	ctx, call := start(s.inst, ctx, chatRequest(&body, true), &body, chatInput)
	setTools(call, body.Tools)
	inner := s.ChatCompletionService.NewStreaming(ctx, body, opts...)
	s.inst.locate(call)
	return wrapStream(inner, call, &chatObserver{capture: call.CaptureContent()})
}

func chatRequest(p *openai.ChatCompletionNewParams, stream bool) genai.Request {
	return genai.Request{
		Operation:  semconv.OperationChat,
		System:     "openai",
		Model:      p.Model,
		Attributes: chatRequestAttributes(p, stream),
		Defaults:   semconv.OpenLITChatDefaults(),
	}
}

func chatInput(call *genai.Call, p *openai.ChatCompletionNewParams) ([]semconv.Message, []semconv.Part) {
	return chatMessagesInto(call.Messages(len(p.Messages)), call.Parts(len(p.Messages)), p.Messages), nil
}

// chatRequestAttributes are the request attributes the caller set, plus
// is_stream and output type; unset parameters are left to the mode.
func chatRequestAttributes(p *openai.ChatCompletionNewParams, stream bool) []attribute.KeyValue {
	attrs := make([]attribute.KeyValue, 0, 16)
	attrs = append(attrs, semconv.GenAIRequestIsStream.Bool(stream))
	if p.Seed.Valid() {
		attrs = append(attrs, semconv.GenAIRequestSeed.Int64(p.Seed.Value))
	}
	if p.FrequencyPenalty.Valid() {
		attrs = append(attrs, semconv.GenAIRequestFrequencyPenalty.Float64(p.FrequencyPenalty.Value))
	}
	if p.MaxCompletionTokens.Valid() {
		attrs = append(attrs, semconv.GenAIRequestMaxTokens.Int64(p.MaxCompletionTokens.Value))
	} else if p.MaxTokens.Valid() {
		attrs = append(attrs, semconv.GenAIRequestMaxTokens.Int64(p.MaxTokens.Value))
	}
	if p.PresencePenalty.Valid() {
		attrs = append(attrs, semconv.GenAIRequestPresencePenalty.Float64(p.PresencePenalty.Value))
	}
	if p.Stop.OfString.Valid() {
		attrs = append(attrs, semconv.GenAIRequestStopSequences.StringSlice([]string{p.Stop.OfString.Value}))
	} else if p.Stop.OfStringArray != nil {
		attrs = append(attrs, semconv.GenAIRequestStopSequences.StringSlice(p.Stop.OfStringArray))
	}
	if p.Temperature.Valid() {
		attrs = append(attrs, semconv.GenAIRequestTemperature.Float64(p.Temperature.Value))
	}
	if p.TopP.Valid() {
		attrs = append(attrs, semconv.GenAIRequestTopP.Float64(p.TopP.Value))
	}
	if p.User.Valid() {
		attrs = append(attrs, semconv.GenAIRequestUser.String(p.User.Value))
	}
	if p.ServiceTier != "" {
		attrs = append(attrs, semconv.GenAIRequestServiceTier.String(string(p.ServiceTier)))
	}
	if n := p.N.Or(1); n != 1 {
		attrs = append(attrs, semconv.GenAIRequestChoiceCount.Int64(n))
	}
	if p.ReasoningEffort != "" {
		attrs = append(attrs, semconv.GenAIRequestReasoningEffort.String(string(p.ReasoningEffort)))
	}
	outputType := semconv.OutputTypeText
	if p.ResponseFormat.OfJSONSchema != nil || p.ResponseFormat.OfJSONObject != nil {
		outputType = semconv.OutputTypeJSON
	}
	attrs = append(attrs, semconv.GenAIOutputType.String(outputType))
	if len(p.Tools) > 0 {
		names := make([]string, 0, len(p.Tools))
		for _, t := range p.Tools {
			switch {
			case t.OfFunction != nil:
				names = append(names, t.OfFunction.Function.Name)
			case t.OfCustom != nil:
				names = append(names, t.OfCustom.Custom.Name)
			}
		}
		attrs = append(attrs, semconv.GenAIRequestTools.StringSlice(names))
	}
	if tc := toolChoice(p.ToolChoice); tc != "" {
		attrs = append(attrs, semconv.GenAIRequestToolChoice.String(tc))
	}
	return attrs
}

func toolChoice(u openai.ChatCompletionToolChoiceOptionUnionParam) string {
	switch {
	case u.OfAuto.Valid():
		return u.OfAuto.Value
	case u.OfFunctionToolChoice != nil:
		return "function:" + u.OfFunctionToolChoice.Function.Name
	case u.OfCustomToolChoice != nil:
		return "custom:" + u.OfCustomToolChoice.Custom.Name
	case u.OfAllowedTools != nil:
		return "allowed_tools"
	}
	return ""
}

// recordCompletion copies a chat completion's response attributes, usage,
// tool calls and content onto the call.
func recordCompletion(call *genai.Call, res *openai.ChatCompletion) {
	if res == nil {
		return
	}
	call.ResponseModel = res.Model
	reasons := call.Strings(len(res.Choices))
	capture := call.CaptureContent()
	if capture {
		call.Output = call.Messages(len(res.Choices))
	}
	var calls []genai.ToolCall
	for _, ch := range res.Choices {
		reasons = append(reasons, ch.FinishReason)
		for _, tc := range ch.Message.ToolCalls {
			t := genai.ToolCall{ID: tc.ID, Name: tc.Function.Name, Arguments: tc.Function.Arguments}
			if tc.Type == "custom" {
				t.Name, t.Arguments = tc.Custom.Name, tc.Custom.Input
			}
			calls = append(calls, t)
		}
		if !capture {
			continue
		}
		msg := semconv.Message{Role: "assistant", FinishReason: ch.FinishReason, Parts: call.Parts(1 + len(ch.Message.ToolCalls))}
		if ch.Message.Content != "" || len(ch.Message.ToolCalls) == 0 {
			msg.Parts = append(msg.Parts, semconv.Part{Type: "text", Content: ch.Message.Content})
		}
		if ch.Message.Refusal != "" {
			msg.Parts = append(msg.Parts, semconv.Part{Type: "text", Content: ch.Message.Refusal, Label: "refusal"})
		}
		for _, t := range calls[len(calls)-len(ch.Message.ToolCalls):] {
			msg.Parts = append(msg.Parts, semconv.Part{Type: "tool_call", ID: t.ID, Name: t.Name, Arguments: t.Arguments})
		}
		call.Output = append(call.Output, msg)
	}
	call.SetAttributes(
		semconv.GenAIResponseID.String(res.ID),
		semconv.GenAIResponseFinishReasons.StringSlice(reasons),
		semconv.GenAIResponseServiceTier.String(string(res.ServiceTier)),
		semconv.GenAIResponseSystemFingerprint.String(res.SystemFingerprint),
	)
	call.SetToolCalls(calls)
	if res.JSON.Usage.Valid() {
		setUsage(call, res.Usage)
	}
}

func setUsage(call *genai.Call, u openai.CompletionUsage) {
	call.SetUsage(genai.Usage{
		InputTokens:          u.PromptTokens,
		OutputTokens:         u.CompletionTokens,
		CacheReadInputTokens: u.PromptTokensDetails.CachedTokens,
		ReasoningTokens:      u.CompletionTokensDetails.ReasoningTokens,
	})
}
