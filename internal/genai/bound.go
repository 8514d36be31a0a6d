package genai

import (
	"github.com/openlit/openlit-go/internal/sanitize"
	"github.com/openlit/openlit-go/semconv"
)

// DefaultMaxContentLength bounds each recorded content string (prompt,
// completion, tool arguments, message JSON) so one huge prompt cannot blow
// up an export batch.
const DefaultMaxContentLength = 128 << 10

// BoundText returns s as valid UTF-8 (invalid bytes become U+FFFD: OTLP
// rejects a batch holding invalid UTF-8) in at most max bytes: a longer s is
// cut at a rune boundary and ends with a marker saying how much was cut
// (when the marker fits). max <= 0 means DefaultMaxContentLength.
func BoundText(s string, max int) string {
	if max <= 0 {
		max = DefaultMaxContentLength
	}
	return sanitize.String(s, max)
}

// boundMessages bounds every text of msgs in place, for the JSON forms.
func boundMessages(msgs []semconv.Message, max int) {
	for i := range msgs {
		boundParts(msgs[i].Parts, max)
	}
}

func boundParts(parts []semconv.Part, max int) {
	for j := range parts {
		p := &parts[j]
		p.Content = BoundText(p.Content, max)
		p.Arguments = BoundText(p.Arguments, max)
		p.URI = BoundText(p.URI, max)
	}
}
