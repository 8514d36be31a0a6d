package openlitopenai

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/replay"
)

// benchClients returns a plain and an instrumented client of one replay
// server; the instrumented one uses real SDK providers (batch span
// processor, periodic metric reader) whose exports go nowhere.
func benchClients(b *testing.B, ro replay.Options) (plain openai.Client, inst Client) {
	b.Helper()
	srv := replay.NewServer(ro)
	b.Cleanup(srv.Close)
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(tracetest.NewNoopExporter()))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	b.Cleanup(func() { _ = tp.Shutdown(context.Background()); _ = mp.Shutdown(context.Background()) })
	plain = openai.NewClient(option.WithBaseURL(srv.BaseURL()), option.WithAPIKey("bench"), option.WithMaxRetries(0))
	return plain, Wrap(plain, WithTracerProvider(tp), WithMeterProvider(mp))
}

// streamOf200 is a recorded-format stream of exactly 200 content chunks,
// then a usage chunk.
func streamOf200() []byte {
	var b bytes.Buffer
	for i := range 200 {
		fmt.Fprintf(&b, `data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{"content":"tok%d "},"finish_reason":null}]}`+"\n\n", i)
	}
	b.WriteString(`data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}` + "\n\n")
	b.WriteString(`data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1,"model":"gpt-4o-2024-08-06","choices":[],"usage":{"prompt_tokens":14,"completion_tokens":200,"total_tokens":214}}` + "\n\n")
	b.WriteString("data: [DONE]\n\n")
	return b.Bytes()
}

func chatOnce(b *testing.B, do func() (*openai.ChatCompletion, error)) {
	res, err := do()
	if err != nil || len(res.Choices) == 0 {
		b.Fatalf("chat: %v", err)
	}
}

// BenchmarkChat is the guide's non-streaming call, plain and instrumented.
func BenchmarkChat(b *testing.B) {
	plain, inst := benchClients(b, replay.Options{})
	ctx := context.Background()
	p := userPrompt("What is LLM Observability?")
	b.Run("mode=plain", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			chatOnce(b, func() (*openai.ChatCompletion, error) { return plain.Chat.Completions.New(ctx, p) })
		}
	})
	b.Run("mode=instrumented", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			chatOnce(b, func() (*openai.ChatCompletion, error) { return inst.Chat.Completions.New(ctx, p) })
		}
	})
}

// BenchmarkChatParallel is BenchmarkChat from every P at once.
func BenchmarkChatParallel(b *testing.B) {
	plain, inst := benchClients(b, replay.Options{})
	ctx := context.Background()
	p := userPrompt("What is LLM Observability?")
	b.Run("mode=plain", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				chatOnce(b, func() (*openai.ChatCompletion, error) { return plain.Chat.Completions.New(ctx, p) })
			}
		})
	})
	b.Run("mode=instrumented", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				chatOnce(b, func() (*openai.ChatCompletion, error) { return inst.Chat.Completions.New(ctx, p) })
			}
		})
	})
}

// BenchmarkStream reads a 200-chunk stream to its end.
func BenchmarkStream(b *testing.B) {
	plain, inst := benchClients(b, replay.Options{SSE: streamOf200()})
	ctx := context.Background()
	p := streamParams(true)
	drain200 := func(b *testing.B, next func() bool, err func() error) {
		n := 0
		for next() {
			n++
		}
		if err() != nil || n != 202 {
			b.Fatalf("stream: %d chunks, %v", n, err())
		}
	}
	b.Run("mode=plain", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s := plain.Chat.Completions.NewStreaming(ctx, p)
			drain200(b, s.Next, s.Err)
		}
		b.ReportMetric(202, "chunks/op")
	})
	b.Run("mode=instrumented", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s := inst.Chat.Completions.NewStreaming(ctx, p)
			drain200(b, s.Next, s.Err)
		}
		b.ReportMetric(202, "chunks/op")
	})
}

// BenchmarkEmbeddings is one embeddings call.
func BenchmarkEmbeddings(b *testing.B) {
	plain, inst := benchClients(b, replay.Options{})
	ctx := context.Background()
	p := embeddingParams()
	b.Run("mode=plain", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := plain.Embeddings.New(ctx, p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("mode=instrumented", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := inst.Embeddings.New(ctx, p); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkFirstChunk is the latency the caller sees from NewStreaming to
// its first chunk: instrumentation must not delay time to first token.
func BenchmarkFirstChunk(b *testing.B) {
	plain, inst := benchClients(b, replay.Options{SSE: streamOf200()})
	ctx := context.Background()
	p := streamParams(true)
	b.Run("mode=plain", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s := plain.Chat.Completions.NewStreaming(ctx, p)
			if !s.Next() {
				b.Fatal(s.Err())
			}
			b.StopTimer()
			_ = s.Close()
			b.StartTimer()
		}
	})
	b.Run("mode=instrumented", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s := inst.Chat.Completions.NewStreaming(ctx, p)
			if !s.Next() {
				b.Fatal(s.Err())
			}
			b.StopTimer()
			_ = s.Close()
			b.StartTimer()
		}
	})
}
