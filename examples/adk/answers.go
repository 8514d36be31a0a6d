package main

// The Gemini API's answers the replay serves: a get_weather call, then
// the answer.
var (
	toolCallAnswer = []byte(`{"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"id":"call_paris","name":"get_weather",
"args":{"city":"Paris"}}}]},"finishReason":"STOP","index":0}],
"usageMetadata":{"promptTokenCount":57,"candidatesTokenCount":15,"totalTokenCount":72},"modelVersion":"gemini-2.5-flash","responseId":"adk-1"}`)
	finalAnswer = []byte(`{"candidates":[{"content":{"role":"model","parts":[{"text":"It is 21°C and sunny in Paris."}]},"finishReason":"STOP","index":0}],
"usageMetadata":{"promptTokenCount":86,"candidatesTokenCount":10,"totalTokenCount":96},"modelVersion":"gemini-2.5-flash","responseId":"adk-2"}`)
)
