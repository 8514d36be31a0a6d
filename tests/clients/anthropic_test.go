package clients

import (
	"context"
	"testing"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"

	openlit "github.com/openlit/openlit-go"
)

// TestAnthropicSDKOnTheWire: anthropic-sdk-go v2 builds its default
// client on a Clone of http.DefaultTransport when that is an
// *http.Transport, and on http.DefaultTransport itself when it is a
// wrapper. So the hook alone does not see it (a clone carries no hook; its
// integration, openlitanthropic, traces it), and the switch with replace
// does. The SDK also emits an OpenTelemetry span of its own for each call
// (through the global provider, on by default); with it turned off
// (option.WithoutOpenTelemetry, or ANTHROPIC_OPEN_TELEMETRY=false) the call
// is one span, ours.
func TestAnthropicSDKOnTheWire(t *testing.T) {
	t.Run("hook only: not traced", func(t *testing.T) {
		srv, exp, _ := setup(t)
		c := anthropic.NewClient(option.WithAPIKey("sk-ant-test"), option.WithBaseURL(srv.URL), option.WithMaxRetries(0),
			option.WithoutOpenTelemetry())
		if _, err := c.Messages.New(context.Background(), anthropic.MessageNewParams{
			Model: "claude-sonnet-4-5", MaxTokens: 1024,
			Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(question))},
		}); err != nil {
			t.Fatal(err)
		}
		if n := len(exp.GetSpans()); n != 0 {
			t.Errorf("%d spans: the SDK no longer clones the default transport; update the README's zero-code table", n)
		}
	})
	for _, sdkSpans := range []bool{false, true} {
		t.Run(map[bool]string{false: "replace, SDK spans off", true: "replace, SDK spans on"}[sdkSpans], func(t *testing.T) { anthropicCall(t, sdkSpans) })
	}
}

func anthropicCall(t *testing.T, sdkSpans bool) {
	srv, exp, _ := setup(t, openlit.WithHTTPInstrumentationReplace(true))
	opts := []option.RequestOption{option.WithAPIKey("sk-ant-test"), option.WithBaseURL(srv.URL), option.WithMaxRetries(0)}
	if !sdkSpans {
		opts = append(opts, option.WithoutOpenTelemetry())
	}
	c := anthropic.NewClient(opts...)
	msg, err := c.Messages.New(context.Background(), anthropic.MessageNewParams{
		Model: "claude-sonnet-4-5", MaxTokens: 1024,
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(question))},
	})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	var ours map[string]string
	for _, s := range exp.GetSpans().Snapshots() {
		names = append(names, s.Name())
		if s.Name() == "chat claude-sonnet-4-5" {
			ours = attrs(s)
		}
	}
	want := 1
	if sdkSpans {
		want = 2 // the SDK's "anthropic.messages.create" and ours, its child
	}
	if len(names) != want || ours == nil {
		t.Fatalf("SDK spans %v: spans %v", sdkSpans, names)
	}
	wantAttrs(t, ours, map[string]string{"gen_ai.system": "anthropic", "gen_ai.usage.input_tokens": "1166",
		"gen_ai.usage.output_tokens": "38", "gen_ai.response.id": msg.ID, "gen_ai.prompt": "user: text: " + question}) // a list of blocks, as OpenLIT writes one
}
