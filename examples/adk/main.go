// Command adk is a small tool-calling agent on Google's Agent Development
// Kit for Go (an LLM agent on Gemini with one tool), traced as one tree
// by openlitadk: ADK's own spans, completed with openlit-go's usage, cost,
// metrics and content:
//
//	invoke_agent weather_agent
//	├── chat gemini-2.5-flash       (asks for get_weather, call id call_paris)
//	├── execute_tool get_weather    (gen_ai.tool.call.id call_paris)
//	└── chat gemini-2.5-flash       (the answer)
//
// With neither GEMINI_API_KEY nor GOOGLE_API_KEY set it answers from a
// local replay (a tool call, then the answer), and with no
// OTEL_EXPORTER_OTLP_ENDPOINT it prints the telemetry to the console:
//
//	cd examples/adk && go run .
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"google.golang.org/adk/agent"
	"google.golang.org/adk/agent/llmagent"
	"google.golang.org/adk/model/gemini"
	"google.golang.org/adk/plugin"
	"google.golang.org/adk/runner"
	"google.golang.org/adk/session"
	"google.golang.org/adk/tool"
	"google.golang.org/adk/tool/functiontool"
	"google.golang.org/genai"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/instrumentation/openlitadk"
	"github.com/openlit/openlit-go/replay"
)

func main() {
	if err := run(context.Background(), os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "adk:", err)
		os.Exit(1)
	}
}

type weatherArgs struct {
	City string `json:"city"`
}

type weatherResult struct {
	Report string `json:"report"`
}

func run(ctx context.Context, stdout, stderr io.Writer) (err error) {
	cfg := &genai.ClientConfig{APIKey: os.Getenv("GOOGLE_API_KEY"), Backend: genai.BackendGeminiAPI}
	if cfg.APIKey == "" {
		cfg.APIKey = os.Getenv("GEMINI_API_KEY")
		baseURL, stop := replay.FallbackFor(stderr, "GEMINI_API_KEY", replay.Options{Answers: [][]byte{toolCallAnswer, finalAnswer}})
		defer stop()
		if baseURL != "" {
			cfg.APIKey = "replay"
			cfg.HTTPOptions.BaseURL = strings.TrimSuffix(baseURL, "v1/")
		}
	}

	// Init first: ADK's tracer follows the first global provider.
	otl, err := openlit.Init(ctx, openlit.WithDisableBatch(true), openlit.WithConsoleWriter(stdout))
	if err != nil {
		return err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := otl.Shutdown(ctx); err != nil {
			fmt.Fprintln(stderr, "adk: flushing telemetry:", err)
		}
	}()

	m, err := gemini.NewModel(ctx, "gemini-2.5-flash", cfg)
	if err != nil {
		return err
	}
	weather, err := functiontool.New(functiontool.Config{Name: "get_weather", Description: "The current weather in a city"},
		func(_ tool.Context, a weatherArgs) (weatherResult, error) {
			return weatherResult{Report: "21°C and sunny in " + a.City}, nil
		})
	if err != nil {
		return err
	}
	a, err := llmagent.New(llmagent.Config{Name: "weather_agent", Description: "Answers about the weather",
		Model:       openlitadk.WrapModel(m),
		Instruction: "Answer questions about the weather with the get_weather tool.",
		Tools:       []tool.Tool{weather}})
	if err != nil {
		return err
	}
	r, err := runner.New(runner.Config{AppName: "weather", Agent: a, SessionService: session.InMemoryService(), AutoCreateSession: true,
		PluginConfig: runner.PluginConfig{Plugins: []*plugin.Plugin{openlitadk.NewPlugin()}}})
	if err != nil {
		return err
	}
	msg := genai.NewContentFromText("What is the weather in Paris?", genai.RoleUser)
	for ev, err := range r.Run(ctx, "user-1", "session-1", msg, agent.RunConfig{}) {
		if err != nil {
			return err
		}
		if ev.Content != nil && !ev.Partial {
			for _, p := range ev.Content.Parts {
				if p.Text != "" {
					fmt.Fprintln(stderr, "agent:", p.Text)
				}
			}
		}
	}
	return nil
}
