// Package version holds the version of openlit-go, shared by the root
// package and the instrumentation packages (which must not import the root).
package version
