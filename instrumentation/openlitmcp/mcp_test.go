package openlitmcp

import (
	"context"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/internal/spantest"
)

type weatherArgs struct {
	City string `json:"city"`
}

// connect starts an instrumented server with a get_weather tool and an
// instrumented client over in-memory transports.
func connect(t *testing.T, opts ...Option) *mcp.ClientSession {
	t.Helper()
	server := mcp.NewServer(&mcp.Implementation{Name: "weather", Version: "v1"}, nil)
	mcp.AddTool(server, &mcp.Tool{Name: "get_weather", Description: "Weather by city"}, func(ctx context.Context, req *mcp.CallToolRequest, in weatherArgs) (*mcp.CallToolResult, any, error) {
		if in.City == "" {
			return &mcp.CallToolResult{IsError: true, Content: []mcp.Content{&mcp.TextContent{Text: "no city"}}}, nil, nil
		}
		return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: "21°C and sunny in " + in.City}}}, nil, nil
	})
	server.AddReceivingMiddleware(ServerMiddleware(append(opts, WithNetworkTransport("inproc"))...))
	client := mcp.NewClient(&mcp.Implementation{Name: "agent", Version: "v1"}, nil)
	client.AddSendingMiddleware(ClientMiddleware(append(opts, WithNetworkTransport("inproc"))...))
	t1, t2 := mcp.NewInMemoryTransports()
	ctx := context.Background()
	ss, err := server.Connect(ctx, t1, nil)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := client.Connect(ctx, t2, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cs.Close()
		_ = ss.Wait()
	})
	return cs
}

// A tool call is a CLIENT span and a SERVER span of one trace, the server's
// the client's child through the request's _meta; both record the
// conventions' attributes and duration metric.
func TestToolCallOneTrace(t *testing.T) {
	tp, exp, mp, reader := spantest.Providers(t)
	cs := connect(t, WithTracerProvider(tp), WithMeterProvider(mp))
	exp.Reset()
	ctx, parent := tp.Tracer("test").Start(context.Background(), "execute_tool get_weather")
	params := &mcp.CallToolParams{Name: "get_weather", Arguments: map[string]any{"city": "Paris"}}
	res, err := cs.CallTool(ctx, params)
	parent.End()
	if err != nil || res.IsError {
		t.Fatal(res, err)
	}
	var client, server sdktrace.ReadOnlySpan
	for _, s := range exp.GetSpans().Snapshots() {
		if s.Name() == "tools/call get_weather" && s.SpanKind() == trace.SpanKindClient {
			client = s
		}
		if s.Name() == "tools/call get_weather" && s.SpanKind() == trace.SpanKindServer {
			server = s
		}
	}
	if client == nil || server == nil {
		t.Fatalf("spans %v", exp.GetSpans().Snapshots())
	}
	if client.Parent().SpanID() != parent.SpanContext().SpanID() || server.Parent().SpanID() != client.SpanContext().SpanID() ||
		server.SpanContext().TraceID() != parent.SpanContext().TraceID() || !server.Parent().IsRemote() {
		t.Error("client and server spans are not one trace")
	}
	for _, s := range []sdktrace.ReadOnlySpan{client, server} {
		a := spantest.Attrs(s)
		for k, v := range map[string]string{"mcp.method.name": "tools/call", "gen_ai.tool.name": "get_weather",
			"gen_ai.operation.name": "execute_tool", "network.transport": "inproc", "gen_ai.tool.call.arguments": `{"city":"Paris"}`} {
			if a[k] != v {
				t.Errorf("%v %s = %q, want %q", s.SpanKind(), k, a[k], v)
			}
		}
		if !strings.Contains(a["gen_ai.tool.call.result"], "sunny in Paris") || a["mcp.protocol.version"] == "" || s.Status().Code == codes.Error {
			t.Errorf("%v: %v %v", s.SpanKind(), a, s.Status())
		}
	}
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if h, ok := m.Data.(metricdata.Histogram[float64]); ok && m.Unit == "s" {
				for _, p := range h.DataPoints {
					if v, _ := p.Attributes.Value("gen_ai.tool.name"); v.AsString() == "get_weather" {
						found[m.Name] = true
					}
				}
			}
		}
	}
	if !found["mcp.client.operation.duration"] || !found["mcp.server.operation.duration"] {
		t.Errorf("metrics %v", found)
	}
	// The caller's params get the trace context, the meta it had kept.
	if params.GetMeta()["traceparent"] == nil {
		t.Error("no traceparent in _meta")
	}
}

