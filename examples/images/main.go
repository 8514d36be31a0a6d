// Command images generates an image through an instrumented client: one
// "image dall-e-3" span with size, quality, style, the revised prompt, the
// image URL (never image data) and the per-image cost.
//
// With no OPENAI_API_KEY it answers from a local replay:
//
//	go run ./examples/images
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
	"github.com/openlit/openlit-go/replay"
)

func main() {
	if err := run(context.Background(), os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "images:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, stdout, stderr io.Writer) error {
	reqOpts, stop := replay.Fallback(stderr, replay.Options{})
	defer stop()
	otl, err := openlit.Init(ctx, openlit.WithDisableBatch(true), openlit.WithConsoleWriter(stdout))
	if err != nil {
		return err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = otl.Shutdown(ctx)
	}()

	client := openlitopenai.Wrap(openai.NewClient(reqOpts...))
	res, err := client.Images.Generate(ctx, openai.ImageGenerateParams{
		Model:   openai.ImageModelDallE3,
		Prompt:  "a lighthouse at dawn, watercolor",
		Size:    openai.ImageGenerateParamsSize1024x1024,
		Quality: openai.ImageGenerateParamsQualityStandard,
	})
	if err != nil {
		return err
	}
	for _, img := range res.Data {
		fmt.Fprintln(stdout, img.URL)
	}
	return nil
}
