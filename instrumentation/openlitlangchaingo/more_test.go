package openlitlangchaingo_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tmc/langchaingo/callbacks"
	"github.com/tmc/langchaingo/chains"
	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/openai"
	"github.com/tmc/langchaingo/prompts"
	"github.com/tmc/langchaingo/schema"
	"github.com/tmc/langchaingo/vectorstores"

	"github.com/openlit/openlit-go/instrumentation/openlithttp"
	"github.com/openlit/openlit-go/instrumentation/openlitlangchaingo"
	"github.com/openlit/openlit-go/internal/spantest"
	"github.com/openlit/openlit-go/openlittrace"
	"github.com/openlit/openlit-go/replay"
)

// llm is LangChainGo's OpenAI model asking srv, reporting to h.
func llm(t testing.TB, srv *replay.Server, h *openlitlangchaingo.Handler) *openai.LLM {
	t.Helper()
	return llmWith(t, srv, h, &http.Client{})
}

// llmWith is LangChainGo's OpenAI model asking srv through client,
// reporting to h.
func llmWith(t testing.TB, srv *replay.Server, h *openlitlangchaingo.Handler, client *http.Client) *openai.LLM {
	t.Helper()
	m, err := openai.New(openai.WithToken("sk-test"), openai.WithBaseURL(srv.BaseURL()), openai.WithModel("gpt-4o-mini"),
		openai.WithHTTPClient(client), openai.WithCallback(h))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// A streamed LLM chain: the chain is the agent, the chat span is marked
// streamed, with the answer and the usage of the last chunk. LangChainGo
// gives the chunks to one streaming function: the handler's when the run
// has it as its callback (chunk timing from the callbacks), else the app's,
// and then only a traced client beneath sees the stream.
func TestStreamedChain(t *testing.T) {
	for _, tc := range []struct {
		name    string
		traced  bool
		own     bool
		chatKey string
	}{
		{name: "chunks to the handler", chatKey: "chat gpt-4o"},
		{name: "chunks to the app, client traced", traced: true, own: true, chatKey: "chat gpt-4o-mini"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, true, openlitlangchaingo.WithModel("gpt-4o"))
			srv := replay.NewServer(replay.Options{})
			t.Cleanup(srv.Close)
			client := &http.Client{}
			if tc.traced {
				client.Transport = openlithttp.NewTransport(http.DefaultTransport, openlithttp.WithTracerProvider(h.tp))
			}
			chain := chains.NewLLMChain(llmWith(t, srv, h.handler, client), prompts.NewPromptTemplate("Say {{.what}}", []string{"what"}))
			chain.CallbacksHandler = h.handler
			var streamed strings.Builder
			opts := []chains.ChainCallOption{chains.WithCallback(h.handler)}
			if tc.own {
				opts = []chains.ChainCallOption{chains.WithStreamingFunc(func(_ context.Context, chunk []byte) error {
					streamed.Write(chunk)
					return nil
				})}
			}
			out, err := chains.Run(context.Background(), chain, "hello", opts...)
			if err != nil || out == "" || (tc.own && out != streamed.String()) {
				t.Fatalf("Run = %q, %v (streamed %q)", out, err, streamed.String())
			}
			spans := h.byName(t, 2)
			agent, chat := spans["invoke_agent weather-agent"], spans[tc.chatKey]
			if len(agent) != 1 || len(chat) != 1 || chat[0].Parent().SpanID() != agent[0].SpanContext().SpanID() {
				t.Fatalf("tree: %v", spans)
			}
			a := spantest.Attrs(chat[0])
			if a["gen_ai.request.is_stream"] != "true" || a["gen_ai.server.time_to_first_token"] == "" || a["gen_ai.usage.output_tokens"] == "" {
				t.Errorf("streamed chat span: %v", a)
			}
			if !strings.Contains(spantest.Summary(chat[0]), out[:40]) {
				t.Errorf("the span lacks the streamed answer %q: %s", out, spantest.Summary(chat[0]))
			}
		})
	}
}

