// Command zerocode is a program written with github.com/sashabaranov/go-openai
// whose only openlit-go code is one Init call with HTTP instrumentation on:
// the guide's question to gpt-4o is traced (span, events, the seven
// metrics, cost) with no wrapper and no change to the client.
//
// With no OPENAI_API_KEY it answers from a local replay of the recorded
// OpenAI response, and with no OTEL_EXPORTER_OTLP_ENDPOINT it prints the
// telemetry to the console, so it runs anywhere:
//
//	go run ./examples/zerocode
//
// OPENLIT_HTTP_INSTRUMENTATION=true does the same as the option, for a
// program that should not change at all.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	goopenai "github.com/sashabaranov/go-openai"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/replay"
)

func main() {
	if err := run(context.Background(), os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "zerocode:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, stdout, stderr io.Writer) error {
	// Offline harness, not instrumentation: without a key, a local replay
	// stands in for the OpenAI API.
	baseURL, stop := replay.FallbackURL(stderr, replay.Options{})
	defer stop()

	// The only openlit-go code: Init, with every client on
	// http.DefaultTransport traced.
	otl, err := openlit.Init(ctx, openlit.WithHTTPInstrumentation(true),
		openlit.WithDisableBatch(true), openlit.WithConsoleWriter(stdout))
	if err != nil {
		return err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := otl.Shutdown(ctx); err != nil {
			fmt.Fprintln(stderr, "zerocode: flushing telemetry:", err)
		}
	}()

	// The program as it was: go-openai, untouched.
	cfg := goopenai.DefaultConfig(os.Getenv("OPENAI_API_KEY"))
	if baseURL == "" {
		baseURL = os.Getenv("OPENAI_BASE_URL")
	}
	if baseURL != "" {
		cfg.BaseURL = strings.TrimSuffix(baseURL, "/")
	}
	client := goopenai.NewClientWithConfig(cfg)
	res, err := client.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{
		Model:    goopenai.GPT4o,
		Messages: []goopenai.ChatCompletionMessage{{Role: goopenai.ChatMessageRoleUser, Content: "What is LLM Observability?"}},
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, res.Choices[0].Message.Content)
	return nil
}
