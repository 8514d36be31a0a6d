package consoleview

import (
	"context"
	"io"
	"os"
	"sync"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// maxPending bounds how many ended spans wait for their trace's root; past
// it the oldest trace is printed as it stands.
const maxPending = 4096

// remoteGrace is how long a span whose parent is in another process waits
// for that parent to end here: an in-process MCP server's span has its
// client's span as a remote parent, and the client's trace ends later.
const remoteGrace = 2 * time.Second

// maxPrinted is how many printed traces are remembered, so that a span
// ending after its root is shown as the continuation of its trace.
const maxPrinted = 256

// View prints traces and totals to a writer. Its methods are safe for
// concurrent use.
type View struct {
	mu      sync.Mutex
	w       io.Writer
	style   style
	pending map[trace.TraceID][]sdktrace.ReadOnlySpan
	order   []trace.TraceID // pending traces, oldest first
	npend   int
	printed []trace.TraceID // ring of printed traces
	next    int
	timers  map[trace.TraceID]*time.Timer // traces waiting out grace
	grace   time.Duration                 // remoteGrace, shorter in tests
	tally   tally
	hist    *histograms
	done    bool
}

// Option configures a View.
type Option func(*View)

// WithColor turns ANSI colour on or off; by default it is on when the
// writer is a terminal and NO_COLOR is unset or empty and TERM is not
// "dumb".
func WithColor(on bool) Option {
	return func(v *View) { v.style = style{color: on} }
}

// New returns a View writing to w.
func New(w io.Writer, opts ...Option) *View {
	v := &View{w: w, pending: map[trace.TraceID][]sdktrace.ReadOnlySpan{}, style: style{color: ColorFor(w)}, grace: remoteGrace}
	for _, o := range opts {
		o(v)
	}
	return v
}

// ColorFor reports whether text written to w may be coloured: w is a
// terminal, NO_COLOR is unset or empty (no-color.org) and TERM is not
// "dumb".
func ColorFor(w io.Writer) bool {
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	return IsTerminal(w)
}

// SpanExporter returns the exporter that prints traces.
func (v *View) SpanExporter() sdktrace.SpanExporter { return spanExporter{v} }

type spanExporter struct{ v *View }

// ExportSpans prints every trace whose root span is among spans (or came
// earlier), with its descendants that ended before it.
func (e spanExporter) ExportSpans(_ context.Context, spans []sdktrace.ReadOnlySpan) error {
	return e.v.add(spans)
}

// Shutdown prints the spans still waiting for their root, each subtree as
// a trace of its own.
func (e spanExporter) Shutdown(context.Context) error { return e.v.flush() }

func (v *View) add(spans []sdktrace.ReadOnlySpan) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	var out []byte
	for _, s := range spans {
		v.tally.add(s)
		id := s.SpanContext().TraceID()
		if !s.Parent().IsValid() {
			out = v.render(out, id, append(v.take(id), s), v.wasPrinted(id))
			v.remember(id)
			continue
		}
		if v.wasPrinted(id) {
			out = v.render(out, id, []sdktrace.ReadOnlySpan{s}, true)
			continue
		}
		if _, ok := v.pending[id]; !ok {
			v.order = append(v.order, id)
		}
		v.pending[id] = append(v.pending[id], s)
		v.npend++
		if s.Parent().IsRemote() {
			v.wait(id)
		}
		for v.npend > maxPending && len(v.order) > 0 {
			old := v.order[0]
			out = v.render(out, old, v.take(old), false)
			v.remember(old)
		}
	}
	return v.write(out)
}

// wait prints trace id after remoteGrace unless its root ends first: a
// span whose parent is remote may be the root of what this process does
// in another's trace (a server), or a child of a span here that ends
// later (an in-process MCP server).
func (v *View) wait(id trace.TraceID) {
	if _, ok := v.timers[id]; ok {
		return
	}
	if v.timers == nil {
		v.timers = map[trace.TraceID]*time.Timer{}
	}
	v.timers[id] = time.AfterFunc(v.grace, func() {
		v.mu.Lock()
		defer v.mu.Unlock()
		if _, ok := v.timers[id]; !ok {
			return
		}
		out := v.render(nil, id, v.take(id), v.wasPrinted(id))
		v.remember(id)
		_ = v.write(out)
	})
}

// take removes and returns the pending spans of trace id.
func (v *View) take(id trace.TraceID) []sdktrace.ReadOnlySpan {
	if t, ok := v.timers[id]; ok {
		t.Stop()
		delete(v.timers, id)
	}
	spans, ok := v.pending[id]
	if !ok {
		return nil
	}
	delete(v.pending, id)
	v.npend -= len(spans)
	for i, t := range v.order {
		if t == id {
			v.order = append(v.order[:i], v.order[i+1:]...)
			break
		}
	}
	return spans
}

func (v *View) remember(id trace.TraceID) {
	if len(v.printed) < maxPrinted {
		v.printed = append(v.printed, id)
		return
	}
	v.printed[v.next] = id
	v.next = (v.next + 1) % maxPrinted
}

func (v *View) wasPrinted(id trace.TraceID) bool {
	for _, t := range v.printed {
		if t == id {
			return true
		}
	}
	return false
}

// flush prints every pending trace.
func (v *View) flush() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	var out []byte
	for len(v.order) > 0 {
		id := v.order[0]
		out = v.render(out, id, v.take(id), false)
		v.remember(id)
	}
	return v.write(out)
}

func (v *View) write(out []byte) error {
	if len(out) == 0 {
		return nil
	}
	_, err := v.w.Write(out)
	return err
}

// Summary prints the totals per model once, after the providers have shut
// down (so the metric exporter has seen the final collection). Later calls
// print nothing.
func (v *View) Summary() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.done {
		return nil
	}
	v.done = true
	return v.write(v.summary(nil))
}
