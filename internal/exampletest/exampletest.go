// Package exampletest runs an example program's run function offline, as a
// newcomer would: no OpenAI key, no collector, so it answers from the
// replay and prints its telemetry to the console.
package exampletest

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
)

// RunOffline runs run with the OpenAI and OTLP environment cleared and
// checks that its standard output holds each of want.
func RunOffline(t *testing.T, run func(context.Context, io.Writer, io.Writer) error, want ...string) {
	t.Helper()
	t.Setenv("OPENAI_API_KEY", "")
	t.Setenv("OPENAI_BASE_URL", "")
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "")
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "local replay") {
		t.Errorf("stderr does not say it answers from the replay: %q", stderr.String())
	}
	for _, w := range want {
		if !strings.Contains(stdout.String(), w) {
			t.Errorf("output lacks %q", w)
		}
	}
}
