package openlitopenai

import (
	"context"
	"time"

	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/packages/ssestream"
	"github.com/openai/openai-go/v3/responses"
	"go.opentelemetry.io/otel/attribute"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/semconv"
)

// ResponseService is responses.ResponseService with New and NewStreaming
// instrumented; its other methods are the original ones.
type ResponseService struct {
	responses.ResponseService
	inst *instrumenter
}

// New creates a model response, as responses.ResponseService.New does,
// inside a "chat {model}" span (the operation OpenLIT records for the
// Responses API), and returns exactly what the plain client returns.
func (s *ResponseService) New(ctx context.Context, body responses.ResponseNewParams, opts ...option.RequestOption) (*responses.Response, error) {
	if s.inst == nil {
		return s.ResponseService.New(ctx, body, opts...)
	}
	ctx, call := start(s.inst, ctx, responseRequest(&body, false), &body, responseInputs)
	setTools(call, body.Tools)
	res, err := s.ResponseService.New(ctx, body, opts...)
	endCall(s.inst, call, res, err, recordResponse)
	return res, err
}

// NewStreaming creates a streamed model response, as
// responses.ResponseService.NewStreaming does, inside a "chat {model}" span
// that ends with the stream. Time to first token is measured at the first
// output text (or function call arguments) delta; usage, output and tool
// calls come from the final response event.
func (s *ResponseService) NewStreaming(ctx context.Context, body responses.ResponseNewParams, opts ...option.RequestOption) *ssestream.Stream[responses.ResponseStreamEventUnion] {
	if s.inst == nil {
		return s.ResponseService.NewStreaming(ctx, body, opts...)
	}
	ctx, call := start(s.inst, ctx, responseRequest(&body, true), &body, responseInputs)
	setTools(call, body.Tools)
	inner := s.ResponseService.NewStreaming(ctx, body, opts...)
	s.inst.locate(call)
	return wrapStream(inner, call, &responseObserver{})
}