// store is a vector store with two documents, or failing with err.
type store struct{ err error }

func (store) AddDocuments(context.Context, []schema.Document, ...vectorstores.Option) ([]string, error) {
	return nil, nil
}

func (s store) SimilaritySearch(context.Context, string, int, ...vectorstores.Option) ([]schema.Document, error) {
	if s.err != nil {
		return nil, s.err
	}
	return []schema.Document{
		{PageContent: "Paris is the capital of France.", Metadata: map[string]any{"source": "atlas"}, Score: 0.92},
		{PageContent: "The Seine flows through Paris.", Score: 0.81},
	}, nil
}

// RetrievalQA has no callbacks of its own: under the app's span, the
// retrieval (query and documents) and then the model call.
func TestRetrievalQA(t *testing.T) {
	for _, capture := range []bool{true, false} {
		h := newHarness(t, capture, openlitlangchaingo.WithModel("gpt-4o-mini"))
		retriever := vectorstores.ToRetriever(store{}, 2)
		retriever.CallbacksHandler = h.handler
		qa := chains.NewRetrievalQAFromLLM(llm(t, h.srv, h.handler), retriever)
		ctx, span := openlittrace.InvokeAgent(context.Background(), openlittrace.Agent{Name: "qa"}, openlittrace.WithTracerProvider(h.tp))
		_, err := chains.Run(ctx, qa, "What is the capital of France?")
		span.End(err)
		if err != nil {
			t.Fatal(err)
		}
		spans := h.byName(t, 3)
		root, ret := spans["invoke_agent qa"][0], spans["retrieval retriever"]
		if len(ret) != 1 || ret[0].Parent().SpanID() != root.SpanContext().SpanID() ||
			spans["chat gpt-4o-mini"][0].Parent().SpanID() != root.SpanContext().SpanID() {
			t.Fatalf("tree: %v", spans)
		}
		s := spantest.Summary(ret[0])
		if got := strings.Contains(s, "capital of France") && strings.Contains(s, "The Seine"); got != capture {
			t.Errorf("capture %v: query and documents recorded = %v: %s", capture, got, s)
		}
		if ret[0].EndTime().After(spans["chat gpt-4o-mini"][0].StartTime()) {
			t.Error("the retrieval did not end before the model call")
		}
	}
}

// tracedChain is a chain that reports to a callbacks handler.
type tracedChain struct {
	chains.Transform
	h callbacks.Handler
}

func (c tracedChain) GetCallbackHandler() callbacks.Handler { return c.h }

// A failing retrieval, which LangChainGo does not report, fails with the
// error of the chain it fails.
func TestFailingRetrieval(t *testing.T) {
	h := newHarness(t, false)
	down := errors.New("vector store down")
	retriever := vectorstores.ToRetriever(store{err: down}, 2)
	retriever.CallbacksHandler = h.handler
	chain := tracedChain{h: h.handler, Transform: chains.NewTransform(func(ctx context.Context, _ map[string]any, _ ...chains.ChainCallOption) (map[string]any, error) {
		_, err := retriever.GetRelevantDocuments(ctx, "q")
		return nil, err
	}, []string{"q"}, []string{"docs"})}
	if _, err := chains.Call(context.Background(), chain, map[string]any{"q": "x"}); !errors.Is(err, down) {
		t.Fatalf("err = %v", err)
	}
	spans := h.byName(t, 2)
	for name, s := range spans {
		if s[0].Status().Code.String() != "Error" || s[0].Status().Description != down.Error() {
			t.Errorf("%s: %v", name, s[0].Status())
		}
	}
	if len(spans["retrieval retriever"]) != 1 {
		t.Errorf("no retrieval span: %v", spans)
	}
}

