package openlitopenai

import (
	"context"
	"errors"
	"strconv"
	"strings"

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
	ctx, call, tgt := s.inst.startChat(ctx, &body, false)
	opts = append(opts[:len(opts):len(opts)], option.WithMiddleware(tgt.middleware))
	res, err := s.ChatCompletionService.New(ctx, body, opts...)
	tgt.finish(call)
	if err != nil {
		endWithError(call, err)
		return res, err
	}
	recordCompletion(call, res)
	call.End(nil)
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
	ctx, call, tgt := s.inst.startChat(ctx, &body, true)
	opts = append(opts[:len(opts):len(opts)], option.WithMiddleware(tgt.middleware))
	inner := s.ChatCompletionService.NewStreaming(ctx, body, opts...)
	tgt.finish(call)
	return wrapStream(inner, call)
}

func (in *instrumenter) startChat(ctx context.Context, p *openai.ChatCompletionNewParams, stream bool) (context.Context, *genai.Call, *target) {
	req := genai.Request{
		Operation:  semconv.OperationChat,
		System:     in.system,
		Model:      p.Model,
		Attributes: chatRequestAttributes(p, stream),
	}
	if in.tel.CaptureContent() {
		req.Prompt = FormatMessages(p.Messages)
	}
	ctx, call := in.tel.Start(ctx, req)
	return ctx, call, &target{}
}

// chatRequestAttributes are the request attributes, with OpenLIT's values
// for unset parameters.
func chatRequestAttributes(p *openai.ChatCompletionNewParams, stream bool) []attribute.KeyValue {
	seed := ""
	if p.Seed.Valid() {
		seed = strconv.FormatInt(p.Seed.Value, 10)
	}
	maxTokens := int64(-1)
	if p.MaxCompletionTokens.Valid() {
		maxTokens = p.MaxCompletionTokens.Value
	} else if p.MaxTokens.Valid() {
		maxTokens = p.MaxTokens.Value
	}
	stop := []string{}
	if p.Stop.OfString.Valid() {
		stop = []string{p.Stop.OfString.Value}
	} else if p.Stop.OfStringArray != nil {
		stop = p.Stop.OfStringArray
	}
	tier := string(p.ServiceTier)
	if tier == "" {
		tier = "auto"
	}
	outputType := semconv.OutputTypeText
	if p.ResponseFormat.OfJSONSchema != nil || p.ResponseFormat.OfJSONObject != nil {
		outputType = semconv.OutputTypeJSON
	}
	attrs := []attribute.KeyValue{
		semconv.GenAIRequestSeed.String(seed),
		semconv.GenAIRequestFrequencyPenalty.Float64(p.FrequencyPenalty.Or(0)),
		semconv.GenAIRequestMaxTokens.Int64(maxTokens),
		semconv.GenAIRequestPresencePenalty.Float64(p.PresencePenalty.Or(0)),
		semconv.GenAIRequestStopSequences.StringSlice(stop),
		semconv.GenAIRequestTemperature.Float64(p.Temperature.Or(1)),
		semconv.GenAIRequestTopP.Float64(p.TopP.Or(1)),
		semconv.GenAIRequestUser.String(p.User.Or("")),
		semconv.GenAIRequestServiceTier.String(tier),
		semconv.GenAIRequestIsStream.Bool(stream),
		semconv.GenAIOutputType.String(outputType),
	}
	if n := p.N.Or(1); n != 1 {
		attrs = append(attrs, semconv.GenAIRequestChoiceCount.Int64(n))
	}
	return attrs
}

// recordCompletion copies a chat completion's response attributes, usage and
// completion texts onto the call.
func recordCompletion(call *genai.Call, res *openai.ChatCompletion) {
	if res == nil {
		return
	}
	call.ResponseModel = res.Model
	reasons := make([]string, 0, len(res.Choices))
	var calls []toolCall
	for _, ch := range res.Choices {
		reasons = append(reasons, ch.FinishReason)
		if call.CaptureContent() {
			call.Completions = append(call.Completions, ch.Message.Content)
		}
		for _, tc := range ch.Message.ToolCalls {
			calls = append(calls, toolCall{id: tc.ID, name: tc.Function.Name, args: tc.Function.Arguments})
		}
	}
	span := call.Span()
	span.SetAttributes(
		semconv.GenAIResponseID.String(res.ID),
		semconv.GenAIResponseModel.String(res.Model),
		semconv.GenAIResponseFinishReasons.StringSlice(reasons),
		semconv.GenAIResponseServiceTier.String(string(res.ServiceTier)),
		semconv.GenAIResponseSystemFingerprint.String(res.SystemFingerprint),
	)
	setToolCalls(call, calls)
	if res.JSON.Usage.Valid() {
		setUsage(call, res.Usage)
	}
}

func setUsage(call *genai.Call, u openai.CompletionUsage) {
	call.HasUsage = true
	call.InputTokens = u.PromptTokens
	call.OutputTokens = u.CompletionTokens
	call.CachedTokens = u.PromptTokensDetails.CachedTokens
	call.ReasoningTokens = u.CompletionTokensDetails.ReasoningTokens
}

type toolCall struct{ id, name, args string }

// setToolCalls records the response's tool calls: names and ids always,
// arguments only when content capture is on.
func setToolCalls(call *genai.Call, calls []toolCall) {
	if len(calls) == 0 {
		return
	}
	names := make([]string, len(calls))
	ids := make([]string, len(calls))
	args := make([]string, len(calls))
	for i, tc := range calls {
		names[i], ids[i], args[i] = tc.name, tc.id, tc.args
	}
	span := call.Span()
	span.SetAttributes(semconv.GenAIToolName.StringSlice(names), semconv.GenAIToolCallID.StringSlice(ids))
	if call.CaptureContent() {
		span.SetAttributes(semconv.GenAIToolCallArguments.StringSlice(args))
	}
}

