// Package openlitanthropic will instrument
// github.com/anthropics/anthropic-sdk-go/v2 the way package openlitopenai
// instruments openai-go: one CLIENT span per model call, filled through the
// shared core, so its span, events, metrics and cost look like OpenAI's.
//
// This is the skeleton of openlit-go's first nested module: it is its own Go
// module (github.com/openlit/openlit-go/instrumentation/openlitanthropic), so
// the Anthropic SDK is downloaded only by programs that import it, never by
// those that use only the root module. It holds no instrumentation yet; the
// integration lands with its issue. See the README's "Modules" section for
// how nested modules are versioned and tagged.
package openlitanthropic
