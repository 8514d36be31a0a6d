//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/openlit/openlit-go/replay"
	"github.com/openlit/openlit-go/semconv"
)

// Jaeger's query API answer for /api/traces.
type jaegerTraces struct {
	Data []struct {
		TraceID   string       `json:"traceID"`
		Spans     []jaegerSpan `json:"spans"`
		Processes map[string]struct {
			ServiceName string `json:"serviceName"`
			Tags        []kv   `json:"tags"`
		} `json:"processes"`
	} `json:"data"`
}

type jaegerSpan struct {
	SpanID        string `json:"spanID"`
	StartTime     int64  `json:"startTime"`
	OperationName string `json:"operationName"`
	References    []struct {
		RefType string `json:"refType"`
		SpanID  string `json:"spanID"`
	} `json:"references"`
	Tags []kv `json:"tags"`
	Logs []struct {
		Fields []kv `json:"fields"`
	} `json:"logs"`
}

type kv struct {
	Key   string `json:"key"`
	Value any    `json:"value"`
}

func (s jaegerSpan) tag(k string) any {
	for _, t := range s.Tags {
		if t.Key == k {
			return t.Value
		}
	}
	return nil
}

// event returns the fields of the span's log (event) named name.
func (s jaegerSpan) event(name string) map[string]any {
	for _, l := range s.Logs {
		fields := map[string]any{}
		for _, f := range l.Fields {
			fields[f.Key] = f.Value
		}
		if fields["event"] == name {
			return fields
		}
	}
	return nil
}

func env(t *testing.T, k string) string {
	t.Helper()
	v := os.Getenv(k)
	if v == "" {
		t.Skipf("%s not set: run bash e2e/run.sh", k)
	}
	return v
}

func getJSON(ctx context.Context, u string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return fmt.Errorf("GET %s: HTTP %d", u, resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// runExample builds and runs one example as a user would, configured only
// through the environment, exporting to Jaeger.
func runExample(t *testing.T, name, service, openAI string, extraEnv ...string) {
	t.Helper()
	bin := filepath.Join(t.TempDir(), name)
	build := exec.Command("go", "build", "-o", bin, "./examples/"+name)
	build.Dir = ".."
	if _, err := os.Stat(filepath.Join("..", "examples", name, "go.mod")); err == nil {
		// An example that is a module of its own builds from its directory.
		build = exec.Command("go", "build", "-o", bin, ".")
		build.Dir = filepath.Join("..", "examples", name)
	}
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build %s: %v\n%s", name, err, out)
	}
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(),
		"OPENAI_API_KEY=sk-e2e", "OPENAI_BASE_URL="+openAI,
		"OTEL_EXPORTER_OTLP_ENDPOINT="+env(t, "E2E_JAEGER_OTLP"), "OTEL_SERVICE_NAME="+service,
		"LANGFUSE_PUBLIC_KEY=", "LANGFUSE_SECRET_KEY=", "LANGFUSE_HOST=",
	)
	cmd.Env = append(cmd.Env, extraEnv...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", name, err, out)
	}
}

