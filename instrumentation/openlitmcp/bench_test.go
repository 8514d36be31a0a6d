package openlitmcp

import (
	"context"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// BenchmarkCallTool compares a tools/call over the in-memory transport
// with and without the client and server middleware (spans to a batch
// processor that drops them, a manual metric reader).
func BenchmarkCallTool(b *testing.B) {
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(tracetest.NewNoopExporter()))
	defer func() { _ = tp.Shutdown(context.Background()) }()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	defer func() { _ = mp.Shutdown(context.Background()) }()
	for _, instrumented := range []bool{false, true} {
		name := map[bool]string{false: "plain", true: "instrumented"}[instrumented]
		b.Run(name, func(b *testing.B) {
			server := mcp.NewServer(&mcp.Implementation{Name: "s", Version: "v1"}, nil)
			mcp.AddTool(server, &mcp.Tool{Name: "get_weather"}, func(ctx context.Context, req *mcp.CallToolRequest, in weatherArgs) (*mcp.CallToolResult, any, error) {
				return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: "sunny in " + in.City}}}, nil, nil
			})
			client := mcp.NewClient(&mcp.Implementation{Name: "c", Version: "v1"}, nil)
			if instrumented {
				server.AddReceivingMiddleware(ServerMiddleware(WithTracerProvider(tp), WithMeterProvider(mp)))
				client.AddSendingMiddleware(ClientMiddleware(WithTracerProvider(tp), WithMeterProvider(mp)))
			}
			ctx := context.Background()
			st, ct := mcp.NewInMemoryTransports()
			ss, err := server.Connect(ctx, st, nil)
			if err != nil {
				b.Fatal(err)
			}
			cs, err := client.Connect(ctx, ct, nil)
			if err != nil {
				b.Fatal(err)
			}
			defer func() { _ = cs.Close(); _ = ss.Wait() }()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "get_weather", Arguments: map[string]any{"city": "Paris"}}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
