package main

// The replay's answers, in order: the model asks for the get_weather tool,
// then answers with its result. Shaped like gpt-4o's chat completions.
var (
	toolCallAnswer = []byte(`{
  "id": "chatcmpl-agent-1",
  "object": "chat.completion",
  "created": 1764000000,
  "model": "gpt-4o-2024-08-06",
  "choices": [{
    "index": 0,
    "message": {
      "role": "assistant",
      "content": null,
      "tool_calls": [{
        "id": "call_weather_paris",
        "type": "function",
        "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}
      }],
      "refusal": null
    },
    "finish_reason": "tool_calls"
  }],
  "usage": {"prompt_tokens": 82, "completion_tokens": 17, "total_tokens": 99},
  "system_fingerprint": "fp_agent"
}`)
	finalAnswer = []byte(`{
  "id": "chatcmpl-agent-2",
  "object": "chat.completion",
  "created": 1764000001,
  "model": "gpt-4o-2024-08-06",
  "choices": [{
    "index": 0,
    "message": {"role": "assistant", "content": "It is 21°C and sunny in Paris.", "refusal": null},
    "finish_reason": "stop"
  }],
  "usage": {"prompt_tokens": 121, "completion_tokens": 12, "total_tokens": 133},
  "system_fingerprint": "fp_agent"
}`)
)
