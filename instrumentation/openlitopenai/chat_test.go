package openlitopenai

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/replay"
	"github.com/openlit/openlit-go/semconv"
)

// The guide's call, replayed: every attribute and event of the guide's span,
// with its exact value and type, except where noted.
func TestChatMatchesGuide(t *testing.T) {
	srv, reqOpts := asOpenAI(t, replay.Options{})
	h := newHarnessFor(t, srv, reqOpts)
	res, err := h.client.Chat.Completions.New(context.Background(), userPrompt("What is LLM Observability?"))
	if err != nil {
		t.Fatal(err)
	}
	if res.ID != "chatcmpl-BjRT54iJi0Xc59gTjyZNycAOtkE56" {
		t.Fatalf("response id = %q", res.ID)
	}

	g := loadGuideSpan(t)
	s := h.onlySpan(t)
	if s.Name() != g.Name || s.SpanKind() != trace.SpanKindClient {
		t.Errorf("span = %q %v, want %q CLIENT", s.Name(), s.SpanKind(), g.Name)
	}
	if s.Status().Code != codes.Ok {
		t.Errorf("status = %v", s.Status())
	}
	got := attrMap(s.Attributes())
	for key, want := range g.Attributes {
		v, ok := got[key]
		if !ok {
			t.Errorf("missing attribute %s", key)
			continue
		}
		gv := jsonValue(v)
		switch key {
		case "gen_ai.usage.cost":
			// The guide's 0.000541 is the gpt-3.5-turbo price (a bug in
			// OpenLIT 1.34.1); gpt-4o's list price gives 0.003595.
			if math.Abs(v.AsFloat64()-0.003595) > 1e-12 {
				t.Errorf("cost = %v, want 0.003595", v.AsFloat64())
			}
		case "gen_ai.server.time_to_first_token":
			if v.Type() != attribute.FLOAT64 || v.AsFloat64() <= 0 {
				t.Errorf("ttft = %v", v)
			}
		case "gen_ai.sdk.version":
			// The guide has the Python SDK's version; ours is openai-go's.
			if v.AsString() == "" || v.AsString() == "unknown" {
				t.Errorf("sdk version = %q", v.AsString())
			}
		default:
			if !equalJSON(gv, want) {
				t.Errorf("%s = %#v (%s), guide has %#v", key, gv, v.Type(), want)
			}
		}
	}
	if len(s.Events()) != 2 {
		t.Fatalf("events = %d, want 2", len(s.Events()))
	}
	for i, ev := range s.Events() {
		if ev.Name != g.Events[i].Name {
			t.Errorf("event %d = %s, want %s", i, ev.Name, g.Events[i].Name)
		}
		for k, want := range g.Events[i].Attributes {
			if v := attrMap(ev.Attributes)[k]; v.AsString() != want {
				t.Errorf("event %s %s = %q, want %q", ev.Name, k, v.AsString(), want)
			}
		}
	}
	noSecret(t, s)
}

func equalJSON(a, b any) bool {
	as, aok := a.([]any)
	bs, bok := b.([]any)
	if aok || bok {
		return aok && bok && slices.Equal(as, bs)
	}
	return a == b
}

