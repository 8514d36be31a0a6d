package openlitgenai

import (
	"context"
	"net/http"
	"testing"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"google.golang.org/genai"

	"github.com/openlit/openlit-go/replay"
)

// BenchmarkGenerateContent compares the plain and the instrumented client
// over the same loopback replay (a batch span processor that drops spans,
// a manual metric reader): whole answers and 2-chunk streams.
func BenchmarkGenerateContent(b *testing.B) {
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(tracetest.NewNoopExporter()))
	defer func() { _ = tp.Shutdown(context.Background()) }()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	defer func() { _ = mp.Shutdown(context.Background()) }()
	base := &http.Transport{}
	defer base.CloseIdleConnections()
	plain := newGenaiClient(b, srv.URL, false, base)
	wrapped := Wrap(newGenaiClient(b, srv.URL, false, base), WithTracerProvider(tp), WithMeterProvider(mp))
	ctx := context.Background()
	type models interface {
		GenerateContent(context.Context, string, []*genai.Content, *genai.GenerateContentConfig) (*genai.GenerateContentResponse, error)
	}
	for _, c := range []struct {
		name string
		m    models
	}{{"plain", plain.Models}, {"instrumented", wrapped.Models}} {
		b.Run("whole/"+c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.m.GenerateContent(ctx, "gemini-2.5-flash", prompt(), chatConfig()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	streams := map[string]func() func(func(*genai.GenerateContentResponse, error) bool){
		"plain": func() func(func(*genai.GenerateContentResponse, error) bool) {
			return plain.Models.GenerateContentStream(ctx, "gemini-2.5-flash", prompt(), chatConfig())
		},
		"instrumented": func() func(func(*genai.GenerateContentResponse, error) bool) {
			return wrapped.Models.GenerateContentStream(ctx, "gemini-2.5-flash", prompt(), chatConfig())
		},
	}
	for _, name := range []string{"plain", "instrumented"} {
		b.Run("stream/"+name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, err := range streams[name]() {
					if err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
