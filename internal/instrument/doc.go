// Package instrument holds the options every instrumentation package takes
// (providers, content capture, pricing, provider rules) and builds from them
// what those packages share: the core's Telemetry and the provider resolver.
// Each package re-exports the options under its own name.
package instrument
