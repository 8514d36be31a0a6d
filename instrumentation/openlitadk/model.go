package openlitadk

import (
	"context"
	"encoding/json"
	"iter"
	"strings"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/adk/model"
	"google.golang.org/genai"

	"github.com/openlit/openlit-go/instrumentation/internal/geminiconv"
	core "github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/instrument"
	"github.com/openlit/openlit-go/internal/wire"
)

// adkScope is the instrumentation scope of ADK's own spans.
const adkScope = "gcp.vertex.agent"

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

// adkSpan is ctx's span if it is ADK's own and its name starts with
// prefix ("generate_content", "execute_tool"), else nil.
func adkSpan(ctx context.Context, prefix string) trace.Span {
	if ctx == nil {
		return nil
	}
	span := trace.SpanFromContext(ctx)
	ro, ok := span.(sdktrace.ReadOnlySpan)
	if !ok || !span.IsRecording() || ro.InstrumentationScope().Name != adkScope || !strings.HasPrefix(ro.Name(), prefix) {
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
	r := geminiconv.ChatRequest(w.system, name, cfg, stream)
	r.Yield, r.Span = true, adkSpan(ctx, "generate_content")
	ctx, call := w.tel.Start(ctx, r)
	call.Streamed = stream
	if call.CaptureContent() {
		call.Input, call.Instructions = geminiconv.ChatInput(contents, cfg)
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
			a.ToolCall(call, core.ToolCall{ID: f.ID, Name: f.Name, Arguments: geminiconv.JSONOf(f.Args)}, resp.Partial)
		}
	}
	a.EndChunk(call)
}

// hasPartial is whether the call has had streamed chunks.
func hasPartial(call *core.Call) bool { return !call.FirstToken.IsZero() }
