package main

// The model API's answers the replay serves: the answer (with a wrong
// number of days), then the judge's verdict on it.
var (
	answer = []byte(`{"id":"chatcmpl-guard-1","object":"chat.completion","created":1764000000,"model":"gpt-4o-mini-2024-07-18",
"choices":[{"index":0,"message":{"role":"assistant","content":"Refunds are accepted within 90 days of purchase."},"finish_reason":"stop"}],
"usage":{"prompt_tokens":48,"completion_tokens":11,"total_tokens":59}}`)
	verdict = []byte(`{"id":"chatcmpl-guard-2","object":"chat.completion","created":1764000001,"model":"gpt-4o-mini-2024-07-18",
"choices":[{"index":0,"message":{"role":"assistant","content":"{\"score\":0.9,\"verdict\":\"yes\",\"classification\":\"factual_inaccuracy\",\"explanation\":\"The policy says 30 days, not 90.\"}"},"finish_reason":"stop"}],
"usage":{"prompt_tokens":160,"completion_tokens":30,"total_tokens":190}}`)
)
