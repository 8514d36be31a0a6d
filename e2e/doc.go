// Package e2e holds the end-to-end test against a real tracing backend,
// Jaeger v2, behind the e2e build tag. run.sh builds Jaeger (once, cached),
// starts it on free loopback ports, runs the test and stops Jaeger:
//
//	bash e2e/run.sh
package e2e
