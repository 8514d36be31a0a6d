// Package exampletest runs an example program's run function offline, as a
// newcomer would: no OpenAI key, no collector, so it answers from the
// replay and prints its telemetry to the console.
package exampletest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"sort"
	"strings"
	"testing"

	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"

	"github.com/openlit/openlit-go/internal/otlpreceiver"
)

// RunOffline runs run with the OpenAI and OTLP environment cleared and
// checks that its standard output holds each of want. It returns that
// output.
func RunOffline(t *testing.T, run func(context.Context, io.Writer, io.Writer) error, want ...string) string {
	t.Helper()
	t.Setenv("OPENAI_API_KEY", "")
	t.Setenv("OPENAI_BASE_URL", "")
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "")
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "local replay") {
		t.Errorf("stderr does not say it answers from the replay: %q", stderr.String())
	}
	for _, w := range want {
		if !strings.Contains(stdout.String(), w) {
			t.Errorf("output lacks %q", w)
		}
	}
	return stdout.String()
}

// SpanTree renders the spans received as trees, one per root span, keyed
// by the root's name: a line per span, indented under its parent, children
// in start order; a span with gen_ai.tool.call.id shows it, and an MCP span
// its side.
func SpanTree(spans []otlpreceiver.Span) map[string]string {
	byID := map[string]otlpreceiver.Span{}
	children := map[string][]otlpreceiver.Span{}
	for _, s := range spans {
		byID[string(s.SpanId)] = s
	}
	var roots []otlpreceiver.Span
	for _, s := range spans {
		if _, ok := byID[string(s.ParentSpanId)]; ok {
			children[string(s.ParentSpanId)] = append(children[string(s.ParentSpanId)], s)
		} else {
			roots = append(roots, s)
		}
	}
	out := map[string]string{}
	var render func(b *strings.Builder, s otlpreceiver.Span, depth int)
	render = func(b *strings.Builder, s otlpreceiver.Span, depth int) {
		b.WriteString(strings.Repeat("  ", depth) + s.Name)
		if strings.HasSuffix(s.Scope, "openlitmcp") {
			b.WriteString(map[bool]string{true: " (server)", false: " (client)"}[s.Kind == tracepb.Span_SPAN_KIND_SERVER])
		}
		if id, ok := otlpreceiver.Attrs(s.Attributes)["gen_ai.tool.call.id"]; ok {
			v, _ := id.(string)
			if v == "" {
				j, _ := json.Marshal(id)
				v = string(j)
			}
			b.WriteString(" [gen_ai.tool.call.id=" + v + "]")
		}
		b.WriteString("\n")
		kids := children[string(s.SpanId)]
		sort.Slice(kids, func(i, j int) bool { return kids[i].StartTimeUnixNano < kids[j].StartTimeUnixNano })
		for _, k := range kids {
			render(b, k, depth+1)
		}
	}
	for _, r := range roots {
		var b strings.Builder
		render(&b, r, 0)
		out[r.Name] = b.String()
	}
	return out
}

// CheckChatSpans checks the spans named name: exactly want of them, each
// with input tokens, a cost above zero and the attributes in attrs.
func CheckChatSpans(t *testing.T, spans []otlpreceiver.Span, name string, want int, attrs map[string]any) {
	t.Helper()
	n := 0
	for _, s := range spans {
		if s.Name != name {
			continue
		}
		n++
		a := otlpreceiver.Attrs(s.Attributes)
		cost, _ := a["gen_ai.usage.cost"].(float64)
		in, _ := a["gen_ai.usage.input_tokens"].(int64)
		ok := cost > 0 && in > 0
		for k, v := range attrs {
			ok = ok && a[k] == v
		}
		if !ok {
			t.Errorf("%s span: cost %v, input tokens %v, %v", name, cost, in, a)
		}
	}
	if n != want {
		t.Errorf("%d %q spans, want %d", n, name, want)
	}
}
