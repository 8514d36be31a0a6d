package openlit_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/internal/errcapture"
	"github.com/openlit/openlit-go/replay"
)

func postChat(t *testing.T, url string) {
	t.Helper()
	res, err := http.Post(url+"chat/completions", "application/json",
		strings.NewReader(`{"model":"gpt-4o","messages":[{"role":"user","content":"What is LLM Observability?"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadAll(res.Body); err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
}

// TestHTTPInstrumentationZeroCode: with OPENLIT_HTTP_INSTRUMENTATION=true,
// a model call through http.DefaultClient is traced with no other code,
// and Shutdown puts the original default transport back.
func TestHTTPInstrumentationZeroCode(t *testing.T) {
	resetEnv(t)
	t.Setenv(openlit.EnvHTTPInstrumentation, "true")
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	original := http.DefaultTransport
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	defer tp.Shutdown(context.Background())
	s, err := openlit.Init(context.Background(), openlit.WithTracerProvider(tp), openlit.WithDisableMetrics(true))
	if err != nil {
		t.Fatal(err)
	}
	if http.DefaultTransport == original {
		t.Fatal("Init did not wrap http.DefaultTransport")
	}
	postChat(t, srv.BaseURL())
	if spans := exp.GetSpans(); len(spans) != 1 || spans[0].Name != "chat gpt-4o" {
		t.Fatalf("spans %v", spans)
	}
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if http.DefaultTransport != original {
		t.Fatal("Shutdown did not restore http.DefaultTransport")
	}
	postChat(t, srv.BaseURL())
	if n := len(exp.GetSpans()); n != 1 {
		t.Fatalf("%d spans after Shutdown, want 1", n)
	}
}

// TestHTTPInstrumentationOffByDefault: without the switch the default
// transport is left alone.
func TestHTTPInstrumentationOffByDefault(t *testing.T) {
	resetEnv(t)
	original := http.DefaultTransport
	s, err := openlit.Init(context.Background(), openlit.WithTracerProvider(sdktrace.NewTracerProvider()), openlit.WithDisableMetrics(true))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Shutdown(context.Background())
	if http.DefaultTransport != original {
		t.Fatal("Init wrapped http.DefaultTransport without being asked")
	}
}

type otherTransport struct{ http.RoundTripper }

// TestHTTPInstrumentationReplacedAfterInit: a transport the program set
// after Init is left in place at Shutdown, and the program is told.
func TestHTTPInstrumentationReplacedAfterInit(t *testing.T) {
	resetEnv(t)
	errs := errcapture.Capture(t)
	original := http.DefaultTransport
	defer func() { http.DefaultTransport = original }()
	s, err := openlit.Init(context.Background(), openlit.WithTracerProvider(sdktrace.NewTracerProvider()),
		openlit.WithDisableMetrics(true), openlit.WithHTTPInstrumentation(true))
	if err != nil {
		t.Fatal(err)
	}
	mine := otherTransport{original}
	http.DefaultTransport = mine
	_ = s.Shutdown(context.Background())
	if http.DefaultTransport != http.RoundTripper(mine) {
		t.Fatal("Shutdown replaced the program's transport")
	}
	found := false
	for _, m := range errs.Messages() {
		found = found || strings.Contains(m, "http.DefaultTransport was replaced after Init")
	}
	if !found {
		t.Fatalf("no warning: %v", errs.Messages())
	}
}
