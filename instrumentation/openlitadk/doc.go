// Package openlitadk traces agents built on Google's Agent Development
// Kit for Go (google.golang.org/adk) as one tree, with the cost, metrics
// and content rules of every openlit-go model call.
//
// ADK already traces its runs with OpenTelemetry: "invoke_agent {agent}",
// "generate_content {model}" around each model call and "execute_tool
// {tool}", through the global tracer provider (the one openlit.Init sets).
// This package completes those spans rather than adding a second tree:
//
//   - WrapModel wraps the agent's model. Each model call is recorded on
//     ADK's generate_content span, renamed "chat {model}": gen_ai.system,
//     request parameters, usage, cost, finish reasons, tool call ids, time
//     to first chunk of a stream, prompts and completions (when content
//     capture is on), and the same metrics as any model call. When the
//     model's HTTP client carries openlit-go's transport too, the client
//     fills that span from the wire: still one span per model call.
//   - NewPlugin returns an ADK plugin that completes ADK's execute_tool
//     spans: gen_ai.tool.type, the model's tool call id, and the arguments
//     and result as gen_ai.tool.call.arguments and .result (content).
//
// Together:
//
//	otl, _ := openlit.Init(ctx)
//	m, _ := gemini.NewModel(ctx, "gemini-2.5-flash", &genai.ClientConfig{APIKey: key})
//	a, _ := llmagent.New(llmagent.Config{Name: "weather", Model: openlitadk.WrapModel(m), Tools: tools})
//	r, _ := runner.New(runner.Config{AppName: "app", Agent: a, SessionService: session.InMemoryService(),
//		PluginConfig: runner.PluginConfig{Plugins: []*plugin.Plugin{openlitadk.NewPlugin()}}})
//
// gives the trace
//
//	invoke_agent weather
//	├── chat gemini-2.5-flash       (asks for get_weather)
//	├── execute_tool get_weather
//	└── chat gemini-2.5-flash       (the answer)
//
// ADK obtains its tracer from the global provider when its package loads,
// and OpenTelemetry binds such a tracer to the first provider set
// globally: call openlit.Init once in a process, before the first run.
// ADK records tool arguments and results in its own attributes
// (gcp.vertex.agent.tool_call_args, gcp.vertex.agent.tool_response)
// whatever openlit-go's content setting; this package cannot remove them.
package openlitadk
