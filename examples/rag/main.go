// Command rag is retrieval-augmented generation, traced end to end: it
// embeds four short documents and a question with OpenAI's embeddings,
// stores the documents in Qdrant, searches it with the question, and asks
// gpt-4o with what it found. One trace:
//
//	rag answer
//	├── embeddings text-embedding-3-small    (the documents)
//	├── create_collection docs
//	├── upsert docs                          (db.vector.count 4)
//	├── embeddings text-embedding-3-small    (the question)
//	├── query docs                           (db.vector.query.top_k 2, db.response.returned_rows 2)
//	└── chat gpt-4o                          (with the retrieved text)
//
// Offline by default: with no OPENAI_API_KEY the model answers from a local
// replay, and with no QDRANT_HOST the store is an in-memory Qdrant (package
// qdranttest, a gRPC server on loopback). Set QDRANT_HOST (and QDRANT_PORT,
// default 6334) for a real Qdrant. With no OTEL_EXPORTER_OTLP_ENDPOINT the
// trace is printed to the console:
//
//	cd examples/rag && go run .
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/qdrant/go-client/qdrant"
	"google.golang.org/grpc"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/instrumentation/openlitopenai"
	"github.com/openlit/openlit-go/instrumentation/openlitqdrant"
	"github.com/openlit/openlit-go/instrumentation/openlitqdrant/qdranttest"
	"github.com/openlit/openlit-go/openlittrace"
	"github.com/openlit/openlit-go/replay"
)

func main() {
	if err := run(context.Background(), os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "rag:", err)
		os.Exit(1)
	}
}

// documents are what the store holds.
var documents = []string{
	"OpenLIT traces LLM calls with OpenTelemetry.",
	"Qdrant is a vector database written in Rust.",
	"Paris is the capital of France.",
	"Langfuse reads OpenTelemetry traces of LLM applications.",
}

const (
	question   = "Which tools trace LLM applications?"
	collection = "docs"
)

func run(ctx context.Context, stdout, stderr io.Writer) (err error) {
	opts, stopModel := replay.Fallback(stderr, replay.Options{Answers: replayAnswers()})
	defer stopModel()

	otl, err := openlit.Init(ctx, openlit.WithDisableBatch(true), openlit.WithConsoleWriter(stdout))
	if err != nil {
		return err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := otl.Shutdown(ctx); err != nil {
			fmt.Fprintln(stderr, "rag: flushing telemetry:", err)
		}
	}()

	host, port := os.Getenv("QDRANT_HOST"), 6334
	if p, err := strconv.Atoi(os.Getenv("QDRANT_PORT")); err == nil {
		port = p
	}
	if host == "" {
		srv, err := qdranttest.Start()
		if err != nil {
			return err
		}
		defer srv.Close()
		host, port = srv.Host, srv.Port
		fmt.Fprintf(stderr, "rag: no QDRANT_HOST, using an in-memory Qdrant at %s:%d\n", host, port)
	}
	store, err := qdrant.NewClient(&qdrant.Config{Host: host, Port: port, APIKey: os.Getenv("QDRANT_API_KEY"),
		UseTLS: os.Getenv("QDRANT_API_KEY") != "", SkipCompatibilityCheck: true,
		GrpcOptions: []grpc.DialOption{openlitqdrant.DialOption()}})
	if err != nil {
		return err
	}
	defer store.Close()

	model := openlitopenai.Wrap(openai.NewClient(opts...))
	answer, err := answerQuestion(ctx, model, store)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, answer)
	return nil
}

// answerQuestion is the whole pipeline under one span.
func answerQuestion(ctx context.Context, model openlitopenai.Client, store *qdrant.Client) (answer string, err error) {
	ctx, span := openlittrace.Start(ctx, "rag answer")
	defer func() { span.End(err) }()

	// Index: embed the documents, store them.
	docs, err := embed(ctx, model, documents...)
	if err != nil {
		return "", err
	}
	if ok, err := store.CollectionExists(ctx, collection); err != nil {
		return "", err
	} else if ok {
		if err := store.DeleteCollection(ctx, collection); err != nil {
			return "", err
		}
	}
	if err := store.CreateCollection(ctx, &qdrant.CreateCollection{CollectionName: collection,
		VectorsConfig: qdrant.NewVectorsConfig(&qdrant.VectorParams{Size: uint64(len(docs[0])), Distance: qdrant.Distance_Cosine})}); err != nil {
		return "", err
	}
	points := make([]*qdrant.PointStruct, len(docs))
	for i, v := range docs {
		points[i] = &qdrant.PointStruct{Id: qdrant.NewIDNum(uint64(i + 1)), Vectors: qdrant.NewVectorsDense(v),
			Payload: qdrant.NewValueMap(map[string]any{"text": documents[i]})}
	}
	if _, err := store.Upsert(ctx, &qdrant.UpsertPoints{CollectionName: collection, Points: points, Wait: qdrant.PtrOf(true)}); err != nil {
		return "", err
	}

	// Retrieve: embed the question, search.
	q, err := embed(ctx, model, question)
	if err != nil {
		return "", err
	}
	found, err := store.Query(ctx, &qdrant.QueryPoints{CollectionName: collection, Query: qdrant.NewQueryDense(q[0]),
		Limit: qdrant.PtrOf(uint64(2)), WithPayload: qdrant.NewWithPayload(true)})
	if err != nil {
		return "", err
	}
	var context []string
	for _, p := range found {
		context = append(context, p.GetPayload()["text"].GetStringValue())
	}

	// Generate: ask with what was found.
	res, err := model.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model: openai.ChatModelGPT4o,
		Messages: []openai.ChatCompletionMessageParamUnion{
			openai.SystemMessage("Answer from the context only.\nContext:\n" + strings.Join(context, "\n")),
			openai.UserMessage(question),
		},
	})
	if err != nil {
		return "", err
	}
	if len(res.Choices) == 0 {
		return "", errors.New("the model returned no choice")
	}
	return res.Choices[0].Message.Content, nil
}

func embed(ctx context.Context, model openlitopenai.Client, texts ...string) ([][]float32, error) {
	res, err := model.Embeddings.New(ctx, openai.EmbeddingNewParams{
		Model: openai.EmbeddingModelTextEmbedding3Small,
		Input: openai.EmbeddingNewParamsInputUnion{OfArrayOfStrings: texts},
	})
	if err != nil {
		return nil, err
	}
	if len(res.Data) != len(texts) {
		return nil, fmt.Errorf("%d embeddings for %d texts", len(res.Data), len(texts))
	}
	out := make([][]float32, len(res.Data))
	for i, d := range res.Data {
		out[i] = make([]float32, len(d.Embedding))
		for j, x := range d.Embedding {
			out[i][j] = float32(x)
		}
	}
	return out, nil
}
