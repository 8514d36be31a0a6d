// Package semconv holds every telemetry name openlit-go emits: span attribute
// keys, event names, metric names, units, descriptions and the explicit
// histogram bucket bounds.
//
// The names and values match what OpenLIT (Python) 1.34.1 prints in the
// OpenLIT/Langfuse integration guide, so dashboards built for OpenLIT work
// unchanged with Go services. Where go.opentelemetry.io/otel/semconv already
// defines the same key, the constant here is that key, not a retyped copy.
//
// This package imports nothing of openlit-go: every instrumentation package
// uses it as the one source of names.
package semconv
