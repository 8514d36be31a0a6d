package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// The example runs offline against the replay and prints its spans.
func TestRunsOffline(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", "")
	t.Setenv("OPENAI_BASE_URL", "")
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "")
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	for _, want := range wantOutput {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

var wantOutput = []string{`"Name": "audio tts-1"`, `"Name": "audio whisper-1"`, "transcript: Observability means"}