// endWithError ends a failed call, with error.type the HTTP status when the
// API answered.
func endWithError(call *genai.Call, err error) {
	var apiErr *openai.Error
	if errors.As(err, &apiErr) && apiErr.StatusCode != 0 {
		call.ErrorType = strconv.Itoa(apiErr.StatusCode)
	}
	call.End(err)
}

// FormatMessages formats chat messages as OpenLIT does for the
// gen_ai.prompt event attribute: "role: content", one message per line.
// Multi-part content becomes "type: value" parts joined by ", "; image URLs
// are kept but the payload of a data: URI is never copied; audio and file
// parts are named, not copied. An assistant turn's tool calls are written as
// "tool_calls: name(arguments)", and a tool turn names its call id.
func FormatMessages(msgs []openai.ChatCompletionMessageParamUnion) string {
	var b strings.Builder
	for i, m := range msgs {
		if i > 0 {
			b.WriteByte('\n')
		}
		formatMessage(&b, m)
	}
	return b.String()
}

func formatMessage(b *strings.Builder, m openai.ChatCompletionMessageParamUnion) {
	switch {
	case m.OfUser != nil:
		b.WriteString("user: ")
		c := m.OfUser.Content
		if c.OfString.Valid() {
			b.WriteString(c.OfString.Value)
			return
		}
		for i, part := range c.OfArrayOfContentParts {
			if i > 0 {
				b.WriteString(", ")
			}
			formatPart(b, part)
		}
	case m.OfSystem != nil:
		b.WriteString("system: ")
		writeTextContent(b, m.OfSystem.Content.OfString.Value, m.OfSystem.Content.OfArrayOfContentParts)
	case m.OfDeveloper != nil:
		b.WriteString("developer: ")
		writeTextContent(b, m.OfDeveloper.Content.OfString.Value, m.OfDeveloper.Content.OfArrayOfContentParts)
	case m.OfAssistant != nil:
		b.WriteString("assistant: ")
		a := m.OfAssistant
		if a.Content.OfString.Valid() {
			b.WriteString(a.Content.OfString.Value)
		}
		for i, part := range a.Content.OfArrayOfContentParts {
			if i > 0 {
				b.WriteString(", ")
			}
			if part.OfText != nil {
				b.WriteString("text: ")
				b.WriteString(part.OfText.Text)
			} else if part.OfRefusal != nil {
				b.WriteString("refusal: ")
				b.WriteString(part.OfRefusal.Refusal)
			}
		}
		for i, tc := range a.ToolCalls {
			if i == 0 {
				if a.Content.OfString.Value != "" || len(a.Content.OfArrayOfContentParts) > 0 {
					b.WriteString(", ")
				}
				b.WriteString("tool_calls: ")
			} else {
				b.WriteString("; ")
			}
			if f := tc.OfFunction; f != nil {
				b.WriteString(f.Function.Name)
				b.WriteByte('(')
				b.WriteString(f.Function.Arguments)
				b.WriteByte(')')
			} else if c := tc.OfCustom; c != nil {
				b.WriteString(c.Custom.Name)
				b.WriteByte('(')
				b.WriteString(c.Custom.Input)
				b.WriteByte(')')
			}
		}
	case m.OfTool != nil:
		b.WriteString("tool: ")
		if id := m.OfTool.ToolCallID; id != "" {
			b.WriteString("[")
			b.WriteString(id)
			b.WriteString("] ")
		}
		writeTextContent(b, m.OfTool.Content.OfString.Value, m.OfTool.Content.OfArrayOfContentParts)
	case m.OfFunction != nil:
		b.WriteString("function: ")
		b.WriteString(m.OfFunction.Content.Or(""))
	}
}

func writeTextContent(b *strings.Builder, s string, parts []openai.ChatCompletionContentPartTextParam) {
	if len(parts) == 0 {
		b.WriteString(s)
		return
	}
	for i, p := range parts {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("text: ")
		b.WriteString(p.Text)
	}
}

func formatPart(b *strings.Builder, p openai.ChatCompletionContentPartUnionParam) {
	switch {
	case p.OfText != nil:
		b.WriteString("text: ")
		b.WriteString(p.OfText.Text)
	case p.OfImageURL != nil:
		b.WriteString("image_url: ")
		b.WriteString(redactDataURI(p.OfImageURL.ImageURL.URL))
	case p.OfInputAudio != nil:
		b.WriteString("input_audio: [")
		b.WriteString(string(p.OfInputAudio.InputAudio.Format))
		b.WriteString(" audio omitted]")
	case p.OfFile != nil:
		b.WriteString("file: ")
		if name := p.OfFile.File.Filename.Or(""); name != "" {
			b.WriteString(name)
		} else if id := p.OfFile.File.FileID.Or(""); id != "" {
			b.WriteString(id)
		} else {
			b.WriteString("[file data omitted]")
		}
	}
}

// redactDataURI keeps a data: URI's media type and drops its payload.
func redactDataURI(u string) string {
	if !strings.HasPrefix(u, "data:") {
		return u
	}
	head, _, _ := strings.Cut(u, ",")
	return head + ",[" + strconv.Itoa(len(u)-len(head)-1) + " bytes omitted]"
}
