#!/usr/bin/env bash
# Runs the plain-vs-instrumented benchmarks over the same loopback replay
# server and prints medians, ratios and what openlit-go adds per call and per
# streamed chunk. COUNT (default 6) repetitions steady the ratios on a noisy
# machine; BENCHTIME (default 1s) is each run's length.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${COUNT:-6}
benchtime=${BENCHTIME:-1s}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "go: $(go version)  cores: $(nproc)  count: $count  benchtime: $benchtime"
go test -run '^$' -bench . -benchmem -count "$count" -benchtime "$benchtime" ./instrumentation/openlitopenai/ ./internal/genai/ | tee "$out" | grep -E '^Benchmark(Call|Init)' || true
go run ./bench/report < "$out"
