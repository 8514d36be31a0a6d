// Package openlithttp traces the model calls any Go HTTP client makes: an
// http.RoundTripper, in the manner of otelhttp.NewTransport, that
// recognises model API requests on the wire (OpenAI-compatible APIs,
// Anthropic Messages, Gemini and Vertex AI, Ollama) and records each as the
// typed wrappers do: the "chat {model}" span, its events, the seven GenAI
// metrics and the cost.
//
//	client := &http.Client{Transport: openlithttp.NewTransport(nil)}
//
// Every other request passes through untouched. openlit.Init with
// openlit.WithHTTPInstrumentation(true) (or OPENLIT_HTTP_INSTRUMENTATION=true)
// puts this transport behind a hook on http.DefaultTransport
// (RegisterProtocol), so every client on the default transport is traced
// with no other code while the default transport stays an *http.Transport.
//
// The transport sees attempts: a client that retries records one span per
// attempt, each failed attempt with its error.type (429, 503, …), and only
// the answered attempt carries tokens and cost, so nothing is counted twice.
// A request made inside a call a typed wrapper already traces is not traced
// again.
package openlithttp
