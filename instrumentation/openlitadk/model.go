package openlitadk

import (
	"context"
	"encoding/json"
	"iter"
	"strings"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/adk/model"
	"google.golang.org/genai"

	core "github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/instrument"
	"github.com/openlit/openlit-go/internal/wire"
	"github.com/openlit/openlit-go/semconv"
)

// adkScope is the instrumentation scope of ADK's own spans.
const adkScope = "gcp.vertex.agent"

// maxElems bounds the lists recorded from a request (stop sequences, tool
// names).
const maxElems = 128

// WrapModel returns m traced: each GenerateContent call is a "chat {model}"
// call on the core, with tokens, cost, metrics and content as any direct
// model call. Inside an ADK agent the call is recorded on the
// "generate_content {model}" span ADK starts around it (renamed "chat
// {model}"), so that the agent's tree has one span per model call; a
// traced HTTP client beneath (openlithttp's transport in the model's
// genai.ClientConfig) takes that call over and fills it from the wire.
//
// The returned model has m's Name; it answers exactly as m does.
func WrapModel(m model.LLM, opts ...Option) model.LLM {
	if m == nil {
		return nil
	}
	if w, ok := m.(*tracedModel); ok {
		return w
	}
	cfg := instrument.New(opts)
	w := &tracedModel{LLM: m, tel: cfg.Telemetry(ScopeName, Version), system: cfg.System}
	if w.system == "" {
		w.system = systemOf(m)
	}
	return w
}

type tracedModel struct {
	model.LLM
	tel    *core.Telemetry
	system string
}

// systemOf is gen_ai.system of an ADK model: Gemini's by its backend.
func systemOf(m model.LLM) string {
	v, ok := m.(interface{ GetGoogleLLMVariant() genai.Backend })
	switch {
	case !ok:
		if strings.HasPrefix(m.Name(), "gemini") {
			return "gcp.gemini"
		}
		return "adk"
	case v.GetGoogleLLMVariant() == genai.BackendVertexAI:
		return "gcp.vertex_ai"
	}
	return "gcp.gemini"
}

// adkSpan is ADK's generate_content span of ctx, if that is ctx's span.
func adkSpan(ctx context.Context) trace.Span {
	span := trace.SpanFromContext(ctx)
	ro, ok := span.(sdktrace.ReadOnlySpan)
	if !ok || !span.IsRecording() || ro.InstrumentationScope().Name != adkScope || !strings.HasPrefix(ro.Name(), "generate_content") {
		return nil
	}
	return span
}

// GenerateContent calls the model, recording the call.
func (w *tracedModel) GenerateContent(ctx context.Context, req *model.LLMRequest, stream bool) iter.Seq2[*model.LLMResponse, error] {
	return func(yield func(*model.LLMResponse, error) bool) {
		ctx, call := w.start(ctx, req, stream)
		var (
			answer wire.GeminiAnswer
			err    error
			done   bool
		)
		end := func() {
			if done {
				return
			}
			done = true
			if call.Keep() {
				answer.End(call, err)
				call.End(err)
			}
		}
		// An early stop (yield false), a panic: the call ends all the same.
		defer end()
		for resp, rerr := range w.LLM.GenerateContent(ctx, req, stream) {
			w.observe(&answer, call, resp, rerr, stream)
			if rerr != nil {
				err = rerr
			}
			// ADK ends its span at the first error or final response, right
			// after this yields it: record before.
			if rerr != nil || (resp != nil && !resp.Partial) {
				end()
			}
			if !yield(resp, rerr) {
				return
			}
		}
	}
}

// start starts the call, on ADK's span when there is one.
func (w *tracedModel) start(ctx context.Context, req *model.LLMRequest, stream bool) (context.Context, *core.Call) {
	defer core.Recover()
	name := w.Name()
	var cfg *genai.GenerateContentConfig
	var contents []*genai.Content
	if req != nil {
		cfg, contents = req.Config, req.Contents
		if req.Model != "" {
			name = req.Model
		}
	}
	r := request(w.system, name, cfg, stream)
	r.Yield, r.Span = true, adkSpan(ctx)
	ctx, call := w.tel.Start(ctx, r)
	call.Streamed = stream
	if call.CaptureContent() {
		call.Input, call.Instructions = input(contents, cfg)
		if cfg != nil && len(cfg.Tools) > 0 {
			if b, err := json.Marshal(cfg.Tools); err == nil {
				call.ToolDefinitions = string(b)
			}
		}
	}
	return ctx, call
}

