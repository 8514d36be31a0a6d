package spanproc

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/openlit/openlit-go/internal/errcapture"
)

// slowExporter takes delay per export (or until ctx ends) and counts what
// it exported and how many exports ran at once.
type slowExporter struct {
	delay             time.Duration
	exported, running atomic.Int64
	peak              atomic.Int64
}

func (e *slowExporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	n := e.running.Add(1)
	defer e.running.Add(-1)
	for {
		p := e.peak.Load()
		if n <= p || e.peak.CompareAndSwap(p, n) {
			break
		}
	}
	select {
	case <-time.After(e.delay):
		e.exported.Add(int64(len(spans)))
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (*slowExporter) Shutdown(context.Context) error { return nil }

func endSpans(t *testing.T, p *Direct, n int) time.Duration {
	t.Helper()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(p))
	defer func() { _ = tp.Shutdown(context.Background()) }()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var slowest time.Duration
	for range n {
		wg.Go(func() {
			_, span := tp.Tracer("t").Start(context.Background(), "s")
			start := time.Now()
			span.End()
			mu.Lock()
			slowest = max(slowest, time.Since(start))
			mu.Unlock()
		})
	}
	wg.Wait()
	return slowest
}

// Exports run concurrently: 16 spans on a 200 ms collector take about one
// export, not 16.
func TestDirectConcurrent(t *testing.T) {
	exp := &slowExporter{delay: 200 * time.Millisecond}
	p := NewDirect(exp, 2*time.Second, 0)
	slowest := endSpans(t, p, 16)
	if slowest > time.Second {
		t.Errorf("slowest End took %v", slowest)
	}
	if exp.exported.Load() != 16 || p.Dropped() != 0 {
		t.Errorf("exported %d, dropped %d", exp.exported.Load(), p.Dropped())
	}
	if exp.peak.Load() < 2 {
		t.Error("exports did not overlap")
	}
}

// stuckExporter holds every export for delay, ignoring its context, as a
// misbehaving exporter would.
type stuckExporter struct {
	delay         time.Duration
	running, peak atomic.Int64
}

func (e *stuckExporter) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error {
	n := e.running.Add(1)
	defer e.running.Add(-1)
	for p := e.peak.Load(); n > p && !e.peak.CompareAndSwap(p, n); p = e.peak.Load() {
	}
	time.Sleep(e.delay)
	return nil
}

func (*stuckExporter) Shutdown(context.Context) error { return nil }

// With every slot held past the timeout, a span waits at most the timeout
// for a slot, is dropped, counted and reported; concurrency never exceeds
// the limit.
func TestDirectBoundedWhenSaturated(t *testing.T) {
	errs := errcapture.Capture(t)
	exp := &stuckExporter{delay: time.Second}
	const timeout = 200 * time.Millisecond
	p := NewDirect(exp, timeout, 4)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(p))
	defer func() { _ = tp.Shutdown(context.Background()) }()
	var wg sync.WaitGroup
	end := func() time.Duration {
		_, span := tp.Tracer("t").Start(context.Background(), "s")
		start := time.Now()
		span.End()
		return time.Since(start)
	}
	for range 4 { // these take every slot for a second
		wg.Go(func() { end() })
	}
	for exp.running.Load() < 4 {
		time.Sleep(time.Millisecond)
	}
	var mu sync.Mutex
	var slowest time.Duration
	for range 8 { // these find no slot
		wg.Go(func() {
			d := end()
			mu.Lock()
			slowest = max(slowest, d)
			mu.Unlock()
		})
	}
	wg.Wait()
	if slowest > timeout+300*time.Millisecond {
		t.Errorf("a span waiting for a slot took %v, timeout %v", slowest, timeout)
	}
	if exp.peak.Load() > 4 {
		t.Errorf("%d exports at once over a limit of 4", exp.peak.Load())
	}
	if p.Dropped() != 8 || len(errs.Messages()) != 8 {
		t.Errorf("dropped %d, reported %d; want 8", p.Dropped(), len(errs.Messages()))
	}
}

// Shutdown returns by its deadline and later spans are not exported.
func TestDirectShutdown(t *testing.T) {
	exp := &slowExporter{delay: 10 * time.Millisecond}
	p := NewDirect(exp, time.Second, 0)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := p.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	endSpans(t, p, 3)
	if exp.exported.Load() != 0 {
		t.Error("exported after Shutdown")
	}
}