// The guide's metrics: names, units, bounds, point attributes and values.
func TestChatMetricsMatchGuide(t *testing.T) {
	srv, reqOpts := asOpenAI(t, replay.Options{})
	h := newHarnessFor(t, srv, reqOpts)
	if _, err := h.client.Chat.Completions.New(context.Background(), userPrompt("What is LLM Observability?")); err != nil {
		t.Fatal(err)
	}
	span := h.onlySpan(t)
	ms := h.metrics(t)
	wantPoint := attribute.NewSet(
		semconv.TelemetrySDKName.String("openlit"),
		semconv.ServiceName.String("default"),
		semconv.DeploymentEnvironment.String("default"),
		semconv.GenAIOperationName.String("chat"),
		semconv.GenAISystem.String("openai"),
		semconv.GenAIRequestModel.String("gpt-4o"),
		semconv.ServerAddress.String("api.openai.com"),
		semconv.ServerPort.Int(443),
		semconv.GenAIResponseModel.String("gpt-4o-2024-08-06"),
	)
	hist := func(name, unit string, bounds []float64) metricdata.HistogramDataPoint[float64] {
		t.Helper()
		m, ok := ms[name]
		if !ok {
			t.Fatalf("metric %s missing", name)
		}
		if m.Unit != unit {
			t.Errorf("%s unit = %q, want %q", name, m.Unit, unit)
		}
		h, ok := m.Data.(metricdata.Histogram[float64])
		if !ok || len(h.DataPoints) != 1 {
			t.Fatalf("%s: %T with points %v", name, m.Data, m.Data)
		}
		dp := h.DataPoints[0]
		if !slices.Equal(dp.Bounds, bounds) {
			t.Errorf("%s bounds = %v, want %v", name, dp.Bounds, bounds)
		}
		if !dp.Attributes.Equals(&wantPoint) {
			t.Errorf("%s attributes = %v", name, dp.Attributes.ToSlice())
		}
		if dp.Count != 1 {
			t.Errorf("%s count = %d", name, dp.Count)
		}
		if h.Temporality != metricdata.CumulativeTemporality {
			t.Errorf("%s temporality = %v", name, h.Temporality)
		}
		if len(dp.Exemplars) > 0 && dp.Exemplars[0].SpanID != nil {
			sid := span.SpanContext().SpanID()
			if string(dp.Exemplars[0].SpanID) != string(sid[:]) {
				t.Errorf("%s exemplar is not linked to the span", name)
			}
		}
		return dp
	}
	dur := hist(semconv.MetricClientOperationDuration, "s", semconv.OperationDurationBuckets())
	ttft := hist(semconv.MetricServerTimeToFirstToken, "s", semconv.TimeToFirstTokenBuckets())
	if ttft.Sum != dur.Sum {
		t.Errorf("non-streaming ttft %v != duration %v (OpenLIT records the whole call)", ttft.Sum, dur.Sum)
	}
	cost := hist(semconv.MetricUsageCost, "USD", semconv.CostBuckets())
	if math.Abs(cost.Sum-0.003595) > 1e-12 {
		t.Errorf("cost sum = %v", cost.Sum)
	}
	// The guide's bucket counts for cost: one call in (0, 5].
	if !slices.Equal(cost.BucketCounts, []uint64{0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}) {
		t.Errorf("cost buckets = %v", cost.BucketCounts)
	}

	tu, ok := ms[semconv.MetricClientTokenUsage]
	if !ok || tu.Unit != "{token}" {
		t.Fatalf("token usage = %+v", tu)
	}
	tuh := tu.Data.(metricdata.Histogram[int64])
	if len(tuh.DataPoints) != 1 {
		t.Fatalf("token usage points = %d", len(tuh.DataPoints))
	}
	tp := tuh.DataPoints[0]
	if tp.Sum != 370 || tp.Count != 1 || !slices.Equal(tp.Bounds, semconv.TokenUsageBuckets()) {
		t.Errorf("token usage = sum %d count %d bounds %v", tp.Sum, tp.Count, tp.Bounds)
	}
	// The guide's bucket counts: 370 falls in (256, 1024].
	if !slices.Equal(tp.BucketCounts, []uint64{0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}) {
		t.Errorf("token usage buckets = %v", tp.BucketCounts)
	}

	for name, want := range map[string]int64{
		semconv.MetricTotalRequests:     1,
		semconv.MetricUsageInputTokens:  14,
		semconv.MetricUsageOutputTokens: 356,
	} {
		m, ok := ms[name]
		if !ok {
			t.Errorf("metric %s missing", name)
			continue
		}
		sum := m.Data.(metricdata.Sum[int64])
		if m.Unit != "1" || !sum.IsMonotonic || len(sum.DataPoints) != 1 || sum.DataPoints[0].Value != want {
			t.Errorf("%s = unit %q %+v, want %d", name, m.Unit, sum.DataPoints, want)
		}
		if !sum.DataPoints[0].Attributes.Equals(&wantPoint) {
			t.Errorf("%s attributes = %v", name, sum.DataPoints[0].Attributes.ToSlice())
		}
	}
	if _, ok := ms[semconv.MetricServerTimePerOutputToken]; ok {
		t.Error("time per output token recorded for a non-streaming call")
	}
}

