package openlitbedrock

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime/types"
	"go.opentelemetry.io/otel/codes"

	"github.com/openlit/openlit-go/replay"
)

// invoke calls InvokeModel on c and returns the body.
func invoke(t *testing.T, c *bedrockruntime.Client, model, body string) string {
	t.Helper()
	out, err := c.InvokeModel(context.Background(), &bedrockruntime.InvokeModelInput{ModelId: aws.String(model), Body: []byte(body), ContentType: aws.String("application/json")})
	if err != nil {
		t.Fatal(err)
	}
	return string(out.Body)
}

// invokeStream calls InvokeModelWithResponseStream and returns the chunks.
func invokeStream(t *testing.T, c *bedrockruntime.Client, model, body string) []string {
	t.Helper()
	out, err := c.InvokeModelWithResponseStream(context.Background(), &bedrockruntime.InvokeModelWithResponseStreamInput{ModelId: aws.String(model), Body: []byte(body), ContentType: aws.String("application/json")})
	if err != nil {
		t.Fatal(err)
	}
	stream := out.GetStream()
	defer stream.Close()
	var chunks []string
	for ev := range stream.Events() {
		if c, ok := ev.(*types.ResponseStreamMemberChunk); ok {
			chunks = append(chunks, string(c.Value.Bytes))
		}
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	return chunks
}

const (
	claudeBody = `{"anthropic_version":"bedrock-2023-05-31","max_tokens":1024,"system":"Be brief.","messages":[{"role":"user","content":"What is LLM Observability?"}]}`
	novaBody   = `{"schemaVersion":"messages-v1","system":[{"text":"Be brief."}],"messages":[{"role":"user","content":[{"text":"What is LLM Observability?"}]}],"inferenceConfig":{"maxTokens":512,"temperature":0.3,"topP":0.9}}`
)

// TestInvokeModel: each body format's answer is the plain client's, and
// its span has the family's request parameters, usage (the body's, or
// Bedrock's headers when the body counts none) and cost.
func TestInvokeModel(t *testing.T) {
	cases := []struct {
		name, model, body string
		want              map[string]string
	}{
		{"claude", claude, claudeBody, map[string]string{
			"gen_ai.operation.name": "chat", "gen_ai.request.max_tokens": "1024", "gen_ai.response.model": "claude-sonnet-4-5-20250929",
			"gen_ai.usage.input_tokens": "1166", "gen_ai.usage.cache_read.input_tokens": "1152", "gen_ai.usage.output_tokens": "38",
			"gen_ai.prompt": "system: Be brief.\nuser: What is LLM Observability?", "gen_ai.response.finish_reasons": `["end_turn"]`,
			// 14 × $3 + 1,152 × $0.30 + 38 × $15 per million.
			"gen_ai.usage.cost": "~0.0009576",
		}},
		{"nova", "amazon.nova-pro-v1:0", novaBody, map[string]string{
			"gen_ai.operation.name": "chat", "gen_ai.request.max_tokens": "512", "gen_ai.request.temperature": "0.3", "gen_ai.request.top_p": "0.9",
			"gen_ai.usage.input_tokens": "12", "gen_ai.usage.output_tokens": "21", "gen_ai.response.finish_reasons": `["end_turn"]`,
			"gen_ai.prompt": "system: Be brief.\nuser: What is LLM Observability?",
			// Nova Pro: 12 × $0.80 + 21 × $3.20 per million.
			"gen_ai.usage.cost": "~0.0000768",
		}},
		{"llama", "us.meta.llama3-3-70b-instruct-v1:0", `{"prompt":"What is LLM Observability?","max_gen_len":256,"temperature":0.5}`, map[string]string{
			"gen_ai.operation.name": "chat", "gen_ai.request.max_tokens": "256", "gen_ai.usage.input_tokens": "11", "gen_ai.usage.output_tokens": "9",
			"gen_ai.response.finish_reasons": `["stop"]`, "gen_ai.completion": "LLM observability is monitoring every model call.",
		}},
		{"mistral (tokens from headers)", "mistral.mistral-large-2407-v1:0", `{"prompt":"<s>[INST] What is LLM Observability? [/INST]","max_tokens":256}`, map[string]string{
			"gen_ai.usage.input_tokens": "13", "gen_ai.usage.output_tokens": "9", "gen_ai.response.finish_reasons": `["stop"]`,
			// 13 × $2 + 9 × $6 per million.
			"gen_ai.usage.cost": "~0.00008",
		}},
		{"cohere command", "cohere.command-r-plus-v1:0", `{"message":"What is LLM Observability?","preamble":"Be brief.","chat_history":[{"role":"USER","message":"Hi"},{"role":"CHATBOT","message":"Hello"}]}`, map[string]string{
			"gen_ai.usage.input_tokens": "12", "gen_ai.response.id": "gen-1", "gen_ai.response.finish_reasons": `["COMPLETE"]`,
			"gen_ai.prompt": "system: Be brief.\nuser: Hi\nassistant: Hello\nuser: What is LLM Observability?",
		}},
		{"titan embeddings", "amazon.titan-embed-text-v2:0", `{"inputText":"What is LLM Observability?","dimensions":4}`, map[string]string{
			"gen_ai.operation.name": "embeddings", "gen_ai.usage.input_tokens": "7", "gen_ai.embeddings.dimension.count": "4",
		}},
		{"cohere embeddings", "cohere.embed-english-v3", `{"texts":["What is LLM Observability?"],"input_type":"search_query"}`, map[string]string{
			"gen_ai.operation.name": "embeddings", "gen_ai.usage.input_tokens": "7", "gen_ai.embeddings.dimension.count": "4",
			"gen_ai.prompt": "What is LLM Observability?",
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, replay.Options{})
			if got, want := invoke(t, h.client, c.model, c.body), invoke(t, h.plain, c.model, c.body); got != want {
				t.Fatalf("body differs:\n%s\n%s", got, want)
			}
			s := h.only(t)
			if !strings.HasSuffix(s.Name(), " "+c.model) {
				t.Errorf("span %q", s.Name())
			}
			want := map[string]string{"gen_ai.system": "aws.bedrock", "gen_ai.request.model": c.model, "server.address": "127.0.0.1"}
			for k, v := range c.want {
				want[k] = v
			}
			check(t, attrs(s), want)
		})
	}
}

