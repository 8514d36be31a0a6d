package openlitopenai

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/responses"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/instrumentation/openlithttp"
	"github.com/openlit/openlit-go/internal/spantest"
	"github.com/openlit/openlit-go/replay"
	"github.com/openlit/openlit-go/semconv"
)

// middlewareClient is a plain openai.Client with Middleware, talking to srv,
// recording to its own span exporter and metric reader.
func middlewareClient(t *testing.T, srv interface{ BaseURL() string }, opts ...Option) (openai.Client, *tracetest.InMemoryExporter, *sdkmetric.ManualReader) {
	t.Helper()
	tp, exp, mp, reader := testProviders(t)
	opts = append([]Option{WithTracerProvider(tp), WithMeterProvider(mp)}, opts...)
	c := openai.NewClient(option.WithAPIKey(testAPIKey), option.WithBaseURL(srv.BaseURL()),
		option.WithMaxRetries(0), option.WithMiddleware(Middleware(opts...)))
	return c, exp, reader
}

// everyOperation is every operation the typed wrapper instruments, chats
// and streams included.
func everyOperation() []opCase {
	cases := append([]opCase{}, operations...)
	cases = append(cases,
		opCase{
			name: "chat",
			call: func(ctx context.Context, c Client) ([]byte, error) {
				return raw(c.Chat.Completions.New(ctx, chatWithParams()))
			},
			plain: func(ctx context.Context, c openai.Client) ([]byte, error) {
				return raw(c.Chat.Completions.New(ctx, chatWithParams()))
			},
		},
		opCase{
			name: "chat stream",
			call: func(ctx context.Context, c Client) ([]byte, error) {
				return drainAll(c.Chat.Completions.NewStreaming(ctx, chatStreamParams()))
			},
			plain: func(ctx context.Context, c openai.Client) ([]byte, error) {
				return drainAll(c.Chat.Completions.NewStreaming(ctx, chatStreamParams()))
			},
		},
		opCase{
			name: "responses stream",
			call: func(ctx context.Context, c Client) ([]byte, error) {
				return drainAll(c.Responses.NewStreaming(ctx, responsesParams()))
			},
			plain: func(ctx context.Context, c openai.Client) ([]byte, error) {
				return drainAll(c.Responses.NewStreaming(ctx, responsesParams()))
			},
		},
	)
	return cases
}

// TestMiddlewareRecordsWhatTypedRecords: each operation the typed wrapper
// instruments, called on a plain client with Middleware, gives the same
// span (name, status, attributes, events) and metric points, in both
// conventions.
func TestMiddlewareRecordsWhatTypedRecords(t *testing.T) {
	cases := everyOperation()
	for _, mode := range []semconv.Mode{semconv.ModeOpenLIT, semconv.ModeLatest} {
		for _, op := range cases {
			t.Run(fmt.Sprintf("%s/%s", mode, op.name), func(t *testing.T) {
				spantest.WithMode(t, mode)
				ctx := context.Background()
				srv := replay.NewServer(replay.Options{})
				t.Cleanup(srv.Close)
				typed := newHarnessFor(t, srv, []option.RequestOption{option.WithBaseURL(srv.BaseURL())})
				want, err := op.call(ctx, typed.client)
				if err != nil {
					t.Fatal(err)
				}
				client, spans, reader := middlewareClient(t, srv)
				got, err := op.plain(ctx, client)
				if err != nil {
					t.Fatal(err)
				}
				if string(got) != string(want) {
					t.Errorf("results differ:\n typed %s\n wire  %s", want, got)
				}
				ws := spans.GetSpans().Snapshots()
				if len(ws) != 1 {
					t.Fatalf("middleware recorded %d spans, want 1", len(ws))
				}
				if testing.Verbose() && op.name == "chat stream" {
					t.Log(spantest.Summary(ws[0]))
				}
				if g, w := spantest.Summary(ws[0]), spantest.Summary(typed.onlySpan(t)); g != w {
					t.Errorf("span differs:\n%s", diffLines(w, g))
				}
				if g, w := spantest.Metrics(t, reader), spantest.Metrics(t, typed.reader); g != w {
					t.Errorf("metrics differ:\n%s", diffLines(w, g))
				}
			})
		}
	}
}

