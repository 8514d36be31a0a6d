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
	"github.com/openlit/openlit-go/semconv"
)

// errAbandoned ends the span of a stream that was garbage collected before
// it was read to the end or closed.
var errAbandoned = errors.New("openlit: stream abandoned without Close")

// chatStream observes the chunks of a chat stream as the caller reads them.
// It is the iterator of the stream handed to the caller: Next, Current, Err
// and Close pass straight through to the SDK's own stream.
type chatStream struct {
	inner *ssestream.Stream[openai.ChatCompletionChunk]
	st    *streamState
}

// streamState is what the span needs; it is kept apart from the iterator so
// the garbage-collection cleanup can reach it without keeping the stream
// alive.
type streamState struct {
	mu      sync.Mutex
	call    *genai.Call
	capture bool
	ended   bool

	id, model, tier, fingerprint string
	texts                        []strings.Builder // by choice index
	reasons                      []string          // by choice index
	tools                        []toolCall        // by tool call index
	usage                        openai.CompletionUsage
	hasUsage                     bool
}

func wrapStream(inner *ssestream.Stream[openai.ChatCompletionChunk], call *genai.Call) *ssestream.Stream[openai.ChatCompletionChunk] {
	st := &streamState{call: call, capture: call.CaptureContent()}
	call.Streamed = true
	if err := inner.Err(); err != nil {
		// The request itself failed: the caller sees the error on its first
		// Next, and may never call it.
		st.end(err)
	}
	it := &chatStream{inner: inner, st: st}
	s := ssestream.NewStreamWithBetaIterator[openai.ChatCompletionChunk](it, inner.BetaAccumulator())
	runtime.AddCleanup(s, func(st *streamState) { st.end(errAbandoned) }, st)
	return s
}

// Next advances the SDK's stream and observes the chunk it decoded.
func (c *chatStream) Next() bool {
	if c.inner.Next() {
		c.st.observe(c.inner.Current())
		return true
	}
	c.st.end(c.inner.Err())
	return false
}

// Current returns the SDK's current chunk.
func (c *chatStream) Current() openai.ChatCompletionChunk { return c.inner.Current() }

// Err returns the SDK's stream error.
func (c *chatStream) Err() error { return c.inner.Err() }

// Close closes the SDK's stream and ends the span, if the stream had not
// ended already.
func (c *chatStream) Close() error {
	err := c.inner.Close()
	c.st.end(c.inner.Err())
	return err
}

func (st *streamState) observe(ch openai.ChatCompletionChunk) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.ended {
		return
	}
	if st.id == "" {
		st.id = ch.ID
	}
	if ch.Model != "" {
		st.model = ch.Model
	}
	if ch.ServiceTier != "" {
		st.tier = string(ch.ServiceTier)
	}
	if ch.SystemFingerprint != "" {
		st.fingerprint = ch.SystemFingerprint
	}
	if ch.JSON.Usage.Valid() {
		st.usage, st.hasUsage = ch.Usage, true
	}
	for i := range ch.Choices {
		choice := &ch.Choices[i]
		d := &choice.Delta
		if st.call.FirstToken.IsZero() && (d.Content != "" || d.Refusal != "" || len(d.ToolCalls) > 0) {
			st.call.FirstToken = time.Now()
		}
		idx := int(choice.Index)
		if idx < 0 || idx > 127 {
			continue // bounded: no choice index makes us grow without limit
		}
		for len(st.reasons) <= idx {
			st.reasons = append(st.reasons, "")
			st.texts = append(st.texts, strings.Builder{})
		}
		if choice.FinishReason != "" {
			st.reasons[idx] = choice.FinishReason
		}
		if st.capture && d.Content != "" {
			st.texts[idx].WriteString(d.Content)
		}
		for j := range d.ToolCalls {
			tc := &d.ToolCalls[j]
			ti := int(tc.Index)
			if ti < 0 || ti > 127 {
				continue
			}
			for len(st.tools) <= ti {
				st.tools = append(st.tools, toolCall{})
			}
			t := &st.tools[ti]
			if tc.ID != "" {
				t.id = tc.ID
			}
			if tc.Function.Name != "" {
				t.name = tc.Function.Name
			}
			if st.capture {
				t.args += tc.Function.Arguments
			}
		}
	}
}

// end ends the span once: err nil means the stream ended normally or the
// caller closed it.
func (st *streamState) end(err error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.ended {
		return
	}
	st.ended = true
	call := st.call
	if st.model != "" {
		call.ResponseModel = st.model
	}
	span := call.Span()
	if st.id != "" {
		span.SetAttributes(semconv.GenAIResponseID.String(st.id))
	}
	if st.model != "" {
		span.SetAttributes(semconv.GenAIResponseModel.String(st.model))
	}
	if st.reasons != nil {
		span.SetAttributes(semconv.GenAIResponseFinishReasons.StringSlice(st.reasons))
	}
	if st.tier != "" {
		span.SetAttributes(semconv.GenAIResponseServiceTier.String(st.tier))
	}
	if st.fingerprint != "" {
		span.SetAttributes(semconv.GenAIResponseSystemFingerprint.String(st.fingerprint))
	}
	setToolCalls(call, st.tools)
	if err != nil {
		if errors.Is(err, errAbandoned) {
			call.ErrorType = "stream_abandoned"
		}
		endWithError(call, err)
		return
	}
	if st.hasUsage {
		setUsage(call, st.usage)
	}
	if st.capture {
		for i := range st.texts {
			call.Completions = append(call.Completions, st.texts[i].String())
		}
	}
	call.End(nil)
}
