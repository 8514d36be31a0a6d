package genai

import (
	"strconv"
	"unicode/utf8"

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
	if !utf8.ValidString(s) {
		s = toValidUTF8(s)
	}
	if len(s) <= max {
		return s
	}
	// The marker counts the bytes cut, which depends on where the cut
	// falls; size it for the most that can be cut.
	marker := "…[truncated " + strconv.Itoa(len(s)) + " bytes]"
	cut := max - len(marker)
	if cut <= 0 {
		cut, marker = max, ""
	}
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if marker != "" {
		marker = "…[truncated " + strconv.Itoa(len(s)-cut) + " bytes]"
	}
	return s[:cut] + marker
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

func toValidUTF8(s string) string {
	b := make([]byte, 0, len(s))
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		if r == utf8.RuneError && size == 1 {
			b = append(b, "\uFFFD"...)
		} else {
			b = append(b, s[:size]...)
		}
		s = s[size:]
	}
	return string(b)
}
