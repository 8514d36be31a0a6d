package openlitopenai

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/responses"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/openlit/openlit-go/internal/provider"
	"github.com/openlit/openlit-go/internal/spantest"
	"github.com/openlit/openlit-go/replay"
	"github.com/openlit/openlit-go/semconv"
)

// opCase is one instrumented operation, called through the wrapped and the
// plain client; both results are reduced to bytes that must be identical.
type opCase struct {
	name       string
	call       func(ctx context.Context, c Client) ([]byte, error)
	plain      func(ctx context.Context, c openai.Client) ([]byte, error)
	span       string
	attrs      map[string]any // exact values
	absent     []string
	cost       float64 // -1: no cost recorded
	tokens     [2]int64
	hasTokens  bool
	prompt     string // "" : no prompt event
	completion string // "" : no completion event
}

func raw[T interface{ RawJSON() string }](v T, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	return []byte(v.RawJSON()), nil
}

func body(res *http.Response, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	return io.ReadAll(res.Body)
}

func audioFile() io.Reader {
	return openai.File(strings.NewReader("ID3 fake audio bytes"), "speech.mp3", "audio/mpeg")
}

func imageFile() io.Reader {
	return openai.File(bytes.NewReader([]byte("\x89PNG fake image")), "image.png", "image/png")
}

