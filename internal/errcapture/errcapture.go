// Package errcapture collects, for tests, what reaches the OpenTelemetry
// error handler: where openlit-go reports telemetry failures instead of
// returning them to the app.
package errcapture

import (
	"sync"
	"testing"

	"go.opentelemetry.io/otel"
)

// Errors holds the messages the error handler received.
type Errors struct {
	mu   sync.Mutex
	msgs []string
}

// Capture installs a handler that records every error until the test ends,
// then puts the previous handler back.
func Capture(t testing.TB) *Errors {
	t.Helper()
	e := &Errors{}
	prev := otel.GetErrorHandler()
	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) {
		e.mu.Lock()
		e.msgs = append(e.msgs, err.Error())
		e.mu.Unlock()
	}))
	t.Cleanup(func() { otel.SetErrorHandler(prev) })
	return e
}

// Messages returns the messages received so far.
func (e *Errors) Messages() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.msgs...)
}

// Reset forgets the messages received so far.
func (e *Errors) Reset() {
	e.mu.Lock()
	e.msgs = nil
	e.mu.Unlock()
}
