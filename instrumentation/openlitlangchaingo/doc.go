// Package openlitlangchaingo traces applications built on LangChainGo
// (github.com/tmc/langchaingo) as agent trees in the same trace as the
// model calls: a callbacks.Handler that records
//
//   - the outermost chain run (an agent executor, a RetrievalQA chain, …)
//     as "invoke_agent {name}" (WithAgentName; "langchaingo" by default),
//     chains inside it as step spans named "chain";
//   - each model call (GenerateContent) as a "chat {model}" CLIENT span with
//     the core's attributes, content rules, token usage, cost and metrics;
//     a streamed call (a streaming function given) with its chunk timing;
//   - each tool an agent runs as "execute_tool {tool}" with the model's tool
//     call id (gen_ai.tool.call.id) and its arguments;
//   - each retriever call as "retrieval" with the query and documents.
//
// Give the handler to the model, the agent executor and any chain:
//
//	h := openlitlangchaingo.NewHandler()
//	llm, _ := openai.New(openai.WithCallback(h))
//	executor := agents.NewExecutor(agents.NewOpenAIFunctionsAgent(llm, tools), agents.WithCallbacksHandler(h))
//	answer, err := chains.Run(ctx, executor, "What is the weather in Paris?")
//
// # Context and one chat span per model call
//
// LangChainGo's callbacks return no context, so the handler keeps the
// spans it opened per context, under the exact context each callback was
// given: LangChainGo hands the same context to a chain, the model calls
// and the tools of one run, which is how they nest. A model call made with
// a derived context (a timeout set inside a chain) is parented to the
// span of that context instead.
//
// A model call's span is the handler's; when the model's HTTP client is
// traced by openlit-go too (openlithttp.NewTransport given with
// openai.WithHTTPClient, openlit.WithHTTPClients or zero code), the client
// takes that span over instead of starting another (it registers under the
// callback's context for this): one model call, one span, filled from the
// wire (model, server address, usage, cost). Without a traced client the
// handler fills it from the callbacks, which do not name the model: set it
// with WithModel for the span name and the cost.
//
// Model calls sharing one context concurrently (goroutines calling the
// model with the same context) cannot be told apart by the callbacks: their
// spans are all recorded, but an answer may be recorded on the span of the
// other call. Give each concurrent call its own context (the request's, or
// one made with context.WithCancel) to keep them apart.
//
// # What LangChainGo does not report
//
// LangChainGo's OpenAI model reports no failed call (HandleLLMError) and a
// vector store's retriever no failed retrieval. Inside a chain, such a
// call's span ends with the chain: with its error when the chain fails,
// else with error.type "openlitlangchaingo.unreportedError". Outside any
// chain, at most 64 such calls stay open per context; the oldest then ends
// the same way. A traced HTTP client beneath sees the failure itself.
//
// A streamed call is marked streamed (gen_ai.request.is_stream, chunk
// timing) when its chunks reach the handler: when the handler is the
// run's callback (chains.WithCallback) and the app gives no streaming
// function of its own, or for an agent given the handler. LangChainGo
// calls one streaming function per call, so with the app's own the
// handler sees no chunks; a traced HTTP client beneath still records the
// stream.
//
// A tool's span starts when the agent reports the action and ends when
// the tool reports its end (tools that call HandleToolEnd) or, for tools
// that report nothing, at the agent's next step (the next model call, the
// finish, the chain's end). Spans opened by a tool's own code nest under
// the agent, not the tool: LangChainGo gives the tool no context of ours.
package openlitlangchaingo
