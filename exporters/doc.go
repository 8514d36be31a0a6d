// Package exporters builds the span and metric exporters openlit.Init uses:
// the official OTLP/HTTP exporters (otlptracehttp, otlpmetrichttp) when an
// endpoint is given, and the official console exporters (stdouttrace,
// stdoutmetric, pretty-printed) when none is.
//
// It also parses OTLP header strings as the OpenTelemetry specification
// defines them for OTEL_EXPORTER_OTLP_HEADERS ([ParseHeaders]).
//
// Use it directly to put openlit-go's exporter choice into a provider you
// build yourself; most programs only call openlit.Init.
package exporters
