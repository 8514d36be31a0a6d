package main

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"

	"github.com/openlit/openlit-go/internal/exampletest"
	"github.com/openlit/openlit-go/internal/otlpreceiver"
	"github.com/openlit/openlit-go/replay"
)

// Without a key and without an endpoint the example answers from the replay
// and prints its telemetry to the console.
func TestAnthropicExampleNewcomer(t *testing.T) {
	t.Setenv("ANTHROPIC_API_KEY", "")
	t.Setenv("ANTHROPIC_BASE_URL", "")
	exampletest.RunOffline(t, run, `"Name": "chat claude-sonnet-4-5"`, `"gen_ai.usage.cache_read.input_tokens"`,
		`"gen_ai.usage.cost"`, `"Name": "gen_ai.client.token.usage"`, "LLM observability is the practice")
}

// With an endpoint the span goes to a real OTLP/HTTP receiver, with the
// cache tokens and the cost recomputed here by hand.
func TestAnthropicExampleExportsOverOTLP(t *testing.T) {
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	rcv := otlpreceiver.New()
	defer rcv.Close()
	t.Setenv("ANTHROPIC_API_KEY", "sk-ant-example-SECRET")
	t.Setenv("ANTHROPIC_BASE_URL", srv.URL)
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", rcv.URL)
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	spans := rcv.Spans()
	if len(spans) != 1 || spans[0].Name != "chat claude-sonnet-4-5" {
		t.Fatalf("spans %v", spans)
	}
	a := otlpreceiver.Attrs(spans[0].Attributes)
	if a["gen_ai.system"] != "anthropic" || a["gen_ai.usage.input_tokens"] != int64(1166) || a["gen_ai.usage.output_tokens"] != int64(38) ||
		a["gen_ai.usage.cache_read.input_tokens"] != int64(1152) || a["gen_ai.response.model"] != "claude-sonnet-4-5-20250929" {
		t.Errorf("attributes %v", a)
	}
	// 14 × $3 + 1,152 × $0.30 + 38 × $15 per million tokens.
	want := (14*3 + 1152*0.30 + 38*15) / 1e6
	if c, _ := a["gen_ai.usage.cost"].(float64); math.Abs(c-want) > 1e-12 {
		t.Errorf("cost %v, want %v", a["gen_ai.usage.cost"], want)
	}
	for _, h := range rcv.Headers() {
		for k, v := range h {
			if strings.Contains(strings.Join(v, ","), "SECRET") {
				t.Errorf("API key sent to the collector in header %s", k)
			}
		}
	}
}
