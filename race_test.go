//go:build race

package openlit_test

// raceEnabled reports that the race detector is on: timing assertions are
// skipped then, since it slows code by several times unevenly.
const raceEnabled = true
