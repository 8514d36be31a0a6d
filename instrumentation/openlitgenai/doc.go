// Package openlitgenai instruments google.golang.org/genai, Google's Go SDK
// for Gemini on the Gemini API and on Vertex AI, the way package
// openlitopenai instruments openai-go: one CLIENT span per model call,
// "chat {model}" for content generation and "embeddings {model}" for
// embeddings, filled through the shared core, so its span, events, metrics
// and cost look like OpenAI's.
//
//	client, err := openlitgenai.NewClient(ctx, &genai.ClientConfig{})
//	res, err := client.Models.GenerateContent(ctx, "gemini-2.5-flash", genai.Text("Hi"), nil) // traced
//
// The client shadows Models.GenerateContent, Models.GenerateContentStream
// and Models.EmbedContent, and Chats.Create, whose chat sessions' Send,
// SendMessage, SendStream and SendMessageStream are traced the same way.
// gen_ai.system is gcp.gemini on the Gemini API and gcp.vertex_ai on Vertex
// AI (gen_ai.provider.name in the latest conventions).
//
// # Why typed, and not the wire
//
// The SDK has no middleware: its one hook is ClientConfig.HTTPClient. The
// instrumentation reads the SDK's own values instead of the HTTP exchange,
// which keeps every property the wire cannot:
//
//   - One span per logical call. GenerateContent continues an answer the
//     model stopped early with more requests (automatic continuation), and
//     retries per HTTPOptions.RetryOptions; the span covers them all, with
//     the usage the SDK sums.
//   - A stream is an iter.Seq2 that makes its request when ranged over: the
//     span starts then, each chunk is observed as the SDK yields it (time to
//     first chunk is when the application gets its first text), and the span
//     ends when the range ends — the last chunk, an error, or the caller's
//     break. Ranging twice is two calls and two spans; a sequence never
//     ranged over is no call and no span.
//   - Any HTTP client works, Vertex AI's credentials included: nothing is
//     installed on it, and Wrap instruments a client built elsewhere.
//   - No double tracing: the call is on the request's context, so the wire
//     layer (openlithttp, or openlit.WithHTTPInstrumentation) leaves it to
//     this span.
//
// The chunk and response values are the SDK's, unchanged: the
// instrumentation only reads them.
//
// The Live API (WebSocket) is not traced.
//
// This is a nested module (github.com/openlit/openlit-go/instrumentation/openlitgenai):
// the Google Gen AI SDK is downloaded only by programs that import it.
package openlitgenai
