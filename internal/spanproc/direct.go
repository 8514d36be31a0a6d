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
//
// A collector that fails an export (down, hanging, refusing) is not asked
// again on the app's path: for a back-off (1 s, doubling to 30 s) spans are
// dropped at once and counted; then one span is exported in the background
// as a probe, and the collector is used again when it succeeds. So an app
// pays one export timeout per call only until the first failure, not for
// every call while the collector stays dead.
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

	// The circuit: while now < downUntil the collector is not asked on
	// the app's path; probing is set while the background probe runs.
	cmu       sync.Mutex
	downUntil time.Time
	backoff   time.Duration
	probing   bool
	reported  bool
}

// Back-off of the circuit after a failed export.
const (
	firstBackoff = time.Second
	maxBackoff   = 30 * time.Second
)

// admit decides how the span goes: exported on the caller's path (the
// collector is up), exported in the background as the probe (the back-off
// has passed), or dropped (the collector is down and a probe is running or
// the back-off has not passed); firstDrop is true for the first span
// dropped since the collector went down, whose drop is reported.
func (p *Direct) admit() (direct, probe, firstDrop bool) {
	p.cmu.Lock()
	defer p.cmu.Unlock()
	if p.downUntil.IsZero() {
		return true, false, false
	}
	if p.probing || time.Now().Before(p.downUntil) {
		firstDrop, p.reported = !p.reported, true
		return false, false, firstDrop
	}
	p.probing = true
	return false, true, false
}

// result records an export's outcome: a failure opens the circuit (or
// doubles its back-off), a success closes it.
func (p *Direct) result(err error, probe bool) {
	p.cmu.Lock()
	defer p.cmu.Unlock()
	if probe {
		p.probing = false
	}
	if err == nil {
		if !p.downUntil.IsZero() {
			p.downUntil, p.backoff, p.reported = time.Time{}, 0, false
		}
		return
	}
	if p.downUntil.IsZero() || probe {
		p.backoff = min(max(2*p.backoff, firstBackoff), maxBackoff)
		p.downUntil = time.Now().Add(p.backoff)
	}
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
	direct, probe, firstDrop := p.admit()
	switch {
	case probe:
		go func() {
			defer p.inflight.Done()
			p.export(s, true)
		}()
	case direct:
		defer p.inflight.Done()
		p.export(s, false)
	default:
		defer p.inflight.Done()
		n := p.dropped.Add(1)
		if firstDrop {
			otel.Handle(fmt.Errorf("openlit: the collector failed an export: spans are dropped without waiting until a background probe succeeds (%d dropped so far)", n))
		}
	}
}

// export exports s within the timeout, waiting for a free slot first.
func (p *Direct) export(s sdktrace.ReadOnlySpan, probe bool) {
	ctx, cancel := context.WithTimeout(context.Background(), p.timeout)
	defer cancel()
	select {
	case p.slots <- struct{}{}:
	case <-ctx.Done():
		n := p.dropped.Add(1)
		otel.Handle(fmt.Errorf("openlit: span dropped: %d exports already in flight for %v (collector slow or down); %d dropped so far", cap(p.slots), p.timeout, n))
		p.result(ctx.Err(), probe)
		return
	}
	defer func() { <-p.slots }()
	err := p.exp.ExportSpans(ctx, []sdktrace.ReadOnlySpan{s})
	p.result(err, probe)
	if err != nil {
		otel.Handle(err)
	}
}

// Dropped is how many spans were dropped because no export slot freed up
// within the timeout or the collector was down.
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