// observe records one response (or a streamed chunk) of the call.
func (w *tracedModel) observe(a *wire.GeminiAnswer, call *core.Call, resp *model.LLMResponse, err error, stream bool) {
	defer core.Recover()
	if resp == nil || call.Adopted() || err != nil {
		return
	}
	a.Response("", resp.ModelVersion)
	if u := resp.UsageMetadata; u != nil {
		a.Usage(wire.GeminiUsage(int64(u.PromptTokenCount), int64(u.ToolUsePromptTokenCount), int64(u.CandidatesTokenCount),
			int64(u.ThoughtsTokenCount), int64(u.CachedContentTokenCount), int64(u.TotalTokenCount)))
	}
	// A stream's final response repeats the whole answer its partial ones
	// gave piece by piece: only one of them is recorded.
	if stream && !resp.Partial && hasPartial(call) {
		if resp.FinishReason != "" {
			a.Candidate(0, string(resp.FinishReason))
		}
		return
	}
	if !a.Candidate(0, string(resp.FinishReason)) || resp.Content == nil {
		return
	}
	for _, p := range resp.Content.Parts {
		if p == nil {
			continue
		}
		if p.Text != "" {
			a.Text(call, 0, p.Text, p.Thought, resp.Partial)
		}
		if f := p.FunctionCall; f != nil {
			a.ToolCall(call, core.ToolCall{ID: f.ID, Name: f.Name, Arguments: jsonOf(f.Args)}, resp.Partial)
		}
	}
	a.EndChunk(call)
}

// hasPartial is whether the call has had streamed chunks.
func hasPartial(call *core.Call) bool { return !call.FirstToken.IsZero() }

// request is the core request of a generate content call.
func request(system, model string, cfg *genai.GenerateContentConfig, stream bool) core.Request {
	attrs := make([]attribute.KeyValue, 0, 12)
	if cfg != nil {
		attrs = core.AppendFloat32(attrs, semconv.GenAIRequestTemperature, cfg.Temperature)
		attrs = core.AppendFloat32(attrs, semconv.GenAIRequestTopP, cfg.TopP)
		attrs = core.AppendFloat32(attrs, semconv.GenAIRequestTopK, cfg.TopK)
		if cfg.MaxOutputTokens != 0 {
			attrs = append(attrs, semconv.GenAIRequestMaxTokens.Int64(int64(cfg.MaxOutputTokens)))
		}
		if len(cfg.StopSequences) > 0 {
			attrs = append(attrs, semconv.GenAIRequestStopSequences.StringSlice(cfg.StopSequences[:min(len(cfg.StopSequences), maxElems)]))
		}
		if cfg.Seed != nil {
			attrs = append(attrs, semconv.GenAIRequestSeed.Int64(int64(*cfg.Seed)))
		}
		if names := toolNames(cfg.Tools); names != nil {
			attrs = append(attrs, semconv.GenAIRequestTools.StringSlice(names))
		}
	}
	attrs = append(attrs, semconv.GenAIRequestIsStream.Bool(stream))
	return core.Request{Operation: semconv.OperationChat, System: system, Model: model[strings.LastIndexByte(model, '/')+1:],
		Attributes: attrs, Defaults: semconv.OpenLITChatDefaults()}
}

func toolNames(tools []*genai.Tool) []string {
	var names []string
	for _, t := range tools {
		if t == nil {
			continue
		}
		for _, f := range t.FunctionDeclarations {
			if len(names) == maxElems {
				return names
			}
			if f != nil {
				names = append(names, f.Name)
			}
		}
	}
	return names
}

// input is the prompt and system instructions of a call, read only for
// calls that record content.
func input(contents []*genai.Content, cfg *genai.GenerateContentConfig) ([]semconv.Message, []semconv.Part) {
	var instructions []semconv.Part
	if cfg != nil && cfg.SystemInstruction != nil {
		for _, p := range cfg.SystemInstruction.Parts {
			instructions = append(instructions, part(p))
		}
	}
	out := make([]semconv.Message, 0, len(contents))
	for _, c := range contents {
		if c == nil {
			continue
		}
		msg := semconv.Message{Role: wire.GeminiRole(c.Role)}
		for _, p := range c.Parts {
			msg.Parts = append(msg.Parts, part(p))
		}
		msg.List = len(msg.Parts) > 1
		out = append(out, msg)
	}
	return out, instructions
}

func part(p *genai.Part) semconv.Part {
	switch {
	case p == nil:
	case p.Text != "":
		if p.Thought {
			return semconv.Part{Type: "reasoning", Content: p.Text}
		}
		return semconv.Part{Type: "text", Content: p.Text}
	case p.FunctionCall != nil:
		f := p.FunctionCall
		return semconv.Part{Type: "tool_call", ID: f.ID, Name: f.Name, Arguments: jsonOf(f.Args)}
	case p.FunctionResponse != nil:
		f := p.FunctionResponse
		return semconv.Part{Type: "tool_call_response", ID: f.ID, Name: f.Name, Content: jsonOf(f.Response)}
	case p.InlineData != nil:
		return semconv.Part{Type: "blob", Modality: p.InlineData.MIMEType, Label: "inline_data"}
	case p.FileData != nil:
		return semconv.Part{Type: "uri", Modality: p.FileData.MIMEType, URI: p.FileData.FileURI, Label: "file_data"}
	}
	return semconv.Part{Type: "unknown"}
}

// jsonOf is a function call's arguments or result as JSON ("" for none).
func jsonOf(m map[string]any) string {
	if len(m) == 0 {
		return ""
	}
	b, err := json.Marshal(m)
	if err != nil {
		return ""
	}
	return string(b)
}
