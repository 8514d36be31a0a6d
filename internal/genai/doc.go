// Package genai is the core every instrumentation package shares: it starts
// the CLIENT span of one model call, and at its end sets the usage, cost and
// timing attributes, the content events, the span status, and records the
// metrics OpenLIT records, with the names, units and bounds of package
// semconv. An instrumentation package knows its client library; this package
// knows OpenTelemetry.
package genai
