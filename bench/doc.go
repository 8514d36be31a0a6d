// Package bench measures what openlit-go costs a Go program that calls a
// model, on the real export pipeline: openlit.Init exporting over OTLP/HTTP
// to a collector on loopback that counts every span it receives, openai-go
// calling a replay server on loopback, each variant paying for the export
// of its own spans.
//
// The module holds benchmarks and a report only; it is its own module so
// that its references (otelhttp) stay out of the library's dependencies.
// Run the report, three runs of five interleaved rounds:
//
//	OPENLIT_BENCH_GUARD=1 OPENLIT_BENCH_RUNS=3 go test -C bench -count=1 -run TestPipelineReport -v .
//
// or the benchmarks, for benchstat:
//
//	go test -C bench -run '^$' -bench . -count 6 .
package bench
