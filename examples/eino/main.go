// Command eino is a small tool-calling agent on Eino (a ReAct agent with
// eino-ext's OpenAI chat model and one tool), traced by openliteino's
// callbacks handler as one tree:
//
//	invoke_agent ReActAgent
//	├── chat gpt-4o-mini            (asks for get_weather, call id call_paris)
//	├── execute_tool get_weather    (gen_ai.tool.call.id call_paris)
//	└── chat gpt-4o-mini            (the answer)
//
// The chat model's HTTP client carries openlit-go's transport: each model
// call is still one chat span, the handler's, filled from the wire (server
// address, usage, cost).
//
// With no OPENAI_API_KEY it answers from a local replay (a tool call, then
// the answer), and with no OTEL_EXPORTER_OTLP_ENDPOINT it prints the
// telemetry to the console:
//
//	cd examples/eino && go run .
package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	einoopenai "github.com/cloudwego/eino-ext/components/model/openai"
	"github.com/cloudwego/eino/callbacks"
	"github.com/cloudwego/eino/components/tool"
	"github.com/cloudwego/eino/components/tool/utils"
	"github.com/cloudwego/eino/compose"
	"github.com/cloudwego/eino/flow/agent/react"
	"github.com/cloudwego/eino/schema"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/instrumentation/openliteino"
	"github.com/openlit/openlit-go/instrumentation/openlithttp"
	"github.com/openlit/openlit-go/replay"
)

func main() {
	if err := run(context.Background(), os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "eino:", err)
		os.Exit(1)
	}
}

type weatherArgs struct {
	City string `json:"city" jsonschema:"description=the city"`
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
			fmt.Fprintln(stderr, "eino: flushing telemetry:", err)
		}
	}()
	// Every Eino run in the process is traced.
	callbacks.AppendGlobalHandlers(openliteino.NewHandler())

	chatModel, err := einoopenai.NewChatModel(ctx, &einoopenai.ChatModelConfig{
		APIKey:  apiKey,
		BaseURL: baseURL,
		Model:   "gpt-4o-mini",
		// The model's HTTP client traced too: its span is the handler's.
		HTTPClient: &http.Client{Transport: openlithttp.NewTransport(http.DefaultTransport)},
	})
	if err != nil {
		return err
	}
	weather, err := utils.InferTool("get_weather", "The current weather in a city",
		func(_ context.Context, a weatherArgs) (string, error) { return "21°C and sunny in " + a.City, nil })
	if err != nil {
		return err
	}
	agent, err := react.NewAgent(ctx, &react.AgentConfig{
		ToolCallingModel: chatModel,
		ToolsConfig:      compose.ToolsNodeConfig{Tools: []tool.BaseTool{weather}},
	})
	if err != nil {
		return err
	}
	answer, err := agent.Generate(ctx, []*schema.Message{schema.UserMessage("What is the weather in Paris?")})
	if err != nil {
		return err
	}
	fmt.Fprintln(stderr, "agent:", answer.Content)
	return nil
}
