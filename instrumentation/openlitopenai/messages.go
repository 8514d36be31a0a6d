package openlitopenai

import (
	"strconv"
	"strings"

	"github.com/openai/openai-go/v3"

	"github.com/openlit/openlit-go/semconv"
)

// FormatMessages formats chat messages as OpenLIT does for the
// gen_ai.prompt event attribute: "role: content", one message per line.
// Multi-part content becomes "type: value" parts joined by ", "; image URLs
// are kept but the payload of a data: URI is never copied; audio and file
// parts are named, not copied. An assistant turn's tool calls are written as
// "tool_calls: name(arguments)", and a tool turn names its call id.
func FormatMessages(msgs []openai.ChatCompletionMessageParamUnion) string {
	return semconv.FormatPrompt(chatMessages(msgs))
}

// chatMessages converts chat messages to the neutral form semconv formats.
func chatMessages(msgs []openai.ChatCompletionMessageParamUnion) []semconv.Message {
	return chatMessagesInto(make([]semconv.Message, 0, len(msgs)), make([]semconv.Part, 0, len(msgs)), msgs)
}

// chatMessagesInto appends msgs to out, the parts of plain text messages
// to buf (which must have room for one per message, so that they are
// never moved).
func chatMessagesInto(out []semconv.Message, buf []semconv.Part, msgs []openai.ChatCompletionMessageParamUnion) []semconv.Message {
	for _, m := range msgs {
		if m.OfUser != nil && (m.OfUser.Content.OfString.Valid() || len(m.OfUser.Content.OfArrayOfContentParts) == 0) {
			out = append(out, semconv.Message{Role: "user", Parts: textPart(&buf, m.OfUser.Content.OfString.Value)})
			continue
		}
		if m.OfSystem != nil && len(m.OfSystem.Content.OfArrayOfContentParts) == 0 {
			out = append(out, semconv.Message{Role: "system", Parts: textPart(&buf, m.OfSystem.Content.OfString.Value)})
			continue
		}
		out = append(out, chatMessage(m))
	}
	return out
}

func text(s string) semconv.Part { return semconv.Part{Type: "text", Content: s} }

// textPart returns the one-text-part slice of a string message, cut from
// buf so that a prompt of plain messages costs one allocation.
func textPart(buf *[]semconv.Part, s string) []semconv.Part {
	*buf = append(*buf, text(s))
	b := *buf
	return b[len(b)-1 : len(b) : len(b)]
}

func textParts(s string, parts []openai.ChatCompletionContentPartTextParam) ([]semconv.Part, bool) {
	if len(parts) == 0 {
		return []semconv.Part{text(s)}, false
	}
	out := make([]semconv.Part, len(parts))
	for i, p := range parts {
		out[i] = text(p.Text)
	}
	return out, true
}

func chatMessage(m openai.ChatCompletionMessageParamUnion) semconv.Message {
	switch {
	case m.OfUser != nil:
		c := m.OfUser.Content
		if c.OfString.Valid() || len(c.OfArrayOfContentParts) == 0 {
			return semconv.Message{Role: "user", Parts: []semconv.Part{text(c.OfString.Value)}}
		}
		parts := make([]semconv.Part, 0, len(c.OfArrayOfContentParts))
		for _, p := range c.OfArrayOfContentParts {
			parts = append(parts, contentPart(p))
		}
		return semconv.Message{Role: "user", Parts: parts, List: true}
	case m.OfSystem != nil:
		parts, list := textParts(m.OfSystem.Content.OfString.Value, m.OfSystem.Content.OfArrayOfContentParts)
		return semconv.Message{Role: "system", Parts: parts, List: list}
	case m.OfDeveloper != nil:
		parts, list := textParts(m.OfDeveloper.Content.OfString.Value, m.OfDeveloper.Content.OfArrayOfContentParts)
		return semconv.Message{Role: "developer", Parts: parts, List: list}
	case m.OfAssistant != nil:
		a := m.OfAssistant
		msg := semconv.Message{Role: "assistant"}
		if a.Content.OfString.Valid() {
			msg.Parts = append(msg.Parts, text(a.Content.OfString.Value))
		}
		for _, p := range a.Content.OfArrayOfContentParts {
			msg.List = true
			if p.OfText != nil {
				msg.Parts = append(msg.Parts, text(p.OfText.Text))
			} else if p.OfRefusal != nil {
				msg.Parts = append(msg.Parts, semconv.Part{Type: "text", Content: p.OfRefusal.Refusal, Label: "refusal"})
			}
		}
		for _, tc := range a.ToolCalls {
			if f := tc.OfFunction; f != nil {
				msg.Parts = append(msg.Parts, semconv.Part{Type: "tool_call", ID: f.ID, Name: f.Function.Name, Arguments: f.Function.Arguments})
			} else if c := tc.OfCustom; c != nil {
				msg.Parts = append(msg.Parts, semconv.Part{Type: "tool_call", ID: c.ID, Name: c.Custom.Name, Arguments: c.Custom.Input})
			}
		}
		if len(msg.Parts) == 0 {
			msg.Parts = []semconv.Part{text("")}
		}
		return msg
	case m.OfTool != nil:
		t := m.OfTool
		content := t.Content.OfString.Value
		if len(t.Content.OfArrayOfContentParts) > 0 {
			var b strings.Builder
			for i, p := range t.Content.OfArrayOfContentParts {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(p.Text)
			}
			content = b.String()
		}
		return semconv.Message{Role: "tool", Parts: []semconv.Part{{Type: "tool_call_response", ID: t.ToolCallID, Content: content}}}
	case m.OfFunction != nil:
		return semconv.Message{Role: "function", Parts: []semconv.Part{text(m.OfFunction.Content.Or(""))}}
	}
	return semconv.Message{Role: "unknown", Parts: []semconv.Part{}}
}

func contentPart(p openai.ChatCompletionContentPartUnionParam) semconv.Part {
	switch {
	case p.OfText != nil:
		return text(p.OfText.Text)
	case p.OfImageURL != nil:
		return semconv.Part{Type: "uri", Modality: "image", URI: redactDataURI(p.OfImageURL.ImageURL.URL), Label: "image_url"}
	case p.OfInputAudio != nil:
		return semconv.Part{Type: "blob", Modality: "audio", Label: "input_audio"}
	case p.OfFile != nil:
		name := p.OfFile.File.Filename.Or("")
		if name == "" {
			name = p.OfFile.File.FileID.Or("")
		}
		if name == "" {
			return semconv.Part{Type: "blob", Modality: "file", Label: "file"}
		}
		return semconv.Part{Type: "file", Content: name, Label: "file"}
	}
	return semconv.Part{Type: "unknown"}
}

// redactDataURI keeps a data: URI's media type and drops its payload.
func redactDataURI(u string) string {
	if !strings.HasPrefix(u, "data:") {
		return u
	}
	head, _, _ := strings.Cut(u, ",")
	return head + ",[" + strconv.Itoa(len(u)-len(head)-1) + " bytes omitted]"
}
