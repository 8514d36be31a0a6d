// Command langchaingo is a small tool-calling agent on LangChainGo (an
// OpenAI functions agent with LangChainGo's OpenAI model and one tool),
// traced by openlitlangchaingo's callbacks handler as one tree:
//
//	invoke_agent weather
//	├── chat gpt-4o-mini            (asks for get_weather, call id call_paris)
//	├── execute_tool get_weather    (gen_ai.tool.call.id call_paris)
//	└── chat gpt-4o-mini            (the answer)
//
// The model's HTTP client carries openlit-go's transport: each model call
// is still one chat span, the handler's, filled from the wire (model,
// server address, usage, cost).
//
// With no OPENAI_API_KEY it answers from a local replay (a tool call, then
// the answer), and with no OTEL_EXPORTER_OTLP_ENDPOINT it prints the
// telemetry to the console:
//
//	cd examples/langchaingo && go run .
package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/tmc/langchaingo/agents"
	"github.com/tmc/langchaingo/chains"
	"github.com/tmc/langchaingo/llms/openai"
	"github.com/tmc/langchaingo/tools"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/instrumentation/openlithttp"
	"github.com/openlit/openlit-go/instrumentation/openlitlangchaingo"
	"github.com/openlit/openlit-go/replay"
)

func main() {
	if err := run(context.Background(), os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "langchaingo:", err)
		os.Exit(1)
	}
}

// weather is the agent's one tool.
type weather struct{}

func (weather) Name() string        { return "get_weather" }
func (weather) Description() string { return "The current weather in a city" }
func (weather) Call(_ context.Context, input string) (string, error) {
	return "21°C and sunny (asked: " + input + ")", nil
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
			fmt.Fprintln(stderr, "langchaingo: flushing telemetry:", err)
		}
	}()

	h := openlitlangchaingo.NewHandler(openlitlangchaingo.WithAgentName("weather"))
	opts := []openai.Option{openai.WithToken(apiKey), openai.WithModel("gpt-4o-mini"), openai.WithCallback(h),
		// The model's HTTP client traced too: its span is the handler's.
		openai.WithHTTPClient(&http.Client{Transport: openlithttp.NewTransport(http.DefaultTransport)})}
	if baseURL != "" {
		opts = append(opts, openai.WithBaseURL(baseURL))
	}
	llm, err := openai.New(opts...)
	if err != nil {
		return err
	}
	executor := agents.NewExecutor(agents.NewOpenAIFunctionsAgent(llm, []tools.Tool{weather{}}), agents.WithCallbacksHandler(h))
	answer, err := chains.Run(ctx, executor, "What is the weather in Paris?")
	if err != nil {
		return err
	}
	fmt.Fprintln(stderr, "agent:", answer)
	return nil
}
