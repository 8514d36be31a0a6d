package genai

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"go.opentelemetry.io/otel"
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
