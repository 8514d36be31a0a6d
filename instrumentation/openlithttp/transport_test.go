package openlithttp

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/replay"
)

// rig is a transport recording to an in-memory exporter and a manual
// reader, and a plain transport, both for srv.
type rig struct {
	srv    *replay.Server
	spans  *tracetest.InMemoryExporter
	reader *sdkmetric.ManualReader
	traced *http.Client
	plain  *http.Client
}

func newRig(t *testing.T, ro replay.Options, opts ...Option) *rig {
	t.Helper()
	srv := replay.NewServer(ro)
	t.Cleanup(srv.Close)
	exp, reader, tel := telemetry(t)
	base := &http.Transport{}
	t.Cleanup(base.CloseIdleConnections)
	opts = append(tel, opts...)
	return &rig{srv: srv, spans: exp, reader: reader,
		traced: &http.Client{Transport: NewTransport(base, opts...)}, plain: &http.Client{Transport: base}}
}

// post sends body to path with c and returns the answer's body.
func post(t *testing.T, c *http.Client, url, body string) []byte {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func attrs(kvs []attribute.KeyValue) map[string]string {
	m := map[string]string{}
	for _, kv := range kvs {
		m[string(kv.Key)] = kv.Value.Emit()
	}
	return m
}

func (r *rig) only(t *testing.T) sdktrace.ReadOnlySpan {
	t.Helper()
	s := r.spans.GetSpans().Snapshots()
	if len(s) != 1 {
		t.Fatalf("%d spans, want 1", len(s))
	}
	return s[0]
}

// tokenSum is the sum of gen_ai.client.token.usage over every point.
func (r *rig) tokenSum(t *testing.T) (n uint64, sum int64) {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := r.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if h, ok := m.Data.(metricdata.Histogram[int64]); ok && m.Name == "gen_ai.client.token.usage" {
				for _, p := range h.DataPoints {
					n += p.Count
					sum += p.Sum
				}
			}
		}
	}
	return n, sum
}

