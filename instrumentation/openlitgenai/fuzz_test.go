package openlitgenai

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"unicode/utf8"

	"google.golang.org/genai"

	"github.com/openlit/openlit-go/replay"
)

// FuzzStream sends any body as a streamGenerateContent answer: the wrapped
// client yields exactly what the plain one yields, records at most one
// span, and every string it records is valid UTF-8.
func FuzzStream(f *testing.F) {
	_, sse := replay.Recorded(":streamGenerateContent")
	f.Add(sse)
	f.Add([]byte("data: {\"error\": {\"code\": 503}}\n\n"))
	f.Add([]byte("data: {\"candidates\": [{\"index\": 99999999999, \"content\": {\"parts\": [{\"text\": \"\xff\xfe\"}]}}], \"usageMetadata\": {\"promptTokenCount\": -5, \"thoughtsTokenCount\": 9223372036854775807}}\n\n"))
	f.Add([]byte("data: [1,2,3]\n\ndata: {\"candidates\": [null, {\"content\": null}]}\n\n"))
	f.Add([]byte("event: x\nid: 1\n\n\n\ndata:\n\n"))
	var body atomic.Pointer[[]byte]
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		_, _ = w.Write(*body.Load())
	}))
	defer srv.Close()
	h := newHarness(f, replay.Options{})
	base := &http.Transport{}
	defer base.CloseIdleConnections()
	plain := newGenaiClient(f, srv.URL, false, base)
	wrapped := Wrap(newGenaiClient(f, srv.URL, false, base), WithTracerProvider(h.tp), WithMeterProvider(h.mp))
	f.Fuzz(func(t *testing.T, b []byte) {
		body.Store(&b)
		h.spans.Reset()
		ctx := context.Background()
		// The SDK itself panics on some malformed chunks ({"candidates": ""}):
		// the wrapped client must panic the same way.
		collect := func(seq func(func(*genai.GenerateContentResponse, error) bool)) (out []any) {
			defer func() {
				if r := recover(); r != nil {
					out = append(out, fmt.Sprint("panic: ", r))
				}
			}()
			for r, err := range seq {
				if err != nil {
					out = append(out, err.Error())
				} else {
					out = append(out, r)
				}
			}
			return out
		}
		want := collect(plain.Models.GenerateContentStream(ctx, "gemini-2.5-flash", prompt(), nil))
		got := collect(wrapped.Models.GenerateContentStream(ctx, "gemini-2.5-flash", prompt(), nil))
		same(t, got, want)
		spans := h.spans.GetSpans().Snapshots()
		if len(spans) != 1 {
			t.Fatalf("%d spans", len(spans))
		}
		for k, v := range attrs(spans[0]) {
			if !utf8.ValidString(v) || strings.Contains(v, secretKey) {
				t.Fatalf("%s = %q", k, v)
			}
		}
	})
}