var operations = []opCase{
	{
		name: "embeddings",
		call: func(ctx context.Context, c Client) ([]byte, error) {
			return raw(c.Embeddings.New(ctx, embeddingParams()))
		},
		plain: func(ctx context.Context, c openai.Client) ([]byte, error) {
			return raw(c.Embeddings.New(ctx, embeddingParams()))
		},
		span: "embeddings text-embedding-3-small",
		attrs: map[string]any{
			"gen_ai.operation.name": "embeddings", "gen_ai.request.encoding_formats": []string{"float"},
			"gen_ai.embeddings.dimension.count": int64(4), "gen_ai.response.model": "text-embedding-3-small",
			"gen_ai.usage.input_tokens": int64(8), "gen_ai.usage.output_tokens": int64(0), "gen_ai.system": "openai",
		},
		absent:    []string{"gen_ai.server.time_to_first_token", "gen_ai.request.seed"},
		cost:      8 * 0.02 / 1e6,
		tokens:    [2]int64{8, 0},
		hasTokens: true,
		prompt:    "What is LLM observability?\nWhy trace model calls?",
	},
	{
		name: "image generate",
		call: func(ctx context.Context, c Client) ([]byte, error) {
			return raw(c.Images.Generate(ctx, imageParams()))
		},
		plain: func(ctx context.Context, c openai.Client) ([]byte, error) {
			return raw(c.Images.Generate(ctx, imageParams()))
		},
		span: "image dall-e-3",
		attrs: map[string]any{
			"gen_ai.operation.name": "image", "gen_ai.request.image_size": "1792x1024", "gen_ai.request.image_quality": "hd",
			"gen_ai.request.image_style": "vivid", "gen_ai.request.choice.count": int64(1),
		},
		absent:     []string{"gen_ai.usage.input_tokens"},
		cost:       0.12,
		prompt:     "a lighthouse at dawn, watercolor",
		completion: "A watercolor painting of a lighthouse on a rocky coast at dawn, soft pink and gold light.\nhttps://oaidalleapiprodscus.blob.core.windows.net/private/org-replay/img-1.png",
	},
	{
		name: "image edit (multipart)",
		call: func(ctx context.Context, c Client) ([]byte, error) {
			return raw(c.Images.Edit(ctx, imageEditParams()))
		},
		plain: func(ctx context.Context, c openai.Client) ([]byte, error) {
			return raw(c.Images.Edit(ctx, imageEditParams()))
		},
		span:   "image dall-e-2",
		attrs:  map[string]any{"gen_ai.request.image_size": "512x512"},
		cost:   0.018,
		prompt: "add a boat",
		completion: "A watercolor painting of a lighthouse on a rocky coast at dawn, soft pink and gold light.\n" +
			"https://oaidalleapiprodscus.blob.core.windows.net/private/org-replay/img-1.png",
	},
	{
		name: "image variation, default model",
		call: func(ctx context.Context, c Client) ([]byte, error) {
			return raw(c.Images.NewVariation(ctx, openai.ImageNewVariationParams{Image: imageFile(), Size: openai.ImageNewVariationParamsSize256x256}))
		},
		plain: func(ctx context.Context, c openai.Client) ([]byte, error) {
			return raw(c.Images.NewVariation(ctx, openai.ImageNewVariationParams{Image: imageFile(), Size: openai.ImageNewVariationParamsSize256x256}))
		},
		span:  "image dall-e-2",
		attrs: map[string]any{"gen_ai.request.image_size": "256x256"},
		cost:  0.016,
		completion: "A watercolor painting of a lighthouse on a rocky coast at dawn, soft pink and gold light.\n" +
			"https://oaidalleapiprodscus.blob.core.windows.net/private/org-replay/img-1.png",
	},
	{
		name: "speech (binary body untouched)",
		call: func(ctx context.Context, c Client) ([]byte, error) {
			return body(c.Audio.Speech.New(ctx, speechParams()))
		},
		plain: func(ctx context.Context, c openai.Client) ([]byte, error) {
			return body(c.Audio.Speech.New(ctx, speechParams()))
		},
		span: "audio tts-1",
		attrs: map[string]any{
			"gen_ai.operation.name": "audio", "gen_ai.request.audio_voice": "alloy",
			"gen_ai.request.audio_response_format": "mp3", "gen_ai.request.audio_speed": 1.25,
		},
		cost:   float64(len("Observability is a superpower.")) * 15 / 1e6,
		prompt: "Observability is a superpower.",
	},
	{
		name: "transcription (multipart)",
		call: func(ctx context.Context, c Client) ([]byte, error) {
			return raw(c.Audio.Transcriptions.New(ctx, openai.AudioTranscriptionNewParams{File: audioFile(), Model: openai.AudioModelWhisper1, Language: openai.String("en")}))
		},
		plain: func(ctx context.Context, c openai.Client) ([]byte, error) {
			return raw(c.Audio.Transcriptions.New(ctx, openai.AudioTranscriptionNewParams{File: audioFile(), Model: openai.AudioModelWhisper1, Language: openai.String("en")}))
		},
		span:       "audio whisper-1",
		attrs:      map[string]any{"gen_ai.request.audio_language": "en", "gen_ai.audio.duration": 90.0},
		cost:       0.009,
		completion: "Observability means you can ask new questions of your system without shipping new code.",
	},
	{
		name: "translation",
		call: func(ctx context.Context, c Client) ([]byte, error) {
			return raw(c.Audio.Translations.New(ctx, openai.AudioTranslationNewParams{File: audioFile(), Model: openai.AudioModelWhisper1}))
		},
		plain: func(ctx context.Context, c openai.Client) ([]byte, error) {
			return raw(c.Audio.Translations.New(ctx, openai.AudioTranslationNewParams{File: audioFile(), Model: openai.AudioModelWhisper1}))
		},
		span:       "audio whisper-1",
		cost:       -1,
		completion: "Observability means being able to understand a system from its outputs.",
	},
	{
		name: "responses",
		call: func(ctx context.Context, c Client) ([]byte, error) {
			return raw(c.Responses.New(ctx, responseParams()))
		},
		plain: func(ctx context.Context, c openai.Client) ([]byte, error) {
			return raw(c.Responses.New(ctx, responseParams()))
		},
		span: "chat gpt-4o",
		attrs: map[string]any{
			"gen_ai.operation.name": "chat", "gen_ai.response.id": "resp_68af4030592c81938ec0a5fbab4a3e9f",
			"gen_ai.response.model": "gpt-4o-2024-08-06", "gen_ai.response.finish_reasons": []string{"completed"},
			"gen_ai.request.max_tokens": int64(200), "gen_ai.request.temperature": 1.0, "gen_ai.request.is_stream": false,
			"gen_ai.request.reasoning_effort": "low", "gen_ai.usage.total_tokens": int64(46),
		},
		cost:       (25*2.5 + 21*10) / 1e6,
		tokens:     [2]int64{25, 21},
		hasTokens:  true,
		prompt:     "system: Answer in one sentence.\nuser: What is LLM observability?",
		completion: "LLM observability is the practice of tracing, measuring and evaluating every model call an application makes.",
	},
}

