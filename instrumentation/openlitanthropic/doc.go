// Package openlitanthropic instruments
// github.com/anthropics/anthropic-sdk-go/v2 the way package openlitopenai
// instruments openai-go: one CLIENT span "chat {model}" per Messages call,
// filled through the shared core, so its span, events, metrics and cost
// (prompt cache reads and writes at their own rates) look like OpenAI's.
//
//	client := openlitanthropic.Wrap(anthropic.NewClient())
//	msg, err := client.Messages.New(ctx, params) // traced
//
// Wrap shadows Messages.New and Messages.NewStreaming, and the same two of
// Beta.Messages: one span per logical call, across the SDK's retries. It also installs [Middleware] on every
// service of the client, which traces the model calls it does not shadow
// from the wire, and which follows a traced stream's events as the
// application reads them (the SDK's stream type has no hook of its own),
// ending the span when the stream ends, fails or is closed.
//
// anthropic-sdk-go v2 emits OpenTelemetry spans of its own
// ("anthropic.messages.create"); Wrap turns them off on the wrapped client
// (option.WithoutOpenTelemetry), so a call is one span with one set of usage
// figures; option.WithOpenTelemetryTraces(true) given to a call turns the
// SDK's span back on for it (ours nests under it).
//
// This is a nested module (github.com/openlit/openlit-go/instrumentation/openlitanthropic):
// the Anthropic SDK is downloaded only by programs that import it.
package openlitanthropic
