package wire

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/internal/errcapture"
	"github.com/openlit/openlit-go/internal/genai"
)

var bedrockModels = []string{
	"us.anthropic.claude-sonnet-4-5-20250929-v1:0", "amazon.nova-pro-v1:0", "meta.llama3-3-70b-instruct-v1:0",
	"mistral.mistral-large-2407-v1:0", "cohere.command-r-v1:0", "amazon.titan-embed-text-v2:0", "cohere.embed-english-v3",
	"arn:aws:bedrock:us-east-1:1:application-inference-profile/x",
}

// FuzzBedrockBody runs any InvokeModel body, answer and stream chunks
// (newline-separated) through each family's decoder: no panic, valid
// UTF-8, at most the one span.
func FuzzBedrockBody(f *testing.F) {
	f.Add(uint8(0), `{"anthropic_version":"x","messages":[{"role":"user","content":"hi"}]}`, `{"content":[{"type":"text","text":"a"}],"usage":{"input_tokens":1}}`,
		[]byte("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\"}}\n{\"amazon-bedrock-invocationMetrics\":{\"inputTokenCount\":1e99}}"), true)
	f.Add(uint8(1), `{"inferenceConfig":{"maxTokens":"x"},"messages":[{"content":[{"toolUse":{}}]}]}`, `{"output":{"message":{"content":[{"toolUse":{"input":{}}}]}},"usage":{"inputTokens":-1}}`,
		[]byte("{\"contentBlockStart\":{\"contentBlockIndex\":-1,\"start\":{\"toolUse\":{}}}}\n{\"contentBlockDelta\":{\"contentBlockIndex\":-1,\"delta\":{\"toolUse\":{\"input\":\"\xff\"}}}}"), false)
	f.Add(uint8(2), `{"prompt":"\xff"}`, `{"generation":"x","prompt_token_count":"1"}`, []byte("{}\n[]\nnull"), true)
	f.Add(uint8(6), `{"texts":[1,2]}`, `{"embeddings":{"float":[[1]]}}`, []byte(""), false)
	f.Fuzz(func(t *testing.T, model uint8, body, answer string, chunks []byte, stream bool) {
		errs := errcapture.Capture(t)
		exp := tracetest.NewInMemoryExporter()
		tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
		defer tp.Shutdown(context.Background())
		capture := true
		tel := genai.New(genai.Config{TracerProvider: tp, CaptureContent: &capture})
		dec := NewBedrockDecoder(bedrockModels[int(model)%len(bedrockModels)], stream)
		if dec == nil {
			return
		}
		req, ok := dec.Request([]byte(body))
		if !ok {
			return
		}
		_, call := tel.Start(context.Background(), req)
		call.Input, call.Instructions = dec.Input()
		if u, ok := BedrockHeaderUsage(string(chunks[:min(len(chunks), 4)]), answer[:min(len(answer), 4)]); ok {
			dec.FallbackUsage(u)
		}
		if stream {
			for _, c := range bytes.Split(chunks, []byte("\n")) {
				dec.Event(call, string(c))
			}
			dec.End(call, nil)
		} else {
			dec.Response(call, answer)
		}
		call.End(nil)
		if len(exp.GetSpans()) != 1 {
			t.Fatalf("%d spans", len(exp.GetSpans()))
		}
		for _, s := range exp.GetSpans() {
			for _, kv := range s.Attributes {
				if !utf8.ValidString(kv.Value.Emit()) {
					t.Fatalf("%s not valid UTF-8", kv.Key)
				}
			}
		}
		for _, m := range errs.Messages() {
			if strings.Contains(m, "panic") {
				t.Fatalf("instrumentation panicked: %s", m)
			}
		}
	})
}
