package openliteino_test

import (
	"context"
	"testing"

	"github.com/cloudwego/eino/adk"
	"github.com/cloudwego/eino/components/tool"
	"github.com/cloudwego/eino/compose"

	"github.com/openlit/openlit-go/internal/spantest"
)

// An ADK agent (eino/adk's ChatModelAgent through a Runner) is the root
// invoke_agent span, ended when its events end; its model calls and tool
// call are under it.
func TestADKAgent(t *testing.T) {
	h := newHarness(t, true)
	a, err := adk.NewChatModelAgent(context.Background(), &adk.ChatModelAgentConfig{
		Name: "weather", Description: "tells the weather", Instruction: "Answer briefly.",
		Model:       newChatModel(turns, usage),
		ToolsConfig: adk.ToolsConfig{ToolsNodeConfig: compose.ToolsNodeConfig{Tools: []tool.BaseTool{weatherTool(t, nil)}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	iter := adk.NewRunner(context.Background(), adk.RunnerConfig{Agent: a}).Query(context.Background(), "Weather in Paris?",
		adk.WithCallbacks(h.handler))
	var last string
	for {
		ev, ok := iter.Next()
		if !ok {
			break
		}
		if ev.Err != nil {
			t.Fatal(ev.Err)
		}
		if ev.Output != nil && ev.Output.MessageOutput != nil && ev.Output.MessageOutput.Message != nil {
			last = ev.Output.MessageOutput.Message.Content
		}
	}
	if last != turns[1].Content {
		t.Fatalf("answer %q", last)
	}
	spans := h.spansAtLeast(t, 4)
	root := spans["invoke_agent weather"]
	if len(root) != 1 || root[0].Parent().IsValid() {
		t.Fatalf("no root agent span: %v", spans)
	}
	if got := spantest.Attrs(root[0])["langfuse.observation.output"]; got != turns[1].Content {
		t.Errorf("agent output %q", got)
	}
	trace := root[0].SpanContext().TraceID()
	for name, list := range spans {
		for _, s := range list {
			if s.SpanContext().TraceID() != trace {
				t.Errorf("%s is in another trace", name)
			}
		}
	}
	if len(spans["chat gpt-4o-mini"]) != 2 || len(spans["execute_tool get_weather"]) != 1 {
		t.Errorf("spans: %v", spans)
	}
	if id := spantest.Attrs(spans["execute_tool get_weather"][0])["gen_ai.tool.call.id"]; id != "call_paris" {
		t.Errorf("tool call id %q", id)
	}
}
