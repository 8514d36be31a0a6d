package replay

import (
	"bytes"
	_ "embed" // recorded responses
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

var (
	//go:embed chat_completion.json
	chatCompletion []byte
	//go:embed chat_stream.sse
	chatStream []byte
	//go:embed embeddings.json
	embeddings []byte
	//go:embed images.json
	images []byte
	//go:embed speech.mp3
	speech []byte
	//go:embed transcription.json
	transcription []byte
	//go:embed translation.json
	translation []byte
	//go:embed responses.json
	responsesJSON []byte
	//go:embed responses_stream.sse
	responsesStream []byte
	//go:embed completion.json
	completion []byte
	//go:embed completion_stream.sse
	completionStream []byte
	//go:embed moderation.json
	moderation []byte
	//go:embed anthropic_message.json
	anthropicMessage []byte
	//go:embed anthropic_stream.sse
	anthropicStream []byte
	//go:embed gemini_generate.json
	geminiGenerate []byte
	//go:embed gemini_stream.sse
	geminiStream []byte
	//go:embed gemini_embed.json
	geminiEmbed []byte
	//go:embed gemini_batch_embed.json
	geminiBatchEmbed []byte
	//go:embed vertex_predict.json
	vertexPredict []byte
	//go:embed ollama_chat.json
	ollamaChat []byte
	//go:embed ollama_chat.ndjson
	ollamaChatStream []byte
	//go:embed ollama_generate.json
	ollamaGenerate []byte
	//go:embed ollama_generate.ndjson
	ollamaGenerateStream []byte
	//go:embed ollama_embed.json
	ollamaEmbed []byte
)

// route is what one endpoint answers.
type route struct {
	suffix      string
	json        []byte
	sse         []byte
	contentType string // of a non-JSON answer
	multipart   bool   // the request body is multipart, not JSON
	// streams says when the answer is the stream: "" when the request
	// says "stream": true (OpenAI, Anthropic), "always" (Gemini's stream
	// method), "unless-false" (Ollama streams by default).
	streams string
	ndjson  bool // the stream is NDJSON, not server-sent events
}

var routes = []route{
	{suffix: "/chat/completions", json: chatCompletion, sse: chatStream},
	{suffix: "/responses", json: responsesJSON, sse: responsesStream},
	{suffix: "/embeddings", json: embeddings},
	{suffix: "/images/generations", json: images},
	{suffix: "/images/edits", json: images, multipart: true},
	{suffix: "/images/variations", json: images, multipart: true},
	{suffix: "/audio/speech", json: speech, contentType: "audio/mpeg"},
	{suffix: "/audio/transcriptions", json: transcription, multipart: true},
	{suffix: "/audio/translations", json: translation, multipart: true},
	{suffix: "/completions", json: completion, sse: completionStream},
	{suffix: "/moderations", json: moderation},
	{suffix: "/v1/messages", json: anthropicMessage, sse: anthropicStream},
	{suffix: ":generateContent", json: geminiGenerate},
	{suffix: ":streamGenerateContent", sse: geminiStream, streams: "always"},
	{suffix: ":embedContent", json: geminiEmbed},
	{suffix: ":batchEmbedContents", json: geminiBatchEmbed},
	{suffix: ":predict", json: vertexPredict},
	{suffix: "/api/chat", json: ollamaChat, sse: ollamaChatStream, streams: "unless-false", ndjson: true},
	{suffix: "/api/generate", json: ollamaGenerate, sse: ollamaGenerateStream, streams: "unless-false", ndjson: true},
	{suffix: "/api/embed", json: ollamaEmbed},
}

// Recorded returns the recorded answer of the endpoint whose path ends in
// suffix ("/embeddings", "/audio/speech", …): the JSON (or binary) answer
// and, for streaming endpoints, the SSE stream.
func Recorded(suffix string) (body, sse []byte) {
	for _, r := range routes {
		if r.suffix == suffix {
			return bytes.Clone(r.json), bytes.Clone(r.sse)
		}
	}
	return nil, nil
}

// ChatCompletionJSON returns the recorded chat completion (the guide's
// response to "What is LLM Observability?" from gpt-4o-2024-08-06).
func ChatCompletionJSON() []byte { return bytes.Clone(chatCompletion) }

// Options shape what the server answers.
type Options struct {
	// FirstChunkDelay is waited before the first event of a stream, and
	// before a JSON response.
	FirstChunkDelay time.Duration
	// ChunkDelay is waited between stream events.
	ChunkDelay time.Duration
	// Fail lists HTTP statuses returned, in order, to the first requests;
	// later requests succeed. 429 and 5xx answers carry retry-after-ms: 1 so
	// the SDK's retry is quick.
	Fail []int
	// StopAfter, when > 0, ends a stream after that many events without
	// [DONE] (the connection closes).
	StopAfter int
	// JSON, when set, replaces the recorded answer of every endpoint.
	JSON []byte
	// Answers, when set, are the JSON answers of the first requests
	// answered (after those Fail lists), in order: an agent's turns, say a
	// tool call and then the final answer. Later requests get JSON or the
	// recorded answer.
	Answers [][]byte
	// SSE, when set, replaces the recorded stream of every endpoint.
	SSE []byte
	// Burst sends a stream's events without flushing each, as a buffering
	// proxy does: the client reads many events at a time. Benchmarks use
	// it to measure what each event costs apart from the loopback's
	// system calls.
	Burst bool
	// Events, when set, replaces the recorded event stream of Bedrock's
	// ConverseStream and InvokeModelWithResponseStream.
	Events []EventStreamMessage
}

// Server is a replay server on a loopback port.
type Server struct {
	*httptest.Server
	opts     Options
	requests atomic.Int64

	mu     sync.Mutex
	bodies [][]byte
}

// NewServer starts a replay server. Its URL + "/v1" is an OpenAI base URL.
func NewServer(opts Options) *Server {
	s := &Server{opts: opts}
	s.Server = httptest.NewServer(s)
	return s
}

// NewTLSServer starts a replay server that speaks HTTPS with httptest's
// self-signed certificate.
func NewTLSServer(opts Options) *Server {
	s := &Server{opts: opts}
	s.Server = httptest.NewTLSServer(s)
	return s
}

// BaseURL is the OpenAI base URL of the server.
func (s *Server) BaseURL() string { return s.URL + "/v1/" }

// Requests returns how many requests arrived.
func (s *Server) Requests() int { return int(s.requests.Load()) }

// Bodies returns the request bodies received, in order.
func (s *Server) Bodies() [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][]byte(nil), s.bodies...)
}

