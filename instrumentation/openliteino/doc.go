// Package openliteino traces applications built on Eino
// (github.com/cloudwego/eino) as agent trees in the same trace as the
// model calls: a callbacks handler that records
//
//   - the outermost graph, chain or workflow run (a ReAct agent, say) and
//     every ADK agent (eino/adk) as an "invoke_agent {name}" span;
//   - a graph nested in another as a step span named after it;
//   - each chat model call, plain or streamed, as a "chat {model}" CLIENT
//     span with the core's attributes, content rules, token usage, cost
//     and metrics, exactly as a direct call records them;
//   - each embedder call as "embeddings {model}";
//   - each tool call as "execute_tool {tool}" with the model's tool call id;
//   - each retriever call as "retrieval {retriever}" with
//     gen_ai.request.top_k and, as content, the query and documents.
//
// Install it for every run, or pass it to one run:
//
//	callbacks.AppendGlobalHandlers(openliteino.NewHandler())
//	// or
//	agent.Generate(ctx, msgs, agent.WithComposeOptions(compose.WithCallbacks(openliteino.NewHandler())))
//
// # One model call, one chat span
//
// Eino's chat model components call a model API through a client of their
// own. When that client is itself traced by openlit-go (an openai-go client
// with openlitopenai's middleware or Wrap, the genai client, an HTTP
// client with openlithttp's transport or openlit.WithHTTPClients), the
// client's span is the model call's only span: the handler's chat span is
// started as one the client takes over (it gains the client's server
// address, response model, wire usage and content), and the handler then
// leaves it alone. When the client is not traced, the handler's span is
// the model call's span, filled from Eino's callback input and output
// (messages, tools, model configuration, token usage). Either way one
// model call makes one span, under the agent.
package openliteino
