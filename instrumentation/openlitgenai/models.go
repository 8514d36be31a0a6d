package openlitgenai

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"strconv"

	"google.golang.org/genai"

	core "github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/wire"
)

// Models is genai.Models whose GenerateContent, GenerateContentStream and
// EmbedContent are instrumented; its other methods are the SDK's own.
type Models struct {
	*genai.Models
	inst *instrumenter
}

// GenerateContent generates content, as genai.Models.GenerateContent does,
// inside a "chat {model}" span covering every request the SDK makes for it
// (retries, automatic continuation), and returns exactly what the SDK
// returns.
func (m *Models) GenerateContent(ctx context.Context, model string, contents []*genai.Content, config *genai.GenerateContentConfig) (*genai.GenerateContentResponse, error) {
	if m == nil || m.Models == nil {
		return nil, ErrNoClient
	}
	if m.inst == nil {
		return m.Models.GenerateContent(ctx, model, contents, config)
	}
	ctx, call := m.inst.startChat(ctx, model, contents, config, false)
	res, err := m.Models.GenerateContent(ctx, model, contents, config)
	var answer wire.GeminiAnswer
	m.inst.endChat(call, &answer, config, res, err)
	return res, err
}

// GenerateContentStream generates content as a stream, as
// genai.Models.GenerateContentStream does. Each range over the sequence is
// one call and one "chat {model}" span, from the start of the range to its
// end; the chunks and errors are the SDK's, unchanged.
func (m *Models) GenerateContentStream(ctx context.Context, model string, contents []*genai.Content, config *genai.GenerateContentConfig) iter.Seq2[*genai.GenerateContentResponse, error] {
	if m == nil || m.Models == nil {
		return func(yield func(*genai.GenerateContentResponse, error) bool) { yield(nil, ErrNoClient) }
	}
	if m.inst == nil {
		return m.Models.GenerateContentStream(ctx, model, contents, config)
	}
	return m.inst.stream(ctx, model, contents, config, func(ctx context.Context) iter.Seq2[*genai.GenerateContentResponse, error] {
		return m.Models.GenerateContentStream(ctx, model, contents, config)
	})
}

// EmbedContent embeds contents, as genai.Models.EmbedContent does, inside
// an "embeddings {model}" span.
func (m *Models) EmbedContent(ctx context.Context, model string, contents []*genai.Content, config *genai.EmbedContentConfig) (*genai.EmbedContentResponse, error) {
	if m == nil || m.Models == nil {
		return nil, ErrNoClient
	}
	if m.inst == nil {
		return m.Models.EmbedContent(ctx, model, contents, config)
	}
	ctx, call := m.inst.start(ctx, func() core.Request { return embedRequest(m.inst.backend, model, config) }, func(call *core.Call) {
		call.Input = embedInput(contents)
	})
	res, err := m.Models.EmbedContent(ctx, model, contents, config)
	if call != nil {
		func() {
			defer core.Recover()
			var opts *genai.HTTPOptions
			if config != nil {
				opts = config.HTTPOptions
			}
			m.inst.locate(call, opts)
			if err == nil {
				embedResponse(call, res)
			}
		}()
		endCall(call, err)
	}
	return res, err
}

// start starts a call's span; input, run only for calls that record
// content, sets its prompt. A panic here is reported and the call goes on
// untraced.
func (in *instrumenter) start(ctx context.Context, req func() core.Request, input func(*core.Call)) (_ context.Context, call *core.Call) {
	defer func() {
		if r := recover(); r != nil {
			core.HandlePanic(r)
			call.End(nil)
			call = nil
		}
	}()
	ctx, call = in.tel.Start(ctx, req())
	if call.CaptureContent() {
		input(call)
	}
	return ctx, call
}

// startChat starts a generateContent call.
func (in *instrumenter) startChat(ctx context.Context, model string, contents []*genai.Content, config *genai.GenerateContentConfig, stream bool) (context.Context, *core.Call) {
	ctx, call := in.start(ctx, func() core.Request { return chatRequest(in.backend, model, config, stream) }, func(call *core.Call) {
		call.Input, call.Instructions = chatInput(contents, config)
		if config != nil && len(config.Tools) > 0 {
			if b, err := json.Marshal(config.Tools); err == nil {
				call.ToolDefinitions = string(b)
			}
		}
	})
	if call != nil {
		call.Streamed = stream
	}
	return ctx, call
}

// endChat ends a generateContent call with the response the SDK returned
// (nil for a stream, whose chunks answer has gathered) and its error.
func (in *instrumenter) endChat(call *core.Call, answer *wire.GeminiAnswer, config *genai.GenerateContentConfig, res *genai.GenerateContentResponse, err error) {
	if call == nil {
		return
	}
	func() {
		defer core.Recover()
		var opts *genai.HTTPOptions
		if config != nil {
			opts = config.HTTPOptions
		}
		in.locate(call, opts)
		observe(answer, call, res, false)
		answer.End(call, err)
	}()
	endCall(call, err)
}

// errInterrupted ends the span of a stream whose range the caller left by a
// panic or runtime.Goexit.
var errInterrupted = errors.New("openlit: stream interrupted by a panic or runtime.Goexit in the loop body")

// stream returns the sequence open returns, observed: each range over it
// is one call, whose span starts with the range and ends with it.
func (in *instrumenter) stream(ctx context.Context, model string, contents []*genai.Content, config *genai.GenerateContentConfig,
	open func(context.Context) iter.Seq2[*genai.GenerateContentResponse, error]) iter.Seq2[*genai.GenerateContentResponse, error] {
	return func(yield func(*genai.GenerateContentResponse, error) bool) {
		ctx, call := in.startChat(ctx, model, contents, config, true)
		if call == nil {
			for r, err := range open(ctx) {
				if !yield(r, err) {
					return
				}
			}
			return
		}
		var (
			answer wire.GeminiAnswer
			failed error
			done   bool
		)
		defer func() {
			if !done {
				call.ErrorType = "stream_interrupted"
				failed = errInterrupted
			}
			in.endChat(call, &answer, config, nil, failed)
		}()
		for r, err := range open(ctx) {
			if err != nil {
				if failed == nil {
					failed = err
				}
			} else {
				observeChunk(&answer, call, r)
			}
			if !yield(r, err) {
				done = true
				return
			}
		}
		done = true
		if failed == nil && !answer.Finished() {
			// Read to its end, but the API never finished it: cut.
			failed = wire.Incomplete(call, "finishReason")
		}
	}
}

// observeChunk records a stream chunk; a panic here is reported and the
// chunk goes on to the caller.
func observeChunk(answer *wire.GeminiAnswer, call *core.Call, r *genai.GenerateContentResponse) {
	defer core.Recover()
	observe(answer, call, r, true)
}

// endCall ends a call: failed, with error.type the HTTP status when the API
// answered, or successful.
func endCall(call *core.Call, err error) {
	if err != nil {
		var apiErr genai.APIError
		if errors.As(err, &apiErr) && apiErr.Code != 0 {
			call.ErrorType = strconv.Itoa(apiErr.Code)
		}
	}
	call.End(err)
}
