package openlit_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	openlit "github.com/openlit/openlit-go"
	openlitopenai "github.com/openlit/openlit-go/instrumentation/openlitopenai"
	"github.com/openlit/openlit-go/internal/errcapture"
	"github.com/openlit/openlit-go/internal/otlpreceiver"
	"github.com/openlit/openlit-go/replay"
)

const (
	apiKey    = "sk-proj-SECRETKEY0123456789"
	otlpToken = "otlp-SECRET-TOKEN-42"
)

// exercise makes a successful, a streamed, a failed (401) and an image call
// through a wrapped client.
func exercise(t *testing.T, prompt string) {
	t.Helper()
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	failing := replay.NewServer(replay.Options{Fail: []int{401}})
	defer failing.Close()
	client := openlitopenai.Wrap(openai.NewClient(option.WithBaseURL(srv.BaseURL()), option.WithAPIKey(apiKey)))
	ctx := context.Background()
	p := openai.ChatCompletionNewParams{Model: openai.ChatModelGPT4o,
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(prompt)}}
	if _, err := client.Chat.Completions.New(ctx, p); err != nil {
		t.Fatal(err)
	}
	p.StreamOptions = openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)}
	s := client.Chat.Completions.NewStreaming(ctx, p)
	for s.Next() {
	}
	if s.Err() != nil {
		t.Fatal(s.Err())
	}
	if _, err := client.Images.Generate(ctx, openai.ImageGenerateParams{Model: openai.ImageModelDallE3, Prompt: prompt}); err != nil {
		t.Fatal(err)
	}
	bad := openlitopenai.Wrap(openai.NewClient(option.WithBaseURL(failing.BaseURL()), option.WithAPIKey(apiKey), option.WithMaxRetries(0)))
	if _, err := bad.Chat.Completions.New(ctx, p); err == nil {
		t.Fatal("401 not returned")
	}
}

// collect runs exercise under Init exporting to a loopback receiver and
// returns every exported byte, every error-handler message and the receiver.
func collect(t *testing.T, prompt string, opts ...openlit.Option) ([]byte, string, *otlpreceiver.Receiver) {
	t.Helper()
	rcv := otlpreceiver.New()
	t.Cleanup(rcv.Close)
	t.Setenv(openlit.EnvOTLPEndpoint, rcv.URL)
	t.Setenv(openlit.EnvOTLPHeaders, "Authorization=Bearer%20"+otlpToken)
	t.Setenv("OPENAI_API_KEY", "")
	errs := errcapture.Capture(t)
	s, err := openlit.Init(context.Background(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	exercise(t, prompt)
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	return bytes.Join(rcv.Raw(), nil), strings.Join(errs.Messages(), "\n"), rcv
}

// No secret in any exported byte: the OpenAI key never, the OTLP token only
// in the Authorization header it is meant for.
func TestNoSecretsExported(t *testing.T) {
	exported, handled, rcv := collect(t, "What is LLM Observability?")
	if len(exported) == 0 {
		t.Fatal("nothing exported")
	}
	for _, secret := range []string{apiKey, "SECRETKEY", otlpToken} {
		if bytes.Contains(exported, []byte(secret)) {
			t.Errorf("%q in exported telemetry", secret)
		}
		if strings.Contains(handled, secret) {
			t.Errorf("%q in an error-handler message", secret)
		}
	}
	for _, h := range rcv.Headers() {
		for k, v := range h {
			joined := strings.Join(v, ",")
			if strings.Contains(joined, "SECRETKEY") {
				t.Errorf("OpenAI key sent to the collector in %s", k)
			}
			if strings.Contains(joined, otlpToken) && k != "Authorization" {
				t.Errorf("OTLP token in header %s", k)
			}
		}
	}
}

// With content capture off no prompt, completion, revised prompt or image
// URL leaves the process.
func TestCaptureOffExportsNoContent(t *testing.T) {
	const prompt = "PRIVATE-PROMPT-do-not-export"
	exported, _, _ := collect(t, prompt, openlit.WithCaptureMessageContent(false))
	for _, content := range []string{prompt, "LLM Observability refers", "oaidalleapiprodscus", "watercolor painting"} {
		if bytes.Contains(exported, []byte(content)) {
			t.Errorf("%q exported with content capture off", content)
		}
	}
	// And with capture on, they are there: the test can see content.
	exported, _, _ = collect(t, prompt)
	if !bytes.Contains(exported, []byte(prompt)) {
		t.Error("prompt not exported with capture on: the test is blind")
	}
}

// The SDK's own attribute limits apply on top of openlit-go's bound.
func TestSpanLimitsRespected(t *testing.T) {
	t.Setenv("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "40")
	_, _, rcv := collect(t, strings.Repeat("long prompt ", 100))
	spans := rcv.Spans()
	if len(spans) == 0 {
		t.Fatal("no spans")
	}
	for _, s := range spans {
		for _, ev := range s.Events {
			for k, v := range otlpreceiver.Attrs(ev.Attributes) {
				if str, ok := v.(string); ok && len(str) > 40 {
					t.Errorf("%s %s is %d bytes over a 40-byte limit", s.Name, k, len(str))
				}
			}
		}
	}
}
