// Command prompt shows Langfuse prompt management from Go: it fetches the
// chat prompt "movie-critic" (its production version) from Langfuse,
// compiles it with the app's variables, and asks the model under a context
// that links the generation to the prompt, so Langfuse shows the call under
// that prompt version (langfuse.observation.prompt.name and .version).
//
// It reads LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY and LANGFUSE_HOST (the
// traces go to Langfuse through openlit-go's preset), OPENAI_API_KEY and
// OPENAI_BASE_URL. With no Langfuse keys it starts a local fake Langfuse
// holding the prompt, and with no OpenAI key a local replay, and says so on
// stderr. Against a real Langfuse without that prompt, the fallback prompt
// compiled in here is used (and the call is not linked):
//
//	go run ./examples/prompt
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/openai/openai-go/v3"

	openlit "github.com/openlit/openlit-go"
	openlitopenai "github.com/openlit/openlit-go/instrumentation/openlitopenai"
	"github.com/openlit/openlit-go/langfuse"
	"github.com/openlit/openlit-go/langfuse/langfusetest"
	"github.com/openlit/openlit-go/replay"
)

func main() {
	if err := run(context.Background(), os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "prompt:", err)
		os.Exit(1)
	}
}

// criticMessages is the prompt: in Langfuse (the fake holds it), and the
// fallback used when Langfuse cannot give it.
var criticMessages = []langfuse.ChatMessage{
	{Role: "system", Content: "You are a {{tone}} movie critic. Answer in one sentence."},
	{Role: "user", Content: "Do you like {{movie}}?"},
}

func run(ctx context.Context, stdout, stderr io.Writer) error {
	reqOpts, stopReplay := replay.Fallback(stderr, replay.Options{})
	defer stopReplay()
	var lfOpts []langfuse.Option
	var initOpts []openlit.Option
	if os.Getenv(langfuse.EnvPublicKey) == "" {
		fake := langfusetest.New("unused")
		defer fake.Close()
		msgs := make([]map[string]any, len(criticMessages))
		for i, m := range criticMessages {
			msgs[i] = map[string]any{"role": m.Role, "content": m.Content}
		}
		fake.AddPrompt("movie-critic", msgs, map[string]any{"model": "gpt-4o"}, "production")
		fmt.Fprintf(stderr, "%s is not set: using a local fake Langfuse at %s\n", langfuse.EnvPublicKey, fake.URL)
		lfOpts = append(lfOpts, langfuse.WithKeys(langfusetest.PublicKey, langfusetest.SecretKey), langfuse.WithHost(fake.URL))
		initOpts = append(initOpts, openlit.WithLangfuse(langfusetest.PublicKey, langfusetest.SecretKey, fake.URL))
	}
	lf, err := langfuse.New(lfOpts...)
	if err != nil {
		return err
	}
	otl, err := openlit.Init(ctx, append(initOpts, openlit.WithConsoleWriter(io.Discard))...)
	if err != nil {
		return err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = lf.Shutdown(ctx)
		_ = otl.Shutdown(ctx)
	}()

	// The production version, cached by the client for 60 s; the fallback
	// keeps the app answering while Langfuse is unreachable.
	prompt, err := lf.GetPrompt(ctx, "movie-critic",
		langfuse.WithPromptFallback(langfuse.Prompt{Name: "movie-critic", Type: langfuse.ChatPrompt, Messages: criticMessages}))
	if err != nil {
		return err
	}
	var messages []openai.ChatCompletionMessageParamUnion
	for _, m := range prompt.CompileChat(map[string]string{"tone": "dramatic", "movie": "Dune 2"}, nil) {
		switch m.Role {
		case "system":
			messages = append(messages, openai.SystemMessage(m.Content))
		case "assistant":
			messages = append(messages, openai.AssistantMessage(m.Content))
		default:
			messages = append(messages, openai.UserMessage(m.Content))
		}
	}

	// Every generation under this context is linked to the prompt version.
	ctx = langfuse.ContextWithPrompt(ctx, prompt)
	client := openlitopenai.Wrap(openai.NewClient(reqOpts...))
	res, err := client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: openai.ChatModelGPT4o, Messages: messages})
	if err != nil {
		return err
	}
	source := fmt.Sprintf("prompt %s version %d", prompt.Name, prompt.Version)
	if prompt.IsFallback {
		source = "the fallback prompt (not linked)"
	}
	fmt.Fprintf(stdout, "%s: %.70s…\n", source, res.Choices[0].Message.Content)
	return nil
}
