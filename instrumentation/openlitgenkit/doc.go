// Package openlitgenkit traces Genkit (github.com/firebase/genkit/go)
// applications as agent trees with the cost, metrics and content rules of
// every openlit-go model call.
//
// Genkit traces its actions itself (flows, the generate loop, model and
// tool actions) through the global tracer provider, the one openlit.Init
// sets, for its Dev UI; its spans carry Genkit's names and attributes
// (genkit:input, genkit:output), not the GenAI conventions, no cost and
// no metrics. The Middleware this package makes, given to Generate with
// ai.WithUse, adds the conventions' spans into that same tree:
//
//   - each model call: "chat {model}" (CLIENT) around Genkit's model action,
//     with gen_ai.system from the model's provider prefix, request
//     settings, usage, cost, finish reason, tool call ids, time to first
//     chunk of a stream, messages and tool definitions as content, and the
//     metrics of any model call. When the model's HTTP client is traced by
//     openlit-go too (openlithttp.NewTransport given to the plugin's
//     client), the client takes that span over: still one chat span per
//     model call, filled from the wire.
//   - each tool execution: "execute_tool {tool}" around Genkit's tool
//     action, with the model's tool call id, arguments and result.
//   - the agent: a Generate with tools run in a flow makes Genkit's flow
//     span "invoke_agent {flow}"; outside any flow it starts an
//     "invoke_agent {name}" span of its own (WithAgentName; "genkit").
//
// Give it to each Generate (or prompt execution) to trace:
//
//	mw := openlitgenkit.New()
//	resp, err := genkit.Generate(ctx, g, ai.WithPrompt("What is the weather in Paris?"),
//		ai.WithTools(weatherTool), ai.WithUse(mw))
//
// In a flow, the trace reads
//
//	invoke_agent weatherFlow          (Genkit's flow span)
//	└── generate                      (Genkit)
//	    ├── chat gpt-4o-mini          └── openai/gpt-4o-mini (Genkit's model action)
//	    ├── execute_tool get_weather  └── get_weather (Genkit's tool action)
//	    └── generate                  └── chat gpt-4o-mini └── openai/gpt-4o-mini
//
// Genkit records every action's input and output in its own attributes
// (genkit:input, genkit:output) whatever openlit-go's content setting;
// this package cannot remove them. Retrievers, embedders and evaluators
// run by Genkit keep Genkit's spans only: its middleware does not reach
// them.
package openlitgenkit
