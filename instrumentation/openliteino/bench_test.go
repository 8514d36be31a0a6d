package openliteino_test

import (
	"context"
	"testing"

	"github.com/cloudwego/eino/flow/agent"
	"github.com/cloudwego/eino/schema"
)

// BenchmarkReActAgent runs the two-turn ReAct agent (a tool call, then the
// answer; an in-memory model) without the handler and with it (4 spans to
// an in-memory exporter, the model calls' metrics to a manual reader): the
// difference is what tracing a run costs beside Eino's own work.
//
//	go test -run '^$' -bench ReActAgent -benchmem ./instrumentation/openliteino
func BenchmarkReActAgent(b *testing.B) {
	msgs := []*schema.Message{schema.UserMessage("Weather in Paris?")}
	for _, traced := range []bool{false, true} {
		name := "plain"
		if traced {
			name = "traced"
		}
		b.Run(name, func(b *testing.B) {
			h := newHarness(b, true)
			var opts []agent.AgentOption
			if traced {
				opts = h.opts
			}
			m := newChatModel(turns, usage)
			a := newAgent(b, m, weatherTool(b, nil))
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				m.n.Store(0) // each run: the tool call, then the answer
				if _, err := a.Generate(ctx, msgs, opts...); err != nil {
					b.Fatal(err)
				}
				h.exp.Reset()
			}
		})
	}
}
