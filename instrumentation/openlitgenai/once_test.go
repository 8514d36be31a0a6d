package openlitgenai

import (
	"context"
	"net/http"
	"testing"

	"google.golang.org/genai"

	"github.com/openlit/openlit-go/instrumentation/openlithttp"
	"github.com/openlit/openlit-go/replay"
)

// TestTracedOnce: a wrapped client whose HTTP client also has the
// wire-level transport (as openlit.WithHTTPInstrumentation gives every
// client on http.DefaultTransport) records each call once, from the typed
// path; a chat stream too, whose context the SDK keeps from before the
// span starts.
func TestTracedOnce(t *testing.T) {
	h := newHarness(t, replay.Options{}, harnessConfig{transport: func(rt http.RoundTripper) http.RoundTripper {
		return openlithttp.NewTransport(rt) // global providers: the harness's
	}})
	ctx := context.Background()
	chat, err := h.client.Chats.Create(ctx, "gemini-2.5-flash", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	calls := map[string]func() error{
		"generate": func() error {
			_, err := h.client.Models.GenerateContent(ctx, "gemini-2.5-flash", prompt(), nil)
			return err
		},
		"stream": func() error {
			for _, err := range h.client.Models.GenerateContentStream(ctx, "gemini-2.5-flash", prompt(), nil) {
				if err != nil {
					return err
				}
			}
			return nil
		},
		"embed": func() error {
			_, err := h.client.Models.EmbedContent(ctx, "gemini-embedding-001", genai.Text("hi"), nil)
			return err
		},
		"chat": func() error { _, err := chat.SendMessage(ctx, genai.Part{Text: "hi"}); return err },
		"chat stream": func() error {
			for _, err := range chat.SendMessageStream(ctx, genai.Part{Text: "hi"}) {
				if err != nil {
					return err
				}
			}
			return nil
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			h.spans.Reset()
			if err := call(); err != nil {
				t.Fatal(err)
			}
			if s := h.only(t); s.InstrumentationScope().Name != ScopeName {
				t.Errorf("span from %s", s.InstrumentationScope().Name)
			}
		})
	}
	// Without the typed path, the same transport traces the call.
	h.spans.Reset()
	if _, err := h.client.Client.Models.GenerateContent(ctx, "gemini-2.5-flash", prompt(), nil); err != nil {
		t.Fatal(err)
	}
	if s := h.only(t); s.InstrumentationScope().Name == ScopeName {
		t.Error("the embedded client's call was traced by the typed path")
	}
}
