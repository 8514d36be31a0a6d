package openlitopenai

import (
	"errors"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/packages/ssestream"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/wire"
	"github.com/openlit/openlit-go/semconv"
)

// errAbandoned ends the span of a stream that was garbage collected before
// it was read to the end or closed.
var errAbandoned = errors.New("openlit: stream abandoned without Close")

// observer learns what a stream's span needs from each event the caller
// reads, and writes it onto the call when the stream ends.
type observer[T any] interface {
	observe(call *genai.Call, event T)
	summarize(call *genai.Call, err error)
}

// tracedStream is the iterator of the stream handed to the caller: Next,
// Current, Err and Close pass straight through to the SDK's own stream, and
// each event is shown to the observer.
type tracedStream[T any] struct {
	inner *ssestream.Stream[T]
	st    *streamState[T]
}

// streamState is kept apart from the iterator so the garbage-collection
// cleanup can reach it without keeping the stream alive.
type streamState[T any] struct {
	mu    sync.Mutex
	call  *genai.Call
	obs   observer[T]
	ended bool
}

// wrapStream returns a stream that yields inner's events and ends call when
// inner ends, fails, is closed, or is garbage collected unclosed (then inner
// is closed too).
func wrapStream[T any](inner *ssestream.Stream[T], call *genai.Call, obs observer[T]) *ssestream.Stream[T] {
	if call == nil {
		return inner
	}
	st := &streamState[T]{call: call, obs: obs}
	call.Streamed = true
	if err := inner.Err(); err != nil {
		// The request itself failed: the caller sees the error on its first
		// Next, and may never call it.
		st.end(err)
	}
	it := &tracedStream[T]{inner: inner, st: st}
	s := ssestream.NewStreamWithBetaIterator[T](it, inner.BetaAccumulator())
	// When the caller drops the stream without reading it to the end or
	// closing it, end the span and close the SDK's stream, which releases the
	// HTTP connection the plain client would leave open. The iterator does
	// not reference s, so s can be collected.
	runtime.AddCleanup(s, func(it *tracedStream[T]) {
		it.st.end(errAbandoned)
		_ = it.inner.Close()
	}, it)
	return s
}

// Next advances the SDK's stream and observes the event it decoded.
func (c *tracedStream[T]) Next() bool {
	if c.inner.Next() {
		c.st.observe(c.inner.Current())
		return true
	}
	c.st.endRead(c.inner.Err())
	return false
}

// completer is an observer that knows whether the stream reached the end
// the API gives it (a finish reason, the final response event), and names
// that end.
type completer interface{ completed() (bool, string) }

// endRead ends the span of a stream read to its end: one the API did not
// finish (cut by the network or a proxy) is an error, error.type
// stream_incomplete, although the SDK reports none.
func (st *streamState[T]) endRead(err error) {
	if err == nil {
		st.mu.Lock()
		if c, ok := st.obs.(completer); ok && !st.ended {
			if done, final := c.completed(); !done {
				err = wire.Incomplete(st.call, final)
			}
		}
		st.mu.Unlock()
	}
	st.end(err)
}

// Current returns the SDK's current event.
func (c *tracedStream[T]) Current() T { return c.inner.Current() }

// Err returns the SDK's stream error.
func (c *tracedStream[T]) Err() error { return c.inner.Err() }

// Close closes the SDK's stream and ends the span, if the stream had not
// ended already.
func (c *tracedStream[T]) Close() error {
	err := c.inner.Close()
	c.st.end(c.inner.Err())
	return err
}

func (st *streamState[T]) observe(ev T) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.ended {
		return
	}
	defer genai.Recover()
	st.obs.observe(st.call, ev)
}

// end ends the span once: err nil means the stream ended normally or the
// caller closed it.
func (st *streamState[T]) end(err error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.ended {
		return
	}
	st.ended = true
	func() {
		defer genai.Recover()
		st.obs.summarize(st.call, err)
	}()
	if err != nil {
		if errors.Is(err, errAbandoned) {
			st.call.ErrorType = "stream_abandoned"
		}
		endWithError(st.call, err)
		return
	}
	st.call.End(nil)
}

// maxIndex bounds the choice and tool-call indexes a stream may grow state
// for.
const maxIndex = 127