func embeddingParams() openai.EmbeddingNewParams {
	return openai.EmbeddingNewParams{
		Model: openai.EmbeddingModelTextEmbedding3Small,
		Input: openai.EmbeddingNewParamsInputUnion{OfArrayOfStrings: []string{"What is LLM observability?", "Why trace model calls?"}},
	}
}

func imageParams() openai.ImageGenerateParams {
	return openai.ImageGenerateParams{
		Model: openai.ImageModelDallE3, Prompt: "a lighthouse at dawn, watercolor",
		Size: openai.ImageGenerateParamsSize1792x1024, Quality: openai.ImageGenerateParamsQualityHD,
		Style: openai.ImageGenerateParamsStyleVivid,
	}
}

func imageEditParams() openai.ImageEditParams {
	return openai.ImageEditParams{
		Image: openai.ImageEditParamsImageUnion{OfFile: imageFile()}, Prompt: "add a boat",
		Model: openai.ImageModelDallE2, Size: openai.ImageEditParamsSize512x512,
	}
}

func speechParams() openai.AudioSpeechNewParams {
	return openai.AudioSpeechNewParams{
		Model: openai.SpeechModelTTS1, Input: "Observability is a superpower.",
		Voice: openai.AudioSpeechNewParamsVoiceUnion{OfString: openai.String("alloy")}, Speed: openai.Float(1.25),
	}
}

func responseParams() responses.ResponseNewParams {
	return responses.ResponseNewParams{
		Model:           openai.ChatModelGPT4o,
		Instructions:    openai.String("Answer in one sentence."),
		Input:           responses.ResponseNewParamsInputUnion{OfString: openai.String("What is LLM observability?")},
		MaxOutputTokens: openai.Int(200),
		Reasoning:       openai.ReasoningParam{Effort: openai.ReasoningEffortLow},
	}
}

func TestOperations(t *testing.T) {
	for _, tc := range operations {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, replay.Options{})
			ctx := context.Background()
			got, err := tc.call(ctx, h.client)
			if err != nil {
				t.Fatal(err)
			}
			want, err := tc.plain(ctx, h.plain)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) || len(got) == 0 {
				t.Fatalf("wrapped result differs from plain (%d vs %d bytes)", len(got), len(want))
			}
			s := h.onlySpan(t)
			if s.Name() != tc.span || s.Status().Code != codes.Ok {
				t.Errorf("span %q status %v, want %q OK", s.Name(), s.Status(), tc.span)
			}
			a := attrMap(s.Attributes())
			for k, want := range tc.attrs {
				if got := a[k].AsInterface(); !equalAny(got, want) {
					t.Errorf("%s = %#v, want %#v", k, got, want)
				}
			}
			for _, k := range tc.absent {
				if _, ok := a[k]; ok {
					t.Errorf("%s present", k)
				}
			}
			if tc.cost >= 0 {
				if c := a["gen_ai.usage.cost"].AsFloat64(); math.Abs(c-tc.cost) > 1e-12 {
					t.Errorf("cost = %.10f, want %.10f", c, tc.cost)
				}
			} else if _, ok := a["gen_ai.usage.cost"]; ok {
				t.Error("cost recorded without a price basis")
			}
			events := map[string]string{}
			for _, ev := range s.Events() {
				ea := attrMap(ev.Attributes)
				events[ev.Name] = ea["gen_ai.prompt"].AsString() + ea["gen_ai.completion"].AsString()
			}
			if events[semconv.EventContentPrompt] != tc.prompt {
				t.Errorf("prompt event = %q, want %q", events[semconv.EventContentPrompt], tc.prompt)
			}
			if events[semconv.EventContentCompletion] != tc.completion {
				t.Errorf("completion event = %q, want %q", events[semconv.EventContentCompletion], tc.completion)
			}
			noSecret(t, s)

			ms := h.metrics(t)
			if n := ms[semconv.MetricTotalRequests].Data.(metricdata.Sum[int64]).DataPoints; len(n) != 1 || n[0].Value != 1 {
				t.Errorf("requests = %+v", n)
			}
			op, _ := n0(ms[semconv.MetricTotalRequests]).Value(semconv.GenAIOperationName)
			if op.AsString() != a["gen_ai.operation.name"].AsString() {
				t.Errorf("metric operation = %q", op.AsString())
			}
			if tc.cost >= 0 {
				cp := ms[semconv.MetricUsageCost].Data.(metricdata.Histogram[float64]).DataPoints
				if len(cp) != 1 || math.Abs(cp[0].Sum-tc.cost) > 1e-12 {
					t.Errorf("cost metric = %+v", cp)
				}
			}
			tu, ok := ms[semconv.MetricClientTokenUsage]
			if ok != tc.hasTokens {
				t.Fatalf("token usage recorded = %v, want %v", ok, tc.hasTokens)
			}
			if ok {
				if p := tu.Data.(metricdata.Histogram[int64]).DataPoints[0]; p.Sum != tc.tokens[0]+tc.tokens[1] {
					t.Errorf("token usage = %d", p.Sum)
				}
			}
		})
	}
}

