package openlit_test

import (
	"context"
	"io"
	"log"
	"net/http"
	"strings"
	"time"

	openlit "github.com/openlit/openlit-go"
)

// Init with the defaults: OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set,
// the console otherwise. Shutdown flushes everything before the program
// exits.
func ExampleInit() {
	ctx := context.Background()
	otl, err := openlit.Init(ctx, openlit.WithDisableBatch(true))
	if err != nil {
		log.Fatal(err)
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := otl.Shutdown(ctx); err != nil {
			log.Print(err)
		}
	}()
	// ... make model calls with an instrumented client ...
}

// Init with every common setting given in code rather than the environment.
func ExampleInit_options() {
	otl, err := openlit.Init(context.Background(),
		openlit.WithServiceName("support-bot"),
		openlit.WithEnvironment("production"),
		openlit.WithOTLPEndpoint("http://localhost:4318"),
		openlit.WithOTLPHeaders(map[string]string{"Authorization": "Bearer " + "token"}),
		openlit.WithCaptureMessageContent(false),
		openlit.WithMetricExportInterval(15*time.Second),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer otl.Shutdown(context.Background())
}

// Who a request is for, on every span started under its context: the
// model call spans and the app's own. With the Langfuse preset, Langfuse
// shows the user, the session, the trace name, tags and metadata.
func ExampleContextWithAttributes() {
	ctx := openlit.ContextWithAttributes(context.Background(), openlit.ContextAttributes{
		UserID:    "user-42",
		SessionID: "chat-7f3a",
		TraceName: "support-answer",
		Tags:      []string{"beta"},
		Metadata:  map[string]string{"plan": "pro"},
	})
	_ = ctx // pass ctx to the instrumented client's calls
}

// Zero code: with HTTP instrumentation on, every client on
// http.DefaultTransport (http.DefaultClient, go-openai, Ollama's api
// package, LangChainGo, …) has its model calls traced, through a hook on
// the transport (it stays an *http.Transport); after Shutdown nothing is
// traced. OPENLIT_HTTP_INSTRUMENTATION=true does the same. Call Init
// before the program's first request.
func ExampleWithHTTPInstrumentation() {
	ctx := context.Background()
	otl, err := openlit.Init(ctx, openlit.WithHTTPInstrumentation(true))
	if err != nil {
		log.Fatal(err)
	}
	defer otl.Shutdown(ctx)

	res, err := http.Post("https://api.openai.com/v1/chat/completions", "application/json",
		strings.NewReader(`{"model":"gpt-4o","messages":[{"role":"user","content":"Hello"}]}`))
	if err != nil {
		log.Fatal(err)
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
}

// The console as a person reads it, whether or not standard output is a
// terminal: each trace as a short tree when it ends, totals per model at
// Shutdown. (OPENLIT_CONSOLE=pretty does the same without code.)
func ExampleWithConsoleFormat() {
	ctx := context.Background()
	otl, err := openlit.Init(ctx, openlit.WithConsoleFormat(openlit.ConsolePretty), openlit.WithDisableBatch(true))
	if err != nil {
		log.Fatal(err)
	}
	defer func() { _ = otl.Shutdown(ctx) }()
	// ... model calls through an instrumented client ...
}
