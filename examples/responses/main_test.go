package main

import (
	"testing"

	"github.com/openlit/openlit-go/internal/exampletest"
)

// The example runs offline against the replay and prints its spans.
func TestRunsOffline(t *testing.T) {
	exampletest.RunOffline(t, run, `"Name": "chat gpt-4o"`, `"gen_ai.usage.cost"`, "LLM observability is the practice")
}