func n0(m metricdata.Metrics) *attribute.Set {
	s := m.Data.(metricdata.Sum[int64]).DataPoints[0].Attributes
	return &s
}

func equalAny(got, want any) bool {
	if ws, ok := want.([]string); ok {
		gs, ok := got.([]string)
		return ok && slices.Equal(gs, ws)
	}
	return got == want
}

func TestResponsesStream(t *testing.T) {
	h := newHarness(t, replay.Options{ChunkDelay: time.Millisecond, FirstChunkDelay: 50 * time.Millisecond})
	ctx := context.Background()
	collect := func(s interface {
		Next() bool
		Current() responses.ResponseStreamEventUnion
		Err() error
	}) []string {
		var out []string
		for s.Next() {
			out = append(out, s.Current().RawJSON())
		}
		if s.Err() != nil {
			t.Fatal(s.Err())
		}
		return out
	}
	got := collect(h.client.Responses.NewStreaming(ctx, responseParams()))
	want := collect(h.plain.Responses.NewStreaming(ctx, responseParams()))
	if strings.Join(got, "\n") != strings.Join(want, "\n") || len(got) < 20 {
		t.Fatalf("events differ: %d vs %d", len(got), len(want))
	}
	s := h.onlySpan(t)
	a := attrMap(s.Attributes())
	if !a["gen_ai.request.is_stream"].AsBool() || a["gen_ai.usage.output_tokens"].AsInt64() != 21 {
		t.Errorf("attrs = %v", a)
	}
	ttft := a["gen_ai.server.time_to_first_token"].AsFloat64()
	if ttft < 0.05 || ttft > s.EndTime().Sub(s.StartTime()).Seconds() {
		t.Errorf("ttft = %v", ttft)
	}
	if c := a["gen_ai.usage.cost"].AsFloat64(); math.Abs(c-(25*2.5+21*10)/1e6) > 1e-12 {
		t.Errorf("cost = %v", c)
	}
	last := s.Events()[len(s.Events())-1]
	if attrMap(last.Attributes)["gen_ai.completion"].AsString() != "LLM observability is the practice of tracing, measuring and evaluating every model call an application makes." {
		t.Errorf("completion = %v", last.Attributes)
	}
}

