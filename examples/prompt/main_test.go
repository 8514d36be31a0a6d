package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/openlit/openlit-go/internal/otlpreceiver"
	"github.com/openlit/openlit-go/langfuse"
	"github.com/openlit/openlit-go/langfuse/langfusetest"
	"github.com/openlit/openlit-go/replay"
)

// Offline, as a newcomer runs it: the prompt comes from the fake Langfuse,
// compiled, and the generation Langfuse receives names its version; the
// model was asked the compiled messages.
func TestPromptExample(t *testing.T) {
	for _, k := range []string{langfuse.EnvPublicKey, langfuse.EnvSecretKey, langfuse.EnvHost, "OPENAI_API_KEY",
		"OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"} {
		t.Setenv(k, "")
	}
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	if !strings.HasPrefix(stdout.String(), "prompt movie-critic version 1: ") {
		t.Errorf("stdout %q", stdout.String())
	}
}

// Against a Langfuse (a fake given as the real one) and a model replay: the
// generation carries the prompt's name and version, and its input is the
// compiled prompt.
func TestPromptExampleLinksGeneration(t *testing.T) {
	fake := langfusetest.New("unused")
	defer fake.Close()
	fake.AddPrompt("movie-critic", []map[string]any{{"role": "system", "content": "Be {{tone}}."}, {"role": "user", "content": "{{movie}}?"}}, nil, "staging")
	v := fake.AddPrompt("movie-critic", []map[string]any{{"role": "system", "content": "You are {{tone}}."}, {"role": "user", "content": "Like {{movie}}?"}}, nil, "production")
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	for k, val := range map[string]string{langfuse.EnvPublicKey: langfusetest.PublicKey, langfuse.EnvSecretKey: langfusetest.SecretKey,
		langfuse.EnvHost: fake.URL, "OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": srv.BaseURL(),
		"OTEL_EXPORTER_OTLP_ENDPOINT": "", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": ""} {
		t.Setenv(k, val)
	}
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	spans := fake.Traces.Spans()
	if len(spans) != 1 {
		t.Fatalf("%d spans", len(spans))
	}
	a := otlpreceiver.Attrs(spans[0].Attributes)
	if a["langfuse.observation.prompt.name"] != "movie-critic" || a["langfuse.observation.prompt.version"] != int64(v) {
		t.Errorf("prompt link %v %v, want movie-critic %d", a["langfuse.observation.prompt.name"], a["langfuse.observation.prompt.version"], v)
	}
	if in, _ := a["langfuse.observation.input"].(string); in != `[{"role":"system","content":"You are dramatic."},{"role":"user","content":"Like Dune 2?"}]` {
		t.Errorf("input %s", in)
	}
}
