package spanproc

import (
	"context"
	"sync"

	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/semconv"
)

// ErrorTypeShutdown is the error.type of a span Open.EndAll ended.
const ErrorTypeShutdown = "shutdown"

// Open keeps the spans that started and have not ended, so that Shutdown
// can end them (a stream the app never finished, a call in flight) and they
// are exported, marked, instead of lost without a word.
type Open struct {
	mu    sync.Mutex
	spans map[trace.SpanID]sdktrace.ReadWriteSpan
}

// NewOpen returns an empty Open.
func NewOpen() *Open { return &Open{spans: make(map[trace.SpanID]sdktrace.ReadWriteSpan)} }

// OnStart keeps s.
func (o *Open) OnStart(_ context.Context, s sdktrace.ReadWriteSpan) {
	if !s.SpanContext().IsSampled() {
		return
	}
	o.mu.Lock()
	o.spans[s.SpanContext().SpanID()] = s
	o.mu.Unlock()
}

// OnEnd forgets s.
func (o *Open) OnEnd(s sdktrace.ReadOnlySpan) {
	if !s.SpanContext().IsSampled() {
		return
	}
	o.mu.Lock()
	delete(o.spans, s.SpanContext().SpanID())
	o.mu.Unlock()
}

// EndAll ends every span still open with status Error and
// error.type=shutdown, and returns how many it ended.
func (o *Open) EndAll() int {
	o.mu.Lock()
	open := make([]sdktrace.ReadWriteSpan, 0, len(o.spans))
	for _, s := range o.spans {
		open = append(open, s)
	}
	o.mu.Unlock()
	for _, s := range open {
		s.SetAttributes(semconv.ErrorType.String(ErrorTypeShutdown))
		s.SetStatus(codes.Error, "openlit: ended by Shutdown before the span ended (a stream not read to its end, or a call in flight)")
		s.End()
	}
	return len(open)
}

// Shutdown does nothing.
func (*Open) Shutdown(context.Context) error { return nil }

// ForceFlush does nothing.
func (*Open) ForceFlush(context.Context) error { return nil }
