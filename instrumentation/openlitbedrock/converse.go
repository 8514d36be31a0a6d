package openlitbedrock

import (
	"context"
	"encoding/json"

	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime/document"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime/types"
	"github.com/tidwall/gjson"
	"go.opentelemetry.io/otel/attribute"

	core "github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/wire"
	"github.com/openlit/openlit-go/semconv"
)

// maxElems bounds the lists recorded from a request.
const maxElems = 128

// start starts the span of a traced operation, from its typed input; nil
// for an operation that calls no model. A panic here is reported and the
// call goes on untraced.
func (in *instrumenter) start(ctx context.Context, params any) (_ context.Context, st *state) {
	defer func() {
		if r := recover(); r != nil {
			core.HandlePanic(r)
			if st != nil {
				st.call.End(nil)
			}
			st = nil
		}
	}()
	var (
		req    core.Request
		ans    answer
		input  func(*core.Call)
		stream bool
	)
	switch p := params.(type) {
	case *bedrockruntime.ConverseInput:
		c := converseParams{p.ModelId, p.Messages, p.System, p.InferenceConfig, p.ToolConfig, p.AdditionalModelRequestFields}
		req, ans, input = c.request(false), &converseAnswer{}, c.input
	case *bedrockruntime.ConverseStreamInput:
		c := converseParams{p.ModelId, p.Messages, p.System, p.InferenceConfig, p.ToolConfig, p.AdditionalModelRequestFields}
		req, ans, input, stream = c.request(true), &converseAnswer{}, c.input, true
	case *bedrockruntime.InvokeModelInput:
		req, ans, input = invokeRequest(deref(p.ModelId), p.Body, false)
	case *bedrockruntime.InvokeModelWithResponseStreamInput:
		req, ans, input = invokeRequest(deref(p.ModelId), p.Body, true)
		stream = true
	default:
		return ctx, nil
	}
	ctx, call := in.tel.Start(ctx, req)
	st = &state{in: in, call: call, answer: ans, stream: stream}
	call.Streamed = stream
	if call.CaptureContent() {
		input(call)
	}
	return ctx, st
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// converseParams are what Converse and ConverseStream inputs share.
type converseParams struct {
	model     *string
	messages  []types.Message
	system    []types.SystemContentBlock
	inference *types.InferenceConfiguration
	tools     *types.ToolConfiguration
	extra     document.Interface
}

func (c converseParams) request(stream bool) core.Request {
	attrs := make([]attribute.KeyValue, 0, 10)
	if ic := c.inference; ic != nil {
		if ic.MaxTokens != nil {
			attrs = append(attrs, semconv.GenAIRequestMaxTokens.Int64(int64(*ic.MaxTokens)))
		}
		attrs = core.AppendFloat32(attrs, semconv.GenAIRequestTemperature, ic.Temperature)
		attrs = core.AppendFloat32(attrs, semconv.GenAIRequestTopP, ic.TopP)
		if len(ic.StopSequences) > 0 {
			attrs = append(attrs, semconv.GenAIRequestStopSequences.StringSlice(ic.StopSequences[:min(len(ic.StopSequences), maxElems)]))
		}
	}
	if extra := docJSON(c.extra); extra != "" {
		if k := gjson.Get(extra, "top_k"); k.Type == gjson.Number {
			attrs = append(attrs, semconv.GenAIRequestTopK.Float64(k.Float()))
		}
	}
	if tc := c.tools; tc != nil {
		var names []string
		for _, t := range tc.Tools {
			if s, ok := t.(*types.ToolMemberToolSpec); ok && len(names) < maxElems {
				names = append(names, deref(s.Value.Name))
			}
		}
		if names != nil {
			attrs = append(attrs, semconv.GenAIRequestTools.StringSlice(names))
		}
		switch ch := tc.ToolChoice.(type) {
		case *types.ToolChoiceMemberAuto:
			attrs = append(attrs, semconv.GenAIRequestToolChoice.String("auto"))
		case *types.ToolChoiceMemberAny:
			attrs = append(attrs, semconv.GenAIRequestToolChoice.String("any"))
		case *types.ToolChoiceMemberTool:
			attrs = append(attrs, semconv.GenAIRequestToolChoice.String("tool:"+deref(ch.Value.Name)))
		}
	}
	attrs = append(attrs, semconv.GenAIRequestIsStream.Bool(stream))
	return core.Request{Operation: semconv.OperationChat, System: "aws.bedrock", Model: deref(c.model), Attributes: attrs, Defaults: semconv.OpenLITChatDefaults()}
}

// input records the system prompt and the messages.
func (c converseParams) input(call *core.Call) {
	for _, b := range c.system {
		if t, ok := b.(*types.SystemContentBlockMemberText); ok {
			call.Instructions = append(call.Instructions, semconv.Part{Type: "text", Content: t.Value})
		}
	}
	for _, m := range c.messages {
		msg := semconv.Message{Role: string(m.Role)}
		for _, b := range m.Content {
			msg.Parts = append(msg.Parts, part(b))
		}
		msg.List = len(msg.Parts) > 1
		call.Input = append(call.Input, msg)
	}
	call.ToolDefinitions = c.toolDefinitions()
}

// toolDefinitions is the tool specifications offered, as the JSON the
// Converse API reads ("" when none).
func (c converseParams) toolDefinitions() string {
	if c.tools == nil {
		return ""
	}
	type spec struct {
		Name        string          `json:"name"`
		Description string          `json:"description,omitempty"`
		InputSchema json.RawMessage `json:"inputSchema,omitempty"`
	}
	var tools []map[string]spec
	for _, t := range c.tools.Tools {
		s, ok := t.(*types.ToolMemberToolSpec)
		if !ok {
			continue
		}
		sp := spec{Name: deref(s.Value.Name), Description: deref(s.Value.Description)}
		if js, ok := s.Value.InputSchema.(*types.ToolInputSchemaMemberJson); ok {
			if doc := docJSON(js.Value); doc != "" {
				sp.InputSchema = json.RawMessage(`{"json":` + doc + `}`)
			}
		}
		tools = append(tools, map[string]spec{"toolSpec": sp})
	}
	if len(tools) == 0 {
		return ""
	}
	b, err := json.Marshal(tools)
	if err != nil {
		return ""
	}
	return string(b)
}

// part converts a content block.
func part(b types.ContentBlock) semconv.Part {
	switch v := b.(type) {
	case *types.ContentBlockMemberText:
		return semconv.Part{Type: "text", Content: v.Value}
	case *types.ContentBlockMemberToolUse:
		return semconv.Part{Type: "tool_call", ID: deref(v.Value.ToolUseId), Name: deref(v.Value.Name), Arguments: docJSON(v.Value.Input)}
	case *types.ContentBlockMemberToolResult:
		var content string
		for _, c := range v.Value.Content {
			switch r := c.(type) {
			case *types.ToolResultContentBlockMemberText:
				content += r.Value
			case *types.ToolResultContentBlockMemberJson:
				content += docJSON(r.Value)
			}
		}
		return semconv.Part{Type: "tool_call_response", ID: deref(v.Value.ToolUseId), Content: content}
	case *types.ContentBlockMemberImage:
		return semconv.Part{Type: "blob", Modality: "image/" + string(v.Value.Format), Label: "image"}
	case *types.ContentBlockMemberDocument:
		return semconv.Part{Type: "blob", Modality: string(v.Value.Format), Label: "document"}
	case *types.ContentBlockMemberReasoningContent:
		if t, ok := v.Value.(*types.ReasoningContentBlockMemberReasoningText); ok {
			return semconv.Part{Type: "reasoning", Content: deref(t.Value.Text)}
		}
	}
	return semconv.Part{Type: "unknown"}
}

// docJSON is a document's JSON, or "" for none.
func docJSON(d document.Interface) string {
	if d == nil {
		return ""
	}
	b, err := d.MarshalSmithyDocument()
	if err != nil {
		return ""
	}
	return string(b)
}

// converseAnswer gathers a Converse answer or ConverseStream's events in
// the Nova decoder's ConverseAnswer, so both record the same, and the
// latency Bedrock reports.
type converseAnswer struct {
	wire.ConverseAnswer
	latency int64
	stopped bool // messageStop seen
}

// completed reports whether the stream reached its messageStop event.
func (a *converseAnswer) completed() (bool, string) { return a.stopped, "messageStop event" }

func (a *converseAnswer) output(st *state, out any) {
	o, ok := out.(*bedrockruntime.ConverseOutput)
	if !ok {
		return
	}
	a.StopReason(string(o.StopReason))
	if m, ok := o.Output.(*types.ConverseOutputMemberMessage); ok {
		for _, b := range m.Value.Content {
			a.Part(st.call, part(b))
		}
	}
	a.setUsage(o.Usage)
	if o.Metrics != nil {
		a.latency = deref(o.Metrics.LatencyMs)
	}
}

func (a *converseAnswer) setUsage(u *types.TokenUsage) {
	if u != nil {
		a.Usage(wire.ConverseUsage(int64(deref(u.InputTokens)), int64(deref(u.OutputTokens)),
			int64(deref(u.CacheReadInputTokens)), int64(deref(u.CacheWriteInputTokens)), int64(deref(u.TotalTokens))))
	}
}

func (a *converseAnswer) event(call *core.Call, ev any) {
	switch e := ev.(type) {
	case *types.ContentBlockStartEvent:
		if t, ok := e.Start.(*types.ContentBlockStartMemberToolUse); ok {
			a.ToolStart(int64(deref(e.ContentBlockIndex)), deref(t.Value.ToolUseId), deref(t.Value.Name))
		}
	case *types.ContentBlockDeltaEvent:
		a.Delta(call)
		switch d := e.Delta.(type) {
		case *types.ContentBlockDeltaMemberText:
			a.Text(call, d.Value)
		case *types.ContentBlockDeltaMemberToolUse:
			a.ToolInput(call, int64(deref(e.ContentBlockIndex)), deref(d.Value.Input))
		}
	case *types.MessageStopEvent:
		a.stopped = true
		a.StopReason(string(e.StopReason))
	case *types.ConverseStreamMetadataEvent:
		a.setUsage(e.Usage)
		if e.Metrics != nil {
			a.latency = deref(e.Metrics.LatencyMs)
		}
	}
}

func (a *converseAnswer) end(call *core.Call, err error) {
	if a.latency > 0 {
		call.SetAttributes(latencyMs.Int64(a.latency))
	}
	a.End(call, err)
}
