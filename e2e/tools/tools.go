// Package tools pins the programs the end-to-end tests run, in a module of
// its own so that openlit-go's users never inherit their dependencies. Build
// Jaeger with: go build -o jaeger github.com/jaegertracing/jaeger/cmd/jaeger
package tools
