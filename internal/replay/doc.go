// Package replay serves recorded OpenAI responses from a loopback HTTP
// server: the chat completion printed in the OpenLIT/Langfuse guide (as JSON
// and as a server-sent-event stream of the same text), and answers in the
// API's documented shapes for the Responses API (JSON and SSE), embeddings,
// image generation, edits and variations, speech (a small binary payload
// standing in for audio), transcription and translation. Tests use it, and
// the examples use it when no OPENAI_API_KEY is set, so a newcomer sees real
// telemetry without an account.
package replay
