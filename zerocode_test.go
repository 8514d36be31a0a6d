package openlit_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/instrumentation/openlitopenai"
	"github.com/openlit/openlit-go/internal/errcapture"
	"github.com/openlit/openlit-go/replay"
)

func postChat(t *testing.T, c *http.Client, url string) {
	t.Helper()
	res, err := c.Post(url+"chat/completions", "application/json",
		strings.NewReader(`{"model":"gpt-4o","messages":[{"role":"user","content":"What is LLM Observability?"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if !strings.Contains(string(b), "LLM Observability refers to") {
		t.Fatalf("answer %.60q", b)
	}
}

func zeroCodeInit(t *testing.T, opts ...openlit.Option) (*openlit.SDK, *tracetest.InMemoryExporter) {
	t.Helper()
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	s, err := openlit.Init(context.Background(), append([]openlit.Option{openlit.WithTracerProvider(tp), openlit.WithDisableMetrics(true)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Shutdown(context.Background()) })
	return s, exp
}

// TestHTTPInstrumentationZeroCode: with OPENLIT_HTTP_INSTRUMENTATION=true,
// a model call through http.DefaultClient is traced with no other code,
// http.DefaultTransport stays the *http.Transport it was (type assertions
// and Clone work), a client that captured it before Init is traced too;
// after Shutdown nothing is traced and every client still works; Init
// again traces again.
func TestHTTPInstrumentationZeroCode(t *testing.T) {
	resetEnv(t)
	t.Setenv(openlit.EnvHTTPInstrumentation, "true")
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	original := http.DefaultTransport
	captured := &http.Client{Transport: http.DefaultTransport} // as LangChainGo's package does when it loads

	for round := range 2 {
		s, exp := zeroCodeInit(t)
		if http.DefaultTransport != original {
			t.Fatal("Init replaced http.DefaultTransport")
		}
		dt := http.DefaultTransport.(*http.Transport) // no ", ok": the assertion that used to panic
		clone := dt.Clone()
		postChat(t, http.DefaultClient, srv.BaseURL())
		postChat(t, captured, srv.BaseURL())
		postChat(t, &http.Client{Transport: clone}, srv.BaseURL()) // a clone has no hook
		if spans := exp.GetSpans(); len(spans) != 2 || spans[0].Name != "chat gpt-4o" || spans[1].Name != "chat gpt-4o" {
			t.Fatalf("round %d: spans %v, want 2 chat spans (default client, captured transport)", round, spans)
		}
		if err := s.Shutdown(context.Background()); err != nil {
			t.Fatal(err)
		}
		postChat(t, http.DefaultClient, srv.BaseURL())
		postChat(t, captured, srv.BaseURL())
		if n := len(exp.GetSpans()); n != 2 {
			t.Fatalf("round %d: %d spans after Shutdown, want 2", round, n)
		}
		clone.CloseIdleConnections()
	}
}

// TestHTTPInstrumentationTracedOnce: a client that is instrumented itself
// (a wrapped openai-go client, Middleware) on the hooked default
// transport records one span per call.
func TestHTTPInstrumentationTracedOnce(t *testing.T) {
	resetEnv(t)
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	_, exp := zeroCodeInit(t, openlit.WithHTTPInstrumentation(true))
	base := []option.RequestOption{option.WithBaseURL(srv.BaseURL()), option.WithAPIKey("sk-test"), option.WithMaxRetries(0)}
	wrapped := openlitopenai.Wrap(openai.NewClient(base...))
	mw := openai.NewClient(append(base, option.WithMiddleware(openlitopenai.Middleware()))...)
	if _, err := wrapped.Chat.Completions.New(context.Background(), chatParams("gpt-4o")); err != nil {
		t.Fatal(err)
	}
	if _, err := mw.Chat.Completions.New(context.Background(), chatParams("gpt-4o")); err != nil {
		t.Fatal(err)
	}
	if n := len(exp.GetSpans()); n != 2 {
		t.Errorf("%d spans for 2 calls", n)
	}
}

// TestHTTPInstrumentationOffByDefault: without the switch the default
// transport is left alone and nothing is traced through it.
func TestHTTPInstrumentationOffByDefault(t *testing.T) {
	resetEnv(t)
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	original := http.DefaultTransport
	_, exp := zeroCodeInit(t)
	if http.DefaultTransport != original {
		t.Fatal("Init changed http.DefaultTransport without being asked")
	}
	postChat(t, http.DefaultClient, srv.BaseURL())
	if n := len(exp.GetSpans()); n != 0 {
		t.Errorf("%d spans without the switch", n)
	}
}

type otherTransport struct{ http.RoundTripper }

// A default transport that is not an *http.Transport has no hook: Init
// says so, and with replace wraps it (then a transport the program sets
// after Init is left in place at Shutdown, and the program is told).
func TestHTTPInstrumentationNotATransport(t *testing.T) {
	resetEnv(t)
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	original := http.DefaultTransport
	defer func() { http.DefaultTransport = original }()
	http.DefaultTransport = otherTransport{original}

	t.Run("reported", func(t *testing.T) {
		errs := errcapture.Capture(t)
		_, exp := zeroCodeInit(t, openlit.WithHTTPInstrumentation(true))
		if !strings.Contains(strings.Join(errs.Messages(), "\n"), "not an *http.Transport") {
			t.Errorf("no message: %v", errs.Messages())
		}
		postChat(t, http.DefaultClient, srv.BaseURL())
		if n := len(exp.GetSpans()); n != 0 {
			t.Errorf("%d spans", n)
		}
	})
	t.Run("replace", func(t *testing.T) {
		t.Setenv(openlit.EnvHTTPInstrumentation, "replace")
		errs := errcapture.Capture(t)
		s, exp := zeroCodeInit(t)
		postChat(t, http.DefaultClient, srv.BaseURL())
		if n := len(exp.GetSpans()); n != 1 {
			t.Errorf("%d spans with replace, want 1", n)
		}
		mine := otherTransport{original}
		http.DefaultTransport = mine
		_ = s.Shutdown(context.Background())
		if http.DefaultTransport != http.RoundTripper(mine) {
			t.Fatal("Shutdown replaced the program's transport")
		}
		if !strings.Contains(strings.Join(errs.Messages(), "\n"), "http.DefaultTransport was replaced after Init") {
			t.Fatalf("no warning: %v", errs.Messages())
		}
	})
}

func TestHTTPInstrumentationBadValue(t *testing.T) {
	resetEnv(t)
	t.Setenv(openlit.EnvHTTPInstrumentation, "sometimes")
	if _, err := openlit.Init(context.Background(), openlit.WithDisableMetrics(true)); err == nil ||
		!strings.Contains(err.Error(), openlit.EnvHTTPInstrumentation) || !strings.Contains(err.Error(), "replace") {
		t.Errorf("err = %v", err)
	}
}
