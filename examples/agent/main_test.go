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
func TestAgentExampleNewcomer(t *testing.T) {
	exampletest.RunOffline(t, run, `"Name": "invoke_agent weather-agent"`, `"Name": "execute_tool get_weather"`,
		`"Name": "tools/call get_weather"`, `"Name": "chat gpt-4o"`, `"gen_ai.evaluation.result"`, "It is 21°C and sunny in Paris.")
}

// With an endpoint the spans reach a real OTLP/HTTP receiver as one tree:
// invoke_agent → chat (asks for the tool) → execute_tool (same call id) →
// MCP client → MCP server, then chat (the answer).
func TestAgentExampleTree(t *testing.T) {
	srv := replay.NewServer(replay.Options{Answers: [][]byte{toolCallAnswer, finalAnswer}})
	defer srv.Close()
	rcv := otlpreceiver.New()
	defer rcv.Close()
	t.Setenv("OPENAI_API_KEY", "sk-agent-test")
	t.Setenv("OPENAI_BASE_URL", srv.BaseURL())
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", rcv.URL)
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	tree := exampletest.SpanTree(rcv.Spans())
	want := `invoke_agent weather-agent
  chat gpt-4o [gen_ai.tool.call.id=["call_weather_paris"]]
  execute_tool get_weather [gen_ai.tool.call.id=call_weather_paris]
    tools/call get_weather (client)
      tools/call get_weather (server)
  chat gpt-4o
`
	if got := tree["invoke_agent weather-agent"]; got != want {
		t.Errorf("trace tree:\n%s\nwant:\n%s", got, want)
	}
}
