package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/openlit/openlit-go/internal/exampletest"
	"github.com/openlit/openlit-go/internal/otlpreceiver"
	"github.com/openlit/openlit-go/replay"
)

// Without a key and without an endpoint the example answers from the replay
// and prints its trace to the console.
func TestGenkitExampleNewcomer(t *testing.T) {
	exampletest.RunOffline(t, run, `"Name": "invoke_agent weatherFlow"`, `"Name": "execute_tool get_weather"`,
		`"Name": "chat gpt-4o-mini"`, "It is 21°C and sunny in Paris.")
}

// With an endpoint the spans reach a real OTLP/HTTP receiver as one tree,
// each model call one chat span (the handler's, filled by the traced HTTP
// client: the server's address, the answer's model, usage and cost).
func TestGenkitExampleTree(t *testing.T) {
	srv := replay.NewServer(replay.Options{Answers: [][]byte{toolCallAnswer, finalAnswer}})
	defer srv.Close()
	rcv := otlpreceiver.New()
	defer rcv.Close()
	t.Setenv("OPENAI_API_KEY", "sk-gk-test")
	t.Setenv("OPENAI_BASE_URL", srv.BaseURL())
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", rcv.URL)
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	spans := rcv.Spans()
	tree := exampletest.SpanTree(spans)
	// Genkit's own spans (generate, the model and tool actions) stay in the
	// tree, under and around openlit-go's.
	want := `invoke_agent weatherFlow
  generate
    chat gpt-4o-mini [gen_ai.tool.call.id=["call_paris"]]
      openai/gpt-4o-mini
    execute_tool get_weather [gen_ai.tool.call.id=call_paris]
      get_weather
    generate
      chat gpt-4o-mini
        openai/gpt-4o-mini
`
	if got := tree["invoke_agent weatherFlow"]; got != want {
		t.Errorf("trace tree:\n%s\nwant:\n%s", got, want)
	}
	if len(tree) != 1 {
		t.Errorf("%d traces, want 1: %v", len(tree), tree)
	}
	exampletest.CheckChatSpans(t, spans, "chat gpt-4o-mini", 2, map[string]any{"server.address": "127.0.0.1", "gen_ai.response.model": "gpt-4o-mini-2024-07-18"})
	if srv.Requests() != 2 {
		t.Errorf("%d model calls, want 2", srv.Requests())
	}
}
