// Command report reads `go test -bench` output with sub-benchmarks named
// mode=plain and mode=instrumented and prints, for each case, the median
// ns/op, B/op and allocs/op of both, the ratios instrumented/plain, and the
// time and allocations openlit-go adds per call (and per chunk, for
// benchmarks that report a chunks/op metric).
//
//	go test -run '^$' -bench . -count 6 ./instrumentation/openlitopenai/ | go run ./bench/report
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// sample is one benchmark result line's metrics.
type sample map[string]float64

func main() {
	cases, order, err := parse(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
	if len(order) == 0 {
		fmt.Fprintln(os.Stderr, "report: no mode=plain / mode=instrumented benchmarks in the input")
		os.Exit(1)
	}
	fmt.Printf("%-20s %12s %12s %7s %10s %9s %9s %7s %8s %8s %8s\n",
		"case", "plain ns/op", "inst ns/op", "ratio", "+µs/call", "plain B", "inst B", "+allocs", "allocs×", "+µs/chk", "+al/chk")
	for _, name := range order {
		p, i := cases[name]["plain"], cases[name]["instrumented"]
		if len(p) == 0 || len(i) == 0 {
			continue
		}
		pns, ins := median(p, "ns/op"), median(i, "ns/op")
		pal, ial := median(p, "allocs/op"), median(i, "allocs/op")
		line := fmt.Sprintf("%-20s %12.0f %12.0f %7.3f %10.2f %9.0f %9.0f %7.0f %8.3f",
			name, pns, ins, ins/pns, (ins-pns)/1e3, median(p, "B/op"), median(i, "B/op"), ial-pal, ial/pal)
		if chunks := median(i, "chunks/op"); chunks > 0 {
			line += fmt.Sprintf(" %8.3f %8.3f", (ins-pns)/1e3/chunks, (ial-pal)/chunks)
		}
		fmt.Println(line)
	}
}

// parse groups result lines by case (the benchmark name without its mode
// and GOMAXPROCS suffix) and mode.
func parse(r io.Reader) (map[string]map[string][]sample, []string, error) {
	cases := map[string]map[string][]sample{}
	var order []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") {
			continue
		}
		name, mode, ok := strings.Cut(fields[0], "/mode=")
		if !ok {
			continue
		}
		if i := strings.LastIndexByte(mode, '-'); i > 0 {
			mode = mode[:i]
		}
		name = strings.TrimPrefix(name, "Benchmark")
		s := sample{}
		for j := 2; j+1 < len(fields); j += 2 {
			v, err := strconv.ParseFloat(fields[j], 64)
			if err != nil {
				return nil, nil, fmt.Errorf("%q: %w", sc.Text(), err)
			}
			s[fields[j+1]] = v
		}
		if cases[name] == nil {
			cases[name] = map[string][]sample{}
			order = append(order, name)
		}
		cases[name][mode] = append(cases[name][mode], s)
	}
	return cases, order, sc.Err()
}

func median(ss []sample, unit string) float64 {
	var v []float64
	for _, s := range ss {
		if x, ok := s[unit]; ok {
			v = append(v, x)
		}
	}
	if len(v) == 0 {
		return 0
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}
