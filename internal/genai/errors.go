package genai

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/internal/sanitize"
	"github.com/openlit/openlit-go/semconv"
)

// ErrorType is the error.type of err when the instrumentation has no better
// one (an HTTP status): "context.Canceled" or "context.DeadlineExceeded" for
// those, and the Go type name of err otherwise.
func ErrorType(err error) string {
	switch {
	case errors.Is(err, context.Canceled):
		return "context.Canceled"
	case errors.Is(err, context.DeadlineExceeded):
		return "context.DeadlineExceeded"
	}
	return strings.TrimPrefix(fmt.Sprintf("%T", err), "*")
}

// SpanFailed records a failure on a span that is not a model call's (an
// agent's, a tool's, an MCP request's): error.type errType; for a non-nil
// err, an exception event with its type and bounded message; status Error
// with that message, or errType when err is nil (a tool that reported an
// error in its result).
func SpanFailed(span trace.Span, errType string, err error) {
	errType = attrString(errType)
	span.SetAttributes(semconv.ErrorType.String(errType))
	msg := errType
	if err != nil {
		msg = sanitize.String(err.Error(), sanitize.MaxErrorLength)
		span.AddEvent(semconv.EventException, trace.WithAttributes(
			semconv.ExceptionType.String(ErrorType(err)), semconv.ExceptionMessage.String(msg)))
	}
	span.SetStatus(codes.Error, msg)
}

// Recover, deferred, stops a panic of instrumentation code from reaching
// the caller and reports it through the OpenTelemetry error handler:
//
//	defer genai.Recover()
func Recover() {
	if r := recover(); r != nil {
		HandlePanic(r)
	}
}

// HandlePanic reports a recovered panic of instrumentation code through the
// OpenTelemetry error handler.
func HandlePanic(r any) {
	otel.Handle(fmt.Errorf("openlit: recovered from panic in instrumentation: %v", r))
}
