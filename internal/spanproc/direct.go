package spanproc

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// DefaultMaxConcurrent is how many exports may be in flight at once.
const DefaultMaxConcurrent = 32

// Direct exports each sampled span as it ends, on the goroutine that ends
// it. Unlike the SDK's simple span processor, which holds a lock across the
// export so concurrent calls queue behind a slow collector (16 calls behind
// one that hangs wait 16 export timeouts), Direct runs up to MaxConcurrent
// exports at once, and the wait for a free slot and the export together take
// at most one timeout: a span that cannot be exported by then is dropped
// and counted (Dropped), and the drop reported through otel.Handle.
type Direct struct {
	exp      sdktrace.SpanExporter
	timeout  time.Duration
	slots    chan struct{}
	mu       sync.RWMutex // guards stopped against wg.Add after Shutdown's Wait
	stopped  bool
	inflight sync.WaitGroup
	dropped  atomic.Int64
	stopOnce sync.Once
	stopErr  error
}

// NewDirect returns a processor exporting to exp, each span within timeout,
// with at most maxConcurrent exports in flight (DefaultMaxConcurrent when
// maxConcurrent <= 0).
func NewDirect(exp sdktrace.SpanExporter, timeout time.Duration, maxConcurrent int) *Direct {
	if maxConcurrent <= 0 {
		maxConcurrent = DefaultMaxConcurrent
	}
	return &Direct{exp: exp, timeout: timeout, slots: make(chan struct{}, maxConcurrent)}
}

// OnStart does nothing.
func (*Direct) OnStart(context.Context, sdktrace.ReadWriteSpan) {}

// OnEnd exports s if it is sampled, returning within the timeout.
func (p *Direct) OnEnd(s sdktrace.ReadOnlySpan) {
	if !s.SpanContext().IsSampled() {
		return
	}
	p.mu.RLock()
	if p.stopped {
		p.mu.RUnlock()
		return
	}
	p.inflight.Add(1)
	p.mu.RUnlock()
	defer p.inflight.Done()

	ctx, cancel := context.WithTimeout(context.Background(), p.timeout)
	defer cancel()
	select {
	case p.slots <- struct{}{}:
	case <-ctx.Done():
		n := p.dropped.Add(1)
		otel.Handle(fmt.Errorf("openlit: span dropped: %d exports already in flight for %v (collector slow or down); %d dropped so far", cap(p.slots), p.timeout, n))
		return
	}
	defer func() { <-p.slots }()
	if err := p.exp.ExportSpans(ctx, []sdktrace.ReadOnlySpan{s}); err != nil {
		otel.Handle(err)
	}
}

// Dropped is how many spans were dropped because no export slot freed up
// within the timeout.
func (p *Direct) Dropped() int64 { return p.dropped.Load() }

// ForceFlush does nothing: every span is exported, or dropped, before its
// End returns.
func (*Direct) ForceFlush(context.Context) error { return nil }

// Shutdown stops exporting, waits (within ctx) for the exports in flight,
// and shuts the exporter down.
func (p *Direct) Shutdown(ctx context.Context) error {
	p.stopOnce.Do(func() {
		p.mu.Lock()
		p.stopped = true
		p.mu.Unlock()
		done := make(chan struct{})
		go func() {
			p.inflight.Wait()
			close(done)
		}()
		select {
		case <-done:
		case <-ctx.Done():
		}
		p.stopErr = p.exp.Shutdown(ctx)
	})
	return p.stopErr
}
