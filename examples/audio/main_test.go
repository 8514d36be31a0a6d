package main

import (
	"testing"

	"github.com/openlit/openlit-go/internal/exampletest"
)

// The example runs offline against the replay and prints its spans.
func TestRunsOffline(t *testing.T) {
	exampletest.RunOffline(t, run, `"Name": "audio tts-1"`, `"Name": "audio whisper-1"`, "transcript: Observability means")
}
