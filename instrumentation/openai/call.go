package openlitopenai

import (
	"context"
	"errors"
	"strconv"

	"github.com/openai/openai-go/v3"

	"github.com/openlit/openlit-go/internal/genai"
)

// start starts the call's span; the returned context carries the call, for
// the service-level middleware that records where each attempt went.
// If the tracer panics, the panic is reported and the call goes on without
// telemetry (a nil *genai.Call).
func (in *instrumenter) start(ctx context.Context, req genai.Request) (callCtx context.Context, call *genai.Call) {
	defer func() {
		if r := recover(); r != nil {
			genai.HandlePanic(r)
			callCtx, call = ctx, nil
		}
	}()
	return in.tel.Start(ctx, req)
}

// complete ends a non-streaming call with what the SDK method returned:
// where it went, then the error or what record copies from the result.
func complete[R any](in *instrumenter, call *genai.Call, res R, err error, record func(*genai.Call, R)) {
	if call == nil {
		return
	}
	in.finish(call)
	if err != nil {
		endWithError(call, err)
		return
	}
	safeRecord(call, res, record)
	call.End(nil)
}

// safeRecord runs record, recovering from a panic in it: the caller gets its
// result whatever the instrumentation does.
func safeRecord[R any](call *genai.Call, res R, record func(*genai.Call, R)) {
	defer func() {
		if r := recover(); r != nil {
			genai.HandlePanic(r)
		}
	}()
	record(call, res)
}

// endWithError ends a failed call, with error.type the HTTP status when the
// API answered.
func endWithError(call *genai.Call, err error) {
	var apiErr *openai.Error
	if errors.As(err, &apiErr) && apiErr.StatusCode != 0 {
		call.ErrorType = strconv.Itoa(apiErr.StatusCode)
	}
	call.End(err)
}
