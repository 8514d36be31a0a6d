package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/openlit/openlit-go/internal/exampletest"
	"github.com/openlit/openlit-go/internal/otlpreceiver"
	"github.com/openlit/openlit-go/replay"
)

// Without a key, a store or an endpoint the example answers from the
// replay and the in-memory Qdrant, and prints its trace.
func TestRAGExampleNewcomer(t *testing.T) {
	t.Setenv("QDRANT_HOST", "")
	exampletest.RunOffline(t, run, `"Name": "query docs"`, `"Name": "upsert docs"`, `"Name": "chat gpt-4o"`,
		`"Name": "embeddings text-embedding-3-small"`, "Langfuse reads those traces.")
}

// With an endpoint, the spans reach a real OTLP/HTTP receiver as one trace:
// embeddings → store → embeddings → query docs → chat, the search with its
// top-k and rows, the chat prompt holding the two documents retrieved.
func TestRAGExampleTrace(t *testing.T) {
	srv := replay.NewServer(replay.Options{Answers: replayAnswers()})
	defer srv.Close()
	rcv := otlpreceiver.New()
	defer rcv.Close()
	t.Setenv("QDRANT_HOST", "")
	t.Setenv("OPENAI_API_KEY", "sk-rag-test")
	t.Setenv("OPENAI_BASE_URL", srv.BaseURL())
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", rcv.URL)
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	want := `rag answer
  embeddings text-embedding-3-small
  create_collection docs
  upsert docs
  embeddings text-embedding-3-small
  query docs
  chat gpt-4o
`
	if got := exampletest.SpanTree(rcv.Spans())["rag answer"]; got != want {
		t.Errorf("trace tree:\n%s\nwant:\n%s", got, want)
	}
	for _, s := range rcv.Spans() {
		a := otlpreceiver.Attrs(s.Attributes)
		switch s.Name {
		case "query docs":
			if a["db.vector.query.top_k"] != int64(2) || a["db.response.returned_rows"] != int64(2) || a["db.system.name"] != "qdrant" {
				t.Errorf("query span %v", a)
			}
		case "chat gpt-4o":
			prompt := ""
			for _, e := range s.Events {
				if p, ok := otlpreceiver.Attrs(e.Attributes)["gen_ai.prompt"].(string); ok {
					prompt = p
				}
			}
			if !strings.Contains(prompt, "OpenLIT traces LLM calls") || !strings.Contains(prompt, "Langfuse reads") || strings.Contains(prompt, "Paris") {
				t.Errorf("chat prompt %q, want the two documents retrieved", prompt)
			}
		case "upsert docs":
			if a["db.vector.count"] != int64(4) {
				t.Errorf("upsert span %v", a)
			}
		}
	}
}
