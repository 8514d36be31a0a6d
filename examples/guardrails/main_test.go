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
// and prints the verdicts with the calls' spans.
func TestGuardrailsExampleNewcomer(t *testing.T) {
	exampletest.RunOffline(t, run, `"Name": "guard.evaluation"`, `"Value": "deny"`, `"Value": "redact"`,
		`"Name": "gen_ai.evaluation.result"`, `"Value": "hallucination"`)
}

// With an endpoint, an OTLP receiver gets the verdicts on the calls' own
// spans: the injection's chat span failed with a deny and no request sent;
// the prompt sent redacted; the hallucination evaluation on the answered
// chat span, whose judge call is a chat span under it.
func TestGuardrailsExampleTrace(t *testing.T) {
	srv := replay.NewServer(replay.Options{Answers: [][]byte{answer, verdict}})
	defer srv.Close()
	rcv := otlpreceiver.New()
	defer rcv.Close()
	t.Setenv("OPENAI_API_KEY", "sk-guard-test")
	t.Setenv("OPENAI_BASE_URL", srv.BaseURL())
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", rcv.URL)
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	bodies := srv.Bodies()
	if len(bodies) != 2 {
		t.Fatalf("%d requests to the model, want 2 (the answer and the judge)", len(bodies))
	}
	if sent := string(bodies[0]); strings.Contains(sent, "jane@example.com") || strings.Contains(sent, "4111") ||
		!strings.Contains(sent, "[REDACTED:email]") || !strings.Contains(sent, "[REDACTED:credit-card]") {
		t.Errorf("sent %s", sent)
	}
	var denied, answered, judge *otlpreceiver.Span
	spans := rcv.Spans()
	for i := range spans {
		s := &spans[i]
		if s.Name != "chat gpt-4o-mini" {
			continue
		}
		events := eventNames(s)
		switch {
		case strings.Contains(events, "deny"):
			denied = s
		case strings.Contains(events, "gen_ai.evaluation.result"):
			answered = s
		default:
			judge = s
		}
	}
	if denied == nil || answered == nil || judge == nil {
		t.Fatalf("spans: %d, denied %v, answered %v, judge %v", len(spans), denied != nil, answered != nil, judge != nil)
	}
	if denied.Status.GetCode().String() != "STATUS_CODE_ERROR" {
		t.Errorf("the denied call's span: %v", denied.Status)
	}
	if string(judge.ParentSpanId) != string(answered.SpanId) {
		t.Error("the judge's call is not under the answered call")
	}
	if ev := eventNames(answered); !strings.Contains(ev, "redact") || !strings.Contains(ev, "hallucination:fail") || !strings.Contains(ev, "warn") {
		t.Errorf("answered call's events: %s", ev)
	}
}

// eventNames lists a span's events with their action or evaluation.
func eventNames(s *otlpreceiver.Span) string {
	var out []string
	for _, e := range s.Events {
		a := otlpreceiver.Attrs(e.Attributes)
		switch e.Name {
		case "guard.evaluation":
			out = append(out, e.Name+":"+a["guard.name"].(string)+":"+a["guard.action"].(string))
		case "gen_ai.evaluation.result":
			out = append(out, e.Name+":"+a["gen_ai.evaluation.name"].(string)+":"+a["gen_ai.evaluation.score.label"].(string))
		}
	}
	return strings.Join(out, " ")
}
