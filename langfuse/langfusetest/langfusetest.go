// Package langfusetest is a local Langfuse server for tests and offline
// examples, in the spirit of net/http/httptest:
// the public API endpoints openlit-go uses (projects, datasets, dataset
// items, dataset run items, scores) and the OTLP traces endpoint, with Basic
// auth, answering in the shapes of Langfuse's OpenAPI specification. Tests
// hang a validator on it that checks every request and answer against the
// specification itself.
package langfusetest

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/openlit/openlit-go/internal/otlpreceiver"
)

// Keys the fake accepts unless told otherwise.
const (
	PublicKey = "pk-lf-fake"
	SecretKey = "sk-lf-fake"
)

// Exchange is one request and the answer the fake gave, for validation.
type Exchange struct {
	Request      *http.Request
	RequestBody  []byte
	Status       int
	Header       http.Header
	ResponseBody []byte
}

// Server is a fake Langfuse.
type Server struct {
	*httptest.Server
	// Traces received on /api/public/otel/v1/traces.
	Traces *otlpreceiver.Receiver

	mu        sync.Mutex
	items     []map[string]any
	links     []map[string]any
	scores    []map[string]any
	exchanges []Exchange
	otlpHdrs  []http.Header
	metrics   int
	fail      []int
	publicKey string
	secretKey string
	// prompts holds every version of every prompt, oldest first.
	prompts map[string][]map[string]any
}

// New starts a fake Langfuse with a dataset named dataset holding the given
// item inputs.
func New(dataset string, inputs ...any) *Server {
	s := &Server{Traces: otlpreceiver.NewUnstarted(), publicKey: PublicKey, secretKey: SecretKey}
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC).Format(time.RFC3339)
	for i, in := range inputs {
		s.items = append(s.items, map[string]any{
			"id": fmt.Sprintf("item-%d", i+1), "status": "ACTIVE", "input": in, "expectedOutput": map[string]any{},
			"metadata": map[string]any{}, "sourceTraceId": nil, "sourceObservationId": nil, "datasetId": "ds-1",
			"datasetName": dataset, "createdAt": now, "updatedAt": now, "mediaReferences": []any{},
		})
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/public/projects", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"data": []any{map[string]any{
			"id": "proj-1", "name": "openlit-go", "organization": map[string]any{"id": "org-1", "name": "Org"}, "metadata": map[string]any{},
		}}})
	})
	mux.HandleFunc("GET /api/public/v2/datasets/{name}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("name") != dataset {
			writeJSON(w, 404, map[string]any{"message": "Dataset not found"})
			return
		}
		writeJSON(w, 200, map[string]any{"id": "ds-1", "name": dataset, "description": "fake", "metadata": map[string]any{},
			"inputSchema": nil, "expectedOutputSchema": nil, "projectId": "proj-1", "createdAt": now, "updatedAt": now})
	})
	mux.HandleFunc("GET /api/public/dataset-items", func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		page, limit = max(page, 1), max(limit, 1)
		var match []map[string]any
		for _, it := range s.items {
			if it["datasetName"] == r.URL.Query().Get("datasetName") {
				match = append(match, it)
			}
		}
		start, end := min((page-1)*limit, len(match)), min(page*limit, len(match))
		writeJSON(w, 200, map[string]any{"data": append([]map[string]any{}, match[start:end]...), "meta": map[string]any{
			"page": page, "limit": limit, "totalItems": len(match), "totalPages": (len(match) + limit - 1) / limit,
		}})
	})
	mux.HandleFunc("POST /api/public/dataset-run-items", func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		if json.NewDecoder(r.Body).Decode(&body) != nil {
			writeJSON(w, 400, map[string]any{"message": "invalid body"})
			return
		}
		s.mu.Lock()
		s.links = append(s.links, body)
		n := len(s.links)
		s.mu.Unlock()
		writeJSON(w, 200, map[string]any{"id": fmt.Sprintf("dri-%d", n), "datasetRunId": "run-1", "datasetRunName": body["runName"],
			"datasetItemId": body["datasetItemId"], "traceId": body["traceId"], "observationId": nil, "createdAt": now, "updatedAt": now})
	})
	mux.HandleFunc("POST /api/public/scores", func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		if json.NewDecoder(r.Body).Decode(&body) != nil {
			writeJSON(w, 400, map[string]any{"message": "invalid body"})
			return
		}
		s.mu.Lock()
		s.scores = append(s.scores, body)
		n := len(s.scores)
		s.mu.Unlock()
		writeJSON(w, 200, map[string]any{"id": fmt.Sprintf("score-%d", n)})
	})
	mux.HandleFunc("GET /api/public/v2/prompts/{name}", s.getPrompt)
	mux.HandleFunc("POST /api/public/v2/prompts", s.createPrompt)
	otlp := http.StripPrefix("/api/public/otel", s.Traces.Handler())
	mux.HandleFunc("POST /api/public/otel/v1/traces", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.otlpHdrs = append(s.otlpHdrs, r.Header.Clone())
		s.mu.Unlock()
		otlp.ServeHTTP(w, r)
	})
	mux.HandleFunc("/api/public/otel/v1/metrics", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.metrics++
		s.mu.Unlock()
		writeJSON(w, 404, map[string]any{"message": "Langfuse ingests traces only"})
	})
	s.Server = httptest.NewServer(s.recording(s.auth(mux)))
	return s
}

