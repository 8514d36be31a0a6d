// Command genkit is a small tool-calling flow on Genkit (its OpenAI
// plugin and one tool), traced by openlitgenkit's middleware as one tree
// with Genkit's own spans:
//
//	invoke_agent weatherFlow          (Genkit's flow span, completed)
//	└── generate                      (Genkit)
//	    ├── chat gpt-4o-mini          (asks for get_weather, call id call_paris)
//	    ├── execute_tool get_weather  (gen_ai.tool.call.id call_paris)
//	    └── generate
//	        └── chat gpt-4o-mini      (the answer)
//
// (Genkit's model and tool action spans sit under the chat and tool
// spans.) The model's HTTP client carries openlit-go's transport: each
// model call is still one chat span, filled from the wire.
//
// With no OPENAI_API_KEY it answers from a local replay (a tool call, then
// the answer), and with no OTEL_EXPORTER_OTLP_ENDPOINT it prints the
// telemetry to the console:
//
//	cd examples/genkit && go run .
package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/firebase/genkit/go/ai"
	"github.com/firebase/genkit/go/genkit"
	oai "github.com/firebase/genkit/go/plugins/compat_oai/openai"
	"github.com/openai/openai-go/option"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/instrumentation/openlitgenkit"
	"github.com/openlit/openlit-go/instrumentation/openlithttp"
	"github.com/openlit/openlit-go/replay"
)

func main() {
	if err := run(context.Background(), os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "genkit:", err)
		os.Exit(1)
	}
}

type weatherIn struct {
	City string `json:"city"`
}

func run(ctx context.Context, stdout, stderr io.Writer) (err error) {
	baseURL, stop := replay.FallbackURL(stderr, replay.Options{Answers: [][]byte{toolCallAnswer, finalAnswer}})
	defer stop()
	apiKey := os.Getenv("OPENAI_API_KEY")
	if baseURL == "" {
		baseURL = os.Getenv("OPENAI_BASE_URL")
	} else {
		apiKey = "replay"
	}

	otl, err := openlit.Init(ctx, openlit.WithDisableBatch(true), openlit.WithConsoleWriter(stdout))
	if err != nil {
		return err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := otl.Shutdown(ctx); err != nil {
			fmt.Fprintln(stderr, "genkit: flushing telemetry:", err)
		}
	}()

	// The model's HTTP client traced too: its span is the middleware's.
	opts := []option.RequestOption{option.WithHTTPClient(&http.Client{Transport: openlithttp.NewTransport(http.DefaultTransport)})}
	if baseURL != "" {
		opts = append(opts, option.WithBaseURL(baseURL))
	}
	g := genkit.Init(ctx, genkit.WithPlugins(&oai.OpenAI{APIKey: apiKey, Opts: opts}))
	weather := genkit.DefineTool(g, "get_weather", "The current weather in a city",
		func(_ *ai.ToolContext, in weatherIn) (string, error) { return "21°C and sunny in " + in.City, nil })
	mw := openlitgenkit.New()
	flow := genkit.DefineFlow(g, "weatherFlow", func(ctx context.Context, city string) (string, error) {
		return genkit.GenerateText(ctx, g, ai.WithModelName("openai/gpt-4o-mini"),
			ai.WithPrompt("What is the weather in %s?", city), ai.WithTools(weather), ai.WithUse(mw))
	})
	answer, err := flow.Run(ctx, "Paris")
	if err != nil {
		return err
	}
	fmt.Fprintln(stderr, "agent:", answer)
	return nil
}
