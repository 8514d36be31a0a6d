// Package settings carries the choices openlit.Init makes (content capture,
// pricing table, service name, deployment environment) to the
// instrumentation packages, which never import the root package. Init writes
// it once; instrumentation reads it on every call through one atomic load.
package settings
