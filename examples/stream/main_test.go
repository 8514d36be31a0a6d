package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/openlit/openlit-go/internal/otlpreceiver"
	"github.com/openlit/openlit-go/replay"
)

func TestStreamExampleExportsOverOTLP(t *testing.T) {
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	rcv := otlpreceiver.New()
	defer rcv.Close()
	t.Setenv("OPENAI_API_KEY", "sk-example")
	t.Setenv("OPENAI_BASE_URL", srv.BaseURL())
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", rcv.URL)

	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	if !strings.HasPrefix(stdout.String(), "LLM Observability refers to") {
		t.Errorf("streamed answer = %q", stdout.String())
	}
	spans := rcv.Spans()
	if len(spans) != 1 {
		t.Fatalf("receiver got %d spans", len(spans))
	}
	a := otlpreceiver.Attrs(spans[0].Attributes)
	if a["gen_ai.request.is_stream"] != true || a["gen_ai.usage.output_tokens"] != int64(356) {
		t.Errorf("attributes = %v", a)
	}
	if _, ok := rcv.Metrics()["gen_ai.server.time_per_output_token"]; !ok {
		t.Error("time per output token did not arrive")
	}
}
