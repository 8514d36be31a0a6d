package openlit_test

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/openai/openai-go/v3"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/internal/otlpreceiver"
	"github.com/openlit/openlit-go/replay"
)

// lockedBuffer is a bytes.Buffer safe for the exporters' goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// consoleEnv clears what decides where and how telemetry is printed.
func consoleEnv(t *testing.T) {
	t.Helper()
	for _, v := range []string{openlit.EnvOTLPEndpoint, openlit.EnvOTLPTracesEndpoint, openlit.EnvOTLPMetricsEndpoint,
		openlit.EnvConsole, openlit.EnvDisableMetrics, openlit.EnvLangfusePublicKey, openlit.EnvLangfuseSecretKey,
		openlit.EnvSemconvStabilityOptIn, "NO_COLOR"} {
		t.Setenv(v, "")
	}
	t.Setenv("TERM", "xterm-256color")
}

// guideChat runs the guide's chat call against a replay, printing the
// console telemetry to w, and shuts down.
func guideChat(t *testing.T, w interface{ Write([]byte) (int, error) }, opts ...openlit.Option) {
	t.Helper()
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	ctx := context.Background()
	s, err := openlit.Init(ctx, append([]openlit.Option{openlit.WithConsoleWriter(w), openlit.WithDisableBatch(true)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client(srv.BaseURL()).Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model:    openai.ChatModelGPT4o,
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("What is LLM Observability?")},
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
}

// assertTree checks the guide's chat call as a trace view.
func assertTree(t *testing.T, out string) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) > 30 {
		t.Errorf("%d lines, want at most 30:\n%s", len(lines), out)
	}
	for _, want := range []string{"chat gpt-4o", "gpt-4o-2024-08-06", "14→356 tokens", "$0.003595", "prompt: user: What is LLM Observability?",
		"completion: LLM Observability refers to", "openlit: 1 call, $0.003595", "p50 ", "p95 "} {
		if !strings.Contains(out, want) {
			t.Errorf("trace view lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, `"Name"`) || strings.Contains(out, `"SpanContext"`) {
		t.Errorf("JSON in the trace view:\n%s", out)
	}
}

func TestConsolePrettyOnRequest(t *testing.T) {
	tests := []struct {
		name string
		env  string
		opts []openlit.Option
	}{
		{"env", "pretty", nil},
		{"env any case", " Pretty ", nil},
		{"option", "", []openlit.Option{openlit.WithConsoleFormat(openlit.ConsolePretty)}},
		{"option over env", "json", []openlit.Option{openlit.WithConsoleFormat(openlit.ConsolePretty)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			consoleEnv(t)
			t.Setenv(openlit.EnvConsole, tt.env)
			var buf lockedBuffer
			guideChat(t, &buf, tt.opts...)
			out := buf.String()
			assertTree(t, out)
			if strings.Contains(out, "\x1b") {
				t.Errorf("colour on a writer that is not a terminal:\n%q", out)
			}
		})
	}
}

func TestConsoleJSONWhenNotTerminal(t *testing.T) {
	tests := []struct {
		name string
		env  string
		opts []openlit.Option
	}{
		{"auto", "", nil},
		{"env json", "json", nil},
		{"env auto", "auto", nil},
		{"option over env", "pretty", []openlit.Option{openlit.WithConsoleFormat(openlit.ConsoleJSON)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			consoleEnv(t)
			t.Setenv(openlit.EnvConsole, tt.env)
			var buf lockedBuffer
			guideChat(t, &buf, tt.opts...)
			out := buf.String()
			for _, want := range []string{`"Name": "chat gpt-4o"`, `"Name": "gen_ai.client.operation.duration"`} {
				if !strings.Contains(out, want) {
					t.Errorf("JSON lacks %s", want)
				}
			}
			if strings.Contains(out, "openlit: 1 call") {
				t.Error("totals printed in JSON mode")
			}
		})
	}
}

func TestConsoleBadFormat(t *testing.T) {
	consoleEnv(t)
	t.Setenv(openlit.EnvConsole, "fancy")
	s, err := openlit.Init(context.Background(), openlit.WithConsoleWriter(&bytes.Buffer{}))
	if err == nil {
		_ = s.Shutdown(context.Background())
		t.Fatal("Init accepted OPENLIT_CONSOLE=fancy")
	}
	if !strings.Contains(err.Error(), openlit.EnvConsole) || !strings.Contains(err.Error(), "pretty") {
		t.Errorf("error %q does not name the variable and its values", err)
	}
}

// With an OTLP endpoint the console prints nothing, whatever the format.
func TestConsolePrettyNotUsedWithEndpoint(t *testing.T) {
	consoleEnv(t)
	t.Setenv(openlit.EnvConsole, "pretty")
	rcv := otlpreceiver.New()
	defer rcv.Close()
	var buf lockedBuffer
	guideChat(t, &buf, openlit.WithOTLPEndpoint(rcv.URL))
	if buf.String() != "" {
		t.Errorf("console output with an OTLP endpoint:\n%s", buf.String())
	}
}

func TestConsoleFormatString(t *testing.T) {
	for f, want := range map[openlit.ConsoleFormat]string{openlit.ConsoleAuto: "auto", openlit.ConsoleJSON: "json", openlit.ConsolePretty: "pretty"} {
		if f.String() != want {
			t.Errorf("%d.String() = %q, want %q", f, f.String(), want)
		}
	}
}
