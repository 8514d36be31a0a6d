package genai

import (
	"strings"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/internal/sanitize"
	"github.com/openlit/openlit-go/semconv"
)

// contentAsEvents records content as OpenLIT does: the formatted prompt in
// a gen_ai.content.prompt event, each output message in a
// gen_ai.content.completion event.
func contentAsEvents(c *Call, attrs []attribute.KeyValue, max int) []attribute.KeyValue {
	span := c.span
	// The SDK copies an event's attributes: they are built in the call's
	// own buffer, which costs no allocation.
	if input := c.inputWithInstructions(); len(input) > 0 {
		c.eventBuf[0] = semconv.GenAIPrompt.String(BoundText(semconv.FormatPrompt(input), max))
		span.AddEvent(semconv.EventContentPrompt, trace.WithAttributes(c.eventBuf[:1]...))
	}
	for _, msg := range c.Output {
		ev := append(c.eventBuf[:0], semconv.GenAICompletion.String(BoundText(completionText(msg), max)))
		var names, ids, args []string
		for _, p := range msg.Parts {
			if p.Type == "tool_call" {
				names, ids, args = append(names, p.Name), append(ids, p.ID), append(args, BoundText(p.Arguments, max))
			}
		}
		if len(names) > 0 {
			ev = append(ev, semconv.GenAIToolName.StringSlice(names),
				semconv.GenAIToolCallID.StringSlice(ids), semconv.GenAIToolCallArguments.StringSlice(args))
		}
		span.AddEvent(semconv.EventContentCompletion, trace.WithAttributes(sanitize.Attributes(ev, max)...))
	}
	return attrs
}

// completionText is the text of an output message: its text parts, and the
// URI of each other part that has one, on a line of its own. A message of
// one text part is its text, not a copy.
func completionText(msg semconv.Message) string {
	if len(msg.Parts) == 1 && msg.Parts[0].Type == "text" {
		return msg.Parts[0].Content
	}
	var text strings.Builder
	for _, p := range msg.Parts {
		switch p.Type {
		case "tool_call":
		case "text":
			text.WriteString(p.Content)
		default:
			if p.URI != "" {
				if text.Len() > 0 {
					text.WriteByte('\n')
				}
				text.WriteString(p.URI)
			}
		}
	}
	return text.String()
}

// contentAsAttributes records content as the current conventions do: JSON
// span attributes (appended to attrs).
func contentAsAttributes(c *Call, attrs []attribute.KeyValue, max int) []attribute.KeyValue {
	if len(c.Instructions) > 0 {
		boundParts(c.Instructions, max)
		attrs = append(attrs, semconv.GenAISystemInstructions.String(semconv.PartsJSON(c.Instructions)))
	}
	if len(c.Input) > 0 {
		boundMessages(c.Input, max)
		attrs = append(attrs, semconv.GenAIInputMessages.String(semconv.MessagesJSON(c.Input)))
	}
	if len(c.Output) > 0 {
		boundMessages(c.Output, max)
		attrs = append(attrs, semconv.GenAIOutputMessages.String(semconv.MessagesJSON(c.Output)))
	}
	return attrs
}

// contentForLangfuse records the input and output as Langfuse shows a chat
// best, in either mode, with the Langfuse attributes on: JSON lists of chat
// messages under its own keys, which win over every other source. The
// instructions come first as a system message; every choice of the output
// is kept, tool calls and tool results included. A call whose span starts
// its trace gives the trace its input and output too. ModeOpenLIT also
// records gen_ai.system_instructions, which ModeLatest has already.
func contentForLangfuse(c *Call, attrs []attribute.KeyValue, max int) []attribute.KeyValue {
	input := c.inputWithInstructions()
	if len(input) > 0 {
		boundMessages(input, max)
		in := semconv.ChatJSON(input)
		attrs = append(attrs, attribute.String(semconv.LangfuseObservationInput, in))
		if c.root {
			attrs = append(attrs, semconv.LangfuseTraceInput.String(in))
		}
	}
	if len(c.Instructions) > 0 && c.settings.Mode != semconv.ModeLatest {
		boundParts(c.Instructions, max)
		attrs = append(attrs, semconv.GenAISystemInstructions.String(semconv.PartsJSON(c.Instructions)))
	}
	if len(c.Output) > 0 {
		boundMessages(c.Output, max)
		out := semconv.ChatJSON(c.Output)
		attrs = append(attrs, attribute.String(semconv.LangfuseObservationOutput, out))
		if c.root {
			attrs = append(attrs, semconv.LangfuseTraceOutput.String(out))
		}
	}
	return attrs
}

// inputWithInstructions is the input with the system instructions, if any,
// first as a "system" message: the one-list form OpenLIT's prompt and
// Langfuse's chat both use.
func (c *Call) inputWithInstructions() []semconv.Message {
	if len(c.Instructions) == 0 {
		return c.Input
	}
	return append([]semconv.Message{{Role: "system", Parts: c.Instructions}}, c.Input...)
}
