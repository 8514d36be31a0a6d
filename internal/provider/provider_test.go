package provider

import "testing"

func TestLookup(t *testing.T) {
	tests := []struct {
		host string
		port int
		want string
	}{
		{"api.openai.com", 443, "openai"},
		{"my-res.openai.azure.com", 443, "az.ai.openai"},
		{"api.anthropic.com", 443, "anthropic"},
		{"us-central1-aiplatform.googleapis.com", 443, "gcp.vertex_ai"},
		{"generativelanguage.googleapis.com", 443, "gcp.gemini"},
		{"bedrock-runtime.us-east-1.amazonaws.com", 443, "aws.bedrock"},
		{"localhost", 11434, "ollama"},
		{"127.0.0.1", 8000, "vllm"},
		{"API.GROQ.COM", 443, "groq"},
		{"llm.example.com", 443, ""},
	}
	r := New(nil)
	for _, tt := range tests {
		for range 2 { // resolved, then cached
			got, ok := r.Lookup(tt.host, tt.port)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("Lookup(%s:%d) = %q, %v; want %q", tt.host, tt.port, got, ok, tt.want)
			}
		}
	}
	if got := r.System("llm.example.com", 443, "openai"); got != "openai" {
		t.Errorf("System fallback = %q", got)
	}
	custom := New(map[string]string{"LLM.example.com": "house", ":8000": "tgi", "*.corp": "corp", "10.0.0.5:8080": "edge"})
	for _, tt := range []struct {
		host string
		port int
		want string
	}{{"llm.example.com", 443, "house"}, {"localhost", 8000, "tgi"}, {"a.b.corp", 1, "corp"}, {"api.groq.com", 443, "groq"}, {"10.0.0.5", 8080, "edge"}} {
		if got, _ := custom.Lookup(tt.host, tt.port); got != tt.want {
			t.Errorf("custom Lookup(%s:%d) = %q, want %q", tt.host, tt.port, got, tt.want)
		}
	}
}

func TestKnown(t *testing.T) {
	r := New(map[string]string{"llm.internal": "house", "*.corp": "corp", ":9000": "x"})
	for host, want := range map[string]bool{
		"api.openai.com": true, "API.OPENAI.COM": true, "x.openai.azure.com": true, "llm.internal": true,
		"a.corp": true, "localhost": false, "example.com": false, "": false, "corp": false,
	} {
		if got := r.Known(host); got != want {
			t.Errorf("Known(%q) = %v, want %v", host, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { r.Known("www.example.com") }); n != 0 {
		t.Errorf("Known allocates %v times", n)
	}
}
