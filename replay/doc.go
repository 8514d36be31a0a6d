// Package replay is a local OpenAI-compatible server that answers with
// recorded model responses, in the spirit of net/http/httptest: point an
// openai-go client at Server.BaseURL and it gets the chat completion printed
// in the OpenLIT/Langfuse guide (as JSON and as a server-sent-event stream
// of the same text), and answers in the API's documented shapes for the
// Responses API (JSON and SSE), embeddings, image generation, edits and
// variations, speech (a small binary payload standing in for audio),
// transcription and translation, legacy completions (JSON and SSE) and
// moderations. For the wire-level instrumentation it also answers, at the
// same address, Anthropic's Messages API (/v1/messages, JSON and SSE),
// Gemini's generateContent, streamGenerateContent, embedContent and
// batchEmbedContents (/v1beta/models/{model}:…, and Vertex AI's
// /projects/…/publishers/google/models/{model}:… with its :predict
// embeddings), AWS Bedrock Runtime's Converse, ConverseStream, InvokeModel
// and InvokeModelWithResponseStream (/model/{id}/…, to SigV4-signed
// requests, streams in the AWS event-stream framing) and Ollama's
// /api/chat, /api/generate (NDJSON streams by default, as Ollama does) and
// /api/embed. Options inject
// latency, failures, cut streams or answers of your own.
//
// Use it to test code you traced with openlit-go without a network or an
// account, and, as the examples do with Fallback, to run a program offline
// when no OPENAI_API_KEY is set.
package replay
