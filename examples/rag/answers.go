package main

import (
	"encoding/json"
	"fmt"
)

// replayAnswers are the model's answers when no OPENAI_API_KEY is set, in
// the order the example asks: the documents' embeddings, the question's,
// the chat answer. The vectors are small and made up so that the two
// documents about tracing are nearest the question.
func replayAnswers() [][]byte {
	docs := [][]float64{{0.9, 0.1, 0.0, 0.1}, {0.1, 0.9, 0.1, 0.0}, {0.0, 0.1, 0.9, 0.1}, {0.8, 0.2, 0.0, 0.2}}
	return [][]byte{
		embeddings(docs, 28),
		embeddings([][]float64{{0.85, 0.15, 0.0, 0.15}}, 7),
		[]byte(`{"id":"chatcmpl-rag-1","object":"chat.completion","created":1764633600,"model":"gpt-4o-2024-08-06",
"choices":[{"index":0,"message":{"role":"assistant","content":"OpenLIT traces LLM calls with OpenTelemetry, and Langfuse reads those traces.","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],
"usage":{"prompt_tokens":52,"completion_tokens":17,"total_tokens":69,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},
"service_tier":"default","system_fingerprint":"fp_rag"}`),
	}
}

func embeddings(vectors [][]float64, tokens int) []byte {
	type datum struct {
		Object    string    `json:"object"`
		Index     int       `json:"index"`
		Embedding []float64 `json:"embedding"`
	}
	data := make([]datum, len(vectors))
	for i, v := range vectors {
		data[i] = datum{Object: "embedding", Index: i, Embedding: v}
	}
	b, err := json.Marshal(map[string]any{"object": "list", "data": data, "model": "text-embedding-3-small",
		"usage": map[string]int{"prompt_tokens": tokens, "total_tokens": tokens}})
	if err != nil {
		panic(fmt.Sprint("embeddings answer: ", err))
	}
	return b
}
