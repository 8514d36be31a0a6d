package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/openlit/openlit-go/internal/exampletest"
	"github.com/openlit/openlit-go/internal/otlpreceiver"
	"github.com/openlit/openlit-go/replay"
)

// Without a key and without an endpoint the example answers from the replay
// and prints the span and metrics: no wrapper in its code.
func TestZeroCodeNewcomer(t *testing.T) {
	t.Setenv("OPENLIT_HTTP_INSTRUMENTATION", "")
	exampletest.RunOffline(t, run, `"Name": "chat gpt-4o"`, `"gen_ai.usage.cost"`, `"gen_ai.prompt"`,
		`"Name": "gen_ai.client.token.usage"`, `"Name": "gen_ai.usage.cost"`, "LLM Observability refers to")
}

// With an endpoint the span and metrics go to a real OTLP/HTTP receiver.
func TestZeroCodeExportsOverOTLP(t *testing.T) {
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	rcv := otlpreceiver.New()
	defer rcv.Close()
	t.Setenv("OPENAI_API_KEY", "sk-example-SECRET")
	t.Setenv("OPENAI_BASE_URL", srv.BaseURL())
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", rcv.URL)
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	spans := rcv.Spans()
	if len(spans) != 1 || spans[0].Name != "chat gpt-4o" {
		t.Fatalf("spans %v", spans)
	}
	a := otlpreceiver.Attrs(spans[0].Attributes)
	if a["gen_ai.usage.input_tokens"] != int64(14) || a["gen_ai.usage.output_tokens"] != int64(356) ||
		a["gen_ai.response.model"] != "gpt-4o-2024-08-06" || a["gen_ai.system"] != "openai" {
		t.Errorf("attributes %v", a)
	}
	ms := rcv.Metrics()
	for _, name := range []string{"gen_ai.client.token.usage", "gen_ai.client.operation.duration", "gen_ai.server.time_to_first_token",
		"gen_ai.usage.cost", "gen_ai.total.requests", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens"} {
		if _, ok := ms[name]; !ok {
			t.Errorf("metric %s did not arrive", name)
		}
	}
	for _, h := range rcv.Headers() {
		for k, v := range h {
			if strings.Contains(strings.Join(v, ","), "SECRET") {
				t.Errorf("API key sent to the collector in header %s", k)
			}
		}
	}
}
