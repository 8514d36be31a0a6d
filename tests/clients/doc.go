// Package clients tests openlit-go's wire-level instrumentation with real
// Go LLM clients (sashabaranov/go-openai, Ollama's api package,
// langchaingo's OpenAI LLM, openai-go through Middleware only, and plain
// net/http) against the local replay. It is its own module so that the
// root go.mod does not carry these clients.
package clients
