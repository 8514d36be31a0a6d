// Package openlitopenai instruments github.com/openai/openai-go/v3: every
// model call made through a wrapped client (chat completions and the
// Responses API, plain or streaming; embeddings; image generation, edits and
// variations; speech, transcription and translation) emits a CLIENT span
// "{operation} {model}" with OpenLIT's gen_ai.* attributes and content
// events, and records OpenLIT's metrics (token usage, cost, operation
// duration, time to first token, time per output token, request and token
// counters), for OpenAI and every OpenAI-compatible host.
//
// Every integration package of openlit-go is named openlit + the library it
// instruments, and lives in a directory of that name, so it never collides
// with the package it instruments.
//
// # Use
//
//	client := openlitopenai.Wrap(openai.NewClient())
//	resp, err := client.Chat.Completions.New(ctx, params) // traced
//
// Wrap returns a [Client] that embeds openai.Client, so every service and
// method stays where it was; the instrumented ones shadow the originals with
// the same signatures and return the very values and errors the plain
// client returns. Every other model call of the client (legacy completions,
// moderations, image and transcription streams, resumed Responses streams,
// services newer than this package) is traced by [Middleware], which Wrap
// installs on every service; client.Client, the embedded openai.Client
// passed on to code typed for it, is traced the same way.
//
// A client that must stay an openai.Client can be traced by [Middleware]
// alone:
//
//	client := openai.NewClient(option.WithMiddleware(openlitopenai.Middleware()))
//
// # Why a typed wrapper and not only an HTTP middleware
//
// openai-go offers option.WithMiddleware, which runs once per HTTP attempt
// and sees raw bodies. Built on that alone, instrumentation would have to
// parse every response body again (and every SSE chunk), which the SDK has
// already parsed, and it could not tell a call from its retries: a request
// answered 429 and then retried would show as two model calls. Wrapping the
// typed methods instead gives one span per call that covers all of the SDK's
// retries, reads the typed request and response the SDK built (no second
// parse), and for streams observes the chunks the SDK decoded, through
// ssestream's iterator hook, without buffering. For a call the typed path
// traces, the middleware only finds the call through the request's context
// and records the host and port each attempt really went to
// (server.address, server.port, and from them gen_ai.system), whatever base
// URL, Azure endpoint or per-request option chose it. For the calls the
// wrapper does not shadow, it decodes the wire (package
// instrumentation/openlithttp does the same for any net/http client), one
// span per attempt; the spans are otherwise the same.
//
// # Streams
//
// NewStreaming returns an *ssestream.Stream that yields the same chunks, at
// the same moments, with the same Err and Close behaviour. The span ends
// when the stream ends, fails or is closed; time to first token is measured
// at the first chunk that carries content; usage comes from the final usage
// chunk (stream_options.include_usage) and is left out, never estimated,
// when the server sends none. A stream abandoned without Close ends its span
// (status error, error.type "stream_abandoned") when it is garbage
// collected, and its HTTP response is closed then, which releases the
// connection the plain client would keep; no goroutine is started per
// stream.
//
// # Configuration
//
// Without options a wrapped client uses the OpenTelemetry global providers
// and the settings openlit.Init made (content capture, pricing, service name,
// environment); the options below override them per client.
package openlitopenai
