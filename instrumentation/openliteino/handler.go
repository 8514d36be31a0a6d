package openliteino

import (
	"context"
	"errors"
	"io"
	"strings"

	"github.com/cloudwego/eino/adk"
	"github.com/cloudwego/eino/callbacks"
	"github.com/cloudwego/eino/components"
	"github.com/cloudwego/eino/compose"
	"github.com/cloudwego/eino/schema"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/instrument"
	"github.com/openlit/openlit-go/openlittrace"
	"github.com/openlit/openlit-go/semconv"
)

// Handler is an Eino callbacks handler that traces the components it sees
// run (see the package documentation). It is safe for concurrent use by
// any number of runs; its zero value is not usable: make one with
// NewHandler.
type Handler struct {
	cfg   instrument.Config
	tel   *genai.Telemetry
	spans []openlittrace.Option
}

var _ callbacks.Handler = (*Handler)(nil)

// NewHandler returns a handler recording through the OpenTelemetry globals
// (those openlit.Init sets) unless options say otherwise.
func NewHandler(opts ...Option) *Handler {
	cfg := instrument.New(opts)
	return &Handler{cfg: cfg, tel: cfg.Telemetry(ScopeName, Version), spans: cfg.SpanOptions()}
}

// entry is what the handler started for one component run, carried in
// the context Eino hands back to OnEnd, OnError and
// OnEndWithStreamOutput. Every run inside a traced one gets one, an empty
// entry for a component it does not trace, so that the end of a run never
// finds its parent's.
type entry struct {
	call *genai.Call        // a chat or embeddings call
	span *openlittrace.Span // an agent, step, tool or retrieval
	kind components.Component
	// traced is true when this run or one around it has a span of this
	// handler's: a graph inside is a step, not an agent.
	traced bool
}

type entryKey struct{}

func entryFrom(ctx context.Context) *entry {
	e, _ := ctx.Value(entryKey{}).(*entry)
	return e
}

// OnStart starts the span of the component run info describes.
func (h *Handler) OnStart(ctx context.Context, info *callbacks.RunInfo, input callbacks.CallbackInput) (out context.Context) {
	if ctx == nil {
		ctx = context.Background()
	}
	parent := entryFrom(ctx)
	out = ctx
	defer func() {
		if r := recover(); r != nil {
			genai.HandlePanic(r)
			out = context.WithValue(ctx, entryKey{}, (*entry)(nil))
		}
	}()
	inside := parent != nil && parent.traced
	ctx, e := h.start(ctx, info, input, inside)
	if e == nil {
		if parent == nil {
			return ctx
		}
		// An untraced run inside a traced one: an empty entry, so that
		// its end does not find its parent's, and a graph inside it is
		// still a step.
		e = &entry{traced: inside}
	}
	return context.WithValue(ctx, entryKey{}, e)
}

// OnStartWithStreamInput starts the span of a run given a stream (a graph
// run with Transform or Collect); the handler does not read the stream.
func (h *Handler) OnStartWithStreamInput(ctx context.Context, info *callbacks.RunInfo, input *schema.StreamReader[callbacks.CallbackInput]) context.Context {
	if input != nil {
		input.Close()
	}
	return h.OnStart(ctx, info, nil)
}

func (h *Handler) start(ctx context.Context, info *callbacks.RunInfo, input callbacks.CallbackInput, inside bool) (context.Context, *entry) {
	if info == nil {
		return ctx, nil
	}
	e := &entry{kind: info.Component, traced: true}
	switch info.Component {
	case components.ComponentOfChatModel:
		ctx, e.call = h.startChat(ctx, info, input)
	case components.ComponentOfEmbedding:
		ctx, e.call = h.startEmbeddings(ctx, info, input)
	case components.ComponentOfTool:
		ctx, e.span = h.startTool(ctx, info, input)
	case components.ComponentOfRetriever:
		ctx, e.span = h.startRetrieval(ctx, info, input)
	case adk.ComponentOfAgent:
		a := openlittrace.Agent{Name: runName(info)}
		if in := adk.ConvAgentCallbackInput(input); in != nil && in.Input != nil {
			a.Input = in.Input.Messages
		}
		ctx, e.span = openlittrace.InvokeAgent(ctx, a, h.spans...)
	case compose.ComponentOfGraph, compose.ComponentOfChain, compose.ComponentOfWorkflow:
		if inside {
			ctx, e.span = openlittrace.Start(ctx, runName(info), h.spans...)
			if input != nil {
				e.span.SetInput(input)
			}
			break
		}
		a := openlittrace.Agent{Name: runName(info)}
		if input != nil {
			a.Input = input
		}
		ctx, e.span = openlittrace.InvokeAgent(ctx, a, h.spans...)
	default:
		return ctx, nil
	}
	return ctx, e
}

// runName is what names a run's span: its name, else its type, else its
// component.
func runName(info *callbacks.RunInfo) string {
	switch {
	case info.Name != "":
		return info.Name
	case info.Type != "":
		return info.Type
	}
	return string(info.Component)
}

