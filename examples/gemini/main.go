// Command gemini asks Gemini "What is LLM Observability?" through an
// instrumented google.golang.org/genai client, once as a whole answer and
// once as a stream, and prints the answers; each call is traced as
// "chat gemini-2.5-flash" with its input, output and thinking tokens, its
// cost and, for the stream, the time to the first chunk.
//
// With neither GEMINI_API_KEY nor GOOGLE_API_KEY set it answers from a local
// replay of recorded Gemini API answers (JSON and server-sent events), and
// with no OTEL_EXPORTER_OTLP_ENDPOINT it prints the telemetry to the
// console, so it runs anywhere:
//
//	cd examples/gemini && go run .
//
// With a key it asks the real Gemini API (GOOGLE_GEMINI_BASE_URL is
// honoured); with GOOGLE_GENAI_USE_VERTEXAI,
// GOOGLE_CLOUD_PROJECT and GOOGLE_CLOUD_LOCATION set (and no key) it asks
// Vertex AI with the application default credentials, as the SDK does.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"google.golang.org/genai"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/instrumentation/openlitgenai"
	"github.com/openlit/openlit-go/replay"
)

func main() {
	if err := run(context.Background(), os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gemini:", err)
		os.Exit(1)
	}
}

// model is the model asked.
const model = "gemini-2.5-flash"

func run(ctx context.Context, stdout, stderr io.Writer) error {
	cc := &genai.ClientConfig{}
	if os.Getenv("GOOGLE_API_KEY") == "" && os.Getenv("GOOGLE_GENAI_USE_VERTEXAI") == "" {
		baseURL, stop := replay.FallbackFor(stderr, "GEMINI_API_KEY", replay.Options{})
		defer stop()
		if baseURL != "" {
			cc = &genai.ClientConfig{Backend: genai.BackendGeminiAPI, APIKey: "replay",
				HTTPOptions: genai.HTTPOptions{BaseURL: strings.TrimSuffix(baseURL, "v1/")}}
		}
	}

	otl, err := openlit.Init(ctx, openlit.WithDisableBatch(true), openlit.WithConsoleWriter(stdout))
	if err != nil {
		return err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := otl.Shutdown(ctx); err != nil {
			fmt.Fprintln(stderr, "gemini: flushing telemetry:", err)
		}
	}()

	client, err := openlitgenai.NewClient(ctx, cc)
	if err != nil {
		return err
	}
	config := &genai.GenerateContentConfig{
		SystemInstruction: genai.NewContentFromText("You explain observability to Go developers.", genai.RoleUser),
	}
	res, err := client.Models.GenerateContent(ctx, model, genai.Text("What is LLM Observability?"), config)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, res.Text())

	// The stream's span ends, and prints, when the range ends: the text
	// is printed after it.
	var streamed strings.Builder
	for chunk, err := range client.Models.GenerateContentStream(ctx, model, genai.Text("And in one sentence?"), config) {
		if err != nil {
			return err
		}
		streamed.WriteString(chunk.Text())
	}
	fmt.Fprintln(stdout, streamed.String())
	return nil
}