// Fail makes the next requests answer these statuses, in order.
func (s *Server) Fail(statuses ...int) {
	s.mu.Lock()
	s.fail = append(s.fail, statuses...)
	s.mu.Unlock()
}

func (s *Server) auth(next http.Handler) http.Handler {
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte(s.publicKey+":"+s.secretKey))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != want {
			writeJSON(w, 401, map[string]any{"message": "Invalid credentials"})
			return
		}
		s.mu.Lock()
		var status int
		if len(s.fail) > 0 {
			status, s.fail = s.fail[0], s.fail[1:]
		}
		s.mu.Unlock()
		if status != 0 {
			if status == http.StatusTooManyRequests {
				w.Header().Set("Retry-After", "0")
			}
			writeJSON(w, status, map[string]any{"message": http.StatusText(status)})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// recording keeps every API exchange (not OTLP's protobuf) for validation.
func (s *Server) recording(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/public/otel/") {
			next.ServeHTTP(w, r)
			return
		}
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
		req := r.Clone(r.Context())
		req.Body = io.NopCloser(bytes.NewReader(body))
		s.mu.Lock()
		s.exchanges = append(s.exchanges, Exchange{Request: req, RequestBody: body, Status: rec.Code,
			Header: rec.Header().Clone(), ResponseBody: rec.Body.Bytes()})
		s.mu.Unlock()
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Links returns the dataset run item requests received.
func (s *Server) Links() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]map[string]any(nil), s.links...)
}

// Scores returns the score requests received.
func (s *Server) Scores() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]map[string]any(nil), s.scores...)
}

// Exchanges returns every API request and answer.
func (s *Server) Exchanges() []Exchange {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Exchange(nil), s.exchanges...)
}

// OTLPHeaders returns the headers of every OTLP traces request.
func (s *Server) OTLPHeaders() []http.Header {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]http.Header(nil), s.otlpHdrs...)
}

// MetricsRequests counts requests to the OTLP metrics path (Langfuse has
// none; the preset must never send there).
func (s *Server) MetricsRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.metrics
}

