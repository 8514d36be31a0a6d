package wire

import (
	"net/http"
	"strings"
)

// kind is the model API operation a request is, from its method and path.
type kind uint8

const (
	kindNone kind = iota
	kindChat
	kindCompletion
	kindResponses
	kindEmbeddings
	kindImages
	kindSpeech
	kindTranscription
	kindTranslation
	kindModeration
	kindAnthropicMessages
	kindGeminiGenerate
	kindGeminiStream
	kindGeminiEmbed
	kindOllamaChat
	kindOllamaGenerate
	kindOllamaEmbed
	// kindUnknown is a JSON request naming a model, to a model provider's
	// host, on a path no decoder knows: it gets a minimal span.
	kindUnknown
)

// suffixes are the paths of the operations decoded, matched at the end of
// the path so any base path (a proxy's, Azure's deployments) works. Order
// matters where one suffix ends another.
var suffixes = [...]struct {
	suffix string
	kind   kind
}{
	{"/api/embeddings", kindOllamaEmbed},
	{"/chat/completions", kindChat},
	{"/completions", kindCompletion},
	{"/responses", kindResponses},
	{"/embeddings", kindEmbeddings},
	{"/images/generations", kindImages},
	{"/images/edits", kindImages},
	{"/images/variations", kindImages},
	{"/audio/speech", kindSpeech},
	{"/audio/transcriptions", kindTranscription},
	{"/audio/translations", kindTranslation},
	{"/moderations", kindModeration},
	{"/v1/messages", kindAnthropicMessages},
	{":rawPredict", kindAnthropicMessages},       // Claude on Vertex AI
	{":streamRawPredict", kindAnthropicMessages}, // Claude on Vertex AI, streamed
	{":generateContent", kindGeminiGenerate},
	{":streamGenerateContent", kindGeminiStream},
	{":embedContent", kindGeminiEmbed},
	{":batchEmbedContents", kindGeminiEmbed},
	{"/api/chat", kindOllamaChat},
	{"/api/generate", kindOllamaGenerate},
	{"/api/embed", kindOllamaEmbed},
}

// match returns the operation a request is by its method and path, and for
// the Gemini paths the model the path names. It does not allocate.
func match(method, path string) (kind, string) {
	if method != http.MethodPost {
		if method == http.MethodGet && strings.Contains(path, "/responses/") {
			// Responses.GetStreaming: resuming a model response's stream.
			return kindResponses, ""
		}
		return kindNone, ""
	}
	path = strings.TrimSuffix(path, "/")
	for _, s := range suffixes {
		if !strings.HasSuffix(path, s.suffix) {
			continue
		}
		switch {
		case s.kind == kindGeminiGenerate || s.kind == kindGeminiStream || s.kind == kindGeminiEmbed:
			return s.kind, geminiModel(path[:len(path)-len(s.suffix)])
		case s.suffix[0] == ':':
			// rawPredict is Vertex AI's call for any publisher's model:
			// only Anthropic's speak the Messages API.
			if !strings.Contains(path, "/publishers/anthropic/") {
				return kindNone, ""
			}
			return s.kind, geminiModel(path[:len(path)-len(s.suffix)])
		}
		return s.kind, ""
	}
	return kindNone, ""
}

// geminiModel is the model of a Gemini path ".../models/{model}", or of a
// tuned model or endpoint path, its last segment.
func geminiModel(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}

// notModelCalls are paths of OpenAI-compatible APIs that carry a "model"
// but call no model: jobs and stored objects.
var notModelCalls = [...]string{
	"/fine_tuning/", "/batches", "/files", "/uploads", "/vector_stores", "/evals", "/assistants",
	"/containers", "/conversations", "/count_tokens", "/input_tokens", "/skills", "/voices",
	"/voice_consents", "/agents", "/realtime", "/organization", "/webhooks", "/chatkit", "/graders",
}

// unknownOperation is the operation name of a model call no decoder knows:
// the last segment of its path ("videos", "rerank"), bounded.
func unknownOperation(path string) (string, bool) {
	for _, s := range notModelCalls {
		if strings.Contains(path, s) {
			return "", false
		}
	}
	path = strings.TrimSuffix(path, "/")
	op := path
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		op = path[i+1:]
	}
	if i := strings.LastIndexByte(op, ':'); i >= 0 {
		op = op[i+1:]
	}
	if op == "" || len(op) > 64 {
		return "", false
	}
	return op, true
}
