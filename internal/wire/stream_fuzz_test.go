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

	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/internal/errcapture"
	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/replay"
)

// streamAPIs are the SSE stream APIs whose decoders know a final event.
var streamAPIs = []struct{ path, body, sseFile string }{
	{"/v1/messages", `{"model":"claude-sonnet-4-5","stream":true,"messages":[{"role":"user","content":"hi"}]}`, "anthropic_stream.sse"},
	{"/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", `{"contents":[{"parts":[{"text":"hi"}]}]}`, "gemini_stream.sse"},
}

// FuzzStreamDecoders sends any server-sent-event stream, read to its end
// or closed after some bytes, through the Anthropic and Gemini decoders:
// the client reads it unchanged, exactly one span ends, its strings are
// valid UTF-8, no decoder panics, and a stream read to its end without its
// final event (message_stop; a finishReason) is an error span, one closed
// early never is. (A whole recorded stream that is not an error is checked
// in TestCutStreams and the integrations' tests.)
func FuzzStreamDecoders(f *testing.F) {
	for i, api := range streamAPIs {
		_, sse := replay.Recorded(api.sseFile)
		f.Add(uint8(i), sse, uint16(0))
		f.Add(uint8(i), sse[:len(sse)/2], uint16(0))
		f.Add(uint8(i), sse, uint16(40))
	}
	f.Add(uint8(0), []byte("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"), uint16(0))
	f.Add(uint8(1), []byte("data: {\"candidates\":[{\"finishReason\":\"\xff\",\"index\":99999999999}]}\n\n"), uint16(0))
	f.Fuzz(func(t *testing.T, api uint8, answer []byte, closeAfter uint16) {
		a := streamAPIs[int(api)%len(streamAPIs)]
		errs := errcapture.Capture(t)
		exp := tracetest.NewInMemoryExporter()
		tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
		defer tp.Shutdown(context.Background())
		capture := true
		tr := New(Config{Telemetry: genai.New(genai.Config{TracerProvider: tp, CaptureContent: &capture}), AnyHost: true})
		req := httptest.NewRequest(http.MethodPost, "https://api.example.com"+a.path, strings.NewReader(a.body))
		req.Header.Set("Content-Type", "application/json")
		res, err := tr.RoundTrip(req, func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"text/event-stream"}},
				Body: io.NopCloser(bytes.NewReader(answer)), Request: r}, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var got []byte
		if closeAfter > 0 && int(closeAfter) < len(answer) {
			got = make([]byte, closeAfter)
			n, _ := io.ReadFull(res.Body, got)
			got = got[:n]
			res.Body.Close()
			if !bytes.Equal(got, answer[:n]) {
				t.Fatal("answer changed")
			}
		} else {
			if got, err = io.ReadAll(res.Body); err != nil || !bytes.Equal(got, answer) {
				t.Fatalf("answer changed (%v)", err)
			}
			res.Body.Close()
		}
		spans := exp.GetSpans()
		if len(spans) != 1 {
			t.Fatalf("%d spans", len(spans))
		}
		s := spans[0]
		for _, kv := range s.Attributes {
			if !utf8.ValidString(kv.Value.Emit()) {
				t.Fatalf("%s not valid UTF-8", kv.Key)
			}
		}
		incomplete := false
		for _, kv := range s.Attributes {
			incomplete = incomplete || kv.Key == "error.type" && kv.Value.AsString() == ErrorTypeIncomplete
		}
		if incomplete && (s.Status.Code != codes.Error || closeAfter > 0 && int(closeAfter) < len(answer)) {
			t.Fatalf("incomplete with status %v after closing at %d of %d", s.Status, closeAfter, len(answer))
		}
		for _, m := range errs.Messages() {
			if strings.Contains(m, "panic") {
				t.Fatalf("instrumentation panicked: %s", m)
			}
		}
	})
}
