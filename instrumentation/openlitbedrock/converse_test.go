package openlitbedrock

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime/document"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime/types"
	"go.opentelemetry.io/otel/codes"

	"github.com/openlit/openlit-go/internal/spantest"
	"github.com/openlit/openlit-go/replay"
	"github.com/openlit/openlit-go/semconv"
)

// TestConverse: the instrumented client returns what the plain one returns
// and records one "chat" span with the usage and the cost of the model the
// inference profile names.
func TestConverse(t *testing.T) {
	h := newHarness(t, replay.Options{})
	ctx := context.Background()
	want, err := h.plain.Converse(ctx, converseInput())
	if err != nil {
		t.Fatal(err)
	}
	got, err := h.client.Converse(ctx, converseInput())
	if err != nil {
		t.Fatal(err)
	}
	same(t, got.Output, want.Output)
	s := h.only(t)
	if s.Name() != "chat "+claude || s.Status().Code != codes.Ok || s.InstrumentationScope().Name != ScopeName {
		t.Fatalf("span %q status %v", s.Name(), s.Status())
	}
	a := attrs(s)
	check(t, a, map[string]string{
		"gen_ai.system": "aws.bedrock", "gen_ai.request.model": claude, "gen_ai.operation.name": "chat",
		"gen_ai.usage.input_tokens": "16", "gen_ai.usage.output_tokens": "38", "gen_ai.response.finish_reasons": `["end_turn"]`,
		"gen_ai.request.max_tokens": "1024", "gen_ai.request.temperature": "0.2", "gen_ai.request.stop_sequences": `["END"]`,
		"server.address": "127.0.0.1", "aws.bedrock.latency_ms": "812", "gen_ai.request.is_stream": "false",
		"gen_ai.prompt": "system: Be brief.\nuser: What is LLM Observability?",
		// Sonnet 4.5: 16 × $3 + 38 × $15 per million.
		"gen_ai.usage.cost": "0.000618",
	})
	if a["gen_ai.response.id"] == "" {
		t.Error("no response id (the request id)")
	}
}

func same(t *testing.T, got, want any) {
	t.Helper()
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Fatalf("result differs:\n got %s\nwant %s", g, w)
	}
}

// TestConverseStream: the events are the plain client's; the span follows
// them (time to first token, text, usage) and ends when the stream ends.
func TestConverseStream(t *testing.T) {
	h := newHarness(t, replay.Options{})
	ctx := context.Background()
	read := func(c *bedrockruntime.Client) (events []string) {
		in := converseInput()
		out, err := c.ConverseStream(ctx, &bedrockruntime.ConverseStreamInput{ModelId: in.ModelId, Messages: in.Messages, System: in.System, InferenceConfig: in.InferenceConfig})
		if err != nil {
			t.Fatal(err)
		}
		stream := out.GetStream()
		defer stream.Close()
		for ev := range stream.Events() {
			b, _ := json.Marshal(ev)
			events = append(events, string(b))
		}
		if err := stream.Err(); err != nil {
			t.Fatal(err)
		}
		return events
	}
	want := read(h.plain)
	got := read(h.client)
	same(t, got, want)
	a := attrs(h.only(t))
	check(t, a, map[string]string{
		"gen_ai.request.is_stream": "true", "gen_ai.usage.input_tokens": "16", "gen_ai.usage.output_tokens": "9",
		"gen_ai.completion": "LLM observability is monitoring every model call.", "gen_ai.response.finish_reasons": `["end_turn"]`,
		"aws.bedrock.latency_ms": "402",
	})
	if a["gen_ai.server.time_to_first_token"] == "" || a["langfuse.observation.completion_start_time"] == "" {
		t.Errorf("no time to first token: %v", a)
	}
}

// TestConverseToolUse records the tool the model asks for.
func TestConverseToolUse(t *testing.T) {
	answer := []byte(`{"output":{"message":{"role":"assistant","content":[{"text":"Checking."},{"toolUse":{"toolUseId":"tooluse_1","name":"get_weather","input":{"city":"Paris"}}}]}},"stopReason":"tool_use","usage":{"inputTokens":100,"outputTokens":20,"totalTokens":2120,"cacheReadInputTokens":2000}}`)
	h := newHarness(t, replay.Options{JSON: answer})
	in := converseInput()
	in.ToolConfig = &types.ToolConfiguration{Tools: []types.Tool{&types.ToolMemberToolSpec{Value: types.ToolSpecification{Name: ptr("get_weather"),
		InputSchema: &types.ToolInputSchemaMemberJson{Value: document.NewLazyDocument(map[string]any{"type": "object"})}}}},
		ToolChoice: &types.ToolChoiceMemberAuto{}}
	if _, err := h.client.Converse(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	check(t, attrs(h.only(t)), map[string]string{
		"gen_ai.request.tools": `["get_weather"]`, "gen_ai.request.tool_choice": "auto", "gen_ai.tool.name": `["get_weather"]`,
		"gen_ai.tool.call.id": `["tooluse_1"]`, "gen_ai.tool.call.arguments": `["{\"city\":\"Paris\"}"]`,
		"gen_ai.usage.input_tokens": "2100", "gen_ai.usage.cache_read.input_tokens": "2000",
		// 100 × $3 + 2,000 × $0.30 + 20 × $15 per million.
		"gen_ai.usage.cost": "0.0012",
	})

	// Latest mode: the tools offered, whole, as the Converse API reads
	// them; no gen_ai.tool.name on the model span.
	spantest.WithMode(t, semconv.ModeLatest)
	h.spans.Reset()
	if _, err := h.client.Converse(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	a := attrs(h.only(t))
	if got := a["gen_ai.tool.definitions"]; got != `[{"toolSpec":{"name":"get_weather","inputSchema":{"json":{"type":"object"}}}}]` {
		t.Errorf("gen_ai.tool.definitions = %s", got)
	}
	if a["gen_ai.tool.name"] != "" {
		t.Errorf("gen_ai.tool.name on the model span: %s", a["gen_ai.tool.name"])
	}
}

func ptr[T any](v T) *T { return &v }
