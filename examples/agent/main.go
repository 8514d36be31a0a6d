// Command agent is a hand-written tool-calling agent: it asks gpt-4o what
// the weather in Paris is, runs the tool the model asks for over MCP (an
// in-process MCP server, reached over the SDK's in-memory transport), and
// asks the model again with the result. Everything is traced as one tree:
//
//	invoke_agent weather-agent
//	├── chat gpt-4o                      (asks for get_weather, call id call_weather_paris)
//	├── execute_tool get_weather         (gen_ai.tool.call.id call_weather_paris)
//	│   └── tools/call get_weather       (MCP client)
//	│       └── tools/call get_weather   (MCP server, continued from the request's _meta)
//	└── chat gpt-4o                      (the final answer)
//
// With no OPENAI_API_KEY it answers from a local replay (a tool call, then
// the answer), and with no OTEL_EXPORTER_OTLP_ENDPOINT it prints the
// telemetry to the console:
//
//	cd examples/agent && go run .
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/shared"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/instrumentation/openlitmcp"
	"github.com/openlit/openlit-go/instrumentation/openlitopenai"
	"github.com/openlit/openlit-go/openlittrace"
	"github.com/openlit/openlit-go/replay"
)

func main() {
	if err := run(context.Background(), os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "agent:", err)
		os.Exit(1)
	}
}

type weatherArgs struct {
	City string `json:"city" jsonschema:"the city"`
}

// weatherServer is the MCP server the agent's tool runs on.
func weatherServer() *mcp.Server {
	server := mcp.NewServer(&mcp.Implementation{Name: "weather", Version: "v1"}, nil)
	mcp.AddTool(server, &mcp.Tool{Name: "get_weather", Description: "The current weather in a city"},
		func(ctx context.Context, req *mcp.CallToolRequest, in weatherArgs) (*mcp.CallToolResult, any, error) {
			return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: "21°C and sunny in " + in.City}}}, nil, nil
		})
	server.AddReceivingMiddleware(openlitmcp.ServerMiddleware(openlitmcp.WithNetworkTransport("inproc")))
	return server
}

func run(ctx context.Context, stdout, stderr io.Writer) (err error) {
	opts, stop := replay.Fallback(stderr, replay.Options{Answers: [][]byte{toolCallAnswer, finalAnswer}})
	defer stop()

	otl, err := openlit.Init(ctx, openlit.WithDisableBatch(true), openlit.WithConsoleWriter(stdout))
	if err != nil {
		return err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := otl.Shutdown(ctx); err != nil {
			fmt.Fprintln(stderr, "agent: flushing telemetry:", err)
		}
	}()

	// The MCP server runs in-process; the client reaches it in memory.
	serverTransport, clientTransport := mcp.NewInMemoryTransports()
	serverSession, err := weatherServer().Connect(ctx, serverTransport, nil)
	if err != nil {
		return err
	}
	mcpClient := mcp.NewClient(&mcp.Implementation{Name: "weather-agent", Version: "v1"}, nil)
	mcpClient.AddSendingMiddleware(openlitmcp.ClientMiddleware(openlitmcp.WithNetworkTransport("inproc")))
	tools, err := mcpClient.Connect(ctx, clientTransport, nil)
	if err != nil {
		return err
	}
	defer func() {
		err = errors.Join(err, tools.Close(), serverSession.Wait())
	}()

	client := openlitopenai.Wrap(openai.NewClient(opts...))
	answer, err := ask(ctx, client, tools, "What is the weather in Paris?")
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, answer)
	return nil
}

// ask runs the agent loop for one question: the model, the tools it asks
// for, the model again, until it answers.
func ask(ctx context.Context, client openlitopenai.Client, tools *mcp.ClientSession, question string) (answer string, err error) {
	ctx, agent := openlittrace.InvokeAgent(ctx, openlittrace.Agent{Name: "weather-agent", ID: "agent-weather-1",
		Description: "Answers weather questions with the get_weather tool", ConversationID: "conversation-1", System: "openai",
		Input: question})
	defer func() {
		agent.SetResult(answer)
		agent.End(err)
	}()
	params := openai.ChatCompletionNewParams{
		Model: openai.ChatModelGPT4o,
		Messages: []openai.ChatCompletionMessageParamUnion{
			openai.SystemMessage("You answer weather questions with the get_weather tool."),
			openai.UserMessage(question),
		},
		Tools: []openai.ChatCompletionToolUnionParam{openai.ChatCompletionFunctionTool(shared.FunctionDefinitionParam{
			Name:        "get_weather",
			Description: openai.String("The current weather in a city"),
			Parameters: shared.FunctionParameters{"type": "object", "required": []string{"city"},
				"properties": map[string]any{"city": map[string]string{"type": "string"}}},
		})},
	}
	for range 5 {
		res, err := client.Chat.Completions.New(ctx, params)
		if err != nil {
			return "", err
		}
		if len(res.Choices) == 0 {
			return "", errors.New("the model returned no choice")
		}
		msg := res.Choices[0].Message
		if len(msg.ToolCalls) == 0 {
			// A simple check of the answer, recorded on the agent's span.
			ok := strings.Contains(msg.Content, "Paris")
			openlittrace.RecordEvaluation(ctx, openlittrace.Evaluation{Name: "mentions_city", Score: boolScore(ok),
				Label: map[bool]string{true: "pass", false: "fail"}[ok], ResponseID: res.ID})
			return msg.Content, nil
		}
		params.Messages = append(params.Messages, msg.ToParam())
		for _, call := range msg.ToolCalls {
			result, err := runTool(ctx, tools, call.ID, call.Function.Name, call.Function.Arguments)
			if err != nil {
				return "", err
			}
			params.Messages = append(params.Messages, openai.ToolMessage(result, call.ID))
		}
	}
	return "", errors.New("no answer after 5 turns")
}

// runTool runs one tool call over MCP inside its execute_tool span.
func runTool(ctx context.Context, tools *mcp.ClientSession, id, name, arguments string) (result string, err error) {
	ctx, span := openlittrace.ExecuteTool(ctx, openlittrace.Tool{Name: name, CallID: id, Arguments: arguments})
	defer func() {
		span.SetResult(result)
		span.End(err)
	}()
	res, err := tools.CallTool(ctx, &mcp.CallToolParams{Name: name, Arguments: json.RawMessage(arguments)})
	if err != nil {
		return "", err
	}
	var text strings.Builder
	for _, c := range res.Content {
		if t, ok := c.(*mcp.TextContent); ok {
			text.WriteString(t.Text)
		}
	}
	if res.IsError {
		return "", fmt.Errorf("tool %s: %s", name, text.String())
	}
	return text.String(), nil
}

func boolScore(ok bool) float64 {
	if ok {
		return 1
	}
	return 0
}
