// Package geminiconv reads google.golang.org/genai's request values into
// the core's: the request attributes of a generateContent call, its
// prompt and system instructions, its parts. It is shared by the
// integrations that see genai's types: openlitgenai (the genai client)
// and openlitadk (ADK's models), so that both record a Gemini call alike.
//
// It lives in a module of its own (instrumentation/internal) so that the
// root module stays free of the genai SDK; it requires the oldest genai
// its users need (ADK's), each user's own requirement deciding the
// version built.
package geminiconv
