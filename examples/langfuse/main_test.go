package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/openlit/openlit-go/internal/otlpreceiver"
	"github.com/openlit/openlit-go/langfuse"
	"github.com/openlit/openlit-go/langfuse/langfusetest"
	"github.com/openlit/openlit-go/replay"
)

// useFakes points the standard environment at the fake Langfuse and the
// OpenAI replay, with no OTLP endpoint.
func useFakes(t *testing.T, fake *langfusetest.Server, srv *replay.Server) {
	t.Helper()
	t.Setenv(langfuse.EnvPublicKey, langfusetest.PublicKey)
	t.Setenv(langfuse.EnvSecretKey, langfusetest.SecretKey)
	t.Setenv(langfuse.EnvHost, fake.URL)
	t.Setenv("OPENAI_API_KEY", "sk-test")
	t.Setenv("OPENAI_BASE_URL", srv.BaseURL())
	for _, k := range []string{"OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"} {
		t.Setenv(k, "")
	}
}

// The guide's v3 workflow (dataset run item links, for self-hosted v3) end
// to end against the fake Langfuse (configured through the standard
// environment) and the OpenAI replay.
func TestGuideWorkflow(t *testing.T) {
	t.Setenv(envV3Link, "true")
	fake := langfusetest.New("qa", map[string]any{"text": "one"}, map[string]any{"text": "two"})
	defer fake.Close()
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	useFakes(t, fake, srv)

	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), "qa", &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "Langfuse client is authenticated and ready!") {
		t.Errorf("stdout = %s", stdout.String())
	}

	spans := fake.Traces.Spans()
	byTrace := map[string][]string{}
	parents := map[string]string{} // span id -> name
	for _, s := range spans {
		byTrace[hex.EncodeToString(s.TraceId)] = append(byTrace[hex.EncodeToString(s.TraceId)], s.Name)
		parents[hex.EncodeToString(s.SpanId)] = s.Name
	}
	chats := 0
	for _, s := range spans {
		if s.Name == "chat gpt-4o-mini" {
			chats++
			if parents[hex.EncodeToString(s.ParentSpanId)] != "Otel-Trace" {
				t.Errorf("chat span's parent is %q, want Otel-Trace", parents[hex.EncodeToString(s.ParentSpanId)])
			}
		}
	}
	if chats != 3 {
		t.Errorf("%d chat spans at Langfuse, want 3 (one call, two items)", chats)
	}
	links := fake.Links()
	scores := fake.Scores()
	if len(links) != 2 || len(scores) != 2 {
		t.Fatalf("%d links, %d scores; want 2 each", len(links), len(scores))
	}
	for i, l := range links {
		tid := l["traceId"].(string)
		if len(byTrace[tid]) != 2 {
			t.Errorf("linked trace %s has spans %v at Langfuse", tid, byTrace[tid])
		}
		if l["runName"] != "run-01" || l["metadata"].(map[string]any)["model"] != "gpt-4o-mini" {
			t.Errorf("link = %v", l)
		}
		if scores[i]["traceId"] != tid || scores[i]["dataType"] != "BOOLEAN" || scores[i]["value"] != 1.0 {
			t.Errorf("score = %v", scores[i])
		}
	}
	for _, h := range fake.OTLPHeaders() {
		if !strings.HasPrefix(h.Get("Authorization"), "Basic ") || h.Get("X-Langfuse-Ingestion-Version") != "4" {
			t.Errorf("OTLP headers = %v", h)
		}
	}
	if n := fake.MetricsRequests(); n != 0 {
		t.Errorf("%d metric exports sent to Langfuse", n)
	}
}

// With no keys at all it runs offline against the fake and the replay, the
// v3 way when asked.
func TestRunsOffline(t *testing.T) {
	for _, k := range []string{langfuse.EnvPublicKey, langfuse.EnvSecretKey, langfuse.EnvHost, "OPENAI_API_KEY", "OPENAI_BASE_URL", "OTEL_EXPORTER_OTLP_ENDPOINT"} {
		t.Setenv(k, "")
	}
	t.Setenv(envV3Link, "true")
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), "openlit-go-demo", &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "fake Langfuse") || strings.Count(stdout.String(), "linked to run-01") != 3 {
		t.Errorf("stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	}
	// And by default, as a v4 experiment.
	t.Setenv(envV3Link, "")
	stdout.Reset()
	stderr.Reset()
	if err := run(context.Background(), "openlit-go-demo", &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	if strings.Count(stdout.String(), "in experiment run-01, 1 score(s)") != 3 {
		t.Errorf("stdout:\n%s", stdout.String())
	}
}

// By default the run is a Langfuse v4 experiment: 3 item traces, each root
// and each chat span carrying the item's attributes, 3 scores with
// observation ids, no dataset-run-items call.
func TestExperimentV4(t *testing.T) {
	fake := langfusetest.New("qa", map[string]any{"text": "one"}, map[string]any{"text": "two"}, map[string]any{"text": "three"})
	defer fake.Close()
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	useFakes(t, fake, srv)
	t.Setenv(envV3Link, "")
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), "qa", &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	if n := len(fake.Links()); n != 0 {
		t.Errorf("%d dataset-run-items calls", n)
	}
	if p := fake.ExperimentProblems(); len(p) > 0 {
		t.Errorf("experiment contract broken:\n%s", strings.Join(p, "\n"))
	}
	roots := map[string]string{} // trace id -> item id
	chatItems := map[string]string{}
	for _, s := range fake.Traces.Spans() {
		a := otlpreceiver.Attrs(s.Attributes)
		item, _ := a["langfuse.experiment.item.id"].(string)
		switch {
		case s.Name == "experiment-item-run":
			roots[hex.EncodeToString(s.TraceId)] = item
			if a["langfuse.experiment.name"] != "run-01" || a["langfuse.experiment.metadata"] != `{"model":"gpt-4o-mini"}` {
				t.Errorf("root attributes %v", a)
			}
			if a["langfuse.observation.input"] == nil || a["langfuse.observation.output"] == nil {
				t.Errorf("root span without input or output: %v", a)
			}
		case s.Name == "chat gpt-4o-mini" && item != "":
			chatItems[hex.EncodeToString(s.TraceId)] = item
		}
	}
	if len(roots) != 3 {
		t.Fatalf("%d item traces, want 3", len(roots))
	}
	for tr, item := range roots {
		if chatItems[tr] != item {
			t.Errorf("trace %s: chat span carries item %q, root %q", tr, chatItems[tr], item)
		}
	}
	scores := fake.Scores()
	if len(scores) != 3 {
		t.Fatalf("%d scores, want 3", len(scores))
	}
	for _, sc := range scores {
		if sc["observationId"] == nil || roots[sc["traceId"].(string)] == "" {
			t.Errorf("score %v", sc)
		}
	}
}
