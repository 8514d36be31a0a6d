package openlitlangchaingo

import (
	"context"
	"reflect"
	"sync"
	"time"

	"github.com/tmc/langchaingo/callbacks"
	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/schema"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/instrument"
	"github.com/openlit/openlit-go/openlittrace"
	"github.com/openlit/openlit-go/semconv"
)

// Handler is a LangChainGo callbacks handler that traces the chains, model
// calls, agent actions, tools and retrievers it is told about (see the
// package documentation). It is safe for concurrent use by any number of
// runs; make one with NewHandler.
type Handler struct {
	cfg   instrument.Config
	tel   *genai.Telemetry
	spans []openlittrace.Option

	mu   sync.Mutex
	runs map[context.Context]*run
	// llm counts the model calls open (and holds the last started) for
	// chunks reported under a context of their own (see HandleStreamingFunc).
	llm openCalls
}

// openCalls counts the model call frames open in a handler, under its lock.
type openCalls struct {
	n    int
	last *frame
}

var _ callbacks.Handler = (*Handler)(nil)

// maxRuns bounds the contexts with open spans tracked at once; past it a
// new run is not traced (its events are ignored) until others end.
const maxRuns = 4096

// maxFrames bounds the spans open under one context: LangChainGo reports
// no failed call of its OpenAI model nor of a vector store's retriever, so
// such calls made outside any chain stay open until this bound ends the
// oldest.
const maxFrames = 64

// errUnreported ends the span of a model call or retrieval LangChainGo
// started and never reported ended: it failed (LangChainGo reports no
// failure of either) and the chain around it went on or ended.
// Its error.type is "openlitlangchaingo.unreportedError".
var errUnreported error = unreportedError{}

type unreportedError struct{}

func (unreportedError) Error() string {
	return "openlitlangchaingo: the call ended without a report (LangChainGo reports no failure of it)"
}

// NewHandler returns a handler recording through the OpenTelemetry globals
// (those openlit.Init sets) unless options say otherwise.
func NewHandler(opts ...Option) *Handler {
	cfg := instrument.New(append([]Option{instrument.WithAgentName("langchaingo")}, opts...))
	if cfg.System == "" {
		cfg.System = "langchaingo"
	}
	return &Handler{cfg: cfg, tel: cfg.Telemetry(ScopeName, Version), spans: cfg.SpanOptions(), runs: map[context.Context]*run{}}
}

// run is what is open under one context: a stack of frames, innermost
// last, and the tool an agent said it runs, not yet started.
type run struct {
	frames []*frame
	tool   *pendingTool
}

type kind int

const (
	chainFrame kind = iota
	llmFrame
	toolFrame
	retrieverFrame
)

// frame is one open span: a chain, step, tool or retrieval (span) or a
// model call (call).
type frame struct {
	kind kind
	span *openlittrace.Span
	call *genai.Call
	// ctx carries the frame's span: children start from it.
	ctx        context.Context
	unregister func()
	// open is the handler's count of open model calls, for a model call.
	open *openCalls
}

type pendingTool struct {
	action schema.AgentAction
	start  time.Time
}

// with runs f on the run of ctx (made if need be) under the handler's
// lock; it drops a run left empty. Contexts that cannot be map keys, and
// new runs past maxRuns, are not traced.
func (h *Handler) with(ctx context.Context, create bool, f func(r *run)) {
	if ctx == nil || !reflect.TypeOf(ctx).Comparable() {
		return
	}
	defer genai.Recover()
	h.mu.Lock()
	defer h.mu.Unlock()
	r := h.runs[ctx]
	if r == nil {
		if !create || len(h.runs) >= maxRuns {
			return
		}
		r = &run{}
		h.runs[ctx] = r
	}
	f(r)
	if len(r.frames) == 0 && r.tool == nil {
		delete(h.runs, ctx)
	}
}

// push opens f in the run; past maxFrames the oldest model call or
// retrieval (the frames LangChainGo may never end) is ended first.
func (r *run) push(f *frame) {
	if len(r.frames) >= maxFrames {
		for i, old := range r.frames {
			if old.unreported() {
				old.end(errUnreported)
				r.frames = append(r.frames[:i], r.frames[i+1:]...)
				break
			}
		}
	}
	r.frames = append(r.frames, f)
}

// unreported is whether LangChainGo may never report the frame ended.
func (f *frame) unreported() bool { return f.kind == llmFrame || f.kind == retrieverFrame }

// end ends the frame's span with err; a model call's only if no traced
// client took it over.
func (f *frame) end(err error) {
	if f.open != nil {
		f.open.n--
		if f.open.last == f {
			f.open.last = nil
		}
		f.open = nil
	}
	if f.call == nil {
		f.span.End(err)
		return
	}
	if f.unregister != nil {
		f.unregister()
	}
	if f.call.Keep() {
		f.call.End(err)
	}
}

