// Package wire traces model calls from what crosses the wire: it recognises
// a model API request by its path and body (OpenAI-compatible, Anthropic
// Messages, Gemini and Vertex AI, Ollama), reads the response as its bytes
// pass to the client (JSON, server-sent events, NDJSON), and fills the same
// core call (package genai) as the typed wrappers do.
//
// The client sees the same bytes at the same moments: request bodies are
// read up to a bound and handed on unchanged, response bodies are observed
// as the client reads them, never read ahead or buffered, and what is kept
// for decoding is bounded (long strings cut, long arrays shortened).
package wire
