// Package openlitmcp traces the Model Context Protocol calls of the
// official Go SDK (github.com/modelcontextprotocol/go-sdk) per the
// OpenTelemetry MCP conventions, on both sides:
//
//	client.AddSendingMiddleware(openlitmcp.ClientMiddleware())
//	server.AddReceivingMiddleware(openlitmcp.ServerMiddleware())
//
// Each request is a span "{mcp.method.name} {target}" (the tool, prompt or
// resource; CLIENT on the client, SERVER on the server) with
// mcp.method.name, mcp.session.id, mcp.protocol.version,
// network.transport (WithNetworkTransport), and for tools/call
// gen_ai.operation.name "execute_tool" and gen_ai.tool.name; the tool's
// arguments and result are content, recorded when capture is on. A
// JSON-RPC error records its code as error.type, a tool result with
// isError records "tool_error". The mcp.client.operation.duration and
// mcp.server.operation.duration histograms are recorded.
//
// The client injects the trace context (W3C traceparent and tracestate,
// and baggage) into the request's _meta (a copy of the map, set on the
// request's params, as the SDK sets its own _meta keys), and the server
// continues it, so a tool call and its handling are one trace across
// processes.
// Notifications are not traced.
//
// This is a nested module (github.com/openlit/openlit-go/instrumentation/openlitmcp):
// the MCP SDK is downloaded only by programs that import it.
package openlitmcp