// spansOf polls Jaeger until the service's traces hold at least want spans.
func spansOf(t *testing.T, service string, want int) []jaegerSpan {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	u := env(t, "E2E_JAEGER_QUERY") + "/api/traces?service=" + url.QueryEscape(service) + "&limit=100"
	for {
		var tr jaegerTraces
		err := getJSON(ctx, u, &tr)
		var spans []jaegerSpan
		for _, d := range tr.Data {
			spans = append(spans, d.Spans...)
		}
		if err == nil && len(spans) >= want {
			return spans
		}
		select {
		case <-ctx.Done():
			t.Fatalf("Jaeger has %d spans for %s, want %d (last error %v)", len(spans), service, want, err)
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func TestMain(m *testing.M) {
	// Wait for Jaeger's health endpoint.
	if h := os.Getenv("E2E_JAEGER_HEALTH"); h != "" {
		deadline := time.Now().Add(60 * time.Second)
		for {
			resp, err := http.Get(h)
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == 200 {
					break
				}
			}
			if time.Now().After(deadline) {
				fmt.Fprintln(os.Stderr, "Jaeger did not become healthy")
				os.Exit(1)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	stop, err := serveLangfuseStandIn()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	stop()
	os.Exit(code)
}

func TestChatInJaeger(t *testing.T) {
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	runExample(t, "chat", "e2e-chat", srv.BaseURL())

	spans := spansOf(t, "e2e-chat", 1)
	var services struct {
		Data []string `json:"data"`
	}
	if err := getJSON(context.Background(), env(t, "E2E_JAEGER_QUERY")+"/api/services", &services); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(services.Data, ","), "e2e-chat") {
		t.Fatalf("service not listed: %v", services.Data)
	}
	// The resource arrives as the process.
	var tr jaegerTraces
	if err := getJSON(context.Background(), env(t, "E2E_JAEGER_QUERY")+"/api/traces?service=e2e-chat", &tr); err != nil {
		t.Fatal(err)
	}
	for _, p := range tr.Data[0].Processes {
		tags := map[string]any{}
		for _, kv := range p.Tags {
			tags[kv.Key] = kv.Value
		}
		if tags["telemetry.sdk.name"] != "openlit" || tags["telemetry.sdk.language"] != "go" || tags["deployment.environment"] != "default" {
			t.Errorf("process tags = %v", tags)
		}
	}
	checkGuideSpan(t, spans[0])
}

// checkGuideSpan holds a span to the guide's chat call as Jaeger shows it:
// name, kind, the request and usage tags, the cost and both events.
func checkGuideSpan(t *testing.T, s jaegerSpan) {
	t.Helper()
	if s.OperationName != "chat gpt-4o" || s.tag("span.kind") != "client" {
		t.Fatalf("span %q kind %v", s.OperationName, s.tag("span.kind"))
	}
	for k, want := range map[string]any{
		"gen_ai.operation.name": "chat", "gen_ai.system": "openai", "gen_ai.request.model": "gpt-4o",
		"gen_ai.response.model": "gpt-4o-2024-08-06", "gen_ai.usage.input_tokens": 14.0, "gen_ai.usage.output_tokens": 356.0,
		"gen_ai.usage.total_tokens": 370.0, "gen_ai.request.is_stream": false,
	} {
		if got := s.tag(k); got != want {
			t.Errorf("%s = %#v, want %#v", k, got, want)
		}
	}
	if c, _ := s.tag("gen_ai.usage.cost").(float64); math.Abs(c-0.003595) > 1e-12 {
		t.Errorf("gen_ai.usage.cost = %v", s.tag("gen_ai.usage.cost"))
	}
	if p := s.event("gen_ai.content.prompt"); p == nil || p["gen_ai.prompt"] != "user: What is LLM Observability?" {
		t.Errorf("prompt event = %v", p)
	}
	if c := s.event("gen_ai.content.completion"); c == nil || !strings.HasPrefix(fmt.Sprint(c["gen_ai.completion"]), "LLM Observability refers to") {
		t.Errorf("completion event = %v", c)
	}
}

// TestZeroCodeInJaeger: the go-openai program whose only openlit code is
// Init with HTTP instrumentation, traced from the wire, arrives in Jaeger as
// the guide's span.
func TestZeroCodeInJaeger(t *testing.T) {
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	runExample(t, "zerocode", "e2e-zerocode", srv.BaseURL())

	spans := spansOf(t, "e2e-zerocode", 1)
	if len(spans) != 1 {
		t.Fatalf("%d spans, want 1", len(spans))
	}
	s := spans[0]
	if got := s.tag("otel.scope.name"); got != nil && got != "github.com/openlit/openlit-go/instrumentation/openlithttp" {
		t.Errorf("scope %v", got)
	}
	checkGuideSpan(t, s)
}

// TestAnthropicInJaeger: the Anthropic example, through the typed
// integration, arrives in Jaeger with its prompt cache tokens and cost, and
// as one span (the SDK's own is off on the wrapped client).
func TestAnthropicInJaeger(t *testing.T) {
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	runExample(t, "anthropic", "e2e-anthropic", srv.BaseURL(), "ANTHROPIC_API_KEY=sk-ant-e2e", "ANTHROPIC_BASE_URL="+srv.URL)

	spans := spansOf(t, "e2e-anthropic", 1)
	if len(spans) != 1 {
		t.Fatalf("%d spans, want 1", len(spans))
	}
	s := spans[0]
	if s.OperationName != "chat claude-sonnet-4-5" || s.tag("span.kind") != "client" {
		t.Fatalf("span %q kind %v", s.OperationName, s.tag("span.kind"))
	}
	for k, want := range map[string]any{
		"gen_ai.system": "anthropic", "gen_ai.response.model": "claude-sonnet-4-5-20250929",
		"gen_ai.usage.input_tokens": 1166.0, "gen_ai.usage.output_tokens": 38.0,
		"gen_ai.usage.cache_read.input_tokens": 1152.0, "gen_ai.response.finish_reasons": `["end_turn"]`,
	} {
		got := s.tag(k)
		if k == "gen_ai.response.finish_reasons" {
			got = fmt.Sprint(got)
		}
		if got != want {
			t.Errorf("%s = %#v, want %#v", k, got, want)
		}
	}
	if c, _ := s.tag("gen_ai.usage.cost").(float64); math.Abs(c-0.0009576) > 1e-12 {
		t.Errorf("gen_ai.usage.cost = %v", s.tag("gen_ai.usage.cost"))
	}
}

// TestGeminiInJaeger: examples/gemini's two calls (whole and streamed)
// reach Jaeger with their tokens, thinking tokens and cost.
func TestGeminiInJaeger(t *testing.T) {
	srv := replay.NewServer(replay.Options{FirstChunkDelay: 20 * time.Millisecond})
	defer srv.Close()
	runExample(t, "gemini", "e2e-gemini", srv.BaseURL(), "GEMINI_API_KEY=AIza-e2e", "GOOGLE_API_KEY=",
		"GOOGLE_GENAI_USE_VERTEXAI=", "GOOGLE_GEMINI_BASE_URL="+srv.URL)

	spans := spansOf(t, "e2e-gemini", 2)
	if len(spans) != 2 {
		t.Fatalf("%d spans, want 2", len(spans))
	}
	byStream := map[bool]jaegerSpan{}
	for _, s := range spans {
		if s.OperationName != "chat gemini-2.5-flash" || s.tag("span.kind") != "client" || s.tag("gen_ai.system") != "gcp.gemini" {
			t.Fatalf("span %q kind %v system %v", s.OperationName, s.tag("span.kind"), s.tag("gen_ai.system"))
		}
		stream, _ := s.tag("gen_ai.request.is_stream").(bool)
		byStream[stream] = s
	}
	// gemini-2.5-flash: 7 input tokens at $0.30, output (thinking
	// included) at $2.50 per million.
	for stream, want := range map[bool]float64{false: 25 + 49, true: 10 + 49} {
		s := byStream[stream]
		if s.tag("gen_ai.usage.input_tokens") != 7.0 || s.tag("gen_ai.usage.output_tokens") != want || s.tag("gen_ai.usage.reasoning.output_tokens") != 49.0 {
			t.Errorf("stream=%v tags %v", stream, s.Tags)
		}
		if c, _ := s.tag("gen_ai.usage.cost").(float64); math.Abs(c-(7*0.30+want*2.50)/1e6) > 1e-12 {
			t.Errorf("stream=%v gen_ai.usage.cost = %v", stream, s.tag("gen_ai.usage.cost"))
		}
	}
	if ttft, _ := byStream[true].tag("gen_ai.server.time_to_first_token").(float64); ttft < 0.02 {
		t.Errorf("time to first token %v < the replay's 20 ms", ttft)
	}
}

// TestBedrockInJaeger: examples/bedrock's Converse and ConverseStream
// calls (signed with static credentials, to a replay of Bedrock) reach
// Jaeger with their tokens and the cost of the model the inference profile
// names.
func TestBedrockInJaeger(t *testing.T) {
	srv := replay.NewServer(replay.Options{FirstChunkDelay: 20 * time.Millisecond})
	defer srv.Close()
	runExample(t, "bedrock", "e2e-bedrock", srv.BaseURL(), "AWS_REGION=us-east-1", "AWS_ACCESS_KEY_ID=AKIDE2E",
		"AWS_SECRET_ACCESS_KEY=e2e-secret", "AWS_PROFILE=", "BEDROCK_MODEL_ID=", "AWS_ENDPOINT_URL_BEDROCK_RUNTIME="+srv.URL)

	spans := spansOf(t, "e2e-bedrock", 2)
	if len(spans) != 2 {
		t.Fatalf("%d spans, want 2", len(spans))
	}
	byStream := map[bool]jaegerSpan{}
	for _, s := range spans {
		if s.OperationName != "chat us.anthropic.claude-sonnet-4-5-20250929-v1:0" || s.tag("span.kind") != "client" || s.tag("gen_ai.system") != "aws.bedrock" {
			t.Fatalf("span %q kind %v system %v", s.OperationName, s.tag("span.kind"), s.tag("gen_ai.system"))
		}
		stream, _ := s.tag("gen_ai.request.is_stream").(bool)
		byStream[stream] = s
	}
	// Claude Sonnet 4.5: $3 per million input tokens, $15 per million
	// output tokens.
	for stream, output := range map[bool]float64{false: 38, true: 9} {
		s := byStream[stream]
		if s.tag("gen_ai.usage.input_tokens") != 16.0 || s.tag("gen_ai.usage.output_tokens") != output {
			t.Errorf("stream=%v tags %v", stream, s.Tags)
		}
		if c, _ := s.tag("gen_ai.usage.cost").(float64); math.Abs(c-(16*3+output*15)/1e6) > 1e-12 {
			t.Errorf("stream=%v gen_ai.usage.cost = %v", stream, s.tag("gen_ai.usage.cost"))
		}
	}
}

// TestAgentInJaeger: examples/agent's trace reaches Jaeger as one tree:
// invoke_agent → chat (asks for the tool) → execute_tool (the same call
// id) → MCP client span → MCP server span (continued from the request's
// _meta), then chat (the answer). The MCP session's handshake is not
// traced (no trace of its own): the service has those 6 spans only.
func TestAgentInJaeger(t *testing.T) {
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	// No key: the example answers from its own replay (a tool call, then
	// the answer).
	runExample(t, "agent", "e2e-agent", srv.BaseURL(), "OPENAI_API_KEY=", "OPENAI_BASE_URL=")
	spans := spansOf(t, "e2e-agent", 6)
	got := jaegerTree(t, spans, "invoke_agent weather-agent")
	want := `invoke_agent weather-agent
  chat gpt-4o [["call_weather_paris"]]
  execute_tool get_weather [call_weather_paris]
    tools/call get_weather (client)
      tools/call get_weather (server)
  chat gpt-4o
`
	if got != want {
		t.Errorf("trace in Jaeger:\n%s\nwant:\n%s", got, want)
	}
}

// TestEinoInJaeger: examples/eino, a ReAct agent on Eino whose model client
// is traced too, reaches Jaeger as one tree with one chat span per model
// call (4 spans in all for the service).
func TestEinoInJaeger(t *testing.T) {
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	runExample(t, "eino", "e2e-eino", srv.BaseURL(), "OPENAI_API_KEY=", "OPENAI_BASE_URL=")
	spans := spansOf(t, "e2e-eino", 4)
	want := `invoke_agent ReActAgent
  chat gpt-4o-mini [["call_paris"]]
  execute_tool get_weather [call_paris]
  chat gpt-4o-mini
`
	if got := jaegerTree(t, spans, "invoke_agent ReActAgent"); got != want || len(spans) != 4 {
		t.Errorf("trace in Jaeger (%d spans):\n%s\nwant:\n%s", len(spans), got, want)
	}
	for _, s := range spans {
		if s.OperationName == "chat gpt-4o-mini" && (s.tag("gen_ai.usage.cost") == nil || s.tag("gen_ai.usage.input_tokens") == nil) {
			t.Errorf("chat span without usage or cost: %+v", s)
		}
	}
}

// jaegerTree renders the trace under the span named root: one line per
// span, children by start time, MCP spans with their kind, tool call ids.
func jaegerTree(t *testing.T, spans []jaegerSpan, rootName string) string {
	t.Helper()
	byID := map[string]jaegerSpan{}
	for _, s := range spans {
		byID[s.SpanID] = s
	}
	children := map[string][]jaegerSpan{}
	var root *jaegerSpan
	for i, s := range spans {
		if s.OperationName == rootName {
			root = &spans[i]
		}
		for _, r := range s.References {
			if r.RefType == "CHILD_OF" {
				children[r.SpanID] = append(children[r.SpanID], s)
			}
		}
	}
	if root == nil {
		t.Fatalf("no %s span among %d", rootName, len(spans))
	}
	var b strings.Builder
	var render func(s jaegerSpan, depth int)
	render = func(s jaegerSpan, depth int) {
		b.WriteString(strings.Repeat("  ", depth) + s.OperationName)
		if strings.HasPrefix(s.OperationName, "tools/call") {
			b.WriteString(fmt.Sprintf(" (%v)", s.tag("span.kind")))
		}
		if id := s.tag("gen_ai.tool.call.id"); id != nil {
			b.WriteString(fmt.Sprintf(" [%v]", id))
		}
		b.WriteString("\n")
		kids := children[s.SpanID]
		sort.Slice(kids, func(i, j int) bool { return kids[i].StartTime < kids[j].StartTime })
		for _, k := range kids {
			render(k, depth+1)
		}
	}
	render(*root, 0)
	return b.String()
}

func TestStreamInJaeger(t *testing.T) {
	srv := replay.NewServer(replay.Options{FirstChunkDelay: 50 * time.Millisecond})
	defer srv.Close()
	runExample(t, "stream", "e2e-stream", srv.BaseURL())
	s := spansOf(t, "e2e-stream", 1)[0]
	if s.OperationName != "chat gpt-4o" || s.tag("gen_ai.request.is_stream") != true || s.tag("gen_ai.usage.output_tokens") != 356.0 {
		t.Errorf("stream span %q tags %v", s.OperationName, s.Tags)
	}
	if ttft, _ := s.tag("gen_ai.server.time_to_first_token").(float64); ttft < 0.05 {
		t.Errorf("time to first token %v < the replay's 50 ms", ttft)
	}
	if s.event("gen_ai.content.completion") == nil {
		t.Error("no completion event")
	}
}

// examples/langfuse wraps each call in a span of its own: in Jaeger the
// chat span is that span's child.
func TestParentChildInJaeger(t *testing.T) {
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	runExample(t, "langfuse", "e2e-langfuse", srv.BaseURL())
	spans := spansOf(t, "e2e-langfuse", 8)
	names := map[string]string{}
	for _, s := range spans {
		names[s.SpanID] = s.OperationName
	}
	children := 0
	for _, s := range spans {
		if s.OperationName != "chat gpt-4o-mini" {
			continue
		}
		if len(s.References) != 1 || s.References[0].RefType != "CHILD_OF" || names[s.References[0].SpanID] != "Otel-Trace" {
			t.Errorf("chat span references %v", s.References)
		}
		children++
	}
	if children != 4 {
		t.Errorf("%d chat spans under Otel-Trace, want 4", children)
	}
}

// TestMetricsInCollector: Jaeger v2 is an OpenTelemetry Collector; the
// examples' metrics reach its OTLP receiver and come out of the Collector's
// prometheus exporter. The seven metrics arrive with the guide's bucket
// bounds and the chat call's values.
func TestMetricsInCollector(t *testing.T) {
	scrape := env(t, "E2E_COLLECTOR_METRICS")
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	runExample(t, "chat", "e2e-metrics", srv.BaseURL())

	line := regexp.MustCompile(`^(\w+)\{([^}]*)\} (\S+)$`)
	le := regexp.MustCompile(`le="([^"]+)"`)
	var body string
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(scrape)
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			body = string(b)
		}
		if strings.Contains(body, `job="e2e-metrics"`) || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	bounds := map[string][]float64{}
	values := map[string]float64{}
	for _, l := range strings.Split(body, "\n") {
		m := line.FindStringSubmatch(l)
		if m == nil || !strings.Contains(m[2], `job="e2e-metrics"`) {
			continue
		}
		v, _ := strconv.ParseFloat(m[3], 64)
		if strings.HasSuffix(m[1], "_bucket") {
			if b := le.FindStringSubmatch(m[2]); b != nil && b[1] != "+Inf" {
				f, _ := strconv.ParseFloat(b[1], 64)
				bounds[strings.TrimSuffix(m[1], "_bucket")] = append(bounds[strings.TrimSuffix(m[1], "_bucket")], f)
			}
			continue
		}
		values[m[1]] = v
	}
	for name, want := range map[string][]float64{
		"gen_ai_client_token_usage":                 semconv.TokenUsageBuckets(),
		"gen_ai_client_operation_duration_seconds":  semconv.OperationDurationBuckets(),
		"gen_ai_server_time_to_first_token_seconds": semconv.TimeToFirstTokenBuckets(),
		"gen_ai_usage_cost_USD":                     semconv.CostBuckets(),
	} {
		got := bounds[name]
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s bounds = %v, want %v", name, got, want)
		}
	}
	for name, want := range map[string]float64{
		"gen_ai_requests_total": 1, "gen_ai_usage_input_tokens_total": 14, "gen_ai_usage_output_tokens_total": 356,
		"gen_ai_client_token_usage_sum": 370, "gen_ai_client_token_usage_count": 1,
	} {
		if values[name] != want {
			t.Errorf("%s = %v, want %v", name, values[name], want)
		}
	}
	if c := values["gen_ai_usage_cost_USD_sum"]; math.Abs(c-0.003595) > 1e-9 {
		t.Errorf("cost sum = %v", c)
	}
}