// OnEnd ends the span of a run that returned output.
func (h *Handler) OnEnd(ctx context.Context, info *callbacks.RunInfo, output callbacks.CallbackOutput) context.Context {
	e := entryFrom(ctx)
	if e == nil {
		return ctx
	}
	defer genai.Recover()
	switch {
	case e.call != nil:
		if !e.call.Keep() {
			return ctx
		}
		if e.kind == components.ComponentOfEmbedding {
			h.endEmbeddings(e.call, output)
		} else {
			e.call.SetAttributes(semconv.GenAIRequestIsStream.Bool(false))
			recordChat(e.call, output)
		}
		e.call.End(nil)
	case e.kind == adk.ComponentOfAgent:
		if out := adk.ConvAgentCallbackOutput(output); out != nil && out.Events != nil {
			go followAgent(e.span, out.Events)
			return ctx
		}
		e.span.End(nil)
	case e.span != nil:
		recordResult(e, output)
		e.span.End(nil)
	}
	return ctx
}

// OnError ends the span of a run that failed with err.
func (h *Handler) OnError(ctx context.Context, info *callbacks.RunInfo, err error) context.Context {
	e := entryFrom(ctx)
	if e == nil || (e.call == nil && e.span == nil) {
		return ctx
	}
	defer genai.Recover()
	if e.call != nil {
		if e.call.Keep() {
			e.call.End(err)
		}
		return ctx
	}
	e.span.End(err)
	return ctx
}

// OnEndWithStreamOutput follows the copy of a run's output stream Eino
// hands the handler, and ends the run's span when the stream ends: a chat
// call records its chunks' timing, content and usage. The copy is always
// read to its end (or its error) and closed.
func (h *Handler) OnEndWithStreamOutput(ctx context.Context, info *callbacks.RunInfo, output *schema.StreamReader[callbacks.CallbackOutput]) context.Context {
	if output == nil {
		return ctx
	}
	e := entryFrom(ctx)
	if e == nil || (e.call == nil && e.span == nil) || (e.call != nil && !e.call.Keep()) {
		output.Close()
		return ctx
	}
	go e.follow(output)
	return ctx
}

func (e *entry) follow(output *schema.StreamReader[callbacks.CallbackOutput]) {
	defer output.Close()
	defer genai.Recover()
	var (
		chat    streamedChat
		results []callbacks.CallbackOutput
		err     error
	)
	if e.call != nil {
		e.call.Streamed = true
		e.call.SetAttributes(semconv.GenAIRequestIsStream.Bool(true))
	}
	for {
		chunk, rerr := output.Recv()
		if rerr != nil {
			if !errors.Is(rerr, io.EOF) {
				err = rerr
			}
			break
		}
		switch {
		case e.call != nil:
			chat.add(e.call, chunk)
		case len(results) < maxStreamedResults:
			results = append(results, chunk)
		}
	}
	if e.call != nil {
		if err == nil {
			chat.record(e.call)
		}
		e.call.End(err)
		return
	}
	if err == nil && e.span != nil {
		recordResult(e, joinResults(results))
	}
	e.span.End(err)
}

// maxStreamedResults bounds the chunks of a streamed tool or graph result
// kept to record it.
const maxStreamedResults = 1024

// joinResults is a streamed result as one: strings joined, a single chunk
// as it is, any other list as the list.
func joinResults(chunks []callbacks.CallbackOutput) any {
	if len(chunks) == 1 {
		return chunks[0]
	}
	var b strings.Builder
	for _, c := range chunks {
		s, ok := c.(string)
		if !ok {
			return chunks
		}
		b.WriteString(s)
	}
	return b.String()
}

// recordResult records the output of a tool, retrieval, step or agent run.
func recordResult(e *entry, output callbacks.CallbackOutput) {
	switch e.kind {
	case components.ComponentOfTool:
		recordToolResult(e.span, output)
	case components.ComponentOfRetriever:
		recordDocuments(e.span, output)
	default:
		if output != nil {
			e.span.SetResult(output)
		}
	}
}

// followAgent ends an ADK agent's span when its events end: with the
// error of the last event that carried one, the last message as result.
func followAgent(span *openlittrace.Span, events *adk.AsyncIterator[*adk.AgentEvent]) {
	defer genai.Recover()
	var (
		err  error
		last string
	)
	for {
		ev, ok := events.Next()
		if !ok {
			break
		}
		if ev == nil {
			continue
		}
		if ev.Err != nil {
			err = ev.Err
		}
		if ev.Output == nil || ev.Output.MessageOutput == nil {
			continue
		}
		mo := ev.Output.MessageOutput
		if mo.IsStreaming && mo.MessageStream != nil {
			if msg, serr := schema.ConcatMessageStream(mo.MessageStream); serr == nil && msg != nil {
				last = msg.Content
			}
		} else if mo.Message != nil {
			last = mo.Message.Content
		}
	}
	if err == nil && last != "" {
		span.SetResult(last)
	}
	span.End(err)
}