// diffLines lists the lines only in want (-) or only in got (+).
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for _, l := range w {
		if !slices.Contains(g, l) {
			b.WriteString("- " + l + "\n")
		}
	}
	for _, l := range g {
		if !slices.Contains(w, l) {
			b.WriteString("+ " + l + "\n")
		}
	}
	return b.String()
}

type streamOf[T any] interface {
	Next() bool
	Current() T
	Err() error
	Close() error
}

// drainAll reads a stream to the end, closes it, and returns its events'
// JSON, one per line.
func drainAll[T interface{ RawJSON() string }](s streamOf[T]) ([]byte, error) {
	defer s.Close()
	var b strings.Builder
	for s.Next() {
		b.WriteString(s.Current().RawJSON())
		b.WriteByte('\n')
	}
	return []byte(b.String()), s.Err()
}

func chatWithParams() openai.ChatCompletionNewParams {
	p := userPrompt("What is LLM Observability?")
	p.Temperature = openai.Float(0.2)
	p.MaxCompletionTokens = openai.Int(300)
	p.Seed = openai.Int(7)
	p.Stop = openai.ChatCompletionNewParamsStopUnion{OfStringArray: []string{"END", "STOP"}}
	p.User = openai.String("user-1")
	p.Messages = append([]openai.ChatCompletionMessageParamUnion{openai.SystemMessage("Be brief.")}, p.Messages...)
	return p
}

func chatStreamParams() openai.ChatCompletionNewParams {
	p := chatWithParams()
	p.StreamOptions.IncludeUsage = openai.Bool(true)
	return p
}

func responsesParams() responses.ResponseNewParams {
	return responses.ResponseNewParams{
		Model:        openai.ChatModelGPT4o,
		Instructions: openai.String("Be brief."),
		Input:        responses.ResponseNewParamsInputUnion{OfString: openai.String("What is LLM Observability?")},
	}
}

// TestEveryModelCallTracedOnce: a wrapped client whose options also hold
// Middleware, over the wire-level transport, traces each call exactly once:
// shadowed methods by the typed path, the rest (and the embedded
// openai.Client passed on) by the wire path.
func TestEveryModelCallTracedOnce(t *testing.T) {
	srv := replay.NewServer(replay.Options{})
	t.Cleanup(srv.Close)
	tp, exp, mp, _ := testProviders(t)
	base := &http.Transport{}
	t.Cleanup(base.CloseIdleConnections)
	transport := openlithttp.NewTransport(base, openlithttp.WithTracerProvider(tp), openlithttp.WithMeterProvider(mp))
	client := Wrap(openai.NewClient(option.WithAPIKey(testAPIKey), option.WithBaseURL(srv.BaseURL()),
		option.WithHTTPClient(&http.Client{Transport: transport}),
		option.WithMiddleware(Middleware(WithTracerProvider(tp), WithMeterProvider(mp)))),
		WithTracerProvider(tp), WithMeterProvider(mp))
	ctx := context.Background()
	var plain openai.Client = client.Client // a field or library typed openai.Client
	calls := map[string]func() error{
		"typed chat": func() error { _, err := client.Chat.Completions.New(ctx, userPrompt("hi")); return err },
		"legacy completion": func() error {
			_, err := client.Completions.New(ctx, openai.CompletionNewParams{Model: "gpt-3.5-turbo-instruct",
				Prompt: openai.CompletionNewParamsPromptUnion{OfString: openai.String("hi")}})
			return err
		},
		"moderation": func() error {
			_, err := client.Moderations.New(ctx, openai.ModerationNewParams{Input: openai.ModerationNewParamsInputUnion{OfString: openai.String("hi")}})
			return err
		},
		"embedded client": func() error { _, err := plain.Chat.Completions.New(ctx, userPrompt("hi")); return err },
		"resumed stream": func() error {
			_, err := drainAll(client.Responses.GetStreaming(ctx, "resp_1", responses.ResponseGetParams{}))
			return err
		},
	}
	for name, call := range calls {
		exp.Reset()
		if err := call(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		spans := exp.GetSpans()
		if len(spans) != 1 {
			var names []string
			for _, s := range spans {
				names = append(names, s.Name+" ("+s.InstrumentationScope.Name+")")
			}
			t.Errorf("%s: %d spans %v, want 1", name, len(spans), names)
			continue
		}
		wantScope := ScopeName
		if got := spans[0].InstrumentationScope.Name; got != wantScope {
			t.Errorf("%s: traced by %s, want %s", name, got, wantScope)
		}
	}
}