// A tool that reports an error is tool_error; an unknown tool is the
// JSON-RPC error code; both reach the caller unchanged.
func TestErrors(t *testing.T) {
	tp, exp, mp, _ := spantest.Providers(t)
	cs := connect(t, WithTracerProvider(tp), WithMeterProvider(mp))
	exp.Reset()
	res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "get_weather", Arguments: map[string]any{}})
	if err != nil || !res.IsError {
		t.Fatal(res, err)
	}
	for _, s := range exp.GetSpans().Snapshots() {
		if a := spantest.Attrs(s); a["error.type"] != "tool_error" || s.Status().Code != codes.Error {
			t.Errorf("%s %v: %v", s.Name(), s.SpanKind(), a)
		}
	}
	exp.Reset()
	_, err = cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "nope"})
	if err == nil {
		t.Fatal("no error for an unknown tool")
	}
	var client sdktrace.ReadOnlySpan
	for _, s := range exp.GetSpans().Snapshots() {
		if s.SpanKind() == trace.SpanKindClient {
			client = s
		}
	}
	if client == nil || !strings.HasPrefix(spantest.Attrs(client)["error.type"], "-32") {
		t.Errorf("unknown tool: %v", exp.GetSpans().Snapshots())
	}
}

// Without content capture, arguments and results are not recorded.
func TestNoContent(t *testing.T) {
	tp, exp, mp, _ := spantest.Providers(t)
	cs := connect(t, WithTracerProvider(tp), WithMeterProvider(mp), WithCaptureContent(false))
	exp.Reset()
	if _, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "get_weather", Arguments: map[string]any{"city": "secret-city"}}); err != nil {
		t.Fatal(err)
	}
	for _, s := range exp.GetSpans().Snapshots() {
		for k, v := range spantest.Attrs(s) {
			if strings.Contains(v, "secret-city") {
				t.Errorf("%s recorded without capture", k)
			}
		}
	}
}

// The protocol's own requests (the connect handshake, listings) outside a
// trace are measured but not traced; inside the app's trace they are
// traced; WithProtocolRoots traces them always.
func TestProtocolRequests(t *testing.T) {
	for _, roots := range []bool{false, true} {
		tp, exp, mp, reader := spantest.Providers(t)
		cs := connect(t, WithTracerProvider(tp), WithMeterProvider(mp), WithProtocolRoots(roots))
		if _, err := cs.ListTools(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		names := map[string]int{}
		for _, s := range exp.GetSpans().Snapshots() {
			names[s.Name()]++
		}
		// The handshake is initialize, or server/discover from protocol
		// 2026-07-28 on.
		handshake := names["initialize"] + names["server/discover"]
		if roots != (handshake == 2 && names["tools/list"] == 2) || !roots && len(names) != 0 {
			t.Errorf("roots %v: spans %v", roots, names)
		}
		exp.Reset()
		ctx, parent := tp.Tracer("test").Start(context.Background(), "agent step")
		if _, err := cs.ListTools(ctx, nil); err != nil {
			t.Fatal(err)
		}
		parent.End()
		n := 0
		for _, s := range exp.GetSpans().Snapshots() {
			if s.Name() == "tools/list" && s.SpanContext().TraceID() == parent.SpanContext().TraceID() {
				n++
			}
		}
		if n != 2 {
			t.Errorf("roots %v: %d tools/list spans in the app's trace, want client and server", roots, n)
		}
		if m := spantest.Metrics(t, reader); !strings.Contains(m, "mcp.client.operation.duration") || !strings.Contains(m, "mcp.method.name=server/discover") && !strings.Contains(m, "mcp.method.name=initialize") {
			t.Errorf("no duration metric of the handshake: %s", m)
		}
	}
}
