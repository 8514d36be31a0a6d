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

// measure makes n calls of v on g goroutines with procs Ps (GOMAXPROCS),
// flushes their spans, and asserts the collector received every one.
func (r *rig) measure(tb testing.TB, v variant, n, g, procs int) sample {
	tb.Helper()
	ctx := context.Background()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
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

// callsPer is how many calls one sample makes: about a second of each
// variant on a 2-core machine.
func callsPer(op string) int {
	if op == opStream {
		return 1000
	}
	return 4000
}

// figure is a variant's medians over a run's rounds, in ns per call: its
// CPU, wall time and allocations, and what it adds to the plain client,
// the median of the differences between the two in each round (paired, so
// that drift on the machine cancels out).
type figure struct {
	cpu, wall, allocs     float64
	addedCPU, addedAllocs float64
}

// figures are a run's figures per variant, for one op and one number of
// goroutines.
type figures map[string]figure

// runRounds measures every variant rounds times on g goroutines and procs
// Ps, interleaved, so that drift on the machine touches each alike, and
// returns the medians.
func (r *rig) runRounds(tb testing.TB, names []string, rounds, g, procs int) figures {
	tb.Helper()
	samples := map[string][]sample{}
	n := callsPer(r.op)
	for _, name := range names {
		r.measure(tb, r.variants[name], n/10, g, procs) // warm-up: connections, caches
	}
	for round := range rounds {
		// Each round starts one variant further on, so that no variant
		// always follows the same one.
		for i := range names {
			name := names[(i+round)%len(names)]
			samples[name] = append(samples[name], r.measure(tb, r.variants[name], n, g, procs))
		}
	}
	f := figures{}
	for name, ss := range samples {
		fig := figure{cpu: median(ss, sample.cpuPerCall), wall: median(ss, sample.wallPerCall), allocs: median(ss, sample.allocsPerCall)}
		if plain, ok := samples[plainName]; ok && name != plainName {
			fig.addedCPU = medianDiff(ss, plain, sample.cpuPerCall)
			fig.addedAllocs = medianDiff(ss, plain, sample.allocsPerCall)
		}
		f[name] = fig
	}
	return f
}

// medianDiff is the median over rounds of f(a[i]) - f(b[i]).
func medianDiff(a, b []sample, f func(sample) float64) float64 {
	d := make([]float64, len(a))
	for i := range a {
		d[i] = f(a[i]) - f(b[i])
	}
	return medianOf(d)
}

func median(ss []sample, f func(sample) float64) float64 {
	v := make([]float64, len(ss))
	for i, s := range ss {
		v[i] = f(s)
	}
	return medianOf(v)
}

// medianOf is the median of v (which it sorts).
func medianOf(v []float64) float64 {
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// run is one run's figures: chat and stream serial on one P, where the
// CPU a call costs is its work alone; chat serial and on four goroutines
// on every P, where it includes the scheduler's (spinning for work between
// the client, the server and the exporter: on two cores about as much
// again, and noisy) and the contention of parallel calls.
type run struct {
	chat, stream, serial, parallel figures
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
	return f[name].addedCPU, f[name].addedAllocs
}

func (r run) ratios() ratios {
	typed, typedAllocs := added(r.chat, typedName)
	mw, _ := added(r.chat, middlewareName)
	tr, _ := added(r.chat, transportName)
	par, _ := added(r.parallel, typedName)
	ser, _ := added(r.serial, typedName)
	st, stAllocs := added(r.stream, typedName)
	return ratios{
		typedVsFloor:      typed / r.chat[floorName].cpu,
		middlewareVsTyped: mw / typed,
		transportVsTyped:  tr / typed,
		parallelVsSerial:  par / ser,
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
	procs := runtime.GOMAXPROCS(0)
	chat := newRig(tb, opChat)
	out.chat = chat.runRounds(tb, variantNames, rounds, 1, 1)
	wire := []string{plainName, typedName, middlewareName, transportName}
	out.serial = chat.runRounds(tb, wire, rounds, 1, procs)
	out.parallel = chat.runRounds(tb, wire, rounds, 4, procs)
	chat.close(tb)
	stream := newRig(tb, opStream)
	out.stream = stream.runRounds(tb, variantNames, rounds, 1, 1)
	stream.close(tb)
	return out
}

// table is the run's figures as the README shows them.
func (r run) table() string {
	var b strings.Builder
	b.WriteString("| per call (one P unless said) | CPU | added CPU | allocations | added allocations | wall |\n|---|---|---|---|---|---|\n")
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
		row("chat, every P, "+name, r.serial, name)
	}
	for _, name := range []string{plainName, typedName, middlewareName, transportName} {
		row("chat, every P, ×4 goroutines, "+name, r.parallel, name)
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
