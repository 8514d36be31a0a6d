// Command chat is the OpenLIT/Langfuse guide's example in Go: it sets up
// openlit-go, asks gpt-4o "What is LLM Observability?" through an
// instrumented openai-go client, prints the answer, and flushes the
// telemetry before it exits.
//
// It reads only the standard environment: OPENAI_API_KEY, OPENAI_BASE_URL,
// OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_HEADERS, OTEL_SERVICE_NAME
// and the rest of the variables in the README. With no OTLP endpoint the
// spans and metrics are printed to the console. With no OPENAI_API_KEY it
// answers from a local replay of the recorded OpenAI response, so it runs
// anywhere:
//
//	go run ./examples/chat
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
		fmt.Fprintln(os.Stderr, "chat:", err)
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
		// Flush spans and metrics; never wait more than 10 s on a collector.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := otl.Shutdown(ctx); err != nil {
			fmt.Fprintln(stderr, "chat: flushing telemetry:", err)
		}
	}()

	client := openlitopenai.Wrap(openai.NewClient(reqOpts...))
	completion, err := client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model: openai.ChatModelGPT4o,
		Messages: []openai.ChatCompletionMessageParamUnion{
			openai.UserMessage("What is LLM Observability?"),
		},
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, completion.Choices[0].Message.Content)
	return nil
}
