// Package openlittrace traces what an application does around its model
// calls: its own steps (Trace, Start), the agents it runs (InvokeAgent),
// the tools they call (ExecuteTool), and evaluation results
// (RecordEvaluation), following the OpenTelemetry GenAI conventions.
//
// The instrumented model calls made inside a step, agent or tool nest under
// its span, so an agent loop is one tree:
//
//	ctx, agent := openlittrace.InvokeAgent(ctx, openlittrace.Agent{Name: "weather"})
//	defer func() { agent.End(err) }()
//	res, err := client.Chat.Completions.New(ctx, params) // "chat gpt-4o" under "invoke_agent weather"
//	for _, call := range res.Choices[0].Message.ToolCalls {
//		ctx, tool := openlittrace.ExecuteTool(ctx, openlittrace.Tool{Name: call.Function.Name, CallID: call.ID})
//		out, err := run(ctx, call)
//		tool.SetResult(out)
//		tool.End(err)
//	}
//
// The tool call id links the model's tool call (gen_ai.tool.call.id on the
// chat span) to the execute_tool span that ran it.
//
// Spans use the global tracer provider (the one openlit.Init sets) unless
// WithTracerProvider says otherwise; they carry the context attributes
// (user, session, …) set with openlit.ContextWithAttributes. Arguments, results
// and step inputs and outputs are content: recorded only when content
// capture is on, bounded like all content, made valid UTF-8.
package openlittrace
