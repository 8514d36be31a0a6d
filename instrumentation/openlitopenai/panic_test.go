package openlitopenai

import (
	"context"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"

	"github.com/openlit/openlit-go/internal/errcapture"
	"github.com/openlit/openlit-go/replay"
)

// panicProvider's tracer panics (where): at Start, or in the span's
// SetAttributes or End.
type panicProvider struct {
	noop.TracerProvider
	where string
}

func (p panicProvider) Tracer(string, ...trace.TracerOption) trace.Tracer {
	return panicTracer{where: p.where}
}

type panicTracer struct {
	noop.Tracer
	where string
}

func (p panicTracer) Start(ctx context.Context, _ string, _ ...trace.SpanStartOption) (context.Context, trace.Span) {
	if p.where == "start" {
		panic("tracer exploded at Start")
	}
	return ctx, panicSpan{where: p.where}
}

type panicSpan struct {
	noop.Span
	where string
}

func (s panicSpan) SetAttributes(...attribute.KeyValue) {
	if s.where == "attrs" {
		panic("span exploded in SetAttributes")
	}
}

func (s panicSpan) End(...trace.SpanEndOption) {
	if s.where == "end" {
		panic("span exploded in End")
	}
}

// A panic inside telemetry is recovered and reported; the call still
// returns the client's result, plain and streamed.
func TestPanicsAreRecovered(t *testing.T) {
	errs := errcapture.Capture(t)
	for _, where := range []string{"start", "attrs", "end"} {
		t.Run(where, func(t *testing.T) {
			h := newHarness(t, replay.Options{})
			client := Wrap(h.plain, WithTracerProvider(panicProvider{where: where}))
			errs.Reset()
			res, err := client.Chat.Completions.New(context.Background(), userPrompt("hi"))
			if err != nil || !strings.HasPrefix(res.Choices[0].Message.Content, "LLM Observability") {
				t.Fatalf("call failed under a panicking tracer: %v", err)
			}
			s := client.Chat.Completions.NewStreaming(context.Background(), streamParams(true))
			n := 0
			for s.Next() {
				n++
			}
			if s.Err() != nil || n < 300 {
				t.Fatalf("stream broken under a panicking tracer: %d chunks, %v", n, s.Err())
			}
			handled := errs.Messages()
			if len(handled) == 0 || !strings.Contains(strings.Join(handled, "\n"), "exploded") {
				t.Errorf("panic not reported to the error handler: %v", handled)
			}
		})
	}
}
