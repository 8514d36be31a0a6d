package main

// The model API's answers the replay serves: a get_weather call, then the
// answer.
var (
	toolCallAnswer = []byte(`{"id":"chatcmpl-gk-1","object":"chat.completion","created":1764000000,"model":"gpt-4o-mini-2024-07-18",
"choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_paris","type":"function",
"function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},"finish_reason":"tool_calls"}],
"usage":{"prompt_tokens":57,"completion_tokens":15,"total_tokens":72}}`)
	finalAnswer = []byte(`{"id":"chatcmpl-gk-2","object":"chat.completion","created":1764000001,"model":"gpt-4o-mini-2024-07-18",
"choices":[{"index":0,"message":{"role":"assistant","content":"It is 21°C and sunny in Paris."},"finish_reason":"stop"}],
"usage":{"prompt_tokens":86,"completion_tokens":10,"total_tokens":96}}`)
)
