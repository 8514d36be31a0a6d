package bench

import (
	"os"
	"runtime"
	"testing"
	"time"
)

// Targets (issue 26), on the medians over runs; the guard fails CI only
// past the bounds, far enough from the targets that a noisy shared
// machine does not trip them. The CPU ratios move by a factor of two
// from one machine or run to the next (typed ÷ floor has measured 1.2 on
// one 2-core machine and 2.8 on another; a stream's CPU per chunk, a
// difference of two 5–6 ms figures, from -1.6 to +3.6 µs), so their
// bounds only catch a gross regression; the allocation counts are stable
// to the unit and carry the tight bounds.
var targets = []struct {
	what          string
	get           func(ratios) float64
	target, guard float64
}{
	{"typed added CPU ÷ floor CPU", func(q ratios) float64 { return q.typedVsFloor }, 1.0, 5.0},
	{"middleware added CPU ÷ typed added", func(q ratios) float64 { return q.middlewareVsTyped }, 1.2, 3.0},
	{"transport added CPU ÷ typed added", func(q ratios) float64 { return q.transportVsTyped }, 1.2, 3.0},
	{"parallel added CPU per call ÷ serial", func(q ratios) float64 { return q.parallelVsSerial }, 1.1, 3.0},
	{"stream added CPU per chunk beyond a call's (µs)", func(q ratios) float64 { return q.chunkCPU }, 0.3, 10.0},
	{"stream added allocations per chunk beyond a call's", func(q ratios) float64 { return q.chunkAllocs }, 0.1, 0.3},
	{"typed added allocations ÷ floor allocations", func(q ratios) float64 { return q.typedAllocs / q.floorAllocs }, 1.0, 1.3},
}

// TestGuardPipeline measures every variant on the real pipeline
// (OPENLIT_BENCH_RUNS runs, default 1, of OPENLIT_BENCH_ROUNDS interleaved
// rounds, default 5), logs each run's table and ratios and the medians
// over runs, and fails only on a large regression. It never passes over a
// dropped span: every measurement asserts the collector received them all.
//
//	OPENLIT_BENCH_GUARD=1 OPENLIT_BENCH_RUNS=3 go test -C bench -count=1 -run TestGuardPipeline -v .
func TestGuardPipeline(t *testing.T) {
	if os.Getenv("OPENLIT_BENCH_GUARD") != "1" {
		t.Skip("set OPENLIT_BENCH_GUARD=1 (without -race) to run the performance guard")
	}
	runs, rounds := envInt("OPENLIT_BENCH_RUNS", 1), envInt("OPENLIT_BENCH_ROUNDS", 5)
	t.Logf("%s, %d CPUs, GOMAXPROCS %d, %s; %d runs of %d rounds",
		runtime.Version(), runtime.NumCPU(), runtime.GOMAXPROCS(0), time.Now().UTC().Format(time.DateOnly), runs, rounds)
	var all []ratios
	for i := range runs {
		r := measureRun(t, rounds)
		q := r.ratios()
		all = append(all, q)
		t.Logf("run %d:\n%s%s", i+1, r.table(), q)
	}
	for _, tg := range targets {
		v := make([]float64, len(all))
		for i, q := range all {
			v[i] = tg.get(q)
		}
		m := medianOf(v)
		met := "met"
		if m > tg.target {
			met = "NOT met"
		}
		t.Logf("%s: median %.3f over %d runs (range %.3f…%.3f); target ≤ %.2f %s; guard %.2f", tg.what, m, len(v), v[0], v[len(v)-1], tg.target, met, tg.guard)
		if m > tg.guard {
			t.Errorf("%s is %.3f, past the guard's %.2f (target %.2f)", tg.what, m, tg.guard, tg.target)
		}
	}
}

// BenchmarkPipeline reports, per operation and variant, wall time, process
// CPU per call (cpu-ns/op: the calls, the export goroutines, the collector
// and replay server on loopback, the garbage collector) and allocations,
// each variant's spans flushed inside its timing:
//
//	go test -C bench -run '^$' -bench Pipeline -count 6 .
func BenchmarkPipeline(b *testing.B) {
	for _, op := range []string{opChat, opStream} {
		b.Run("op="+op, func(b *testing.B) {
			r := newRig(b, op)
			for _, name := range variantNames {
				b.Run("path="+name, func(b *testing.B) {
					b.ReportAllocs()
					s := r.measure(b, r.variants[name], b.N, 1, runtime.GOMAXPROCS(0))
					b.ReportMetric(s.cpuPerCall(), "cpu-ns/op")
				})
			}
		})
	}
}