// closeChain ends the innermost chain frame with err, and every frame
// opened in it and not reported ended: with err or, when the chain
// succeeded, a model call or retrieval with errUnreported.
func (r *run) closeChain(err error, outputs map[string]any) {
	i := len(r.frames) - 1
	for i >= 0 && r.frames[i].kind != chainFrame {
		i--
	}
	if i < 0 {
		return
	}
	for j := len(r.frames) - 1; j > i; j-- {
		f := r.frames[j]
		if f.unreported() && err == nil {
			f.end(errUnreported)
		} else {
			f.end(err)
		}
	}
	f := r.frames[i]
	r.frames = r.frames[:i]
	if len(outputs) > 0 {
		f.span.SetResult(outputs)
	}
	f.span.End(err)
}

// parent is the context a new span of the run starts from: the innermost
// open chain's, tool's or retrieval's, else the callback's own. A model
// call is no parent: a call still open when another starts under the
// same context is a failed one LangChainGo did not report, or a
// concurrent one.
func (r *run) parent(ctx context.Context) context.Context {
	for i := len(r.frames) - 1; i >= 0; i-- {
		if f := r.frames[i]; f.kind != llmFrame {
			return f.ctx
		}
	}
	return ctx
}

// pop removes and returns the innermost open frame of kind k, nil if none.
func (r *run) pop(k kind) *frame {
	for i := len(r.frames) - 1; i >= 0; i-- {
		if f := r.frames[i]; f.kind == k {
			r.frames = append(r.frames[:i], r.frames[i+1:]...)
			return f
		}
	}
	return nil
}

// top is the innermost open frame of kind k, nil if none.
func (r *run) top(k kind) *frame {
	for i := len(r.frames) - 1; i >= 0; i-- {
		if r.frames[i].kind == k {
			return r.frames[i]
		}
	}
	return nil
}

// flushTool records the tool an agent said it ran and nothing reported
// on since: from the action to now, ended with err.
func (h *Handler) flushTool(ctx context.Context, r *run, err error) {
	p := r.tool
	if p == nil {
		return
	}
	r.tool = nil
	_, span := openlittrace.ExecuteTool(r.parent(ctx), tool(p.action), append(h.spans, openlittrace.WithStartTime(p.start))...)
	span.End(err)
}

func tool(a schema.AgentAction) openlittrace.Tool {
	t := openlittrace.Tool{Name: a.Tool, CallID: a.ToolID}
	if a.ToolInput != "" {
		t.Arguments = a.ToolInput
	}
	return t
}

// HandleChainStart starts an agent span for an outermost chain, a step
// span for a chain inside another.
func (h *Handler) HandleChainStart(ctx context.Context, inputs map[string]any) {
	h.with(ctx, true, func(r *run) {
		h.flushTool(ctx, r, nil)
		f := &frame{kind: chainFrame}
		if r.top(chainFrame) == nil {
			a := openlittrace.Agent{Name: h.cfg.AgentName}
			if len(inputs) > 0 {
				a.Input = inputs
			}
			f.ctx, f.span = openlittrace.InvokeAgent(r.parent(ctx), a, h.spans...)
		} else {
			f.ctx, f.span = openlittrace.Start(r.parent(ctx), "chain", h.spans...)
			if len(inputs) > 0 {
				f.span.SetInput(inputs)
			}
		}
		r.push(f)
	})
}

// HandleChainEnd ends the innermost chain's span with its outputs.
func (h *Handler) HandleChainEnd(ctx context.Context, outputs map[string]any) {
	h.with(ctx, false, func(r *run) {
		h.flushTool(ctx, r, nil)
		r.closeChain(nil, outputs)
	})
}

// HandleChainError ends the innermost chain's span with err, and what
// was open in it (a tool or model call whose error it likely is).
func (h *Handler) HandleChainError(ctx context.Context, err error) {
	h.with(ctx, false, func(r *run) {
		h.flushTool(ctx, r, err)
		r.closeChain(err, nil)
	})
}

// HandleLLMGenerateContentStart starts the span of a model call.
func (h *Handler) HandleLLMGenerateContentStart(ctx context.Context, ms []llms.MessageContent) {
	h.with(ctx, true, func(r *run) {
		h.flushTool(ctx, r, nil)
		f := &frame{kind: llmFrame, open: &h.llm}
		h.llm.n++
		h.llm.last = f
		f.ctx, f.call = h.startChat(r.parent(ctx), ms)
		// A traced client beneath is given ctx itself, not the call's
		// context: it finds the call registered under ctx.
		f.unregister, _ = genai.RegisterYielding(ctx, f.call)
		r.push(f)
	})
}

