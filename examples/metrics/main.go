// Command metrics shows GPU and system metrics next to a model call's:
// openlit.Init with WithCollectGPUStats and WithCollectSystemMetrics, the
// two collectors linked in by import, one chat call (a local replay unless
// OPENAI_API_KEY is set), and the metrics printed to the console (or sent
// to OTEL_EXPORTER_OTLP_ENDPOINT).
//
//	cd examples/metrics && go run .
//
// On a machine without an NVIDIA GPU it says so once and shows the system
// metrics. With -gpu-check it only reads the GPUs and prints what it saw,
// failing when it saw none (scripts/gpu-check.sh runs it).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	"github.com/openai/openai-go/v3"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/instrumentation/openlitgpu"
	"github.com/openlit/openlit-go/instrumentation/openlitopenai"
	_ "github.com/openlit/openlit-go/instrumentation/openlitsystem"
	"github.com/openlit/openlit-go/replay"
)

func main() {
	check := flag.Bool("gpu-check", false, "read the GPUs through NVML, print what was seen, fail if nothing")
	flag.Parse()
	run := runExample
	if *check {
		run = gpuCheck
	}
	if err := run(context.Background(), os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "metrics:", err)
		os.Exit(1)
	}
}

func runExample(ctx context.Context, stdout, stderr io.Writer) error {
	opts, stop := replay.Fallback(stderr, replay.Options{})
	defer stop()
	otl, err := openlit.Init(ctx, openlit.WithConsoleWriter(stdout), openlit.WithDisableBatch(true),
		openlit.WithCollectGPUStats(true), openlit.WithCollectSystemMetrics(true))
	if err != nil {
		return err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := otl.Shutdown(ctx); err != nil {
			fmt.Fprintln(stderr, "metrics: flushing telemetry:", err)
		}
	}()
	client := openlitopenai.Wrap(openai.NewClient(opts...))
	_, err = client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: "gpt-4o",
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("What is LLM observability?")}})
	return err
}

// gpuCheck reads the GPUs once through NVML and prints every point.
func gpuCheck(ctx context.Context, stdout, _ io.Writer) error {
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer mp.Shutdown(ctx)
	stop, err := openlitgpu.Start(mp, openlitgpu.WithServiceName("gpu-check"))
	if err != nil {
		return err
	}
	defer stop(ctx)
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(ctx, &rm); err != nil {
		return err
	}
	var lines []string
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			g, ok := m.Data.(metricdata.Gauge[float64])
			if !ok {
				continue
			}
			for _, dp := range g.DataPoints {
				idx, _ := dp.Attributes.Value("gpu.index")
				name, _ := dp.Attributes.Value("gpu.name")
				lines = append(lines, fmt.Sprintf("GPU %s (%s)  %-22s %10.1f %s", idx.Emit(), name.Emit(), m.Name, dp.Value, m.Unit))
			}
		}
	}
	if len(lines) == 0 {
		return fmt.Errorf("NVML started but no GPU metric was read")
	}
	sort.Strings(lines)
	for _, l := range lines {
		fmt.Fprintln(stdout, l)
	}
	return nil
}
