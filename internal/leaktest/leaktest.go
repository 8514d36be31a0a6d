// Package leaktest runs a package's tests and fails them if a goroutine is
// left running (go.uber.org/goleak). Fuzzing runs are left alone: a fuzz
// worker may exit with the fuzzing engine's own goroutines still running.
package leaktest

import (
	"flag"
	"os"
	"testing"

	"go.uber.org/goleak"
)

// Main is a TestMain: func TestMain(m *testing.M) { leaktest.Main(m) }.
func Main(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("test.fuzz"); f != nil && f.Value.String() != "" {
		os.Exit(m.Run())
	}
	if f := flag.Lookup("test.fuzzworker"); f != nil && f.Value.String() == "true" {
		os.Exit(m.Run())
	}
	goleak.VerifyTestMain(m)
}