// ServeHTTP answers POST requests to the endpoints listed in routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := int(s.requests.Add(1))
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.bodies = append(s.bodies, body)
	s.mu.Unlock()

	if strings.HasPrefix(r.URL.Path, "/model/") {
		s.bedrock(w, r, n)
		return
	}
	var rt *route
	for i := range routes {
		if strings.HasSuffix(r.URL.Path, routes[i].suffix) && rt == nil {
			rt = &routes[i]
		}
	}
	if r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/responses/") &&
		(r.URL.Query().Get("stream") == "true" || bytes.Contains(body, []byte(`"stream":true`))) {
		// Responses.GetStreaming: a stored response's stream, replayed (the
		// API documents stream as a query parameter, openai-go sends it in
		// a JSON body).
		s.stream(w, r, responsesStream, true, false)
		return
	}
	if r.Method != http.MethodPost || rt == nil {
		writeError(w, http.StatusNotFound, "not_found", "replay does not serve "+r.Method+" "+r.URL.Path)
		return
	}
	if n <= len(s.opts.Fail) {
		status := s.opts.Fail[n-1]
		if status == http.StatusTooManyRequests || status >= 500 {
			w.Header().Set("retry-after-ms", "1")
		}
		writeError(w, status, errorType(status), http.StatusText(status))
		return
	}
	var req struct {
		Stream        *bool `json:"stream"`
		StreamOptions struct {
			IncludeUsage bool `json:"include_usage"`
		} `json:"stream_options"`
	}
	if !rt.multipart {
		if err := json.Unmarshal(body, &req); err != nil {
			writeError(w, http.StatusBadRequest, "invalid_request_error", "body is not JSON")
			return
		}
	} else if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		writeError(w, http.StatusBadRequest, "invalid_request_error", "want a multipart/form-data body")
		return
	}
	if !sleep(r, s.opts.FirstChunkDelay) {
		return
	}
	stream := req.Stream != nil && *req.Stream
	switch rt.streams {
	case "always":
		stream = true
	case "unless-false":
		stream = req.Stream == nil || *req.Stream
	}
	if !stream || rt.sse == nil {
		ct := rt.contentType
		if ct == "" {
			ct = "application/json"
		}
		w.Header().Set("Content-Type", ct)
		data := s.opts.JSON
		if data == nil {
			data = rt.json
		}
		if k := n - len(s.opts.Fail) - 1; k >= 0 && k < len(s.opts.Answers) {
			data = s.opts.Answers[k]
		}
		_, _ = w.Write(data)
		return
	}
	data := s.opts.SSE
	if data == nil {
		data = rt.sse
	}
	usage := req.StreamOptions.IncludeUsage || (rt.suffix != "/chat/completions" && rt.suffix != "/completions")
	s.stream(w, r, data, usage, rt.ndjson)
}

func (s *Server) stream(w http.ResponseWriter, r *http.Request, data []byte, includeUsage, ndjson bool) {
	sep := []byte("\n\n")
	w.Header().Set("Content-Type", "text/event-stream")
	if ndjson {
		sep = []byte("\n")
		w.Header().Set("Content-Type", "application/x-ndjson")
	}
	w.Header().Set("Cache-Control", "no-cache")
	flusher, _ := w.(http.Flusher)
	events := bytes.SplitAfter(data, sep)
	sent := 0
	for i, ev := range events {
		if len(bytes.TrimSpace(ev)) == 0 {
			continue
		}
		// Without include_usage the API sends no usage chunk.
		if !includeUsage && bytes.Contains(ev, []byte(`"choices":[]`)) && bytes.Contains(ev, []byte(`"usage":{`)) {
			continue
		}
		if s.opts.StopAfter > 0 && sent >= s.opts.StopAfter {
			return
		}
		if i > 0 && !sleep(r, s.opts.ChunkDelay) {
			return
		}
		if _, err := w.Write(ev); err != nil {
			return
		}
		sent++
		if flusher != nil && !s.opts.Burst {
			flusher.Flush()
		}
	}
}

func sleep(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

func errorType(status int) string {
	switch {
	case status == http.StatusUnauthorized:
		return "invalid_request_error"
	case status == http.StatusTooManyRequests:
		return "rate_limit_exceeded"
	case status >= 500:
		return "server_error"
	}
	return "invalid_request_error"
}

func writeError(w http.ResponseWriter, status int, typ, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = fmt.Fprintf(w, `{"error":{"message":%q,"type":%q,"param":null,"code":%q}}`, msg, typ, typ)
}
