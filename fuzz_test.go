package openlit_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/openai/openai-go/v3"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/internal/errcapture"
	"github.com/openlit/openlit-go/internal/otlpreceiver"
)

// fuzzAnswer is what the fuzzed provider answers next.
type fuzzAnswer struct {
	body string
	sse  bool
}

// FuzzProviderAnswer drives random provider answers (JSON and SSE, invalid
// UTF-8, huge and odd fields, broken bodies) through the instrumented client
// into a real OTLP/HTTP receiver on loopback that decodes every export:
// every call's span arrives, and metrics keep exporting. Each input runs
// under its own Init, so it also re-Inits thousands of times.
func FuzzProviderAnswer(f *testing.F) {
	f.Add("gpt-4o", "chatcmpl-1", "stop", "fp_1", "hello", int64(14), int64(356), false, "")
	f.Add("gpt-4o\xff", "id\xfe", "stop\xc3", "fp", "x\xff", int64(-5), int64(9e18), true, "")
	f.Add(strings.Repeat("m", 5000), "", "", "", "", int64(0), int64(0), false, "")
	f.Add("", "", "", "", "", int64(0), int64(0), true, "data: {\"error\":{\"message\":\"boom \xff\"}}\n\n")
	f.Add("", "", "", "", "", int64(0), int64(0), false, "{\"id\":1,\"choices\":null,\"usage\":{\"prompt_tokens\":\"x\"}}")
	f.Add("", "", "", "", "", int64(0), int64(0), true, "data: {\"choices\":[{\"index\":999999,\"delta\":{\"content\":\"a\"}}]}\n\ndata: [DONE]\n\n")

	t := f
	resetEnv(t)
	errs := errcapture.Capture(t)
	rcv := otlpreceiver.New()
	t.Cleanup(rcv.Close)
	var next atomic.Pointer[fuzzAnswer]
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		a := next.Load()
		if a.sse {
			w.Header().Set("Content-Type", "text/event-stream")
		} else {
			w.Header().Set("Content-Type", "application/json")
		}
		_, _ = io.WriteString(w, a.body)
	}))
	t.Cleanup(srv.Close)
	c := client(srv.URL + "/v1/")

	f.Fuzz(func(t *testing.T, model, id, reason, fingerprint, content string, in, out int64, sse bool, raw string) {
		body := raw
		if body == "" {
			body = `{"id":"` + id + `","object":"chat.completion","created":1,"model":"` + model +
				`","system_fingerprint":"` + fingerprint + `","choices":[{"index":0,"message":{"role":"assistant","content":"` +
				content + `"},"finish_reason":"` + reason + `"}],"usage":{"prompt_tokens":` + fmt.Sprint(in) +
				`,"completion_tokens":` + fmt.Sprint(out) + `,"total_tokens":0}}`
			if sse {
				body = "data: " + strings.ReplaceAll(body, "\n", " ") + "\n\ndata: [DONE]\n\n"
			}
		}
		next.Store(&fuzzAnswer{body: body, sse: sse})
		// A fresh Init per input: metrics are cumulative, and thousands of
		// fuzzed model names would make every later export slower. The
		// client, wrapped once, follows each new Init.
		ctx := context.Background()
		s, err := openlit.Init(ctx, openlit.WithOTLPEndpoint(rcv.URL), openlit.WithMetricExportInterval(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		spansBefore, requestsBefore := len(rcv.Spans()), len(rcv.Raw())
		p := openai.ChatCompletionNewParams{Model: model, Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(content)}}
		if sse {
			st := c.Chat.Completions.NewStreaming(ctx, p)
			for st.Next() {
			}
			_ = st.Close()
		} else {
			_, _ = c.Chat.Completions.New(ctx, p)
		}
		sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := s.Shutdown(sctx); err != nil {
			t.Fatalf("Shutdown: %v; handler: %q", err, errs.Messages())
		}
		if got := len(rcv.Spans()) - spansBefore; got != 1 {
			t.Fatalf("%d spans arrived for one call; handler: %q", got, errs.Messages())
		}
		// One trace export and one metric export at Shutdown.
		if got := len(rcv.Raw()) - requestsBefore; got != 2 {
			t.Fatalf("%d export requests at Shutdown, want 2 (spans and metrics); handler: %q", got, errs.Messages())
		}
	})
}