// chatObserver accumulates a chat completion stream.
type chatObserver struct {
	capture                      bool
	id, model, tier, fingerprint string
	texts                        []*strings.Builder // by choice index; pointers, as a Builder must not be copied once written
	reasons                      []string           // by choice index
	tools                        [][]genai.ToolCall // by choice, then tool call index
	usage                        openai.CompletionUsage
	hasUsage                     bool
}

// completed reports whether a choice finished (or the final usage chunk
// came).
func (o *chatObserver) completed() (bool, string) {
	return o.hasUsage || wire.AnyReason(o.reasons), "finish_reason"
}

func (o *chatObserver) observe(call *genai.Call, ch openai.ChatCompletionChunk) {
	if o.id == "" {
		o.id = ch.ID
	}
	if ch.Model != "" {
		o.model = ch.Model
	}
	if ch.ServiceTier != "" {
		o.tier = string(ch.ServiceTier)
	}
	if ch.SystemFingerprint != "" {
		o.fingerprint = ch.SystemFingerprint
	}
	if ch.JSON.Usage.Valid() {
		o.usage, o.hasUsage = ch.Usage, true
	}
	content := false
	for i := range ch.Choices {
		choice := &ch.Choices[i]
		d := &choice.Delta
		content = content || d.Content != "" || d.Refusal != "" || len(d.ToolCalls) > 0
		idx := int(choice.Index)
		if idx < 0 || idx > maxIndex {
			continue
		}
		for len(o.reasons) <= idx {
			o.reasons = append(o.reasons, "")
			o.texts = append(o.texts, new(strings.Builder))
			o.tools = append(o.tools, nil)
		}
		if choice.FinishReason != "" {
			o.reasons[idx] = choice.FinishReason
		}
		// Content beyond the recorded bound is not kept: BoundText cuts it
		// anyway, and a long stream must not grow memory without limit.
		if b := o.texts[idx]; o.capture && d.Content != "" && b.Len() <= call.MaxContentLength() {
			if b.Cap() == 0 {
				b.Grow(firstTextCap) // a stream's text grows chunk by chunk: skip the smallest steps
			}
			b.WriteString(d.Content)
		}
		for j := range d.ToolCalls {
			tc := &d.ToolCalls[j]
			ti := int(tc.Index)
			if ti < 0 || ti > maxIndex {
				continue
			}
			for len(o.tools[idx]) <= ti {
				o.tools[idx] = append(o.tools[idx], genai.ToolCall{})
			}
			t := &o.tools[idx][ti]
			if tc.ID != "" {
				t.ID = tc.ID
			}
			if tc.Function.Name != "" {
				t.Name = tc.Function.Name
			}
			if o.capture && len(t.Arguments) <= call.MaxContentLength() {
				t.Arguments += tc.Function.Arguments
			}
		}
	}
	if content {
		call.Chunk(time.Now())
	}
}

// firstTextCap is the room a streamed choice's text starts with.
const firstTextCap = 256

func (o *chatObserver) summarize(call *genai.Call, err error) {
	if o.model != "" {
		call.ResponseModel = o.model
	}
	if o.id != "" {
		call.SetAttributes(semconv.GenAIResponseID.String(o.id))
	}
	if o.reasons != nil {
		call.SetAttributes(semconv.GenAIResponseFinishReasons.StringSlice(o.reasons))
	}
	if o.tier != "" {
		call.SetAttributes(semconv.GenAIResponseServiceTier.String(o.tier))
	}
	if o.fingerprint != "" {
		call.SetAttributes(semconv.GenAIResponseSystemFingerprint.String(o.fingerprint))
	}
	var all []genai.ToolCall
	for _, tcs := range o.tools {
		all = append(all, tcs...)
	}
	call.SetToolCalls(all)
	if err != nil {
		return
	}
	if o.hasUsage {
		setUsage(call, o.usage)
	}
	if o.capture {
		for i := range o.texts {
			msg := semconv.Message{Role: "assistant", FinishReason: o.reasons[i]}
			if o.texts[i].Len() > 0 || len(o.tools[i]) == 0 {
				msg.Parts = append(msg.Parts, text(o.texts[i].String()))
			}
			for _, t := range o.tools[i] {
				msg.Parts = append(msg.Parts, semconv.Part{Type: "tool_call", ID: t.ID, Name: t.Name, Arguments: t.Arguments})
			}
			call.Output = append(call.Output, msg)
		}
	}
}
