package exporters

import (
	"slices"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/openlit/openlit-go/internal/sanitize"
)

// cleanSpans returns spans with every string made valid UTF-8: the OTLP
// marshaller rejects a whole batch for one invalid byte, so a single span
// from any code (an HTTP route, a user's attribute) would take every other
// span of its batch with it. openlit-go's own spans are already clean; this
// covers the rest of the program's spans. Clean spans are passed as they
// are; the slice is copied only when a span needs fixing. Lengths are not
// changed here.
func cleanSpans(spans []sdktrace.ReadOnlySpan) []sdktrace.ReadOnlySpan {
	var out []sdktrace.ReadOnlySpan
	for i, s := range spans {
		if spanValid(s) {
			if out != nil {
				out = append(out, s)
			}
			continue
		}
		if out == nil {
			out = append(make([]sdktrace.ReadOnlySpan, 0, len(spans)), spans[:i]...)
		}
		out = append(out, newCleanSpan(s))
	}
	if out == nil {
		return spans
	}
	return out
}

func spanValid(s sdktrace.ReadOnlySpan) bool {
	sc := s.InstrumentationScope()
	if !utf8.ValidString(s.Name()) || !utf8.ValidString(s.Status().Description) || !sanitize.Valid(s.Attributes(), 0) ||
		!utf8.ValidString(sc.Name) || !utf8.ValidString(sc.Version) || !utf8.ValidString(sc.SchemaURL) ||
		!sanitize.Valid(sc.Attributes.ToSlice(), 0) {
		return false
	}
	for _, e := range s.Events() {
		if !utf8.ValidString(e.Name) || !sanitize.Valid(e.Attributes, 0) {
			return false
		}
	}
	for _, l := range s.Links() {
		if !sanitize.Valid(l.Attributes, 0) {
			return false
		}
	}
	return true
}

func validString(s string) string { return sanitize.String(s, 0) }

// cleanKVs is a copy of kvs with every key and string made valid, nothing
// cut.
func cleanKVs(kvs []attribute.KeyValue) []attribute.KeyValue {
	return sanitize.Attributes(slices.Clone(kvs), 0)
}

// cleanSpan is a span whose strings were made valid; everything else is the
// original's.
type cleanSpan struct {
	sdktrace.ReadOnlySpan
	name   string
	attrs  []attribute.KeyValue
	events []sdktrace.Event
	links  []sdktrace.Link
	status sdktrace.Status
	scope  instrumentation.Scope
}

func newCleanSpan(s sdktrace.ReadOnlySpan) *cleanSpan {
	c := &cleanSpan{ReadOnlySpan: s, name: validString(s.Name()), attrs: cleanKVs(s.Attributes()), status: s.Status()}
	c.status.Description = validString(c.status.Description)
	for _, e := range s.Events() {
		e.Name, e.Attributes = validString(e.Name), cleanKVs(e.Attributes)
		c.events = append(c.events, e)
	}
	for _, l := range s.Links() {
		l.Attributes = cleanKVs(l.Attributes)
		c.links = append(c.links, l)
	}
	sc := s.InstrumentationScope()
	c.scope = instrumentation.Scope{Name: validString(sc.Name), Version: validString(sc.Version),
		SchemaURL: validString(sc.SchemaURL)}
	if set := sc.Attributes; set.Len() > 0 {
		c.scope.Attributes = attribute.NewSet(cleanKVs(set.ToSlice())...)
	}
	return c
}

// Name is the span's name, valid.
func (c *cleanSpan) Name() string { return c.name }

// Attributes are the span's attributes, valid.
func (c *cleanSpan) Attributes() []attribute.KeyValue { return c.attrs }

// Events are the span's events, valid.
func (c *cleanSpan) Events() []sdktrace.Event { return c.events }

// Links are the span's links, valid.
func (c *cleanSpan) Links() []sdktrace.Link { return c.links }

// Status is the span's status, its description valid.
func (c *cleanSpan) Status() sdktrace.Status { return c.status }

// InstrumentationScope is the span's scope, valid.
func (c *cleanSpan) InstrumentationScope() instrumentation.Scope { return c.scope }
