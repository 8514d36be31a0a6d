package openlitopenai

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"

	"github.com/openai/openai-go/v3"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/semconv"
)

// start starts the call's span; the returned context carries the call, for
// the service-level middleware that records where each attempt went. When
// the call records content, input(p) gives its prompt and instructions
// (input is a plain function, not a closure, so nothing is built per call
// when capture is off). If the tracer or input panics, the panic is
// reported and the call goes on without telemetry (a nil *genai.Call).
func start[P any](in *instrumenter, ctx context.Context, req genai.Request, p P, input func(*genai.Call, P) ([]semconv.Message, []semconv.Part)) (callCtx context.Context, call *genai.Call) {
	defer func() {
		if r := recover(); r != nil {
			genai.HandlePanic(r)
			callCtx, call = ctx, nil
		}
	}()
	callCtx, call = in.tel.Start(ctx, req)
	if input != nil && call.CaptureContent() {
		call.Input, call.Instructions = input(call, p)
	}
	return callCtx, call
}

// prompt is the input of an operation whose prompt is one text.
func prompt(_ *genai.Call, s string) ([]semconv.Message, []semconv.Part) {
	if s == "" {
		return nil, nil
	}
	return []semconv.Message{{Parts: []semconv.Part{text(s)}}}, nil
}

// endCall ends a non-streaming call with what the SDK method returned:
// where it went, then the error or what record copies from the result.
func endCall[R any](in *instrumenter, call *genai.Call, res R, err error, record func(*genai.Call, R)) {
	if call == nil {
		return
	}
	in.locate(call)
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
	defer genai.Recover()
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

// setTools records the tools a request offers the model, as JSON, when the
// call records content.
func setTools[T any](call *genai.Call, tools []T) {
	if len(tools) == 0 || !call.CaptureContent() {
		return
	}
	if b, err := json.Marshal(tools); err == nil {
		call.ToolDefinitions = string(b)
	}
}