func responseRequest(p *responses.ResponseNewParams, stream bool) genai.Request {
	attrs := make([]attribute.KeyValue, 0, 12)
	attrs = append(attrs, semconv.GenAIRequestIsStream.Bool(stream))
	if p.MaxOutputTokens.Valid() {
		attrs = append(attrs, semconv.GenAIRequestMaxTokens.Int64(p.MaxOutputTokens.Value))
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
	if p.Reasoning.Effort != "" {
		attrs = append(attrs, semconv.GenAIRequestReasoningEffort.String(string(p.Reasoning.Effort)))
	}
	outputType := semconv.OutputTypeText
	if f := p.Text.Format; f.OfJSONSchema != nil || f.OfJSONObject != nil {
		outputType = semconv.OutputTypeJSON
	}
	attrs = append(attrs, semconv.GenAIOutputType.String(outputType))
	if len(p.Tools) > 0 {
		names := make([]string, 0, len(p.Tools))
		for _, t := range p.Tools {
			if t.OfFunction != nil {
				names = append(names, t.OfFunction.Name)
			} else if typ := t.GetType(); typ != nil {
				names = append(names, *typ)
			}
		}
		attrs = append(attrs, semconv.GenAIRequestTools.StringSlice(names))
	}
	switch tc := p.ToolChoice; {
	case tc.OfToolChoiceMode.Valid():
		attrs = append(attrs, semconv.GenAIRequestToolChoice.String(string(tc.OfToolChoiceMode.Value)))
	case tc.OfFunctionTool != nil:
		attrs = append(attrs, semconv.GenAIRequestToolChoice.String("function:"+tc.OfFunctionTool.Name))
	}
	return genai.Request{
		Operation:  semconv.OperationChat,
		System:     "openai",
		Model:      p.Model,
		Attributes: attrs,
		Defaults:   semconv.OpenLITChatDefaults(),
	}
}

// responseInputs is the prompt and instructions of a Responses API call.
func responseInputs(_ *genai.Call, p *responses.ResponseNewParams) ([]semconv.Message, []semconv.Part) {
	var instructions []semconv.Part
	if p.Instructions.Valid() {
		instructions = []semconv.Part{text(p.Instructions.Value)}
	}
	return responseInput(p.Input), instructions
}

// responseInput converts the Responses API input to the neutral form.
func responseInput(in responses.ResponseNewParamsInputUnion) []semconv.Message {
	if in.OfString.Valid() {
		return []semconv.Message{{Role: "user", Parts: []semconv.Part{text(in.OfString.Value)}}}
	}
	out := make([]semconv.Message, 0, len(in.OfInputItemList))
	for _, item := range in.OfInputItemList {
		switch {
		case item.OfMessage != nil:
			m := item.OfMessage
			if m.Content.OfString.Valid() {
				out = append(out, semconv.Message{Role: string(m.Role), Parts: []semconv.Part{text(m.Content.OfString.Value)}})
			} else {
				out = append(out, semconv.Message{Role: string(m.Role), Parts: inputContent(m.Content.OfInputItemContentList), List: true})
			}
		case item.OfInputMessage != nil:
			out = append(out, semconv.Message{Role: item.OfInputMessage.Role, Parts: inputContent(item.OfInputMessage.Content), List: true})
		case item.OfFunctionCall != nil:
			f := item.OfFunctionCall
			out = append(out, semconv.Message{Role: "assistant", Parts: []semconv.Part{{Type: "tool_call", ID: f.CallID, Name: f.Name, Arguments: f.Arguments}}})
		case item.OfFunctionCallOutput != nil:
			f := item.OfFunctionCallOutput
			out = append(out, semconv.Message{Role: "tool", Parts: []semconv.Part{{Type: "tool_call_response", ID: f.CallID.Or(""), Content: f.Output.OfString.Value}}})
		default:
			typ := "item"
			if t := item.GetType(); t != nil {
				typ = *t
			}
			out = append(out, semconv.Message{Role: "item", Parts: []semconv.Part{{Type: "blob", Modality: typ, Label: typ}}, List: true})
		}
	}
	return out
}

func inputContent(parts responses.ResponseInputMessageContentListParam) []semconv.Part {
	out := make([]semconv.Part, 0, len(parts))
	for _, p := range parts {
		switch {
		case p.OfInputText != nil:
			out = append(out, semconv.Part{Type: "text", Content: p.OfInputText.Text, Label: "input_text"})
		case p.OfInputImage != nil:
			url := p.OfInputImage.ImageURL.Or(p.OfInputImage.FileID.Or(""))
			out = append(out, semconv.Part{Type: "uri", Modality: "image", URI: redactDataURI(url), Label: "input_image"})
		case p.OfInputFile != nil:
			name := p.OfInputFile.Filename.Or(p.OfInputFile.FileID.Or(""))
			out = append(out, semconv.Part{Type: "file", Content: name, Label: "input_file"})
		}
	}
	return out
}

// recordResponse copies a model response's attributes, usage, tool calls and
// output onto the call.
func recordResponse(call *genai.Call, res *responses.Response) {
	if res == nil {
		return
	}
	call.ResponseModel = res.Model
	call.SetAttributes(
		semconv.GenAIResponseID.String(res.ID),
		semconv.GenAIResponseFinishReasons.StringSlice([]string{string(res.Status)}),
		semconv.GenAIResponseServiceTier.String(string(res.ServiceTier)),
	)
	msg := semconv.Message{Role: "assistant", FinishReason: string(res.Status)}
	if out := res.OutputText(); out != "" {
		msg.Parts = append(msg.Parts, text(out))
	}
	var calls []genai.ToolCall
	for _, item := range res.Output {
		if item.Type == "function_call" {
			f := item.AsFunctionCall()
			calls = append(calls, genai.ToolCall{ID: f.CallID, Name: f.Name, Arguments: f.Arguments})
			msg.Parts = append(msg.Parts, semconv.Part{Type: "tool_call", ID: f.CallID, Name: f.Name, Arguments: f.Arguments})
		}
	}
	if len(msg.Parts) == 0 {
		msg.Parts = []semconv.Part{text("")}
	}
	if call.CaptureContent() {
		call.Output = []semconv.Message{msg}
	}
	call.SetToolCalls(calls)
	if res.JSON.Usage.Valid() {
		call.SetUsage(genai.Usage{
			InputTokens:          res.Usage.InputTokens,
			OutputTokens:         res.Usage.OutputTokens,
			CacheReadInputTokens: res.Usage.InputTokensDetails.CachedTokens,
			ReasoningTokens:      res.Usage.OutputTokensDetails.ReasoningTokens,
		})
	}
}

// responseObserver follows a Responses API stream: the first delta for time
// to first token, the final response for everything else, and the deltas'
// text when the stream ends without one.
type responseObserver struct {
	final   *responses.Response
	id      string
	model   string
	partial []byte
}

// completed reports whether the final response event came.
func (o *responseObserver) completed() (bool, string) {
	return o.final != nil, "response.completed event"
}

func (o *responseObserver) observe(call *genai.Call, ev responses.ResponseStreamEventUnion) {
	switch ev.Type {
	case "response.created", "response.in_progress":
		o.id, o.model = ev.Response.ID, ev.Response.Model
	case "response.output_text.delta", "response.function_call_arguments.delta", "response.refusal.delta":
		call.Chunk(time.Now())
		if ev.Type == "response.output_text.delta" && call.CaptureContent() && len(o.partial) <= call.MaxContentLength() {
			o.partial = append(o.partial, ev.Delta...)
		}
	case "response.completed", "response.incomplete", "response.failed":
		r := ev.Response
		o.final = &r
	}
}

func (o *responseObserver) summarize(call *genai.Call, err error) {
	if o.final != nil {
		recordResponse(call, o.final)
		return
	}
	if o.model != "" {
		call.ResponseModel = o.model
	}
	if o.id != "" {
		call.SetAttributes(semconv.GenAIResponseID.String(o.id))
	}
	if err == nil && call.CaptureContent() && len(o.partial) > 0 {
		call.Output = []semconv.Message{{Role: "assistant", Parts: []semconv.Part{text(string(o.partial))}}}
	}
}
