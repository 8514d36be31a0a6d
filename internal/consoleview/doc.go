// Package consoleview prints finished telemetry for a person at a
// terminal: each trace as a short tree (span name, duration, model,
// tokens, cost, time to first token, status, tool call ids, and the
// content events cut to one line each), and at the end a few lines of
// totals per model (calls, tokens, cost, latency p50 and p95 from the
// recorded duration histogram).
//
// It is an OpenTelemetry span exporter and metric exporter like any
// other: it reads spans after they end and metrics when the reader
// collects them, so it never delays the app beyond the write itself.
// Text from the app, the model or the environment goes through a filter
// that removes control characters, so a model answer cannot move the
// cursor or recolour the terminal.
package consoleview