// Tool calls and JSON output: requested tools, tool choice, and the
// response's calls on the span and in the completion event.
func TestChatToolCalls(t *testing.T) {
	completion := `{"id":"chatcmpl-tools","object":"chat.completion","created":1,"model":"gpt-4o-mini-2024-07-18",
	"choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
	  {"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},
	  {"id":"call_b","type":"function","function":{"name":"get_time","arguments":"{\"tz\":\"CET\"}"}}]},
	  "finish_reason":"tool_calls"}],
	"usage":{"prompt_tokens":1000,"completion_tokens":20,"total_tokens":1020,"prompt_tokens_details":{"cached_tokens":400},
	  "completion_tokens_details":{"reasoning_tokens":12}}}`
	h := newHarness(t, replay.Options{JSON: []byte(completion)})
	p := userPrompt("Weather and time in Paris?")
	p.Model = openai.ChatModelGPT4oMini
	p.Tools = []openai.ChatCompletionToolUnionParam{
		openai.ChatCompletionFunctionTool(openai.FunctionDefinitionParam{Name: "get_weather"}),
		openai.ChatCompletionFunctionTool(openai.FunctionDefinitionParam{Name: "get_time"}),
	}
	p.ToolChoice = openai.ChatCompletionToolChoiceOptionUnionParam{OfAuto: openai.String("required")}
	p.ResponseFormat = openai.ChatCompletionNewParamsResponseFormatUnion{OfJSONObject: &openai.ResponseFormatJSONObjectParam{}}
	p.ReasoningEffort = openai.ReasoningEffortHigh
	if _, err := h.client.Chat.Completions.New(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	s := h.onlySpan(t)
	a := attrMap(s.Attributes())
	for k, want := range map[string]any{
		"gen_ai.request.tools":                 []string{"get_weather", "get_time"},
		"gen_ai.request.tool_choice":           "required",
		"gen_ai.output.type":                   "json",
		"gen_ai.tool.name":                     []string{"get_weather", "get_time"},
		"gen_ai.tool.call.id":                  []string{"call_a", "call_b"},
		"gen_ai.tool.call.arguments":           []string{`{"city":"Paris"}`, `{"tz":"CET"}`},
		"gen_ai.response.finish_reasons":       []string{"tool_calls"},
		"gen_ai.usage.cache_read.input_tokens": int64(400),
		"gen_ai.usage.reasoning.output_tokens": int64(12),
		"gen_ai.request.reasoning_effort":      "high",
	} {
		if got := a[k].AsInterface(); !equalAny(got, want) {
			t.Errorf("%s = %#v, want %#v", k, got, want)
		}
	}
	// 600 uncached at $0.15, 400 cached at $0.075, 20 output at $0.60 per million.
	if c, want := a["gen_ai.usage.cost"].AsFloat64(), (600*0.15+400*0.075+20*0.6)/1e6; math.Abs(c-want) > 1e-12 {
		t.Errorf("cost = %v, want %v", c, want)
	}
	ev := s.Events()[1]
	ea := attrMap(ev.Attributes)
	if ev.Name != semconv.EventContentCompletion || !equalAny(ea["gen_ai.tool.name"].AsInterface(), []string{"get_weather", "get_time"}) ||
		!equalAny(ea["gen_ai.tool.call.arguments"].AsInterface(), []string{`{"city":"Paris"}`, `{"tz":"CET"}`}) {
		t.Errorf("completion event = %v", ev.Attributes)
	}
}

func TestProviderMapping(t *testing.T) {
	tests := []struct {
		host string
		port int
		want string
	}{
		{"api.openai.com", 443, "openai"},
		{"my-resource.openai.azure.com", 443, "az.ai.openai"},
		{"api.groq.com", 443, "groq"},
		{"api.deepseek.com", 443, "deepseek"},
		{"api.together.xyz", 443, "together"},
		{"openrouter.ai", 443, "openrouter"},
		{"api.mistral.ai", 443, "mistral_ai"},
		{"api.fireworks.ai", 443, "fireworks"},
		{"api.x.ai", 443, "xai"},
		{"localhost", 11434, "ollama"},
		{"127.0.0.1", 8000, "vllm"},
		{"litellm.internal", 4000, "litellm"},
		{"llm.example.com", 443, "openai"},
		{"API.GROQ.COM", 443, "groq"},
	}
	p := provider.New(nil)
	for _, tt := range tests {
		if got := p.System(tt.host, tt.port, "openai"); got != tt.want {
			t.Errorf("system(%s:%d) = %q, want %q", tt.host, tt.port, got, tt.want)
		}
	}
	custom := provider.New(map[string]string{"llm.example.com": "house", ":8000": "tgi", "*.corp": "corp"})
	for _, tt := range []struct {
		host string
		port int
		want string
	}{{"llm.example.com", 443, "house"}, {"localhost", 8000, "tgi"}, {"a.b.corp", 1, "corp"}, {"api.groq.com", 443, "groq"}} {
		for range 2 { // resolved, then cached
			if got := custom.System(tt.host, tt.port, "openai"); got != tt.want {
				t.Errorf("custom system(%s:%d) = %q, want %q", tt.host, tt.port, got, tt.want)
			}
		}
	}
}

// A client whose base URL is Groq's records gen_ai.system "groq" and Groq's
// price.
func TestProviderFromBaseURL(t *testing.T) {
	completion := strings.Replace(string(replay.ChatCompletionJSON()), `"gpt-4o-2024-08-06"`, `"llama-3.3-70b-versatile"`, 1)
	srv, reqOpts := asHost(t, "api.groq.com", replay.Options{JSON: []byte(completion)})
	h := newHarnessFor(t, srv, reqOpts)
	p := userPrompt("hi")
	p.Model = "llama-3.3-70b-versatile"
	if _, err := h.client.Chat.Completions.New(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	a := attrMap(h.onlySpan(t).Attributes())
	if a["gen_ai.system"].AsString() != "groq" || a["server.address"].AsString() != "api.groq.com" {
		t.Errorf("system %q at %q", a["gen_ai.system"].AsString(), a["server.address"].AsString())
	}
	if c, want := a["gen_ai.usage.cost"].AsFloat64(), (14*0.59+356*0.79)/1e6; math.Abs(c-want) > 1e-12 {
		t.Errorf("cost = %v, want Groq's %v", c, want)
	}
	sys, _ := n0(h.metrics(t)[semconv.MetricTotalRequests]).Value(semconv.GenAISystem)
	if sys.AsString() != "groq" {
		t.Errorf("metric gen_ai.system = %q", sys.AsString())
	}
}

// The latest GenAI conventions, selected by settings (Init's option or
// OTEL_SEMCONV_STABILITY_OPT_IN).
func TestLatestConventions(t *testing.T) {
	spantest.WithMode(t, semconv.ModeLatest)
	h := newHarness(t, replay.Options{})
	p := userPrompt("What is LLM Observability?")
	p.Messages = append([]openai.ChatCompletionMessageParamUnion{openai.SystemMessage("Be brief.")}, p.Messages...)
	p.Seed = openai.Int(7)
	if _, err := h.client.Chat.Completions.New(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	s := h.onlySpan(t)
	a := attrMap(s.Attributes())
	if a["gen_ai.provider.name"].AsString() != "openai" {
		t.Errorf("gen_ai.provider.name = %v", a["gen_ai.provider.name"])
	}
	for _, k := range []string{"gen_ai.system", "gen_ai.request.temperature", "gen_ai.request.max_tokens", "telemetry.sdk.name", "gen_ai.request.is_stream"} {
		if _, ok := a[k]; ok {
			t.Errorf("%s present in latest mode", k)
		}
	}
	if a["gen_ai.request.seed"].Type() != attribute.INT64 || a["gen_ai.request.seed"].AsInt64() != 7 {
		t.Errorf("seed = %v", a["gen_ai.request.seed"])
	}
	if a["openai.response.service_tier"].AsString() != "default" {
		t.Errorf("openai.response.service_tier = %v", a["openai.response.service_tier"])
	}
	var in []map[string]any
	if err := json.Unmarshal([]byte(a["gen_ai.input.messages"].AsString()), &in); err != nil || len(in) != 2 {
		t.Fatalf("input messages %q: %v", a["gen_ai.input.messages"].AsString(), err)
	}
	if in[1]["role"] != "user" || in[1]["parts"].([]any)[0].(map[string]any)["content"] != "What is LLM Observability?" {
		t.Errorf("input messages = %v", in)
	}
	var out []map[string]any
	if err := json.Unmarshal([]byte(a["gen_ai.output.messages"].AsString()), &out); err != nil || len(out) != 1 || out[0]["finish_reason"] != "stop" {
		t.Errorf("output messages %q: %v", a["gen_ai.output.messages"].AsString(), err)
	}
	if len(s.Events()) != 0 {
		t.Errorf("events in latest mode: %v", s.Events())
	}
	ms := h.metrics(t)
	if _, ok := ms[semconv.MetricTotalRequests]; ok {
		t.Error("OpenLIT counter in latest mode")
	}
	pts := ms[semconv.MetricClientTokenUsage].Data.(metricdata.Histogram[int64]).DataPoints
	byType := map[string]int64{}
	for _, p := range pts {
		v, _ := p.Attributes.Value(semconv.GenAITokenType)
		byType[v.AsString()] = p.Sum
		if _, ok := p.Attributes.Value(semconv.TelemetrySDKName); ok {
			t.Error("telemetry.sdk.name on a latest-mode point")
		}
	}
	if byType["input"] != 14 || byType["output"] != 356 {
		t.Errorf("token usage by type = %v", byType)
	}
}
