package openlitanthropic

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
	"github.com/anthropics/anthropic-sdk-go/v2/packages/ssestream"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/provider"
	"github.com/openlit/openlit-go/internal/wire"
	"github.com/openlit/openlit-go/semconv"
)

// messagesPath is the Messages API's path, whose decoder reads the typed
// calls' request and answer.
const messagesPath = "/v1/messages"

// New creates a message, as anthropic.MessageService.New does, inside a
// "chat {model}" span, and returns exactly what the plain client returns.
func (s *MessageService) New(ctx context.Context, params anthropic.MessageNewParams, opts ...option.RequestOption) (*anthropic.Message, error) {
	if s.inst == nil {
		return s.MessageService.New(ctx, params, opts...)
	}
	ctx, call, dec := s.inst.start(ctx, params, string(params.Model), false)
	res, err := s.MessageService.New(ctx, params, opts...)
	s.inst.end(call, dec, raw(res), err)
	return res, err
}

// NewStreaming creates a streamed message, as
// anthropic.MessageService.NewStreaming does, inside a "chat {model}" span
// that ends when the stream ends, fails or is closed. The stream is the
// plain client's: the span follows its events as they are read, at the wire.
func (s *MessageService) NewStreaming(ctx context.Context, params anthropic.MessageNewParams, opts ...option.RequestOption) *ssestream.Stream[anthropic.MessageStreamEventUnion] {
	if s.inst == nil {
		return s.MessageService.NewStreaming(ctx, params, opts...)
	}
	ctx, call, _ := s.inst.start(ctx, params, string(params.Model), true)
	stream := s.MessageService.NewStreaming(ctx, params, opts...)
	s.inst.started(call, stream.Err())
	return stream
}

// New creates a message with the beta features, as
// anthropic.BetaMessageService.New does, inside a "chat {model}" span.
func (s *BetaMessageService) New(ctx context.Context, params anthropic.BetaMessageNewParams, opts ...option.RequestOption) (*anthropic.BetaMessage, error) {
	if s.inst == nil {
		return s.BetaMessageService.New(ctx, params, opts...)
	}
	ctx, call, dec := s.inst.start(ctx, params, string(params.Model), false)
	res, err := s.BetaMessageService.New(ctx, params, opts...)
	s.inst.end(call, dec, raw(res), err)
	return res, err
}

// NewStreaming creates a streamed message with the beta features, as
// anthropic.BetaMessageService.NewStreaming does, inside a "chat {model}"
// span that ends when the stream ends, fails or is closed.
func (s *BetaMessageService) NewStreaming(ctx context.Context, params anthropic.BetaMessageNewParams, opts ...option.RequestOption) *ssestream.Stream[anthropic.BetaRawMessageStreamEventUnion] {
	if s.inst == nil {
		return s.BetaMessageService.NewStreaming(ctx, params, opts...)
	}
	ctx, call, _ := s.inst.start(ctx, params, string(params.Model), true)
	stream := s.BetaMessageService.NewStreaming(ctx, params, opts...)
	s.inst.started(call, stream.Err())
	return stream
}

// raw is an answer's JSON, or "" for none.
func raw[R interface{ RawJSON() string }](res *R) string {
	if res == nil {
		return ""
	}
	return (*res).RawJSON()
}

// started records where a stream's call went; a stream whose answer the
// middleware does not follow (the request failed, or the transport frames
// events its own way, as Bedrock's does) ends its call now.
func (in *instrumenter) started(call *genai.Call, err error) {
	in.locate(call)
	if call != nil && !call.Followed() {
		endWithError(call, err)
	}
}

// start starts the call's span from the request the SDK will send. A panic
// here is reported and the call goes on untraced.
func (in *instrumenter) start(ctx context.Context, params any, model string, stream bool) (_ context.Context, call *genai.Call, dec *wire.Decoder) {
	defer func() {
		if r := recover(); r != nil {
			genai.HandlePanic(r)
			call.End(nil)
			call, dec = nil, nil
		}
	}()
	dec = wire.NewDecoder(http.MethodPost, messagesPath)
	body, err := json.Marshal(params)
	req, ok := dec.Request(body)
	if err != nil || !ok {
		req = genai.Request{Operation: semconv.OperationChat, System: "anthropic", Model: model}
	}
	ctx, call = in.tel.Start(ctx, req)
	if call.CaptureContent() && err == nil {
		call.Input, call.Instructions = dec.Input()
		call.ToolDefinitions = dec.ToolDefinitions()
	}
	if stream {
		call.Streamed = true
		call.SetAttributes(semconv.GenAIRequestIsStream.Bool(true))
	}
	return ctx, call, dec
}

// end ends a non-streaming call with what the SDK returned.
func (in *instrumenter) end(call *genai.Call, dec *wire.Decoder, res string, err error) {
	if call == nil {
		return
	}
	defer genai.Recover()
	in.locate(call)
	if err != nil {
		endWithError(call, err)
		return
	}
	if res != "" {
		dec.Response(call, res)
	}
	call.End(nil)
}

// locate records the provider of the host the call went to (the default
// base URL's when no attempt was made).
func (in *instrumenter) locate(call *genai.Call) {
	if call == nil {
		return
	}
	if call.ServerAddress == "" {
		call.ServerAddress, call.ServerPort = defaultTarget()
	}
	call.System = in.system
	if call.System == "" {
		call.System = in.providers.System(call.ServerAddress, call.ServerPort, "anthropic")
	}
}

// endWithError ends a failed call, with error.type the HTTP status when the
// API answered.
func endWithError(call *genai.Call, err error) {
	var apiErr *anthropic.Error
	if errors.As(err, &apiErr) && apiErr.StatusCode != 0 {
		call.ErrorType = strconv.Itoa(apiErr.StatusCode)
	}
	call.End(err)
}

var defaultTarget = sync.OnceValues(func() (string, int) {
	if u, err := url.Parse(strings.TrimSpace(os.Getenv("ANTHROPIC_BASE_URL"))); err == nil && u.Host != "" {
		return provider.HostPort(u)
	}
	return "api.anthropic.com", 443
})