// HandleStreamingFunc marks a chunk of a streamed answer. LangChainGo's
// OpenAI model reports chunks under a context derived from the call's:
// when that context has no open model call, the chunk is the open model
// call's if the handler has exactly one.
func (h *Handler) HandleStreamingFunc(ctx context.Context, chunk []byte) {
	if len(chunk) == 0 || ctx == nil || !reflect.TypeOf(ctx).Comparable() {
		return
	}
	now := time.Now()
	defer genai.Recover()
	h.mu.Lock()
	defer h.mu.Unlock()
	var f *frame
	if r := h.runs[ctx]; r != nil {
		f = r.top(llmFrame)
	} else if h.llm.n == 1 {
		f = h.llm.last
	}
	if f == nil || f.call.Adopted() {
		return
	}
	if !f.call.Streamed {
		f.call.Streamed = true
		f.call.SetAttributes(semconv.GenAIRequestIsStream.Bool(true))
	}
	f.call.Chunk(now)
}

// HandleLLMGenerateContentEnd ends the span of a model call with its
// answer, unless a traced client took the call over.
func (h *Handler) HandleLLMGenerateContentEnd(ctx context.Context, res *llms.ContentResponse) {
	h.with(ctx, false, func(r *run) {
		f := r.pop(llmFrame)
		if f == nil {
			return
		}
		if f.unregister != nil {
			f.unregister()
		}
		if f.call.Keep() {
			if !f.call.Streamed {
				f.call.SetAttributes(semconv.GenAIRequestIsStream.Bool(false))
			}
			recordResponse(f.call, res)
		}
		f.end(nil)
	})
}

// HandleLLMError ends the span of a failed model call, unless a traced
// client took the call over.
func (h *Handler) HandleLLMError(ctx context.Context, err error) {
	h.with(ctx, false, func(r *run) {
		if f := r.pop(llmFrame); f != nil {
			f.end(err)
		}
	})
}

// HandleAgentAction notes the tool the agent runs next, with the model's
// tool call id; its span starts from this moment.
func (h *Handler) HandleAgentAction(ctx context.Context, action schema.AgentAction) {
	now := time.Now()
	h.with(ctx, true, func(r *run) {
		h.flushTool(ctx, r, nil)
		r.tool = &pendingTool{action: action, start: now}
	})
}

// HandleToolStart starts a tool's span: the agent's pending action's
// tool, or a tool run on its own.
func (h *Handler) HandleToolStart(ctx context.Context, input string) {
	h.with(ctx, true, func(r *run) {
		t := openlittrace.Tool{Arguments: input}
		opts := h.spans
		if p := r.tool; p != nil {
			r.tool = nil
			t = tool(p.action)
			opts = append(opts, openlittrace.WithStartTime(p.start))
		}
		f := &frame{kind: toolFrame}
		f.ctx, f.span = openlittrace.ExecuteTool(r.parent(ctx), t, opts...)
		r.push(f)
	})
}

// HandleToolEnd ends a tool's span with its output.
func (h *Handler) HandleToolEnd(ctx context.Context, output string) {
	h.with(ctx, false, func(r *run) {
		if f := r.pop(toolFrame); f != nil {
			f.span.SetResult(output)
			f.span.End(nil)
			return
		}
		h.flushTool(ctx, r, nil)
	})
}

// HandleToolError ends a tool's span with err.
func (h *Handler) HandleToolError(ctx context.Context, err error) {
	h.with(ctx, false, func(r *run) {
		if f := r.pop(toolFrame); f != nil {
			f.span.End(err)
			return
		}
		h.flushTool(ctx, r, err)
	})
}

// HandleAgentFinish ends a tool still pending: the agent is done.
func (h *Handler) HandleAgentFinish(ctx context.Context, _ schema.AgentFinish) {
	h.with(ctx, false, func(r *run) { h.flushTool(ctx, r, nil) })
}

// HandleRetrieverStart starts a retrieval's span.
func (h *Handler) HandleRetrieverStart(ctx context.Context, query string) {
	h.with(ctx, true, func(r *run) {
		h.flushTool(ctx, r, nil)
		f := &frame{kind: retrieverFrame}
		f.ctx, f.span = openlittrace.Retrieve(r.parent(ctx), openlittrace.Retrieval{DataSource: "retriever", Query: query}, h.spans...)
		r.push(f)
	})
}

// document is a retrieved document as recorded.
type document struct {
	Content  string         `json:"content"`
	Metadata map[string]any `json:"metadata,omitempty"`
	Score    float32        `json:"score,omitempty"`
}

// HandleRetrieverEnd ends a retrieval's span with the documents found.
func (h *Handler) HandleRetrieverEnd(ctx context.Context, _ string, documents []schema.Document) {
	h.with(ctx, false, func(r *run) {
		f := r.pop(retrieverFrame)
		if f == nil {
			return
		}
		docs := make([]document, len(documents))
		for i, d := range documents {
			docs[i] = document{Content: d.PageContent, Metadata: d.Metadata, Score: d.Score}
		}
		f.span.SetResult(docs)
		f.span.SetMetadata("documents", len(docs))
		f.span.End(nil)
	})
}

// HandleText is not traced.
func (h *Handler) HandleText(context.Context, string) {}

// HandleLLMStart is not traced: every model LangChainGo ships reports its
// calls through HandleLLMGenerateContentStart.
func (h *Handler) HandleLLMStart(context.Context, []string) {}
