package bench

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/instrumentation/openlithttp"
	"github.com/openlit/openlit-go/instrumentation/openlitopenai"
	"github.com/openlit/openlit-go/replay"
)

// Operations measured: the guide's chat call, and a stream of 200 content
// chunks plus the finish and usage chunks.
const (
	opChat   = "chat"
	opStream = "stream"
)

// streamChunks is how many events streamOf200 sends.
const streamChunks = 202

// contentChunks is how many of them carry content: the per-chunk figures
// divide by it.
const contentChunks = 200

func streamOf200() []byte {
	var b bytes.Buffer
	for i := range contentChunks {
		fmt.Fprintf(&b, `data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{"content":"tok%d "},"finish_reason":null}]}`+"\n\n", i)
	}
	b.WriteString(`data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}` + "\n\n")
	b.WriteString(`data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1,"model":"gpt-4o-2024-08-06","choices":[],"usage":{"prompt_tokens":14,"completion_tokens":200,"total_tokens":214}}` + "\n\n")
	b.WriteString("data: [DONE]\n\n")
	return b.Bytes()
}

func params(op string) openai.ChatCompletionNewParams {
	p := openai.ChatCompletionNewParams{
		Model:    openai.ChatModelGPT4o,
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("What is LLM Observability?")},
	}
	if op == opStream {
		p.StreamOptions = openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)}
	}
	return p
}

// variant is one way of making the call; spans is how many spans each
// call exports.
type variant struct {
	name  string
	spans int
	call  func(context.Context) error
}

// Variant names, in the order the report shows them.
const (
	plainName      = "plain"
	typedName      = "typed"
	middlewareName = "middleware"
	transportName  = "transport"
	otelhttpName   = "otelhttp"
	floorName      = "floor"
)

var variantNames = []string{plainName, typedName, middlewareName, transportName, otelhttpName, floorName}

// rig is openlit.Init exporting to a counting collector, a replay server
// answering op, and every variant's client over one http.Transport.
type rig struct {
	op       string
	sdk      *openlit.SDK
	col      *collector
	variants map[string]variant
}

// newRig runs openlit.Init (real OTLP/HTTP exporters, the batch span
// processor with a queue that holds every span of a measurement, so none
// is dropped) and builds the variants. Shutdown runs at cleanup.
func newRig(tb testing.TB, op string) *rig {
	tb.Helper()
	for _, v := range []string{"OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
		"OTEL_SERVICE_NAME", "OPENLIT_DISABLE_BATCH", "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT",
		"OTEL_SEMCONV_STABILITY_OPT_IN", "OPENLIT_HTTP_INSTRUMENTATION", "OPENLIT_LANGFUSE_ATTRIBUTES"} {
		tb.Setenv(v, "")
	}
	tb.Setenv("OTEL_BSP_MAX_QUEUE_SIZE", "65536")
	ro := replay.Options{}
	if op == opStream {
		// In one burst: what a chunk costs is measured apart from the
		// loopback's system calls per event, which vary more from run to
		// run than the instrumentation's whole cost per chunk.
		ro.SSE, ro.Burst = streamOf200(), true
	}
	srv := replay.NewServer(ro)
	tb.Cleanup(srv.Close)
	col := newCollector(tb)
	sdk, err := openlit.Init(context.Background(), openlit.WithOTLPEndpoint(col.srv.URL), openlit.WithServiceName("bench"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = sdk.Shutdown(context.Background()) })

	base := &http.Transport{MaxIdleConnsPerHost: 64}
	tb.Cleanup(base.CloseIdleConnections)
	opts := []option.RequestOption{option.WithBaseURL(srv.BaseURL()), option.WithAPIKey("bench"), option.WithMaxRetries(0)}
	client := func(rt http.RoundTripper, more ...option.RequestOption) openai.ChatCompletionService {
		c := openai.NewClient(append(append(opts, option.WithHTTPClient(&http.Client{Transport: rt})), more...)...)
		return c.Chat.Completions
	}
	plain := openai.NewClient(append(opts, option.WithHTTPClient(&http.Client{Transport: base}))...)
	typed := openlitopenai.Wrap(plain).Chat.Completions
	r := &rig{op: op, sdk: sdk, col: col, variants: map[string]variant{}}
	p := params(op)
	add := func(name string, spans int, call func(context.Context) error) {
		r.variants[name] = variant{name: name, spans: spans, call: call}
	}
	add(plainName, 0, caller(op, p, plain.Chat.Completions.New, plain.Chat.Completions.NewStreaming))
	add(typedName, 1, caller(op, p, typed.New, typed.NewStreaming))
	mw := client(base, option.WithMiddleware(openlitopenai.Middleware()))
	add(middlewareName, 1, caller(op, p, mw.New, mw.NewStreaming))
	tr := client(openlithttp.NewTransport(base))
	add(transportName, 1, caller(op, p, tr.New, tr.NewStreaming))
	oh := client(otelhttp.NewTransport(base))
	add(otelhttpName, 1, caller(op, p, oh.New, oh.NewStreaming))
	add(floorName, 1, newFloor(tb, op, srv.BaseURL()))
	return r
}

// caller is one call of op through a service's New or NewStreaming; a
// stream is read to its end and must yield every chunk.
func caller[S interface {
	Next() bool
	Err() error
	Close() error
}](op string, p openai.ChatCompletionNewParams,
	newCall func(context.Context, openai.ChatCompletionNewParams, ...option.RequestOption) (*openai.ChatCompletion, error),
	newStream func(context.Context, openai.ChatCompletionNewParams, ...option.RequestOption) S,
) func(context.Context) error {
	if op == opChat {
		return func(ctx context.Context) error {
			res, err := newCall(ctx, p)
			if err == nil && len(res.Choices) == 0 {
				err = fmt.Errorf("no choices")
			}
			return err
		}
	}
	return func(ctx context.Context) error {
		s := newStream(ctx, p)
		n := 0
		for s.Next() {
			n++
		}
		err := s.Err()
		_ = s.Close()
		if err == nil && n != streamChunks {
			err = fmt.Errorf("stream: %d chunks, want %d", n, streamChunks)
		}
		return err
	}
}

// close shuts the rig's SDK down, so that another rig can run Init.
func (r *rig) close(tb testing.TB) {
	if err := r.sdk.Shutdown(context.Background()); err != nil {
		tb.Fatalf("shutdown: %v", err)
	}
}

// flush exports every span ended so far: each measurement pays for the
// export of its own spans.
func (r *rig) flush(tb testing.TB) {
	if err := r.sdk.ForceFlush(context.Background()); err != nil {
		tb.Fatalf("flush: %v", err)
	}
}
