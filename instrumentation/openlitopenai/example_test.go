package openlitopenai_test

import (
	"context"
	"fmt"
	"log"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	openlit "github.com/openlit/openlit-go"
	openlitopenai "github.com/openlit/openlit-go/instrumentation/openlitopenai"
)

// Wrap a client once; every chat completion made through it is traced and
// measured.
func ExampleWrap() {
	ctx := context.Background()
	otl, err := openlit.Init(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer otl.Shutdown(ctx)

	client := openlitopenai.Wrap(openai.NewClient())
	completion, err := client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model:    openai.ChatModelGPT4o,
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("What is LLM Observability?")},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(completion.Choices[0].Message.Content)
}

// A streamed completion is traced too: the span ends with the stream, and
// records the time to the first token.
func ExampleChatCompletionService_NewStreaming() {
	ctx := context.Background()
	client := openlitopenai.Wrap(openai.NewClient())
	stream := client.Chat.Completions.NewStreaming(ctx, openai.ChatCompletionNewParams{
		Model:         openai.ChatModelGPT4o,
		Messages:      []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Hello")},
		StreamOptions: openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)},
	})
	defer stream.Close()
	for stream.Next() {
		if chunk := stream.Current(); len(chunk.Choices) > 0 {
			fmt.Print(chunk.Choices[0].Delta.Content)
		}
	}
	if err := stream.Err(); err != nil {
		log.Fatal(err)
	}
}

func ExampleFormatMessages() {
	fmt.Println(openlitopenai.FormatMessages([]openai.ChatCompletionMessageParamUnion{
		openai.SystemMessage("You are terse."),
		openai.UserMessage("What is LLM Observability?"),
	}))
	// Output:
	// system: You are terse.
	// user: What is LLM Observability?
}

// A client that must stay an openai.Client (a struct field, a library's
// parameter) is traced by the middleware alone: every model call it makes,
// one span per attempt.
func ExampleMiddleware() {
	ctx := context.Background()
	client := openai.NewClient(option.WithMiddleware(openlitopenai.Middleware()))
	res, err := client.Completions.New(ctx, openai.CompletionNewParams{
		Model:  openai.CompletionNewParamsModelGPT3_5TurboInstruct,
		Prompt: openai.CompletionNewParamsPromptUnion{OfString: openai.String("Say hello")},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Choices[0].Text)
}
