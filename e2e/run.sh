#!/usr/bin/env bash
# End to end against Jaeger v2: build it from the Go module proxy (cached in
# $OPENLIT_E2E_CACHE, default ~/.cache/openlit-go), start it on free loopback
# ports with a memory store, run the e2e tests (examples/chat, stream,
# zerocode, anthropic, gemini, bedrock, agent, eino and langfuse exporting to it over OTLP/HTTP, then Jaeger's query
# API checked),
# and stop it by its process id.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
cache=${OPENLIT_E2E_CACHE:-$HOME/.cache/openlit-go}
version=v1.76.0
bin=$cache/jaeger-$version
mkdir -p "$cache"
if [ ! -x "$bin" ]; then
  echo "--- building Jaeger $version (cached at $bin)"
  start=$(date +%s)
  (cd e2e/tools && go build -o "$bin.tmp" github.com/jaegertracing/jaeger/cmd/jaeger)
  mv "$bin.tmp" "$bin"
  echo "built in $(( $(date +%s) - start )) s"
fi

# Free loopback ports: nothing answers a connect on them.
free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 20000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "no free port" >&2; exit 1
}
export JAEGER_OTLP_PORT=$(free_port) JAEGER_QUERY_PORT=$(free_port)
export JAEGER_QUERY_GRPC_PORT=$(free_port) JAEGER_HEALTH_PORT=$(free_port) JAEGER_PROM_PORT=$(free_port)
# The Collector's Langfuse exporter goes to a stand-in the e2e test serves on
# this port, with made-up keys (docs/running-at-scale.md).
export E2E_LANGFUSE_PORT=$(free_port)
export LANGFUSE_OTEL_ENDPOINT=http://127.0.0.1:$E2E_LANGFUSE_PORT/api/public/otel
export LANGFUSE_AUTH=$(printf '%s' 'pk-lf-e2e:sk-lf-e2e' | base64 -w0)

log=$(mktemp)
# OTEL_TRACES_EXPORTER=none: Jaeger does not trace itself to a collector.
OTEL_TRACES_EXPORTER=none "$bin" --config="file:$root/e2e/jaeger.yaml" >"$log" 2>&1 &
jaeger=$!
cleanup() {
  kill "$jaeger" 2>/dev/null || true
  wait "$jaeger" 2>/dev/null || true
  rm -f "$log"
}
trap cleanup EXIT

export E2E_JAEGER_OTLP=http://127.0.0.1:$JAEGER_OTLP_PORT
export E2E_JAEGER_QUERY=http://127.0.0.1:$JAEGER_QUERY_PORT
export E2E_JAEGER_HEALTH=http://127.0.0.1:$JAEGER_HEALTH_PORT/status
export E2E_COLLECTOR_METRICS=http://127.0.0.1:$JAEGER_PROM_PORT/metrics
echo "--- Jaeger pid $jaeger: OTLP $E2E_JAEGER_OTLP, query $E2E_JAEGER_QUERY"
if ! go test -tags e2e -count=1 -v ./e2e/; then
  echo "--- Jaeger log"; tail -n 50 "$log"
  exit 1
fi