// ExperimentProblems checks the experiment spans and scores received
// against Langfuse v4's experiment contract and returns what breaks it
// (empty when all holds): every span carrying an item id names a known
// dataset (by id) and item, has the experiment id and name, an expected
// output that is JSON, an ISO 8601 item version if any, and a root
// observation id that is the span's own id when the span is its trace's
// root (the item's other spans name that root); every score with an
// observation id points at a received root span of the same trace.
func (s *Server) ExperimentProblems() []string {
	var problems []string
	items := map[string]bool{}
	s.mu.Lock()
	for _, it := range s.items {
		items[fmt.Sprint(it["id"])] = true
	}
	scores := append([]map[string]any(nil), s.scores...)
	s.mu.Unlock()
	roots := map[string]string{} // root span id -> trace id
	for _, sp := range s.Traces.Spans() {
		a := otlpreceiver.Attrs(sp.Attributes)
		item, ok := a["langfuse.experiment.item.id"].(string)
		if !ok {
			continue
		}
		spanID, traceID := hex.EncodeToString(sp.SpanId), hex.EncodeToString(sp.TraceId)
		say := func(format string, args ...any) {
			problems = append(problems, fmt.Sprintf("span %s (%s): ", sp.Name, spanID)+fmt.Sprintf(format, args...))
		}
		if !items[item] {
			say("unknown item %q", item)
		}
		if a["langfuse.experiment.dataset.id"] != "ds-1" {
			say("dataset id %v, want the dataset's id ds-1", a["langfuse.experiment.dataset.id"])
		}
		if a["langfuse.experiment.id"] == nil || a["langfuse.experiment.name"] == nil {
			say("no experiment id or name")
		}
		if eo, _ := a["langfuse.experiment.item.expected_output"].(string); !json.Valid([]byte(eo)) {
			say("expected output %q is not JSON", eo)
		}
		if v, ok := a["langfuse.experiment.item.version"].(string); ok {
			if _, err := time.Parse(time.RFC3339Nano, v); err != nil {
				say("item version %q is not ISO 8601", v)
			}
		}
		root, _ := a["langfuse.experiment.item.root_observation_id"].(string)
		if len(sp.ParentSpanId) == 0 {
			if root != spanID {
				say("root observation id %q is not the root span's id", root)
			}
			roots[spanID] = traceID
		} else if root == "" {
			say("no root observation id")
		}
	}
	for _, sc := range scores {
		obs, ok := sc["observationId"].(string)
		if !ok {
			continue
		}
		if tr, found := roots[obs]; !found || tr != sc["traceId"] {
			problems = append(problems, fmt.Sprintf("score %v: observation %s is not a received item root of trace %v", sc["name"], obs, sc["traceId"]))
		}
	}
	return problems
}

// AddPrompt stores a new version of a prompt, as the Langfuse UI would: a
// text prompt when prompt is a string, a chat prompt when it is a list of
// messages ([]map[string]any with role and content). It returns the
// version. The newest version is labelled "latest"; a label given here
// moves to this version.
func (s *Server) AddPrompt(name string, prompt any, config any, labels ...string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addPromptLocked(name, prompt, config, labels, nil)
}

func (s *Server) addPromptLocked(name string, prompt, config any, labels, tags []string) int {
	if s.prompts == nil {
		s.prompts = map[string][]map[string]any{}
	}
	typ := "text"
	if _, ok := prompt.(string); !ok {
		typ = "chat"
	}
	versions := s.prompts[name]
	for _, v := range versions {
		v["labels"] = slices.DeleteFunc(slices.Clone(v["labels"].([]string)), func(l string) bool {
			return l == "latest" || slices.Contains(labels, l)
		})
	}
	if config == nil {
		config = map[string]any{}
	}
	if tags == nil {
		tags = []string{}
	}
	version := len(versions) + 1
	s.prompts[name] = append(versions, map[string]any{
		"name": name, "version": version, "type": typ, "prompt": prompt, "config": config,
		"labels": append(slices.Clone(labels), "latest"), "tags": tags, "commitMessage": nil,
	})
	return version
}

// getPrompt answers GET /api/public/v2/prompts/{name}: by version, by
// label, else the "production" version.
func (s *Server) getPrompt(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	label := q.Get("label")
	if label == "" && q.Get("version") == "" {
		label = "production"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range s.prompts[r.PathValue("name")] {
		if (q.Get("version") != "" && strconv.Itoa(v["version"].(int)) == q.Get("version")) ||
			(label != "" && slices.Contains(v["labels"].([]string), label)) {
			writeJSON(w, 200, v)
			return
		}
	}
	writeJSON(w, 404, map[string]any{"message": "Prompt not found"})
}

// createPrompt answers POST /api/public/v2/prompts with the new version.
func (s *Server) createPrompt(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Name   string   `json:"name"`
		Prompt any      `json:"prompt"`
		Config any      `json:"config"`
		Labels []string `json:"labels"`
		Tags   []string `json:"tags"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Name == "" || body.Prompt == nil {
		writeJSON(w, 400, map[string]any{"message": "Invalid request body"})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.addPromptLocked(body.Name, body.Prompt, body.Config, body.Labels, body.Tags)
	writeJSON(w, 200, s.prompts[body.Name][v-1])
}
