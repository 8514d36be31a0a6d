//go:build !race

package openlit_test

const raceEnabled = false
