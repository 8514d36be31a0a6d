package replay_test

import (
	"context"
	"fmt"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/openlit/openlit-go/replay"
)

// A test of traced code, offline: the client talks to the replay server.
func ExampleNewServer() {
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	client := openai.NewClient(option.WithBaseURL(srv.BaseURL()), option.WithAPIKey("test"))
	res, err := client.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
		Model:    openai.ChatModelGPT4o,
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("What is LLM Observability?")},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Model, res.Usage.TotalTokens)
	// Output: gpt-4o-2024-08-06 370
}

// Failures are injected per request: here a 429 the client retries.
func ExampleOptions_fail() {
	srv := replay.NewServer(replay.Options{Fail: []int{429}})
	defer srv.Close()
	client := openai.NewClient(option.WithBaseURL(srv.BaseURL()), option.WithAPIKey("test"))
	_, err := client.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
		Model:    openai.ChatModelGPT4o,
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("hi")},
	})
	fmt.Println(err, srv.Requests())
	// Output: <nil> 2
}