// Model calls LangChainGo's OpenAI model makes outside any chain and that
// fail are never reported ended: the handler keeps at most a bounded
// number open per context, the older ended as unreported.
func TestUnreportedFailuresBounded(t *testing.T) {
	h := newHarness(t, false)
	fail := make([]int, 100)
	for i := range fail {
		fail[i] = http.StatusBadRequest
	}
	srv := replay.NewServer(replay.Options{Fail: fail})
	t.Cleanup(srv.Close)
	m := llm(t, srv, h.handler)
	for range 100 {
		if _, err := llms.GenerateFromSinglePrompt(context.Background(), m, "hi"); err == nil {
			t.Fatal("no error")
		}
	}
	got := h.exp.GetSpans().Snapshots()
	if len(got) != 100-64 {
		t.Fatalf("%d spans ended, want %d", len(got), 100-64)
	}
	for _, s := range got {
		if s.Status().Code.String() != "Error" || spantest.Attrs(s)["error.type"] != "openlitlangchaingo.unreportedError" {
			t.Errorf("status %v, %v", s.Status(), spantest.Attrs(s)["error.type"])
		}
	}
}

// Odd callbacks: ends with no start, nil and uncomparable contexts, nil
// responses, foreign content parts, invalid UTF-8 and huge values; no
// panic, every value valid UTF-8 and bounded.
func TestOddCallbacks(t *testing.T) {
	h := newHarness(t, true, openlitlangchaingo.WithModel("gpt-4o-mini"))
	hd := h.handler
	ctx := context.Background()
	//nolint:staticcheck // a nil context is what a careless caller gives.
	var nilCtx context.Context
	hd.HandleChainEnd(ctx, nil)
	hd.HandleLLMGenerateContentEnd(ctx, nil)
	hd.HandleToolEnd(ctx, "x")
	hd.HandleRetrieverEnd(ctx, "q", nil)
	hd.HandleLLMError(nilCtx, errors.New("x"))
	hd.HandleChainStart(nilCtx, nil)

	huge := strings.Repeat("\xff\xfe a", 300_000)
	hd.HandleChainStart(ctx, map[string]any{"input": huge, "ch": make(chan int)})
	hd.HandleLLMGenerateContentStart(ctx, []llms.MessageContent{{Role: "custom", Parts: []llms.ContentPart{llms.TextContent{Text: huge}, nil}}})
	hd.HandleStreamingFunc(ctx, []byte(huge))
	hd.HandleLLMGenerateContentEnd(ctx, &llms.ContentResponse{Choices: []*llms.ContentChoice{nil, {Content: huge,
		GenerationInfo: map[string]any{"PromptTokens": 1 << 62, "CompletionTokens": -5}}}})
	hd.HandleAgentAction(ctx, schema.AgentAction{Tool: huge, ToolInput: huge, ToolID: huge})
	hd.HandleAgentFinish(ctx, schema.AgentFinish{})
	hd.HandleRetrieverStart(ctx, huge)
	hd.HandleRetrieverEnd(ctx, huge, []schema.Document{{PageContent: huge, Metadata: map[string]any{"f": func() {}}}})
	hd.HandleChainEnd(ctx, map[string]any{"output": huge})

	spans := h.exp.GetSpans().Snapshots()
	if len(spans) != 4 {
		t.Fatalf("%d spans, want 4 (agent, chat, tool, retrieval)", len(spans))
	}
	for _, s := range spans {
		if !utf8.ValidString(s.Name()) || len(s.Name()) > 1<<10 {
			t.Errorf("span name %q…", s.Name()[:min(len(s.Name()), 40)])
		}
		for _, kv := range s.Attributes() {
			v := kv.Value.Emit()
			if !utf8.ValidString(v) || len(v) > 128<<10 {
				t.Errorf("%s: %s is %d bytes, valid %v", s.Name(), kv.Key, len(v), utf8.ValidString(v))
			}
		}
	}
}
