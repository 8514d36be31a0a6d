package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"testing"

	"github.com/openlit/openlit-go/internal/exampletest"
	"github.com/openlit/openlit-go/internal/otlpreceiver"
	"github.com/openlit/openlit-go/replay"
)

// ADK binds its tracer to the first global tracer provider of the process:
// each test runs the example once in a process of its own, as a user does.
func inChild(t *testing.T) bool {
	t.Helper()
	if os.Getenv("ADK_EXAMPLE_CHILD") == t.Name() {
		return true
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.v")
	cmd.Env = append(os.Environ(), "ADK_EXAMPLE_CHILD="+t.Name())
	out, err := cmd.CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("--- PASS: "+t.Name())) {
		t.Fatalf("%s in its own process: %v\n%s", t.Name(), err, out)
	}
	return false
}

// Without a key and without an endpoint the example answers from the replay
// and prints its trace to the console.
func TestADKExampleNewcomer(t *testing.T) {
	if !inChild(t) {
		return
	}
	t.Setenv("GOOGLE_API_KEY", "")
	t.Setenv("GEMINI_API_KEY", "")
	exampletest.RunOffline(t, run, `"Name": "invoke_agent weather_agent"`, `"Name": "execute_tool get_weather"`,
		`"Name": "chat gemini-2.5-flash"`, "It is 21°C and sunny in Paris.")
}

// With an endpoint the spans reach a real OTLP/HTTP receiver as one tree,
// ADK's spans completed by openlit-go: each model call one chat span with
// usage and cost, the tool span with the model's call id.
func TestADKExampleTree(t *testing.T) {
	if !inChild(t) {
		return
	}
	srv := replay.NewServer(replay.Options{Answers: [][]byte{toolCallAnswer, finalAnswer}})
	defer srv.Close()
	rcv := otlpreceiver.New()
	defer rcv.Close()
	t.Setenv("GOOGLE_API_KEY", "")
	t.Setenv("GEMINI_API_KEY", "")
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", rcv.URL)
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	spans := rcv.Spans()
	tree := exampletest.SpanTree(spans)
	want := `invoke_agent weather_agent
  chat gemini-2.5-flash [gen_ai.tool.call.id=["call_paris"]]
  execute_tool get_weather [gen_ai.tool.call.id=call_paris]
  chat gemini-2.5-flash
`
	if got := tree["invoke_agent weather_agent"]; got != want {
		t.Errorf("trace tree:\n%s\nwant:\n%s", got, want)
	}
	if len(tree) != 1 {
		t.Errorf("%d traces, want 1: %v", len(tree), tree)
	}
	exampletest.CheckChatSpans(t, spans, "chat gemini-2.5-flash", 2, map[string]any{"gen_ai.system": "gcp.gemini"})
}
