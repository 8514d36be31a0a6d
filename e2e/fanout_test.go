//go:build e2e

package e2e

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/openlit/openlit-go/internal/otlpreceiver"
	"github.com/openlit/openlit-go/replay"
	"github.com/openlit/openlit-go/semconv"
)

// langfuseStandIn is the Langfuse OTLP endpoint the Collector's
// otlphttp/langfuse exporter sends to (e2e/jaeger.yaml); TestMain serves it
// on E2E_LANGFUSE_PORT for the whole run.
var langfuseStandIn *otlpreceiver.Receiver

// serveLangfuseStandIn listens on E2E_LANGFUSE_PORT (when set) and answers
// OTLP/HTTP under /api/public/otel, as Langfuse does. It returns a stop
// function.
func serveLangfuseStandIn() (func(), error) {
	port := os.Getenv("E2E_LANGFUSE_PORT")
	if port == "" {
		return func() {}, nil
	}
	ln, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		return nil, fmt.Errorf("Langfuse stand-in: %w", err)
	}
	langfuseStandIn = otlpreceiver.NewUnstarted()
	srv := &http.Server{Handler: http.StripPrefix("/api/public/otel", langfuseStandIn.Handler()), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return func() { _ = srv.Close() }, nil
}

// TestFanOutThroughCollector: the Collector configuration of
// docs/running-at-scale.md, exercised. One run of examples/chat exporting
// to the Collector with OPENLIT_LANGFUSE_ATTRIBUTES=true reaches all three
// destinations: Jaeger's store (the span), Langfuse (the same span with the
// Langfuse attributes, carrying the Collector's Basic auth and ingestion
// version headers) and the Prometheus endpoint (the call's metrics). The
// example itself holds no Langfuse key.
func TestFanOutThroughCollector(t *testing.T) {
	env(t, "E2E_LANGFUSE_PORT")
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	const service = "e2e-fanout"
	runExample(t, "chat", service, srv.BaseURL(), "OPENLIT_LANGFUSE_ATTRIBUTES=true")

	// Jaeger.
	if spans := spansOf(t, service, 1); spans[0].OperationName != "chat gpt-4o" {
		t.Errorf("Jaeger span %q", spans[0].OperationName)
	}

	// Langfuse.
	var got *otlpreceiver.Span
	deadline := time.Now().Add(20 * time.Second)
	for got == nil && time.Now().Before(deadline) {
		for _, s := range langfuseStandIn.Spans() {
			if s.Resource["service.name"] == service && s.Name == "chat gpt-4o" {
				got = &s
				break
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	if got == nil {
		t.Fatal("the Langfuse stand-in received no chat span of " + service)
	}
	attrs := otlpreceiver.Attrs(got.Attributes)
	if in, _ := attrs[semconv.LangfuseObservationInput].(string); !strings.Contains(in, "What is LLM Observability?") {
		t.Errorf("%s = %q", semconv.LangfuseObservationInput, in)
	}
	if out, _ := attrs[semconv.LangfuseObservationOutput].(string); !strings.Contains(out, "LLM Observability refers to") {
		t.Errorf("%s = %q", semconv.LangfuseObservationOutput, out)
	}
	wantAuth := "Basic " + base64.StdEncoding.EncodeToString([]byte("pk-lf-e2e:sk-lf-e2e"))
	for i, h := range langfuseStandIn.Headers() {
		if h.Get("Authorization") != wantAuth || h.Get("X-Langfuse-Ingestion-Version") != "4" {
			t.Errorf("export %d: Authorization %q, x-langfuse-ingestion-version %q", i, h.Get("Authorization"), h.Get("X-Langfuse-Ingestion-Version"))
		}
	}
	if len(langfuseStandIn.Metrics()) != 0 {
		t.Errorf("metrics reached Langfuse: %d", len(langfuseStandIn.Metrics()))
	}

	// Prometheus.
	deadline = time.Now().Add(20 * time.Second)
	var body []byte
	want := []byte(`gen_ai_requests_total{`)
	for time.Now().Before(deadline) {
		resp, err := http.Get(env(t, "E2E_COLLECTOR_METRICS"))
		if err == nil {
			body, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		if hasLine(body, want, []byte(`job="`+service+`"`)) {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Errorf("no gen_ai_requests_total for job=%q on the Prometheus endpoint", service)
}

func hasLine(body, prefix, part []byte) bool {
	for _, l := range bytes.Split(body, []byte("\n")) {
		if bytes.HasPrefix(l, prefix) && bytes.Contains(l, part) {
			return true
		}
	}
	return false
}
