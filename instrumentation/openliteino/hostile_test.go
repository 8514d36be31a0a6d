package openliteino_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cloudwego/eino/callbacks"
	"github.com/cloudwego/eino/components"
	"github.com/cloudwego/eino/components/model"
	"github.com/cloudwego/eino/compose"
	"github.com/cloudwego/eino/schema"
	"go.opentelemetry.io/otel/attribute"
)

// Odd calls from a framework or a hand-written component never panic and
// never leave a span open: no RunInfo, inputs and outputs of other types,
// an end with no start, a nil stream.
func TestOddCallbacks(t *testing.T) {
	h := newHarness(t, true)
	ctx := context.Background()
	cases := []struct {
		name string
		info *callbacks.RunInfo
		in   callbacks.CallbackInput
		out  callbacks.CallbackOutput
	}{
		{"no run info", nil, "x", "y"},
		{"chat with other types", &callbacks.RunInfo{Component: components.ComponentOfChatModel}, 42, struct{}{}},
		{"tool with nil", &callbacks.RunInfo{Component: components.ComponentOfTool}, nil, nil},
		{"retriever with a map", &callbacks.RunInfo{Component: components.ComponentOfRetriever}, map[string]int{"a": 1}, 3.5},
		{"embedding with nil", &callbacks.RunInfo{Component: components.ComponentOfEmbedding}, nil, nil},
		{"agent with nil", &callbacks.RunInfo{Component: "Agent"}, nil, nil},
		{"graph with a channel", &callbacks.RunInfo{Component: compose.ComponentOfGraph}, make(chan int), make(chan int)},
		{"unknown", &callbacks.RunInfo{Component: "Lambda"}, "x", "y"},
	}
	for _, tc := range cases {
		c := h.handler.OnStart(ctx, tc.info, tc.in)
		h.handler.OnEnd(c, tc.info, tc.out)
		c = h.handler.OnStart(ctx, tc.info, tc.in)
		h.handler.OnError(c, tc.info, errors.New("boom"))
		h.handler.OnEnd(ctx, tc.info, tc.out) // an end with no start
		h.handler.OnEndWithStreamOutput(ctx, tc.info, nil)
	}
	if n := len(h.exp.GetSpans()); n != 2*6 {
		t.Errorf("%d spans, want two for each of the 6 traced components", n)
	}
}

// Invalid UTF-8 and huge values are made valid and bounded in every span.
func TestHostileContent(t *testing.T) {
	h := newHarness(t, true)
	huge := strings.Repeat("\xff\xfe<script>", 1<<17) // 1.1 MB
	bad := []*schema.Message{
		{Role: schema.Assistant, ToolCalls: []schema.ToolCall{{ID: "call_\xff" + huge, Function: schema.FunctionCall{Name: "get_weather", Arguments: huge}}}},
		{Role: schema.Assistant, Content: huge},
	}
	a := newAgent(t, newChatModel(bad, []*model.TokenUsage{{PromptTokens: -5, CompletionTokens: 1 << 62}}), weatherTool(t, nil))
	_, _ = a.Generate(context.Background(), []*schema.Message{schema.UserMessage(huge)}, h.opts...)
	spans := h.exp.GetSpans().Snapshots()
	if len(spans) == 0 {
		t.Fatal("no spans")
	}
	for _, s := range spans {
		if !utf8.ValidString(s.Name()) || len(s.Name()) > 1024 {
			t.Errorf("span name %d bytes, valid %v", len(s.Name()), utf8.ValidString(s.Name()))
		}
		for _, kv := range s.Attributes() {
			if n, ok := size(kv.Value); !ok || n > 1<<17 {
				t.Errorf("%s: %s is %d bytes, valid %v", s.Name(), kv.Key, n, ok)
			}
		}
		for _, ev := range s.Events() {
			for _, kv := range ev.Attributes {
				if n, ok := size(kv.Value); !ok || n > 1<<17 {
					t.Errorf("%s: event %s %s is %d bytes, valid %v", s.Name(), ev.Name, kv.Key, n, ok)
				}
			}
		}
	}
}

// size is the bytes a string or string slice value holds, and whether they
// are valid UTF-8.
func size(v attribute.Value) (int, bool) {
	switch v.Type() {
	case attribute.STRING:
		return len(v.AsString()), utf8.ValidString(v.AsString())
	case attribute.STRINGSLICE:
		n, ok := 0, true
		for _, s := range v.AsStringSlice() {
			n += len(s)
			ok = ok && utf8.ValidString(s)
		}
		return n, ok
	}
	return 0, true
}
