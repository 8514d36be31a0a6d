package bench

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// sample is one measurement of a variant: n calls and the flush of their
// spans, what the process spent on them.
type sample struct {
	cpu, wall time.Duration
	allocs    uint64
	n         int
}

func (s sample) cpuPerCall() float64    { return float64(s.cpu) / float64(s.n) }
func (s sample) wallPerCall() float64   { return float64(s.wall) / float64(s.n) }
func (s sample) allocsPerCall() float64 { return float64(s.allocs) / float64(s.n) }

// measure makes n calls of v on g goroutines, flushes their spans, and
// asserts the collector received every one.
func (r *rig) measure(tb testing.TB, v variant, n, g int) sample {
	tb.Helper()
	ctx := context.Background()
	runtime.GC()
	before := r.col.spans.Load()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	mallocs, cpu, start := ms.Mallocs, processCPU(), time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, g)
	for i := range g {
		calls := n / g
		if i < n%g {
			calls++
		}
		wg.Go(func() {
			for range calls {
				if err := v.call(ctx); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	r.flush(tb)
	s := sample{wall: time.Since(start), cpu: processCPU() - cpu, n: n}
	runtime.ReadMemStats(&ms)
	s.allocs = ms.Mallocs - mallocs
	close(errs)
	for err := range errs {
		tb.Fatalf("%s %s: %v", r.op, v.name, err)
	}
	if got, want := r.col.spans.Load()-before, int64(n*v.spans); got != want {
		tb.Fatalf("%s %s: the collector received %d spans of %d (%d requests it could not read)", r.op, v.name, got, want, r.col.bad.Load())
	}
	return s
}

// callsPer is how many calls one sample makes: about half a second of
// each variant on a 2-core machine.
func callsPer(op string) int {
	if op == opStream {
		return 100
	}
	return 1500
}

// figures are one run's medians over its rounds, per variant, for one op
// and one number of goroutines; CPU and wall in ns per call.
type figures map[string]struct{ cpu, wall, allocs float64 }

// runRounds measures every variant rounds times, interleaved, so that
// drift on the machine touches each alike, and returns the medians.
func (r *rig) runRounds(tb testing.TB, names []string, rounds, g int) figures {
	tb.Helper()
	samples := map[string][]sample{}
	n := callsPer(r.op)
	for _, name := range names {
		r.measure(tb, r.variants[name], n/10, g) // warm-up: connections, caches
	}
	for range rounds {
		for _, name := range names {
			samples[name] = append(samples[name], r.measure(tb, r.variants[name], n, g))
		}
	}
	f := figures{}
	for name, ss := range samples {
		f[name] = struct{ cpu, wall, allocs float64 }{
			median(ss, sample.cpuPerCall), median(ss, sample.wallPerCall), median(ss, sample.allocsPerCall)}
	}
	return f
}

func median(ss []sample, f func(sample) float64) float64 {
	v := make([]float64, len(ss))
	for i, s := range ss {
		v[i] = f(s)
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// run is one run's figures: chat serial, chat on four goroutines, stream.
type run struct {
	chat, parallel, stream figures
}

// ratios are the figures the targets are stated in.
type ratios struct {
	typedVsFloor      float64 // typed added CPU ÷ the floor's CPU
	middlewareVsTyped float64 // middleware added CPU ÷ typed added
	transportVsTyped  float64 // transport added CPU ÷ typed added
	parallelVsSerial  float64 // typed added CPU per call on 4 goroutines ÷ serial
	chunkCPU          float64 // µs of added CPU per content chunk beyond a plain call's added
	chunkAllocs       float64 // added allocations per content chunk beyond a plain call's added
	typedAllocs       float64 // typed added allocations per chat call
	floorAllocs       float64 // the floor's allocations per call
}

func added(f figures, name string) (cpu, allocs float64) {
	return f[name].cpu - f[plainName].cpu, f[name].allocs - f[plainName].allocs
}

func (r run) ratios() ratios {
	typed, typedAllocs := added(r.chat, typedName)
	mw, _ := added(r.chat, middlewareName)
	tr, _ := added(r.chat, transportName)
	par, _ := added(r.parallel, typedName)
	st, stAllocs := added(r.stream, typedName)
	return ratios{
		typedVsFloor:      typed / r.chat[floorName].cpu,
		middlewareVsTyped: mw / typed,
		transportVsTyped:  tr / typed,
		parallelVsSerial:  par / typed,
		chunkCPU:          (st - typed) / contentChunks / 1e3,
		chunkAllocs:       (stAllocs - typedAllocs) / contentChunks,
		typedAllocs:       typedAllocs,
		floorAllocs:       r.chat[floorName].allocs,
	}
}

// envInt is the environment variable's value, or def.
func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// measureRun is one run: a rig per operation, every variant.
func measureRun(tb testing.TB, rounds int) run {
	tb.Helper()
	var out run
	chat := newRig(tb, opChat)
	out.chat = chat.runRounds(tb, variantNames, rounds, 1)
	out.parallel = chat.runRounds(tb, []string{plainName, typedName, middlewareName, transportName}, rounds, 4)
	stream := newRig(tb, opStream)
	out.stream = stream.runRounds(tb, variantNames, rounds, 1)
	return out
}

// table is the run's figures as the README shows them.
func (r run) table() string {
	var b strings.Builder
	b.WriteString("| per call | CPU | added CPU | allocations | added allocations | wall |\n|---|---|---|---|---|---|\n")
	row := func(label string, f figures, name string) {
		v := f[name]
		if name == plainName || name == floorName {
			fmt.Fprintf(&b, "| %s | %.1f µs | | %.0f | | %.1f µs |\n", label, v.cpu/1e3, v.allocs, v.wall/1e3)
			return
		}
		cpu, allocs := added(f, name)
		fmt.Fprintf(&b, "| %s | %.1f µs | +%.1f µs | %.0f | %+.0f | %.1f µs |\n", label, v.cpu/1e3, cpu/1e3, v.allocs, allocs, v.wall/1e3)
	}
	for _, name := range variantNames {
		row("chat, "+name, r.chat, name)
	}
	for _, name := range []string{plainName, typedName, middlewareName, transportName} {
		row("chat ×4 goroutines, "+name, r.parallel, name)
	}
	for _, name := range variantNames {
		row("200-chunk stream, "+name, r.stream, name)
	}
	return b.String()
}

func (q ratios) String() string {
	return fmt.Sprintf("typed added ÷ floor %.2f; middleware ÷ typed %.2f; transport ÷ typed %.2f; parallel ÷ serial %.2f; "+
		"stream per chunk +%.3f µs, %+.3f allocs; typed added allocs %.0f, floor allocs %.0f",
		q.typedVsFloor, q.middlewareVsTyped, q.transportVsTyped, q.parallelVsSerial, q.chunkCPU, q.chunkAllocs, q.typedAllocs, q.floorAllocs)
}
