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
func TestGeminiExampleNewcomer(t *testing.T) {
	for _, k := range []string{"GEMINI_API_KEY", "GOOGLE_API_KEY", "GOOGLE_GENAI_USE_VERTEXAI", "GOOGLE_GEMINI_BASE_URL"} {
		t.Setenv(k, "")
	}
	exampletest.RunOffline(t, run, `"Name": "chat gemini-2.5-flash"`, `"gen_ai.usage.reasoning.output_tokens"`,
		`"gen_ai.usage.cost"`, `"gen_ai.server.time_to_first_token"`, `"Name": "gen_ai.client.token.usage"`,
		"LLM observability is the practice", "LLM observability is monitoring every model call.")
}

// With a key and an endpoint the spans go to a real OTLP/HTTP receiver,
// with the tokens, thinking tokens and cost recomputed here by hand.
func TestGeminiExampleExportsOverOTLP(t *testing.T) {
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	rcv := otlpreceiver.New()
	defer rcv.Close()
	t.Setenv("GEMINI_API_KEY", "AIza-example-SECRET")
	t.Setenv("GOOGLE_API_KEY", "")
	t.Setenv("GOOGLE_GENAI_USE_VERTEXAI", "")
	t.Setenv("GOOGLE_GEMINI_BASE_URL", srv.URL)
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", rcv.URL)
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	spans := rcv.Spans()
	if len(spans) != 2 {
		t.Fatalf("spans %v", spans)
	}
	// gemini-2.5-flash: $0.30 per million input tokens, $2.50 per million
	// output tokens, thinking included.
	for i, want := range []struct{ output, thinking int64 }{{25 + 49, 49}, {10 + 49, 49}} {
		s := spans[i]
		a := otlpreceiver.Attrs(s.Attributes)
		if s.Name != "chat gemini-2.5-flash" || a["gen_ai.system"] != "gcp.gemini" || a["gen_ai.usage.input_tokens"] != int64(7) ||
			a["gen_ai.usage.output_tokens"] != want.output || a["gen_ai.usage.reasoning.output_tokens"] != want.thinking {
			t.Errorf("span %d %q: %v", i, s.Name, a)
		}
		cost := (7*0.30 + float64(want.output)*2.50) / 1e6
		if c, _ := a["gen_ai.usage.cost"].(float64); math.Abs(c-cost) > 1e-12 {
			t.Errorf("span %d cost %v, want %v", i, a["gen_ai.usage.cost"], cost)
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
