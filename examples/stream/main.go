// Command stream is the chat example with a streamed answer: it prints the
// tokens as they arrive and asks for the final usage chunk
// (stream_options.include_usage), so the span carries token counts, cost and
// a real time to first token.
//
// It reads the same environment as examples/chat and, like it, answers from
// a local replay when OPENAI_API_KEY is not set:
//
//	go run ./examples/stream
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
		fmt.Fprintln(os.Stderr, "stream:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, stdout, stderr io.Writer) error {
	// Without a key the replay waits 300 ms before the first token and 2 ms
	// between tokens, so the stream looks like one.
	reqOpts, stop := replay.Fallback(stderr, replay.Options{FirstChunkDelay: 300 * time.Millisecond, ChunkDelay: 2 * time.Millisecond})
	defer stop()

	otl, err := openlit.Init(ctx, openlit.WithDisableBatch(true), openlit.WithConsoleWriter(stdout))
	if err != nil {
		return err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := otl.Shutdown(ctx); err != nil {
			fmt.Fprintln(stderr, "stream: flushing telemetry:", err)
		}
	}()

	client := openlitopenai.Wrap(openai.NewClient(reqOpts...))
	stream := client.Chat.Completions.NewStreaming(ctx, openai.ChatCompletionNewParams{
		Model: openai.ChatModelGPT4o,
		Messages: []openai.ChatCompletionMessageParamUnion{
			openai.UserMessage("What is LLM Observability?"),
		},
		StreamOptions: openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)},
	})
	defer stream.Close()
	for stream.Next() {
		chunk := stream.Current()
		if len(chunk.Choices) > 0 {
			fmt.Fprint(stdout, chunk.Choices[0].Delta.Content)
		}
	}
	fmt.Fprintln(stdout)
	return stream.Err()
}
