package main

import (
	"testing"

	"github.com/openlit/openlit-go/internal/exampletest"
)

// The example runs offline against the replay and prints its spans.
func TestRunsOffline(t *testing.T) {
	exampletest.RunOffline(t, run, `"Name": "embeddings text-embedding-3-small"`, "embedding 0: 4 dimensions", `"gen_ai.usage.input_tokens"`)
}
