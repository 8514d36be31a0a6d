package wire

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/internal/errcapture"
	"github.com/openlit/openlit-go/internal/genai"
)

var fuzzPaths = []string{
	"/v1/chat/completions", "/v1/completions", "/v1/responses", "/v1/embeddings", "/v1/images/generations",
	"/v1/audio/speech", "/v1/audio/transcriptions", "/v1/moderations", "/v1/messages",
	"/v1beta/models/gemini-2.5-flash:generateContent", "/v1beta/models/gemini-2.5-flash:streamGenerateContent",
	"/v1beta/models/e:embedContent", "/api/chat", "/api/generate", "/api/embed", "/v1/videos",
}

var fuzzTypes = []string{"application/json", "text/event-stream", "application/x-ndjson", "text/plain", "audio/mpeg"}

// FuzzExchange sends any request body and answer through the Tracer: the
// client reads the answer unchanged, one span ends with valid UTF-8, and no
// decoder panics.
func FuzzExchange(f *testing.F) {
	f.Add(uint8(0), uint8(1), `{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"hi"}]}`,
		[]byte("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"h\",\"tool_calls\":[{\"index\":3}]}}],\"usage\":{\"prompt_tokens\":1}}\n\ndata: [DONE]\n\n"), uint8(3))
	f.Add(uint8(8), uint8(1), `{"model":"claude","stream":true}`,
		[]byte("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":127,\"content_block\":{\"type\":\"tool_use\"}}\n\n"), uint8(1))
	f.Add(uint8(9), uint8(0), `{"contents":[]}`, []byte(`[{"candidates":[{"index":-1}]},{"usageMetadata":{"thoughtsTokenCount":5}}]`), uint8(7))
	f.Add(uint8(12), uint8(2), `{"model":"llama3.2"}`, []byte("{\"message\":{\"content\":\"\xff\"},\"done\":true,\"eval_count\":1e99}\n"), uint8(2))
	f.Fuzz(func(t *testing.T, path, ctype uint8, reqBody string, answer []byte, piece uint8) {
		errs := errcapture.Capture(t)
		exp := tracetest.NewInMemoryExporter()
		tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
		defer tp.Shutdown(context.Background())
		capture := true
		tr := New(Config{Telemetry: genai.New(genai.Config{TracerProvider: tp, CaptureContent: &capture}), AnyHost: true})
		req := httptest.NewRequest(http.MethodPost, "https://api.example.com"+fuzzPaths[int(path)%len(fuzzPaths)], strings.NewReader(reqBody))
		req.Header.Set("Content-Type", "application/json")
		var sent []byte
		res, err := tr.RoundTrip(req, func(r *http.Request) (*http.Response, error) {
			sent, _ = io.ReadAll(r.Body)
			return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {fuzzTypes[int(ctype)%len(fuzzTypes)]}},
				Body: io.NopCloser(bytes.NewReader(answer)), Request: r}, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if string(sent) != reqBody {
			t.Fatalf("request body changed")
		}
		var got []byte
		buf := make([]byte, int(piece)+1)
		for {
			n, err := res.Body.Read(buf)
			got = append(got, buf[:n]...)
			if err != nil {
				break
			}
		}
		res.Body.Close()
		if !bytes.Equal(got, answer) {
			t.Fatalf("answer changed")
		}
		for _, s := range exp.GetSpans() {
			if !utf8.ValidString(s.Name) {
				t.Fatalf("span name %q", s.Name)
			}
			for _, kv := range s.Attributes {
				if !utf8.ValidString(kv.Value.Emit()) {
					t.Fatalf("%s not valid UTF-8", kv.Key)
				}
			}
		}
		if len(exp.GetSpans()) > 1 {
			t.Fatalf("%d spans", len(exp.GetSpans()))
		}
		for _, m := range errs.Messages() {
			if strings.Contains(m, "panic") {
				t.Fatalf("instrumentation panicked: %s", m)
			}
		}
	})
}