// TestProtocols: each API the decoders know, called with plain net/http
// through the transport, answers byte for byte what it answers without it,
// and records the call as the typed wrappers do.
func TestProtocols(t *testing.T) {
	cases := []struct {
		name, path, body string
		want             map[string]string
		prompt           string // in the prompt event
		completion       string // in the completion event
		stream           bool
	}{
		{
			name: "openai legacy completion", path: "/v1/completions",
			body: `{"model":"gpt-3.5-turbo-instruct","prompt":"What is LLM observability?","max_tokens":64}`,
			want: map[string]string{"gen_ai.operation.name": "text_completion", "gen_ai.system": "openai",
				"gen_ai.request.model": "gpt-3.5-turbo-instruct", "gen_ai.response.model": "gpt-3.5-turbo-instruct:20230824-v2",
				"gen_ai.usage.input_tokens": "6", "gen_ai.usage.output_tokens": "24", "gen_ai.request.max_tokens": "64",
				"gen_ai.response.finish_reasons": `["stop"]`},
			prompt: "What is LLM observability?", completion: "LLM observability is the practice",
		},
		{
			name: "openai legacy completion stream", path: "/v1/completions", stream: true,
			body: `{"model":"gpt-3.5-turbo-instruct","prompt":"What is LLM observability?","stream":true,"stream_options":{"include_usage":true}}`,
			want: map[string]string{"gen_ai.operation.name": "text_completion", "gen_ai.usage.input_tokens": "6",
				"gen_ai.usage.output_tokens": "9", "gen_ai.response.id": "cmpl-BkX3aV7cN2pR8sYt1WqLm6oJhG4dK"},
			completion: "LLM observability is monitoring model calls.",
		},
		{
			name: "openai moderation", path: "/v1/moderations",
			body: `{"model":"omni-moderation-latest","input":"I love observability"}`,
			want: map[string]string{"gen_ai.operation.name": "moderation", "gen_ai.response.model": "omni-moderation-2024-09-26",
				"gen_ai.response.id": "modr-2f4c8a1e9b7d4c3a"},
			prompt: "I love observability", completion: "flagged: false",
		},
		{
			name: "anthropic message", path: "/v1/messages",
			body: `{"model":"claude-sonnet-4-5","max_tokens":1024,"system":"Be brief.","temperature":0.5,"top_k":40,"messages":[{"role":"user","content":"What is LLM observability?"}]}`,
			want: map[string]string{"gen_ai.operation.name": "chat", "gen_ai.system": "anthropic", "gen_ai.request.model": "claude-sonnet-4-5",
				"gen_ai.response.model": "claude-sonnet-4-5-20250929", "gen_ai.usage.input_tokens": "1166", "gen_ai.usage.cache_read.input_tokens": "1152", "gen_ai.usage.output_tokens": "38",
				"gen_ai.request.max_tokens": "1024", "gen_ai.request.top_k": "40", "gen_ai.response.finish_reasons": `["end_turn"]`,
				"gen_ai.response.id": "msg_01XFDUDYJgAACzvnptvVoYEL"},
			prompt: "system: Be brief.", completion: "LLM observability is the practice of tracing",
		},
		{
			name: "anthropic stream", path: "/v1/messages", stream: true,
			body: `{"model":"claude-sonnet-4-5","max_tokens":1024,"stream":true,"messages":[{"role":"user","content":[{"type":"text","text":"What is LLM observability?"}]}]}`,
			want: map[string]string{"gen_ai.system": "anthropic", "gen_ai.usage.input_tokens": "14", "gen_ai.usage.output_tokens": "12",
				"gen_ai.response.finish_reasons": `["end_turn"]`, "gen_ai.response.id": "msg_01HCDu5LRGeP2o7s2xGmxyx8", "gen_ai.request.is_stream": "true"},
			prompt: "What is LLM observability?", completion: "LLM observability is tracing every model call.",
		},
		{
			name: "gemini generateContent", path: "/v1beta/models/gemini-2.5-flash:generateContent",
			body: `{"contents":[{"role":"user","parts":[{"text":"What is LLM observability?"}]}],"systemInstruction":{"parts":[{"text":"Be brief."}]},"generationConfig":{"temperature":0.3,"maxOutputTokens":256,"topK":20}}`,
			want: map[string]string{"gen_ai.system": "gcp.gemini", "gen_ai.request.model": "gemini-2.5-flash", "gen_ai.response.model": "gemini-2.5-flash",
				"gen_ai.usage.input_tokens": "7", "gen_ai.usage.output_tokens": "74", "gen_ai.usage.reasoning.output_tokens": "49",
				"gen_ai.usage.total_tokens": "81", "gen_ai.request.max_tokens": "256", "gen_ai.response.finish_reasons": `["STOP"]`},
			prompt: "user: What is LLM observability?", completion: "LLM observability is the practice of monitoring",
		},
		{
			name: "gemini stream", path: "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", stream: true,
			body: `{"contents":[{"parts":[{"text":"What is LLM observability?"}]}]}`,
			want: map[string]string{"gen_ai.system": "gcp.gemini", "gen_ai.usage.input_tokens": "7", "gen_ai.usage.output_tokens": "59",
				"gen_ai.response.id": "qfJXaOWlGc6Wz7IPpd2H0Ao"},
			completion: "LLM observability is monitoring every model call.",
		},
		{
			name: "vertex ai generateContent", path: "/v1/projects/p1/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent",
			body: `{"contents":[{"role":"user","parts":[{"text":"What is LLM observability?"}]}]}`,
			want: map[string]string{"gen_ai.system": "gcp.vertex_ai", "gen_ai.request.model": "gemini-2.5-flash"},
		},
		{
			name: "gemini embedContent", path: "/v1beta/models/text-embedding-004:embedContent",
			body:   `{"content":{"parts":[{"text":"What is LLM observability?"}]}}`,
			want:   map[string]string{"gen_ai.operation.name": "embeddings", "gen_ai.embeddings.dimension.count": "4"},
			prompt: "What is LLM observability?",
		},
		{
			name: "ollama chat stream (the default)", path: "/api/chat", stream: true,
			body: `{"model":"llama3.2","messages":[{"role":"user","content":"What is LLM observability?"}],"options":{"temperature":0.1,"num_predict":128}}`,
			want: map[string]string{"gen_ai.system": "ollama", "gen_ai.request.model": "llama3.2", "gen_ai.usage.input_tokens": "31",
				"gen_ai.usage.output_tokens": "9", "gen_ai.request.max_tokens": "128", "gen_ai.response.finish_reasons": `["stop"]`,
				"gen_ai.request.is_stream": "true"},
			completion: "LLM observability is monitoring model calls.",
		},
		{
			name: "ollama chat", path: "/api/chat",
			body: `{"model":"llama3.2","stream":false,"messages":[{"role":"user","content":"What is LLM observability?"}]}`,
			want: map[string]string{"gen_ai.system": "ollama", "gen_ai.usage.input_tokens": "31", "gen_ai.request.is_stream": "false"},
		},
		{
			name: "ollama generate", path: "/api/generate", stream: true,
			body:   `{"model":"llama3.2","prompt":"What is LLM observability?","system":"Be brief."}`,
			want:   map[string]string{"gen_ai.operation.name": "text_completion", "gen_ai.usage.input_tokens": "28", "gen_ai.usage.output_tokens": "7"},
			prompt: "system: Be brief.", completion: "LLM observability is monitoring model calls.",
		},
		{
			name: "ollama embed", path: "/api/embed",
			body: `{"model":"nomic-embed-text","input":"What is LLM observability?"}`,
			want: map[string]string{"gen_ai.operation.name": "embeddings", "gen_ai.response.model": "nomic-embed-text",
				"gen_ai.usage.input_tokens": "8", "gen_ai.embeddings.dimension.count": "4"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, replay.Options{})
			want := post(t, r.plain, r.srv.URL+tc.path, tc.body)
			got := post(t, r.traced, r.srv.URL+tc.path, tc.body)
			if !bytes.Equal(got, want) {
				t.Fatalf("answer differs through the transport:\n%s\nwant\n%s", got, want)
			}
			if bodies := r.srv.Bodies(); string(bodies[len(bodies)-1]) != tc.body {
				t.Errorf("server got %q, want %q", bodies[len(bodies)-1], tc.body)
			}
			s := r.only(t)
			a := attrs(s.Attributes())
			for k, v := range tc.want {
				if a[k] != v {
					t.Errorf("%s = %q, want %q", k, a[k], v)
				}
			}
			if got, w := s.Name(), a["gen_ai.operation.name"]+" "+a["gen_ai.request.model"]; got != w {
				t.Errorf("span name %q, want %q", got, w)
			}
			if a["server.address"] != "127.0.0.1" || a["server.port"] == "" {
				t.Errorf("server %s:%s", a["server.address"], a["server.port"])
			}
			if _, ok := a["gen_ai.server.time_to_first_token"]; tc.stream && !ok && a["gen_ai.operation.name"] != "embeddings" {
				t.Errorf("stream without time to first token")
			}
			var events strings.Builder
			for _, ev := range s.Events() {
				for _, kv := range ev.Attributes {
					events.WriteString(kv.Value.Emit() + "\n")
				}
			}
			for _, w := range []string{tc.prompt, tc.completion} {
				if w != "" && !strings.Contains(events.String(), w) {
					t.Errorf("events lack %q:\n%s", w, events.String())
				}
			}
			if n, _ := r.tokenSum(t); n == 0 && a["gen_ai.usage.input_tokens"] != "" {
				t.Errorf("no token usage metric")
			}
		})
	}
}