// TestInvokeModelStream: Claude and Nova chunks are the plain client's;
// the span has the time to first token, text and usage.
func TestInvokeModelStream(t *testing.T) {
	for _, c := range []struct{ model, body, text, in, out string }{
		{claude, claudeBody, "LLM observability", "14", "12"},
		{"us.amazon.nova-lite-v1:0", novaBody, "LLM observability is monitoring every model call.", "12", "9"},
	} {
		t.Run(c.model, func(t *testing.T) {
			h := newHarness(t, replay.Options{ChunkDelay: 5 * time.Millisecond})
			want := invokeStream(t, h.plain, c.model, c.body)
			got := invokeStream(t, h.client, c.model, c.body)
			same(t, got, want)
			a := attrs(h.only(t))
			check(t, a, map[string]string{"gen_ai.request.is_stream": "true", "gen_ai.usage.output_tokens": c.out})
			if !strings.HasPrefix(a["gen_ai.completion"], c.text) || a["gen_ai.server.time_to_first_token"] == "" {
				t.Errorf("attributes %v", a)
			}
		})
	}
}

// TestUnknownFamily: a model family whose body is not decoded gets a
// minimal span with Bedrock's token counts.
func TestUnknownFamily(t *testing.T) {
	h := newHarness(t, replay.Options{})
	_, err := h.client.InvokeModel(context.Background(), &bedrockruntime.InvokeModelInput{ModelId: aws.String("stability.sd3-large-v1:0"), Body: []byte(`{"prompt":"a cat"}`)})
	if err == nil {
		t.Fatal("the replay answers no stability model")
	}
	s := h.only(t)
	if s.Name() != "invoke stability.sd3-large-v1:0" || attrs(s)["error.type"] != "400" {
		t.Errorf("span %q %v", s.Name(), attrs(s))
	}
}

// TestErrors: throttling retried to success is one span; throttling and
// validation errors that persist are returned unchanged and recorded with
// the HTTP status.
func TestErrors(t *testing.T) {
	h := newHarness(t, replay.Options{Fail: []int{429}})
	if _, err := h.client.Converse(context.Background(), converseInput()); err != nil {
		t.Fatal(err)
	}
	if s := h.only(t); s.Status().Code != codes.Ok || h.srv.Requests() != 2 {
		t.Errorf("status %v after %d requests", s.Status(), h.srv.Requests())
	}
	for _, status := range []int{400, 429, 500} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			h := newHarness(t, replay.Options{Fail: slices.Repeat([]int{status}, 9)})
			_, want := h.plain.Converse(context.Background(), converseInput())
			_, got := h.client.Converse(context.Background(), converseInput())
			var re *awshttp.ResponseError
			if got == nil || !errors.As(got, &re) || re.HTTPStatusCode() != status || !sameError(got, want) {
				t.Fatalf("error %v, want %v", got, want)
			}
			s := h.only(t)
			if s.Status().Code != codes.Error || attrs(s)["error.type"] != strconv.Itoa(status) {
				t.Errorf("status %v error.type %q", s.Status(), attrs(s)["error.type"])
			}
			h.spans.Reset()
			if _, err := h.client.ConverseStream(context.Background(), &bedrockruntime.ConverseStreamInput{ModelId: aws.String(claude), Messages: converseInput().Messages}); err == nil {
				t.Fatal("no stream error")
			}
			if s := h.only(t); attrs(s)["error.type"] != strconv.Itoa(status) {
				t.Errorf("stream error.type %q", attrs(s)["error.type"])
			}
		})
	}
}

// sameError compares two errors but for their request ids.
func sameError(a, b error) bool {
	strip := func(e error) string {
		s := e.Error()
		if i := strings.Index(s, "RequestID: "); i >= 0 {
			if j := strings.IndexByte(s[i:], ','); j >= 0 {
				s = s[:i] + s[i+j:]
			}
		}
		return s
	}
	return strip(a) == strip(b)
}
