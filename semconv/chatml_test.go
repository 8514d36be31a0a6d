package semconv

import "testing"

func TestChatJSON(t *testing.T) {
	for _, tc := range []struct {
		name string
		msgs []Message
		want string
	}{
		{"plain chat", []Message{{Role: "system", Parts: []Part{{Type: "text", Content: "Be brief."}}},
			{Role: "user", Parts: []Part{{Type: "text", Content: "Hi"}}}},
			`[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}]`},
		{"tool calls only", []Message{{Role: "assistant", Parts: []Part{
			{Type: "tool_call", ID: "call_1", Name: "get_weather", Arguments: `{"city":"Paris"}`},
			{Type: "tool_call", ID: "call_2", Name: "get_time", Arguments: `{}`}}}},
			`[{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},{"id":"call_2","type":"function","function":{"name":"get_time","arguments":"{}"}}]}]`},
		{"tool result", []Message{{Role: "tool", Parts: []Part{{Type: "tool_call_response", ID: "call_1", Content: "18C"}}}},
			`[{"role":"tool","content":"18C","tool_call_id":"call_1"}]`},
		{"no role", []Message{{Parts: []Part{{Type: "text", Content: "a cat"}}}},
			`[{"role":"user","content":"a cat"}]`},
		{"image", []Message{{Role: "user", List: true, Parts: []Part{{Type: "text", Content: "What is it?"},
			{Type: "uri", Modality: "image", URI: "https://x/cat.png", Label: "image_url"}}}},
			`[{"role":"user","content":[{"text":"What is it?","type":"text"},{"image_url":{"url":"https://x/cat.png"},"type":"image_url"}]}]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ChatJSON(tc.msgs); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}
