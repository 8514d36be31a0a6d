// Package spantest holds the test helpers the instrumentation packages
// share to compare what two paths recorded: a span and the metric points
// as text, timings by presence only, and the semconv mode set for a test.
package spantest
