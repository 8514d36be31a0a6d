package openlitopenai

import (
	"context"
	"sync"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/replay"
	"github.com/openlit/openlit-go/semconv"
)

// 64 goroutines share one wrapped client on real SDK providers (batch span
// processor, metric reader), half their calls streamed, one in eight
// streams closed early. Under -race: no race, every call one span, every
// request counted once, and (TestMain's goleak) no goroutine left behind.
func TestConcurrentCalls(t *testing.T) {
	const workers, calls = 64, 8
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp))
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	client := Wrap(openai.NewClient(option.WithBaseURL(srv.BaseURL()), option.WithAPIKey("k")),
		WithTracerProvider(tp), WithMeterProvider(mp))

	var wg sync.WaitGroup
	errs := make(chan error, workers*calls)
	for w := range workers {
		wg.Go(func() {
			for i := range calls {
				if i%2 == 0 {
					if _, err := client.Chat.Completions.New(context.Background(), userPrompt("hi")); err != nil {
						errs <- err
					}
					continue
				}
				s := client.Chat.Completions.NewStreaming(context.Background(), streamParams(true))
				for n := 0; s.Next(); n++ {
					if (w+i)%8 == 1 && n == 5 {
						break
					}
				}
				if err := s.Close(); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if err := tp.ForceFlush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(exp.GetSpans()); n != workers*calls {
		t.Errorf("%d spans for %d calls", n, workers*calls)
	}
	if err := tp.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	var requests int64
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name == semconv.MetricTotalRequests {
				for _, dp := range m.Data.(metricdata.Sum[int64]).DataPoints {
					requests += dp.Value
				}
			}
		}
	}
	if requests != workers*calls {
		t.Errorf("requests counted %d, want %d", requests, workers*calls)
	}
	_ = mp.Shutdown(context.Background())
}
