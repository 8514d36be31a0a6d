// Command responses calls the OpenAI Responses API through an instrumented
// client, once plainly and once streamed, and prints both answers. Each call
// is a "chat gpt-4o" span with usage, cost and content.
//
// With no OPENAI_API_KEY it answers from a local replay:
//
//	go run ./examples/responses
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/responses"

	openlit "github.com/openlit/openlit-go"
	openlitopenai "github.com/openlit/openlit-go/instrumentation/openlitopenai"
	"github.com/openlit/openlit-go/replay"
)

func main() {
	if err := run(context.Background(), os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "responses:", err)
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
	params := responses.ResponseNewParams{
		Model:        openai.ChatModelGPT4o,
		Instructions: openai.String("Answer in one sentence."),
		Input:        responses.ResponseNewParamsInputUnion{OfString: openai.String("What is LLM observability?")},
	}
	res, err := client.Responses.New(ctx, params)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, res.OutputText())

	stream := client.Responses.NewStreaming(ctx, params)
	defer stream.Close()
	for stream.Next() {
		if ev := stream.Current(); ev.Type == "response.output_text.delta" {
			fmt.Fprint(stdout, ev.Delta)
		}
	}
	fmt.Fprintln(stdout)
	return stream.Err()
}
