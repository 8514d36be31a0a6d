package openlitopenai

import (
	"context"
	"errors"
	"strconv"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/openlit/openlit-go/internal/genai"
)

// start starts the call's span and returns the request options with the
// per-call middleware that records where the call went.
func (in *instrumenter) start(ctx context.Context, req genai.Request, opts []option.RequestOption) (context.Context, *genai.Call, *target, []option.RequestOption) {
	ctx, call := in.tel.Start(ctx, req)
	tgt := &target{}
	// A fresh slice: the caller's opts are never appended to in place.
	opts = append(opts[:len(opts):len(opts)], option.WithMiddleware(tgt.middleware))
	return ctx, call, tgt, opts
}

// do runs one non-streaming call inside its span: the SDK method runs with
// the span's context, its result and error are returned untouched, and
// record copies what the response says onto the call.
func do[R any](in *instrumenter, ctx context.Context, req genai.Request, opts []option.RequestOption,
	method func(context.Context, ...option.RequestOption) (R, error), record func(*genai.Call, R),
) (R, error) {
	ctx, call, tgt, opts := in.start(ctx, req, opts)
	res, err := method(ctx, opts...)
	in.finish(tgt, call)
	if err != nil {
		endWithError(call, err)
		return res, err
	}
	safeRecord(call, res, record)
	call.End(nil)
	return res, err
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
