// Command anthropic asks Claude "What is LLM Observability?" through an
// instrumented anthropic-sdk-go v2 client and prints the answer; the call
// is traced as "chat claude-sonnet-4-5" with its input, output and prompt
// cache tokens and its cost.
//
// With no ANTHROPIC_API_KEY it answers from a local replay of a recorded
// Messages API answer, and with no OTEL_EXPORTER_OTLP_ENDPOINT it prints
// the telemetry to the console, so it runs anywhere:
//
//	cd examples/anthropic && go run .
//
// With ANTHROPIC_API_KEY set it asks the real API (ANTHROPIC_BASE_URL is
// honoured).
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/instrumentation/openlitanthropic"
	"github.com/openlit/openlit-go/replay"
)

func main() {
	if err := run(context.Background(), os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "anthropic:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, stdout, stderr io.Writer) error {
	baseURL, stop := replay.FallbackFor(stderr, "ANTHROPIC_API_KEY", replay.Options{})
	defer stop()

	otl, err := openlit.Init(ctx, openlit.WithDisableBatch(true), openlit.WithConsoleWriter(stdout))
	if err != nil {
		return err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := otl.Shutdown(ctx); err != nil {
			fmt.Fprintln(stderr, "anthropic: flushing telemetry:", err)
		}
	}()

	var opts []option.RequestOption
	if baseURL != "" {
		opts = append(opts, option.WithBaseURL(strings.TrimSuffix(baseURL, "/v1/")), option.WithAPIKey("replay"))
	}
	client := openlitanthropic.Wrap(anthropic.NewClient(opts...))
	msg, err := client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     "claude-sonnet-4-5",
		MaxTokens: 1024,
		System:    []anthropic.TextBlockParam{{Text: "You explain observability to Go developers."}},
		Messages:  []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock("What is LLM Observability?"))},
	})
	if err != nil {
		return err
	}
	for _, block := range msg.Content {
		if block.Type == "text" {
			fmt.Fprintln(stdout, block.Text)
		}
	}
	return nil
}
