package clients

import (
	"context"
	"testing"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
)

// TestAnthropicSDKOnTheWire: anthropic-sdk-go v2 on the default transport
// is traced by Init's HTTP switch. The SDK also emits an OpenTelemetry span
// of its own for each call (through the global provider, on by default);
// with it turned off (option.WithoutOpenTelemetry, or
// ANTHROPIC_OPEN_TELEMETRY=false) the call is one span, ours.
func TestAnthropicSDKOnTheWire(t *testing.T) {
	for _, sdkSpans := range []bool{false, true} {
		t.Run(map[bool]string{false: "SDK spans off", true: "SDK spans on"}[sdkSpans], func(t *testing.T) { anthropicCall(t, sdkSpans) })
	}
}

func anthropicCall(t *testing.T, sdkSpans bool) {
	srv, exp, _ := setup(t)
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