func TestChatUnchangedResult(t *testing.T) {
	h := newHarness(t, replay.Options{})
	ctx := context.Background()
	got, err := h.client.Chat.Completions.New(ctx, userPrompt("hi"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := h.plain.Chat.Completions.New(ctx, userPrompt("hi"))
	if err != nil {
		t.Fatal(err)
	}
	if got.RawJSON() != want.RawJSON() || got.Choices[0].Message.Content != want.Choices[0].Message.Content {
		t.Error("wrapped client returned a different completion")
	}
	bodies := h.srv.Bodies()
	if string(bodies[0]) != string(bodies[1]) {
		t.Errorf("wrapped client sent a different request body:\n%s\n%s", bodies[0], bodies[1])
	}
}

func TestChatServerAddressFromBaseURL(t *testing.T) {
	h := newHarness(t, replay.Options{})
	if _, err := h.client.Chat.Completions.New(context.Background(), userPrompt("hi")); err != nil {
		t.Fatal(err)
	}
	a := attrMap(h.onlySpan(t).Attributes())
	host, port := hostPortOf(h.srv.Listener.Addr().String())
	if a["server.address"].AsString() != host || a["server.port"].AsInt64() != int64(port) {
		t.Errorf("server = %s:%d, want %s:%d", a["server.address"].AsString(), a["server.port"].AsInt64(), host, port)
	}
}

func hostPortOf(addr string) (string, int) {
	i := strings.LastIndexByte(addr, ':')
	var port int
	for _, c := range addr[i+1:] {
		port = port*10 + int(c-'0')
	}
	return addr[:i], port
}

func TestChatRequestAttributes(t *testing.T) {
	tests := []struct {
		name   string
		params func(*openai.ChatCompletionNewParams)
		want   map[string]any
	}{
		{"unset values are OpenLIT's defaults", func(*openai.ChatCompletionNewParams) {}, map[string]any{
			"gen_ai.request.seed": "", "gen_ai.request.max_tokens": float64(-1), "gen_ai.request.temperature": 1.0,
			"gen_ai.request.top_p": 1.0, "gen_ai.request.stop_sequences": []any{}, "gen_ai.request.user": "",
			"gen_ai.request.service_tier": "auto", "gen_ai.output.type": "text",
		}},
		{"set values", func(p *openai.ChatCompletionNewParams) {
			p.Seed = openai.Int(42)
			p.MaxTokens = openai.Int(100)
			p.Temperature = openai.Float(0.2)
			p.TopP = openai.Float(0.9)
			p.FrequencyPenalty = openai.Float(0.5)
			p.PresencePenalty = openai.Float(-0.5)
			p.User = openai.String("u-1")
			p.ServiceTier = openai.ChatCompletionNewParamsServiceTierFlex
			p.Stop = openai.ChatCompletionNewParamsStopUnion{OfStringArray: []string{"\n\n", "END"}}
			p.N = openai.Int(2)
		}, map[string]any{
			"gen_ai.request.seed": "42", "gen_ai.request.max_tokens": float64(100), "gen_ai.request.temperature": 0.2,
			"gen_ai.request.top_p": 0.9, "gen_ai.request.frequency_penalty": 0.5, "gen_ai.request.presence_penalty": -0.5,
			"gen_ai.request.user": "u-1", "gen_ai.request.service_tier": "flex",
			"gen_ai.request.stop_sequences": []any{"\n\n", "END"}, "gen_ai.request.choice.count": float64(2),
		}},
		{"max_completion_tokens wins", func(p *openai.ChatCompletionNewParams) {
			p.MaxTokens = openai.Int(100)
			p.MaxCompletionTokens = openai.Int(200)
			p.Stop = openai.ChatCompletionNewParamsStopUnion{OfString: openai.String("x")}
		}, map[string]any{"gen_ai.request.max_tokens": float64(200), "gen_ai.request.stop_sequences": []any{"x"}}},
		{"json output", func(p *openai.ChatCompletionNewParams) {
			p.ResponseFormat = openai.ChatCompletionNewParamsResponseFormatUnion{OfJSONObject: &openai.ResponseFormatJSONObjectParam{}}
		}, map[string]any{"gen_ai.output.type": "json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := userPrompt("hi")
			tt.params(&p)
			got := map[string]any{}
			mode := semconv.ModeOpenLIT
			attrs := mode.SpanAttributes(mode.WithDefaults(chatRequestAttributes(&p, false), semconv.OpenLITChatDefaults()))
			for _, kv := range attrs {
				got[string(kv.Key)] = jsonValue(kv.Value)
			}
			for k, want := range tt.want {
				if !equalJSON(got[k], want) {
					t.Errorf("%s = %#v, want %#v", k, got[k], want)
				}
			}
		})
	}
}

func TestFormatMessages(t *testing.T) {
	msgs := []openai.ChatCompletionMessageParamUnion{
		openai.SystemMessage("Be brief."),
		openai.UserMessage([]openai.ChatCompletionContentPartUnionParam{
			openai.TextContentPart("What is in this image?"),
			openai.ImageContentPart(openai.ChatCompletionContentPartImageImageURLParam{URL: "https://example.com/cat.png"}),
			openai.ImageContentPart(openai.ChatCompletionContentPartImageImageURLParam{URL: "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg=="}),
		}),
		{OfAssistant: &openai.ChatCompletionAssistantMessageParam{
			ToolCalls: []openai.ChatCompletionMessageToolCallUnionParam{{OfFunction: &openai.ChatCompletionMessageFunctionToolCallParam{
				ID: "call_1", Function: openai.ChatCompletionMessageFunctionToolCallFunctionParam{Name: "get_weather", Arguments: `{"city":"Paris"}`},
			}}},
		}},
		openai.ToolMessage("18C and sunny", "call_1"),
		openai.AssistantMessage("It is 18C in Paris."),
	}
	want := strings.Join([]string{
		"system: Be brief.",
		"user: text: What is in this image?, image_url: https://example.com/cat.png, image_url: data:image/png;base64,[24 bytes omitted]",
		`assistant: tool_calls: get_weather({"city":"Paris"})`,
		"tool: [call_1] 18C and sunny",
		"assistant: It is 18C in Paris.",
	}, "\n")
	if got := FormatMessages(msgs); got != want {
		t.Errorf("FormatMessages =\n%s\nwant\n%s", got, want)
	}
	if strings.Contains(FormatMessages(msgs), "iVBOR") {
		t.Error("image data copied into the prompt")
	}
}

func TestCaptureOff(t *testing.T) {
	h := newHarness(t, replay.Options{}, WithCaptureMessageContent(false))
	if _, err := h.client.Chat.Completions.New(context.Background(), userPrompt("my secret question")); err != nil {
		t.Fatal(err)
	}
	s := h.onlySpan(t)
	if len(s.Events()) != 0 {
		t.Errorf("events with capture off: %v", s.Events())
	}
	for _, kv := range s.Attributes() {
		if strings.Contains(kv.Value.Emit(), "secret question") || strings.Contains(kv.Value.Emit(), "LLM Observability refers") {
			t.Errorf("content in attribute %s", kv.Key)
		}
	}
}

func TestZeroValueServicePassesThrough(t *testing.T) {
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	var svc ChatCompletionService
	svc.ChatCompletionService = openai.NewChatCompletionService(option.WithBaseURL(srv.BaseURL()), option.WithAPIKey("k"))
	if _, err := svc.New(context.Background(), userPrompt("hi")); err != nil {
		t.Fatal(err)
	}
}
