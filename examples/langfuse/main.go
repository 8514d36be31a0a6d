// Command langfuse is the OpenLIT/Langfuse guide in Go, end to end: check
// the Langfuse credentials, set up openlit-go (traces go straight to
// Langfuse), make an instrumented chat call inside a span of the app's own,
// then run the app over a Langfuse dataset as the experiment "run-01",
// scoring every item, and flush.
//
// The run is recorded the Langfuse v4 way (Client.RunExperiment: experiment
// attributes on each item's spans), since Langfuse Cloud removed the
// guide's dataset-run-items endpoint on 2026-11-16. For a self-hosted v3
// server, -v3-link (or OPENLIT_LANGFUSE_V3_LINK=true) links each item's
// trace with DatasetItem.Link as the guide does.
//
// It reads the standard environment: LANGFUSE_PUBLIC_KEY,
// LANGFUSE_SECRET_KEY, LANGFUSE_HOST, OPENAI_API_KEY, OPENAI_BASE_URL. With
// no Langfuse keys it starts a local fake Langfuse holding a small dataset,
// and with no OpenAI key a local replay, and says so on stderr:
//
//	go run ./examples/langfuse
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/openai/openai-go/v3"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"

	openlit "github.com/openlit/openlit-go"
	openlitopenai "github.com/openlit/openlit-go/instrumentation/openlitopenai"
	"github.com/openlit/openlit-go/langfuse"
	"github.com/openlit/openlit-go/langfuse/langfusetest"
	"github.com/openlit/openlit-go/replay"
)

func main() {
	dataset := flag.String("dataset", "openlit-go-demo", "the Langfuse dataset to run over")
	v3 := flag.Bool("v3-link", false, "link run items with the v3 dataset-run-items endpoint (self-hosted Langfuse v3)")
	flag.Parse()
	if *v3 {
		os.Setenv(envV3Link, "true")
	}
	if err := run(context.Background(), *dataset, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "langfuse:", err)
		os.Exit(1)
	}
}

// envV3Link selects the v3 dataset run link instead of a v4 experiment.
const envV3Link = "OPENLIT_LANGFUSE_V3_LINK"

func run(ctx context.Context, dataset string, stdout, stderr io.Writer) error {
	reqOpts, stopReplay := replay.Fallback(stderr, replay.Options{})
	defer stopReplay()
	var lfOpts []langfuse.Option
	var initOpts []openlit.Option
	if os.Getenv(langfuse.EnvPublicKey) == "" {
		fake := langfusetest.New(dataset,
			map[string]any{"text": "What is LLM Observability?"},
			map[string]any{"text": "Why trace model calls?"},
			map[string]any{"text": "What does a span hold?"})
		defer fake.Close()
		fmt.Fprintf(stderr, "%s is not set: using a local fake Langfuse at %s\n", langfuse.EnvPublicKey, fake.URL)
		lfOpts = append(lfOpts, langfuse.WithKeys(langfusetest.PublicKey, langfusetest.SecretKey), langfuse.WithHost(fake.URL))
		initOpts = append(initOpts, openlit.WithLangfuse(langfusetest.PublicKey, langfusetest.SecretKey, fake.URL))
	}

	// Step 2 of the guide: the Langfuse client, and a check of the keys.
	lf, err := langfuse.New(lfOpts...)
	if err != nil {
		return err
	}
	if err := lf.AuthCheck(ctx); err != nil {
		return fmt.Errorf("authentication failed, check your credentials and host: %w", err)
	}
	fmt.Fprintln(stdout, "Langfuse client is authenticated and ready!")

	// Step 3: openlit-go, exporting each span as it ends.
	otl, err := openlit.Init(ctx, append(initOpts, openlit.WithDisableBatch(true), openlit.WithConsoleWriter(io.Discard))...)
	if err != nil {
		return err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = lf.Shutdown(ctx)
		_ = otl.Shutdown(ctx)
	}()

	client := openlitopenai.Wrap(openai.NewClient(reqOpts...))
	tracer := otel.Tracer("examples/langfuse")

	// app is the application under test: one instrumented call inside a span
	// of its own, returning the answer and the trace to link.
	app := func(ctx context.Context, input string) (string, trace.SpanContext, error) {
		ctx, span := tracer.Start(ctx, "Otel-Trace")
		defer span.End()
		res, err := client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
			Model:    openai.ChatModelGPT4oMini,
			Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(input)},
		})
		if err != nil {
			return "", span.SpanContext(), err
		}
		return res.Choices[0].Message.Content, span.SpanContext(), nil
	}

	// Step 4: a chat completion, traced into Langfuse.
	answer, sc, err := app(ctx, "What is LLM Observability?")
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "trace %s: %.60s…\n", sc.TraceID(), answer)

	// Dataset experiments: run the app on every item and score it.
	ds, err := lf.GetDataset(ctx, dataset)
	if err != nil {
		return err
	}
	if v3, _ := strconv.ParseBool(os.Getenv(envV3Link)); v3 {
		return linkV3(ctx, lf, ds, app, stdout)
	}
	res, err := lf.RunExperiment(ctx, ds, "run-01", func(ctx context.Context, item *langfuse.DatasetItem) (any, error) {
		input, _ := item.Input.(map[string]any)["text"].(string)
		output, _, err := app(ctx, input)
		return output, err
	},
		langfuse.WithMetadata(map[string]any{"model": "gpt-4o-mini"}),
		langfuse.WithEvaluators(func(_ context.Context, _ *langfuse.DatasetItem, output any) ([]langfuse.Evaluation, error) {
			return []langfuse.Evaluation{{Name: "answered", Value: langfuse.Boolean(output != ""), Comment: "This is a comment"}}, nil
		}))
	if err != nil {
		return err
	}
	for _, r := range res.Items {
		if r.Err != nil {
			return fmt.Errorf("item %s: %w", r.Item.ID, r.Err)
		}
		fmt.Fprintf(stdout, "item %s: trace %s in experiment run-01, %d score(s)\n", r.Item.ID, r.TraceID, len(r.Evaluations))
	}
	// Flush data to ensure all telemetry is sent.
	return lf.Flush(ctx)
}

// linkV3 is the guide's v3 flow, for self-hosted Langfuse v3: run the app on
// every item, link its trace to the run, score it.
func linkV3(ctx context.Context, lf *langfuse.Client, ds *langfuse.Dataset,
	app func(context.Context, string) (string, trace.SpanContext, error), stdout io.Writer) error {
	for _, item := range ds.Items {
		input, _ := item.Input.(map[string]any)["text"].(string)
		output, sc, err := app(ctx, input)
		if err != nil {
			return err
		}
		traceID := sc.TraceID().String()
		if err := item.Link(ctx, traceID, "run-01", map[string]any{"model": "gpt-4o-mini"}); err != nil {
			return err
		}
		if _, err := lf.Score(ctx, traceID, "answered", langfuse.Boolean(output != ""), "This is a comment"); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "item %s: trace %s linked to run-01 and scored\n", item.ID, traceID)
	}
	return lf.Flush(ctx)
}
