package openlitbedrock

import (
	"context"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/replay"
)

// BenchmarkConverse compares the plain and the instrumented client over
// the same loopback replay (a batch span processor that drops spans, a
// manual metric reader): Converse, and a ConverseStream read to its end.
func BenchmarkConverse(b *testing.B) {
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(tracetest.NewNoopExporter()))
	defer func() { _ = tp.Shutdown(context.Background()) }()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	defer func() { _ = mp.Shutdown(context.Background()) }()
	base := &http.Transport{}
	defer base.CloseIdleConnections()
	clients := map[string]*bedrockruntime.Client{
		"plain":        newClient(srv.URL, base),
		"instrumented": newClient(srv.URL, base, Instrument(WithTracerProvider(tp), WithMeterProvider(mp))),
	}
	ctx := context.Background()
	for _, name := range []string{"plain", "instrumented"} {
		c := clients[name]
		b.Run("converse/"+name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.Converse(ctx, converseInput()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	for _, name := range []string{"plain", "instrumented"} {
		c := clients[name]
		b.Run("stream/"+name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				out, err := c.ConverseStream(ctx, &bedrockruntime.ConverseStreamInput{ModelId: aws.String(claude), Messages: converseInput().Messages})
				if err != nil {
					b.Fatal(err)
				}
				s := out.GetStream()
				for range s.Events() {
				}
				if err := s.Close(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
