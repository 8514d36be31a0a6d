package openlit_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/internal/errcapture"
	"github.com/openlit/openlit-go/internal/otlpreceiver"
	"github.com/openlit/openlit-go/langfuse/langfusetest"
	"github.com/openlit/openlit-go/replay"
)

// Every span started under a context with attributes carries them: the
// app's own span and the model call's; never a metric point.
func TestContextAttributes(t *testing.T) {
	resetEnv(t)
	s, rcv := initTo(t, openlit.WithMetricExportInterval(time.Hour))
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	ctx := openlit.ContextWithAttributes(context.Background(), openlit.ContextAttributes{
		UserID: "user-1", SessionID: "sess-1", TraceName: "checkout", Tags: []string{"a"},
		Attributes: []attribute.KeyValue{attribute.String("app.tenant", "acme")},
	})
	ctx = openlit.ContextWithAttributes(ctx, openlit.ContextAttributes{ConversationID: "conv-\xff", Tags: []string{"b"}})
	ctx, parent := s.TracerProvider().Tracer("app").Start(ctx, "handle")
	if _, err := client(srv.BaseURL()).Chat.Completions.New(ctx, chatParams("gpt-4o")); err != nil {
		t.Fatal(err)
	}
	parent.End()
	flush(t, s)
	spans := rcv.Spans()
	if len(spans) != 2 {
		t.Fatalf("%d spans", len(spans))
	}
	for _, sp := range spans {
		a := otlpreceiver.Attrs(sp.Attributes)
		for k, want := range map[string]any{"user.id": "user-1", "session.id": "sess-1",
			"gen_ai.conversation.id": "conv-\uFFFD", "app.tenant": "acme"} {
			if a[k] != want {
				t.Errorf("%s: %s = %v, want %v", sp.Name, k, a[k], want)
			}
		}
		if _, ok := a["langfuse.user.id"]; ok {
			t.Errorf("%s: langfuse keys without the Langfuse preset", sp.Name)
		}
	}
	for name, m := range rcv.Metrics() {
		if h := m.GetHistogram(); h != nil {
			for _, dp := range h.DataPoints {
				if _, ok := otlpreceiver.Attrs(dp.Attributes)["user.id"]; ok {
					t.Errorf("%s carries user.id", name)
				}
			}
		}
	}
}

// With the Langfuse preset the langfuse.* keys are recorded too.
func TestContextAttributesLangfuse(t *testing.T) {
	resetEnv(t)
	lf := langfusetest.New("qa")
	defer lf.Close()
	s, err := openlit.Init(context.Background(), openlit.WithLangfuse(langfusetest.PublicKey, langfusetest.SecretKey, lf.URL),
		openlit.WithDisableMetrics(true))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Shutdown(context.Background())
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	ctx := openlit.ContextWithAttributes(context.Background(), openlit.ContextAttributes{
		UserID: "user-1", ConversationID: "conv-1", TraceName: "checkout", Tags: []string{"a", "b"},
		Metadata: map[string]string{"plan": "pro"},
	})
	if _, err := client(srv.BaseURL()).Chat.Completions.New(ctx, chatParams("gpt-4o")); err != nil {
		t.Fatal(err)
	}
	flush(t, s)
	spans := lf.Traces.Spans()
	if len(spans) != 1 {
		t.Fatalf("%d spans", len(spans))
	}
	a := otlpreceiver.Attrs(spans[0].Attributes)
	for k, want := range map[string]any{"langfuse.user.id": "user-1", "langfuse.session.id": "conv-1",
		"langfuse.trace.name": "checkout", "langfuse.trace.metadata.plan": "pro", "user.id": "user-1"} {
		if a[k] != want {
			t.Errorf("%s = %v, want %v", k, a[k], want)
		}
	}
	if tags, _ := a["langfuse.trace.tags"].([]any); len(tags) != 2 {
		t.Errorf("langfuse.trace.tags = %v", a["langfuse.trace.tags"])
	}
}

// With the Langfuse preset, an environment Langfuse would refuse is
// recorded by its rule, and the change is said once.
func TestLangfuseEnvironmentRule(t *testing.T) {
	resetEnv(t)
	errs := errcapture.Capture(t)
	lf := langfusetest.New("qa")
	defer lf.Close()
	s, err := openlit.Init(context.Background(), openlit.WithLangfuse(langfusetest.PublicKey, langfusetest.SecretKey, lf.URL),
		openlit.WithEnvironment("Prod EU/1"), openlit.WithDisableMetrics(true))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Shutdown(context.Background())
	if v, _ := s.Resource().Set().Value("deployment.environment"); v.AsString() != "prod-eu-1" {
		t.Errorf("deployment.environment = %q", v.AsString())
	}
	n := 0
	for _, m := range errs.Messages() {
		if strings.Contains(m, "prod-eu-1") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("change said %d times: %q", n, errs.Messages())
	}
}

// With OnMetrics the app's bounded attributes go on metric points too.
func TestContextAttributesOnMetrics(t *testing.T) {
	resetEnv(t)
	s, rcv := initTo(t, openlit.WithMetricExportInterval(time.Hour))
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	ctx := openlit.ContextWithAttributes(context.Background(), openlit.ContextAttributes{
		Attributes: []attribute.KeyValue{attribute.String("app.plan", "pro")}, OnMetrics: true})
	if _, err := client(srv.BaseURL()).Chat.Completions.New(ctx, chatParams("gpt-4o")); err != nil {
		t.Fatal(err)
	}
	flush(t, s)
	m, ok := rcv.Metrics()["gen_ai.client.operation.duration"]
	if !ok || m.GetHistogram() == nil || len(m.GetHistogram().DataPoints) != 1 {
		t.Fatalf("duration metric: %v", m)
	}
	if v := otlpreceiver.Attrs(m.GetHistogram().DataPoints[0].Attributes)["app.plan"]; v != "pro" {
		t.Errorf("app.plan = %v", v)
	}
}
