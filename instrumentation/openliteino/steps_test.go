package openliteino_test

import (
	"context"
	"strings"
	"testing"

	"github.com/cloudwego/eino/callbacks"
	"github.com/cloudwego/eino/components"
	"github.com/cloudwego/eino/components/embedding"
	"github.com/cloudwego/eino/components/retriever"
	"github.com/cloudwego/eino/compose"
	"github.com/cloudwego/eino/schema"

	"github.com/openlit/openlit-go/instrumentation/openliteino"
	"github.com/openlit/openlit-go/internal/spantest"
)

// embedder triggers its own callbacks, with the model and usage, as
// eino-ext's embedders do.
type embedder struct{}

func (embedder) IsCallbacksEnabled() bool { return true }
func (embedder) GetType() string          { return "OpenAI" }

func (embedder) EmbedStrings(ctx context.Context, texts []string, _ ...embedding.Option) ([][]float64, error) {
	cfg := &embedding.Config{Model: "text-embedding-3-small"}
	ctx = callbacks.OnStart(ctx, &embedding.CallbackInput{Texts: texts, Config: cfg})
	out := make([][]float64, len(texts))
	for i := range out {
		out[i] = []float64{0.1, 0.2, 0.3}
	}
	callbacks.OnEnd(ctx, &embedding.CallbackOutput{Embeddings: out, Config: cfg,
		TokenUsage: &embedding.TokenUsage{PromptTokens: 1000, TotalTokens: 1000}})
	return out, nil
}

// docsRetriever embeds the query and returns two documents; its callbacks
// are the graph's.
type docsRetriever struct{ embedder embedding.Embedder }

func (r docsRetriever) Retrieve(ctx context.Context, query string, _ ...retriever.Option) ([]*schema.Document, error) {
	// The embedder is a component of its own, as eino-ext's retrievers
	// run theirs.
	ectx := callbacks.ReuseHandlers(ctx, &callbacks.RunInfo{Type: "OpenAI", Component: components.ComponentOfEmbedding})
	if _, err := r.embedder.EmbedStrings(ectx, []string{query}); err != nil {
		return nil, err
	}
	d := &schema.Document{ID: "doc-1", Content: "Paris is in France."}
	d.WithScore(0.9)
	return []*schema.Document{d, {ID: "doc-2", Content: "Lyon is in France."}}, nil
}

// A chain with a retriever: the chain is the agent, the retrieval under
// it, the embedding call under the retrieval, priced; content only with
// capture on.
func TestRetrievalChain(t *testing.T) {
	for _, capture := range []bool{true, false} {
		tp, exp, mp, reader := spantest.Providers(t)
		h := openliteino.NewHandler(openliteino.WithTracerProvider(tp), openliteino.WithMeterProvider(mp),
			openliteino.WithCaptureMessageContent(capture))
		chain := compose.NewChain[string, []*schema.Document]()
		chain.AppendRetriever(docsRetriever{embedder{}}, compose.WithNodeName("docs"))
		run, err := chain.Compile(context.Background(), compose.WithGraphName("rag"))
		if err != nil {
			t.Fatal(err)
		}
		docs, err := run.Invoke(context.Background(), "secret question", compose.WithCallbacks(h))
		if err != nil || len(docs) != 2 {
			t.Fatalf("Invoke = %v, %v", docs, err)
		}
		byName := map[string]map[string]string{}
		var names []string
		for _, s := range exp.GetSpans().Snapshots() {
			byName[s.Name()] = spantest.Attrs(s)
			names = append(names, s.Name())
		}
		if len(names) != 3 || byName["invoke_agent rag"] == nil || byName["embeddings text-embedding-3-small"] == nil {
			t.Fatalf("spans %v", names)
		}
		var retrieval map[string]string
		for name, a := range byName {
			if strings.HasPrefix(name, "retrieval") {
				retrieval = a
			}
		}
		if retrieval == nil || retrieval["gen_ai.operation.name"] != "retrieval" {
			t.Fatalf("no retrieval span: %v", names)
		}
		emb := byName["embeddings text-embedding-3-small"]
		spantest.Check(t, emb, map[string]string{"gen_ai.usage.input_tokens": "1000", "gen_ai.usage.cost": "~2e-05",
			"gen_ai.embeddings.dimension.count": "3"})
		docsText := retrieval["gen_ai.retrieval.documents"]
		if capture && (!strings.Contains(docsText, `"doc-1"`) || retrieval["gen_ai.retrieval.query.text"] != "secret question") {
			t.Errorf("retrieval content: %v", retrieval)
		}
		for name, a := range byName {
			for k, v := range a {
				if !capture && strings.Contains(v, "secret") {
					t.Errorf("%s: %s recorded without capture", name, k)
				}
			}
		}
		if n := spantest.CounterTotal(t, reader, "gen_ai.total.requests"); n != 1 {
			t.Errorf("gen_ai.total.requests = %d, want 1", n)
		}
	}
}

// A graph run from inside a lambda of another is a step of the outer
// agent, not an agent of its own: the untraced lambda between them keeps
// the tree.
func TestGraphInsideLambda(t *testing.T) {
	tp, exp, _, _ := spantest.Providers(t)
	h := openliteino.NewHandler(openliteino.WithTracerProvider(tp))
	inner := compose.NewChain[string, []*schema.Document]()
	inner.AppendRetriever(docsRetriever{embedder{}}, compose.WithNodeName("docs"))
	innerRun, err := inner.Compile(context.Background(), compose.WithGraphName("inner"))
	if err != nil {
		t.Fatal(err)
	}
	outer := compose.NewChain[string, int]()
	outer.AppendLambda(compose.InvokableLambda(func(ctx context.Context, q string) (int, error) {
		docs, err := innerRun.Invoke(ctx, q)
		return len(docs), err
	}))
	outerRun, err := outer.Compile(context.Background(), compose.WithGraphName("outer"))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := outerRun.Invoke(context.Background(), "q", compose.WithCallbacks(h)); err != nil || n != 2 {
		t.Fatalf("Invoke = %d, %v", n, err)
	}
	names := map[string]bool{}
	for _, s := range exp.GetSpans().Snapshots() {
		names[s.Name()] = true
	}
	if !names["invoke_agent outer"] || !names["inner"] || names["invoke_agent inner"] {
		t.Errorf("spans %v: want the outer agent and the inner graph as its step", names)
	}
}
