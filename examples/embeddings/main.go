// Command embeddings embeds two sentences through an instrumented client:
// one "embeddings text-embedding-3-small" span with the input tokens and
// their cost.
//
// With no OPENAI_API_KEY it answers from a local replay:
//
//	go run ./examples/embeddings
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/openai/openai-go/v3"

	openlit "github.com/openlit/openlit-go"
	openlitopenai "github.com/openlit/openlit-go/instrumentation/openlitopenai"
	"github.com/openlit/openlit-go/replay"
)

func main() {
	if err := run(context.Background(), os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "embeddings:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, stdout, stderr io.Writer) error {
	reqOpts, stop := replay.Fallback(stderr, replay.Options{})
	defer stop()
	otl, err := openlit.Init(ctx, openlit.WithDisableBatch(true), openlit.WithConsoleWriter(stdout))
	if err != nil {
		return err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = otl.Shutdown(ctx)
	}()

	client := openlitopenai.Wrap(openai.NewClient(reqOpts...))
	res, err := client.Embeddings.New(ctx, openai.EmbeddingNewParams{
		Model: openai.EmbeddingModelTextEmbedding3Small,
		Input: openai.EmbeddingNewParamsInputUnion{OfArrayOfStrings: []string{"What is LLM observability?", "Why trace model calls?"}},
	})
	if err != nil {
		return err
	}
	for _, e := range res.Data {
		fmt.Fprintf(stdout, "embedding %d: %d dimensions\n", e.Index, len(e.Embedding))
	}
	return nil
}
