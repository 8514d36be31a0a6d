package main

import (
	"testing"

	"github.com/openlit/openlit-go/internal/exampletest"
)

// The example runs offline against the replay and prints its spans.
func TestRunsOffline(t *testing.T) {
	exampletest.RunOffline(t, run, `"Name": "image dall-e-3"`, `"gen_ai.request.image_size"`, "https://oaidalleapiprodscus")
}
