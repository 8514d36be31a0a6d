package main

import (
	"bytes"
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/openlit/openlit-go/internal/exampletest"
	"github.com/openlit/openlit-go/internal/otlpreceiver"
	"github.com/openlit/openlit-go/langfuse"
	"github.com/openlit/openlit-go/langfuse/langfusetest"
	"github.com/openlit/openlit-go/replay"
	"github.com/openlit/openlit-go/semconv"
)

// The example end to end: a replay server as OpenAI, a real OTLP/HTTP
// receiver on loopback as the collector, configured only through the
// environment, as a user would.
func TestChatExampleExportsOverOTLP(t *testing.T) {
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	rcv := otlpreceiver.New()
	defer rcv.Close()
	t.Setenv("OPENAI_API_KEY", "sk-example-SECRET")
	t.Setenv("OPENAI_BASE_URL", srv.BaseURL())
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", rcv.URL)
	t.Setenv("OTEL_SERVICE_NAME", "chat-example")
	t.Setenv("OTEL_DEPLOYMENT_ENVIRONMENT", "test")

	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	if !strings.HasPrefix(stdout.String(), "LLM Observability refers to") {
		t.Errorf("answer not printed: %q", stdout.String())
	}
	if srv.Requests() != 1 {
		t.Errorf("replay saw %d requests", srv.Requests())
	}

	spans := rcv.Spans()
	if len(spans) != 1 {
		t.Fatalf("receiver got %d spans", len(spans))
	}
	s := spans[0]
	if s.Name != "chat gpt-4o" || s.Kind.String() != "SPAN_KIND_CLIENT" {
		t.Errorf("span %q kind %v", s.Name, s.Kind)
	}
	if s.Resource["service.name"] != "chat-example" || s.Resource["deployment.environment"] != "test" ||
		s.Resource["telemetry.sdk.name"] != "openlit" {
		t.Errorf("resource = %v", s.Resource)
	}
	a := otlpreceiver.Attrs(s.Attributes)
	if a["gen_ai.usage.input_tokens"] != int64(14) || a["gen_ai.usage.output_tokens"] != int64(356) ||
		a["gen_ai.response.model"] != "gpt-4o-2024-08-06" || a["server.address"] != "127.0.0.1" {
		t.Errorf("span attributes = %v", a)
	}
	if c, _ := a["gen_ai.usage.cost"].(float64); math.Abs(c-0.003595) > 1e-12 {
		t.Errorf("cost = %v", a["gen_ai.usage.cost"])
	}
	if len(s.Events) != 2 || s.Events[0].Name != "gen_ai.content.prompt" ||
		otlpreceiver.Attrs(s.Events[0].Attributes)["gen_ai.prompt"] != "user: What is LLM Observability?" {
		t.Errorf("events = %v", s.Events)
	}

	ms := rcv.Metrics()
	bounds := map[string][]float64{
		semconv.MetricClientTokenUsage:        semconv.TokenUsageBuckets(),
		semconv.MetricClientOperationDuration: semconv.OperationDurationBuckets(),
		semconv.MetricServerTimeToFirstToken:  semconv.TimeToFirstTokenBuckets(),
		semconv.MetricUsageCost:               semconv.CostBuckets(),
	}
	for name, want := range bounds {
		m, ok := ms[name]
		if !ok {
			t.Errorf("metric %s did not arrive", name)
			continue
		}
		if m.Scope != semconv.MetricsScopeName {
			t.Errorf("%s scope = %q", name, m.Scope)
		}
		dp := m.GetHistogram().GetDataPoints()
		if len(dp) != 1 || !slices.Equal(dp[0].ExplicitBounds, want) || dp[0].GetCount() != 1 {
			t.Errorf("%s points = %v", name, dp)
		}
	}
	for name, want := range map[string]int64{
		semconv.MetricTotalRequests: 1, semconv.MetricUsageInputTokens: 14, semconv.MetricUsageOutputTokens: 356,
	} {
		dp := ms[name].GetSum().GetDataPoints()
		if len(dp) != 1 || dp[0].GetAsInt() != want {
			t.Errorf("%s = %v, want %d", name, dp, want)
		}
	}
	if tu := ms[semconv.MetricClientTokenUsage].GetHistogram().GetDataPoints(); len(tu) == 1 && tu[0].GetSum() != 370 {
		t.Errorf("token usage sum = %v", tu[0].GetSum())
	}
	for _, h := range rcv.Headers() {
		for k, v := range h {
			if strings.Contains(strings.Join(v, ","), "SECRET") {
				t.Errorf("API key sent to the collector in header %s", k)
			}
		}
	}
}

// Without a key and without an endpoint the example answers from the replay
// and prints its telemetry to the console: the README's first command.
func TestChatExampleNewcomer(t *testing.T) {
	exampletest.RunOffline(t, run, `"Name": "chat gpt-4o"`, `"gen_ai.usage.cost"`,
		`"Name": "gen_ai.client.token.usage"`, "LLM Observability refers to")
}

// On a terminal (forced here: the test's output is a buffer) the example
// prints the answer and a trace view a person reads at a glance.
func TestChatExampleTraceView(t *testing.T) {
	t.Setenv("OPENLIT_CONSOLE", "pretty")
	t.Setenv("NO_COLOR", "1")
	out := exampletest.RunOffline(t, run, "chat gpt-4o", "14→356 tokens", "$0.003595", "LLM Observability refers to",
		"openlit: 1 call, $0.003595")
	// The answer is 17 lines; the view adds the trace, the span, its two
	// content events and the totals.
	if n := strings.Count(out, "\n"); n > 30 {
		t.Errorf("%d lines, want at most 30:\n%s", n, out)
	}
	if strings.Contains(out, `"Name"`) {
		t.Errorf("JSON in the trace view:\n%s", out)
	}
}

// Langfuse as its docs connect it: only the two OTLP variables, pointing at
// Langfuse's endpoint (a local fake here), and no LANGFUSE_* variable. The
// example then sends Langfuse's ingestion header and the chat as JSON
// messages Langfuse shows as a chat.
func TestChatExampleToLangfuseEndpoint(t *testing.T) {
	for _, k := range []string{"OPENAI_API_KEY", "LANGFUSE_PUBLIC_KEY", "LANGFUSE_SECRET_KEY", "LANGFUSE_HOST", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"} {
		t.Setenv(k, "")
	}
	fake := langfusetest.New("qa")
	defer fake.Close()
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", fake.URL+"/api/public/otel")
	t.Setenv("OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Basic "+langfuse.BasicAuth(langfusetest.PublicKey, langfusetest.SecretKey)[len("Basic "):])
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	spans := fake.Traces.Spans()
	if len(spans) != 1 {
		t.Fatalf("Langfuse got %d spans", len(spans))
	}
	hs := fake.OTLPHeaders()
	if got := hs[0].Get("x-langfuse-ingestion-version"); got != "4" {
		t.Errorf("x-langfuse-ingestion-version = %q", got)
	}
	a := otlpreceiver.Attrs(spans[0].Attributes)
	for key, want := range map[string]string{
		"langfuse.observation.input":  `[{"role":"user","content":"What is LLM Observability?"}]`,
		"langfuse.observation.output": `[{"role":"assistant","content":"LLM Observability refers to`,
	} {
		if got, _ := a[key].(string); !strings.HasPrefix(got, want) {
			t.Errorf("%s = %.80q", key, got)
		}
	}
	if fake.MetricsRequests() != 0 {
		t.Errorf("%d metric exports sent to Langfuse", fake.MetricsRequests())
	}
}
