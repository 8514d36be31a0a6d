package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/openlit/openlit-go/internal/exampletest"
	"github.com/openlit/openlit-go/internal/otlpreceiver"
	"github.com/openlit/openlit-go/langfuse/langfusetest"
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

// observationType is the observation type Langfuse's ingestion
// (ObservationTypeMapper.ts) gives a span, by its rules in priority order:
// langfuse.observation.type, then gen_ai.operation.name, then any
// gen_ai.tool.name or gen_ai.tool.call.id.
func observationType(a map[string]any) string {
	if t, ok := a["langfuse.observation.type"].(string); ok {
		return strings.ToUpper(t)
	}
	switch a["gen_ai.operation.name"] {
	case "chat", "completion", "text_completion", "generate_content", "generate":
		return "GENERATION"
	case "embeddings":
		return "EMBEDDING"
	case "invoke_agent", "create_agent":
		return "AGENT"
	case "execute_tool":
		return "TOOL"
	}
	if a["gen_ai.tool.name"] != nil || a["gen_ai.tool.call.id"] != nil {
		return "TOOL"
	}
	return "SPAN"
}

// Sent to Langfuse with the preset, the agent is one trace: one AGENT with
// the question as its input, two GENERATIONs, exactly one TOOL for the one
// tool call (the MCP client and server spans are steps of it), and no
// trace rooted at an MCP protocol request (initialize, tools/list).
func TestAgentExampleInLangfuse(t *testing.T) {
	srv := replay.NewServer(replay.Options{Answers: [][]byte{toolCallAnswer, finalAnswer}})
	defer srv.Close()
	fake := langfusetest.New("qa")
	defer fake.Close()
	for k, v := range map[string]string{"OPENAI_API_KEY": "sk-agent-test", "OPENAI_BASE_URL": srv.BaseURL(),
		"LANGFUSE_PUBLIC_KEY": langfusetest.PublicKey, "LANGFUSE_SECRET_KEY": langfusetest.SecretKey, "LANGFUSE_HOST": fake.URL,
		"OTEL_EXPORTER_OTLP_ENDPOINT": "", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": ""} {
		t.Setenv(k, v)
	}
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	spans := fake.Traces.Spans()
	traces := map[string]bool{}
	types := map[string]int{}
	for _, s := range spans {
		traces[hex.EncodeToString(s.TraceId)] = true
		a := otlpreceiver.Attrs(s.Attributes)
		typ := observationType(a)
		types[typ]++
		if typ == "AGENT" && a["langfuse.observation.input"] != "What is the weather in Paris?" {
			t.Errorf("agent input %v", a["langfuse.observation.input"])
		}
		if typ == "GENERATION" && a["gen_ai.tool.name"] != nil {
			t.Errorf("generation %s carries gen_ai.tool.name (Langfuse names it after the tool)", s.Name)
		}
	}
	if len(traces) != 1 {
		t.Errorf("%d traces, want the agent's only", len(traces))
	}
	if types["AGENT"] != 1 || types["GENERATION"] != 2 || types["TOOL"] != 1 || types["SPAN"] != 2 {
		t.Errorf("observation types %v, want 1 AGENT, 2 GENERATION, 1 TOOL and the 2 MCP spans as SPAN", types)
	}
}
