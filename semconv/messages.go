package semconv

import (
	"encoding/json"
	"strings"
)

// Part is one part of a message, in the shape of the current GenAI
// conventions: Type "text" (Content), "tool_call" (ID, Name, Arguments),
// "tool_call_response" (ID, Content), "uri" (Modality, URI) or a named part
// whose data was not copied ("blob" with Modality).
type Part struct {
	Type      string `json:"type"`
	Content   string `json:"content,omitempty"`
	ID        string `json:"id,omitempty"`
	Name      string `json:"name,omitempty"`
	Arguments string `json:"arguments,omitempty"`
	Modality  string `json:"modality,omitempty"`
	URI       string `json:"uri,omitempty"`
	// Label is how OpenLIT's format names the part ("text", "image_url",
	// "input_audio", …); empty means Type.
	Label string `json:"-"`
}

// Message is one chat message: a role and its parts. List records that the
// caller gave the content as a list of parts rather than a string, which
// OpenLIT's format shows.
type Message struct {
	Role         string `json:"role"`
	Parts        []Part `json:"parts"`
	FinishReason string `json:"finish_reason,omitempty"`
	List         bool   `json:"-"`
}

// FormatPrompt formats messages as OpenLIT does for gen_ai.prompt:
// "role: content", one message per line (content alone when the role is
// empty, as for an embeddings input or an image prompt); list content as "label: value"
// parts joined by ", "; tool calls as "tool_calls: name(arguments)"; a tool
// result as "[call id] content".
func FormatPrompt(msgs []Message) string {
	var b strings.Builder
	n := 0
	for _, m := range msgs {
		n += len(m.Role) + 3
		for _, p := range m.Parts {
			n += len(p.Content) + len(p.URI) + len(p.Name) + len(p.Arguments) + len(p.ID) + len(p.Label) + 16
		}
	}
	b.Grow(n)
	for i, m := range msgs {
		if i > 0 {
			b.WriteByte('\n')
		}
		if m.Role != "" {
			b.WriteString(m.Role)
			b.WriteString(": ")
		}
		formatParts(&b, m)
	}
	return b.String()
}

func formatParts(b *strings.Builder, m Message) {
	calls := 0
	for i, p := range m.Parts {
		switch p.Type {
		case "tool_call":
			if calls == 0 {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString("tool_calls: ")
			} else {
				b.WriteString("; ")
			}
			calls++
			b.WriteString(p.Name)
			b.WriteByte('(')
			b.WriteString(p.Arguments)
			b.WriteByte(')')
			continue
		case "tool_call_response":
			if p.ID != "" {
				b.WriteByte('[')
				b.WriteString(p.ID)
				b.WriteString("] ")
			}
			b.WriteString(p.Content)
			continue
		}
		if i > 0 {
			b.WriteString(", ")
		}
		if !m.List && p.Type == "text" {
			b.WriteString(p.Content)
			continue
		}
		label := p.Label
		if label == "" {
			label = p.Type
		}
		b.WriteString(label)
		b.WriteString(": ")
		switch {
		case p.URI != "":
			b.WriteString(p.URI)
		case p.Type == "blob":
			b.WriteString("[" + p.Modality + " data omitted]")
		default:
			b.WriteString(p.Content)
		}
	}
}

// MessagesJSON encodes messages as the current conventions' JSON for
// gen_ai.input.messages, gen_ai.output.messages and
// gen_ai.system_instructions (which takes parts, see PartsJSON).
func MessagesJSON(msgs []Message) string {
	for i := range msgs {
		if msgs[i].Parts == nil {
			msgs[i].Parts = []Part{}
		}
	}
	b, err := json.Marshal(msgs)
	if err != nil {
		return ""
	}
	return string(b)
}

// PartsJSON encodes parts as JSON, for gen_ai.system_instructions.
func PartsJSON(parts []Part) string {
	b, err := json.Marshal(parts)
	if err != nil {
		return ""
	}
	return string(b)
}
