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

func clearAWS(t *testing.T) {
	for _, k := range []string{"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE",
		"AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "BEDROCK_MODEL_ID"} {
		t.Setenv(k, "")
	}
}

// Without credentials and without an endpoint the example answers from the
// replay and prints its telemetry to the console.
func TestBedrockExampleNewcomer(t *testing.T) {
	clearAWS(t)
	exampletest.RunOffline(t, run, `"Name": "chat us.anthropic.claude-sonnet-4-5-20250929-v1:0"`, `"gen_ai.usage.cost"`,
		`"gen_ai.server.time_to_first_token"`, `"Name": "gen_ai.client.token.usage"`,
		"LLM observability is the practice", "LLM observability is monitoring every model call.")
}

// With credentials, a region and an endpoint (as with the real service,
// through AWS_ENDPOINT_URL_BEDROCK_RUNTIME here) the spans go to a real
// OTLP/HTTP receiver, with tokens and cost recomputed by hand.
func TestBedrockExampleExportsOverOTLP(t *testing.T) {
	clearAWS(t)
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	rcv := otlpreceiver.New()
	defer rcv.Close()
	t.Setenv("AWS_REGION", "us-west-2")
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "example-SECRET")
	t.Setenv("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", srv.URL)
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", rcv.URL)
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	spans := rcv.Spans()
	if len(spans) != 2 {
		t.Fatalf("spans %v", spans)
	}
	// Claude Sonnet 4.5 on Bedrock: $3 per million input tokens, $15 per
	// million output tokens.
	for i, want := range []struct{ input, output int64 }{{16, 38}, {16, 9}} {
		s := spans[i]
		a := otlpreceiver.Attrs(s.Attributes)
		if s.Name != "chat us.anthropic.claude-sonnet-4-5-20250929-v1:0" || a["gen_ai.system"] != "aws.bedrock" ||
			a["gen_ai.usage.input_tokens"] != want.input || a["gen_ai.usage.output_tokens"] != want.output {
			t.Errorf("span %d %q: %v", i, s.Name, a)
		}
		cost := (float64(want.input)*3 + float64(want.output)*15) / 1e6
		if c, _ := a["gen_ai.usage.cost"].(float64); math.Abs(c-cost) > 1e-12 {
			t.Errorf("span %d cost %v, want %v", i, a["gen_ai.usage.cost"], cost)
		}
		for k, v := range a {
			if s, ok := v.(string); ok && (strings.Contains(s, "SECRET") || strings.Contains(s, "AKIDEXAMPLE")) {
				t.Errorf("%s holds a credential", k)
			}
		}
	}
}
