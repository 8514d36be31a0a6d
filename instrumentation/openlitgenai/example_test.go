package openlitgenai_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"google.golang.org/genai"

	"github.com/openlit/openlit-go/instrumentation/openlitgenai"
	"github.com/openlit/openlit-go/replay"
)

// A client built by NewClient traces every GenerateContent,
// GenerateContentStream and EmbedContent call, and every message of its
// chat sessions. Here it talks to a local replay of recorded answers.
func ExampleNewClient() {
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	ctx := context.Background()
	client, err := openlitgenai.NewClient(ctx, &genai.ClientConfig{
		APIKey:      "replay",
		Backend:     genai.BackendGeminiAPI,
		HTTPOptions: genai.HTTPOptions{BaseURL: srv.URL},
	})
	if err != nil {
		log.Fatal(err)
	}
	res, err := client.Models.GenerateContent(ctx, "gemini-2.5-flash", genai.Text("What is LLM Observability?"), nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Text())
	// Output: LLM observability is the practice of monitoring the prompts, responses, latency, token usage and cost of large language model calls.
}

// A stream's span starts when the range over it starts and ends with it,
// with the time to the first chunk.
func ExampleModels_GenerateContentStream() {
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	ctx := context.Background()
	client, err := openlitgenai.NewClient(ctx, &genai.ClientConfig{
		APIKey: "replay", Backend: genai.BackendGeminiAPI, HTTPOptions: genai.HTTPOptions{BaseURL: srv.URL},
	})
	if err != nil {
		log.Fatal(err)
	}
	var text strings.Builder
	for chunk, err := range client.Models.GenerateContentStream(ctx, "gemini-2.5-flash", genai.Text("What is LLM Observability?"), nil) {
		if err != nil {
			log.Fatal(err)
		}
		text.WriteString(chunk.Text())
	}
	fmt.Println(text.String())
	// Output: LLM observability is monitoring every model call.
}

// Wrap instruments a client built elsewhere, on either backend, with any
// HTTP client: nothing is installed on it.
func ExampleWrap() {
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	ctx := context.Background()
	plain, err := genai.NewClient(ctx, &genai.ClientConfig{
		Backend: genai.BackendVertexAI, Project: "my-project", Location: "us-central1",
		HTTPOptions: genai.HTTPOptions{BaseURL: srv.URL},
		HTTPClient:  srv.Client(), // Vertex AI: an HTTP client that authenticates
	})
	if err != nil {
		log.Fatal(err)
	}
	client := openlitgenai.Wrap(plain)
	chat, err := client.Chats.Create(ctx, "gemini-2.5-flash", nil, nil)
	if err != nil {
		log.Fatal(err)
	}
	res, err := chat.SendMessage(ctx, genai.Part{Text: "What is LLM Observability?"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(chat.History(true)), res.UsageMetadata.ThoughtsTokenCount)
	// Output: 2 49
}
