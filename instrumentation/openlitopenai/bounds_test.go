package openlitopenai

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/openai/openai-go/v3"

	"github.com/openlit/openlit-go/internal/settings"
	"github.com/openlit/openlit-go/replay"
)

func withMaxContent(t *testing.T, n int) {
	t.Helper()
	s := *settings.Load()
	s.MaxContentLength = n
	settings.Store(&s)
	t.Cleanup(func() { settings.Store(nil) })
}

// One huge prompt, invalid UTF-8 in it, and a long streamed completion:
// what is recorded stays within the bound and valid UTF-8, and the caller's
// result is untouched.
func TestContentIsBounded(t *testing.T) {
	withMaxContent(t, 1000)
	h := newHarness(t, replay.Options{})
	huge := strings.Repeat("observability ", 100_000) + "\xff\xfe end"
	res, err := h.client.Chat.Completions.New(context.Background(), userPrompt(huge))
	if err != nil || !strings.HasPrefix(res.Choices[0].Message.Content, "LLM Observability") {
		t.Fatalf("call: %v", err)
	}
	s := h.onlySpan(t)
	for _, ev := range s.Events() {
		for _, kv := range ev.Attributes {
			v := kv.Value.AsString()
			if len(v) > 1100 || !utf8.ValidString(v) {
				t.Errorf("%s: %d bytes, valid UTF-8 %v", kv.Key, len(v), utf8.ValidString(v))
			}
			if !strings.Contains(v, "…[truncated ") {
				t.Errorf("%s cut without a marker", kv.Key)
			}
		}
	}

	h2 := newHarness(t, replay.Options{})
	stream := h2.client.Chat.Completions.NewStreaming(context.Background(), streamParams(true))
	var got strings.Builder
	for stream.Next() {
		if c := stream.Current(); len(c.Choices) > 0 {
			got.WriteString(c.Choices[0].Delta.Content)
		}
	}
	if got.Len() < 1500 {
		t.Fatalf("caller got %d bytes of the stream", got.Len())
	}
	ss := h2.onlySpan(t)
	completion := attrMap(ss.Events()[1].Attributes)["gen_ai.completion"].AsString()
	if len(completion) > 1100 || !strings.HasPrefix(got.String(), strings.SplitN(completion, "…", 2)[0]) {
		t.Errorf("streamed completion recorded as %d bytes", len(completion))
	}
}

// FuzzFormatMessages: arbitrary message text never panics the prompt
// formatting and the recorded prompt is valid UTF-8 within the bound.
func FuzzFormatMessages(f *testing.F) {
	f.Add("What is LLM Observability?", "data:image/png;base64,iVBORw0KGgo=", "get_weather", `{"city":"Paris"}`)
	f.Add("\xff\xfe", "", "", "")
	f.Add(strings.Repeat("a", 5000), "https://example.com/x.png", "f", "{")
	f.Fuzz(func(t *testing.T, text, url, name, args string) {
		msgs := []openai.ChatCompletionMessageParamUnion{
			openai.SystemMessage(text),
			openai.UserMessage([]openai.ChatCompletionContentPartUnionParam{
				openai.TextContentPart(text),
				openai.ImageContentPart(openai.ChatCompletionContentPartImageImageURLParam{URL: url}),
			}),
			{OfAssistant: &openai.ChatCompletionAssistantMessageParam{
				ToolCalls: []openai.ChatCompletionMessageToolCallUnionParam{{OfFunction: &openai.ChatCompletionMessageFunctionToolCallParam{
					ID: name, Function: openai.ChatCompletionMessageFunctionToolCallFunctionParam{Name: name, Arguments: args},
				}}},
			}},
			openai.ToolMessage(args, name),
		}
		out := FormatMessages(msgs)
		// A data: URI's payload never reaches the prompt (unless the same
		// bytes are in the other fields anyway).
		if _, payload, ok := strings.Cut(url, ","); ok && strings.HasPrefix(url, "data:") && len(payload) >= 16 &&
			!strings.Contains(text+name+args, payload) && strings.Contains(out, ","+payload) {
			t.Fatal("data URI payload copied")
		}
	})
}
