package semconv

import "encoding/json"

// Langfuse's own input and output keys: they win over every other source,
// and a JSON list of chat messages in the OpenAI shape is shown as a chat.
const (
	// LangfuseObservationInput is "langfuse.observation.input" (JSON).
	LangfuseObservationInput = "langfuse.observation.input"
	// LangfuseObservationOutput is "langfuse.observation.output" (JSON).
	LangfuseObservationOutput = "langfuse.observation.output"
	// LangfuseObservationType is "langfuse.observation.type": it wins over
	// Langfuse's mapping of gen_ai.operation.name.
	LangfuseObservationType = "langfuse.observation.type"
)

// chatMessage is a message in the OpenAI chat shape, which Langfuse (and
// most tools) render as a chat: content is a string, or a list of parts
// when the message mixes text with media.
type chatMessage struct {
	Role       string     `json:"role"`
	Content    any        `json:"content"`
	ToolCalls  []chatCall `json:"tool_calls,omitempty"`
	ToolCallID string     `json:"tool_call_id,omitempty"`
}

type chatCall struct {
	ID       string   `json:"id,omitempty"`
	Type     string   `json:"type"`
	Function chatFunc `json:"function"`
}

type chatFunc struct {
	Name      string `json:"name"`
	Arguments string `json:"arguments"`
}

// ChatJSON encodes messages as a JSON list of chat messages in the OpenAI
// shape: roles (an empty role, as for an embeddings input or an image
// prompt, becomes "user"), text content, tool calls (id, name, arguments)
// on assistant messages, and each tool result as a "tool" message with its
// tool_call_id. Media parts appear as content parts with their URI or a
// placeholder; their data is never copied.
func ChatJSON(msgs []Message) string {
	out := make([]chatMessage, 0, len(msgs))
	for _, m := range msgs {
		out = append(out, chatMessages(m)...)
	}
	b, err := json.Marshal(out)
	if err != nil {
		return ""
	}
	return string(b)
}

func chatMessages(m Message) []chatMessage {
	role := m.Role
	if role == "" {
		role = "user"
	}
	var results []chatMessage
	msg := chatMessage{Role: role}
	var text string
	var parts []map[string]any
	media := false
	for _, p := range m.Parts {
		switch p.Type {
		case "tool_call":
			msg.ToolCalls = append(msg.ToolCalls, chatCall{ID: p.ID, Type: "function", Function: chatFunc{Name: p.Name, Arguments: p.Arguments}})
		case "tool_call_response":
			results = append(results, chatMessage{Role: "tool", Content: p.Content, ToolCallID: p.ID})
		case "text":
			if text != "" {
				text += "\n"
			}
			text += p.Content
			parts = append(parts, map[string]any{"type": "text", "text": p.Content})
		default:
			media = true
			label := p.Label
			if label == "" {
				label = p.Type
			}
			switch {
			case p.URI != "" && p.Modality == "image":
				parts = append(parts, map[string]any{"type": "image_url", "image_url": map[string]string{"url": p.URI}})
			case p.URI != "":
				parts = append(parts, map[string]any{"type": label, "url": p.URI})
			case p.Content != "":
				parts = append(parts, map[string]any{"type": label, "text": p.Content})
			default:
				parts = append(parts, map[string]any{"type": label, "text": "[" + p.Modality + " data omitted]"})
			}
		}
	}
	if len(results) > 0 && text == "" && !media && len(msg.ToolCalls) == 0 {
		return results
	}
	switch {
	case media:
		msg.Content = parts
	case text != "" || len(msg.ToolCalls) == 0:
		msg.Content = text
	}
	return append([]chatMessage{msg}, results...)
}
