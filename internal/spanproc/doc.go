// Package spanproc holds the span processor openlit.Init uses with
// WithDisableBatch: each span is exported as it ends, on the caller's
// goroutine, as the SDK's simple span processor does, but exports run
// concurrently and each call waits at most one export timeout.
package spanproc
