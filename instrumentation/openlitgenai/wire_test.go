package openlitgenai

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"regexp"
	"strings"
	"testing"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"google.golang.org/genai"

	"github.com/openlit/openlit-go/instrumentation/openlithttp"
	"github.com/openlit/openlit-go/internal/spantest"
	"github.com/openlit/openlit-go/replay"
	"github.com/openlit/openlit-go/semconv"
)

// toolAnswer asks for a tool, with usage that has cached and tool-use
// prompt tokens.
var toolAnswer = []byte(`{"candidates":[{"content":{"parts":[{"text":"Checking.","thought":true},{"text":"Let me check."},{"functionCall":{"id":"call_1","name":"get_weather","args":{"city":"Paris"}}}],"role":"model"},"finishReason":"STOP","index":0}],` +
	`"usageMetadata":{"promptTokenCount":4000,"cachedContentTokenCount":3000,"toolUsePromptTokenCount":120,"candidatesTokenCount":8,"thoughtsTokenCount":5,"totalTokenCount":4133},"modelVersion":"gemini-2.5-pro","responseId":"tool-1"}`)

var errorMasked = regexp.MustCompile(`status=Error ".*"|event exception .*`)

// models is what the typed and the plain client's Models have in common.
type models interface {
	GenerateContent(context.Context, string, []*genai.Content, *genai.GenerateContentConfig) (*genai.GenerateContentResponse, error)
	GenerateContentStream(context.Context, string, []*genai.Content, *genai.GenerateContentConfig) iter.Seq2[*genai.GenerateContentResponse, error]
	EmbedContent(context.Context, string, []*genai.Content, *genai.EmbedContentConfig) (*genai.EmbedContentResponse, error)
}

// TestTypedRecordsWhatWireRecords: each operation of the typed client and
// the same exchange through the wire-level transport (a plain client over
// openlithttp) record the same span and metric points, in both semconv
// modes.
func TestTypedRecordsWhatWireRecords(t *testing.T) {
	toolCfg := &genai.GenerateContentConfig{
		Tools:            []*genai.Tool{{FunctionDeclarations: []*genai.FunctionDeclaration{{Name: "get_weather"}}}},
		CandidateCount:   2,
		ResponseMIMEType: "application/json",
	}
	history := []*genai.Content{
		genai.NewContentFromText("Weather in Paris?", genai.RoleUser),
		{Role: genai.RoleModel, Parts: []*genai.Part{{FunctionCall: &genai.FunctionCall{Name: "get_weather", Args: map[string]any{"city": "Rome"}}}}},
		{Role: genai.RoleUser, Parts: []*genai.Part{{FunctionResponse: &genai.FunctionResponse{Name: "get_weather", Response: map[string]any{"temp": 21}}},
			{InlineData: &genai.Blob{MIMEType: "image/png", Data: []byte{1, 2, 3}}}, {FileData: &genai.FileData{MIMEType: "application/pdf", FileURI: "gs://b/f.pdf"}}}},
	}
	cases := []struct {
		name   string
		vertex bool
		ro     replay.Options
		run    func(context.Context, models) error
	}{
		{"generate", false, replay.Options{}, func(ctx context.Context, m models) error {
			_, err := m.GenerateContent(ctx, "gemini-2.5-flash", prompt(), chatConfig())
			return err
		}},
		{"stream", false, replay.Options{}, func(ctx context.Context, m models) error {
			for _, err := range m.GenerateContentStream(ctx, "gemini-2.5-flash", prompt(), chatConfig()) {
				if err != nil {
					return err
				}
			}
			return nil
		}},
		{"tools", false, replay.Options{JSON: toolAnswer}, func(ctx context.Context, m models) error {
			_, err := m.GenerateContent(ctx, "gemini-2.5-pro", history, toolCfg)
			return err
		}},
		{"embed", false, replay.Options{}, func(ctx context.Context, m models) error {
			_, err := m.EmbedContent(ctx, "gemini-embedding-001", genai.Text("What is LLM Observability?"), nil)
			return err
		}},
		{"vertex", true, replay.Options{}, func(ctx context.Context, m models) error {
			_, err := m.GenerateContent(ctx, "gemini-2.5-flash", prompt(), chatConfig())
			return err
		}},
		{"vertex stream", true, replay.Options{}, func(ctx context.Context, m models) error {
			for _, err := range m.GenerateContentStream(ctx, "gemini-2.5-flash", prompt(), nil) {
				if err != nil {
					return err
				}
			}
			return nil
		}},
		{"error", false, replay.Options{Fail: []int{400}}, func(ctx context.Context, m models) error {
			_, err := m.GenerateContent(ctx, "gemini-2.5-flash", prompt(), nil)
			if err == nil {
				return fmt.Errorf("no error")
			}
			return nil
		}},
	}
	for _, mode := range []semconv.Mode{semconv.ModeOpenLIT, semconv.ModeLatest} {
		for _, c := range cases {
			t.Run(fmt.Sprintf("%s/%s", mode, c.name), func(t *testing.T) {
				spantest.WithMode(t, mode)
				ctx := context.Background()
				h := newHarness(t, c.ro, harnessConfig{vertex: c.vertex})
				if err := c.run(ctx, h.client.Models); err != nil {
					t.Fatal(err)
				}
				wantSpans := h.spans.GetSpans().Snapshots()

				srv := replay.NewServer(c.ro)
				t.Cleanup(srv.Close)
				exp := tracetest.NewInMemoryExporter()
				tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
				reader := sdkmetric.NewManualReader()
				mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
				base := &http.Transport{}
				t.Cleanup(base.CloseIdleConnections)
				// The wire path sees the replay at another port: compare
				// with the typed client's port.
				wireClient := newGenaiClient(t, srv.URL, c.vertex, openlithttp.NewTransport(base, openlithttp.WithTracerProvider(tp), openlithttp.WithMeterProvider(mp)))
				if err := c.run(ctx, wireClient.Models); err != nil {
					t.Fatal(err)
				}
				gotSpans := exp.GetSpans().Snapshots()
				if len(wantSpans) != 1 || len(gotSpans) != 1 {
					t.Fatalf("typed %d spans, wire %d", len(wantSpans), len(gotSpans))
				}
				port := func(s string, u string) string {
					return strings.ReplaceAll(s, u[strings.LastIndexByte(u, ':')+1:], "<port>")
				}
				want, got := port(spantest.Summary(wantSpans[0]), h.srv.URL), port(spantest.Summary(gotSpans[0]), srv.URL)
				// A failed call's message and exception type are the
				// client's error (genai.APIError) on the typed path and the
				// HTTP status on the wire: the rest is the same.
				want, got = errorMasked.ReplaceAllString(want, "<error>"), errorMasked.ReplaceAllString(got, "<error>")
				if got != want {
					t.Errorf("span differs\nwire:\n%s\ntyped:\n%s", got, want)
				}
				if w, g := port(spantest.Metrics(t, h.reader), h.srv.URL), port(spantest.Metrics(t, reader), srv.URL); g != w {
					t.Errorf("metrics differ\nwire:\n%s\ntyped:\n%s", g, w)
				}
			})
		}
	}
}
