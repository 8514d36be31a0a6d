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
func cleanSpans(spans []sdktrace.ReadOnlySpan) (out []sdktrace.ReadOnlySpan, sizes []int) {
	sizes = make([]int, len(spans))
	for i, s := range spans {
		valid, size := inspect(s)
		if !valid {
			if out == nil {
				out = slices.Clone(spans)
			}
			c := newCleanSpan(s)
			out[i] = c
			_, size = inspect(c)
		}
		sizes[i] = size
	}
	if out == nil {
		out = spans
	}
	return out, sizes
}

// inspect reports, in one pass over its strings, whether every string of s
// is valid UTF-8, and estimates its encoded size: its strings and a few
// bytes per field.
func inspect(s sdktrace.ReadOnlySpan) (valid bool, size int) {
	sc := s.InstrumentationScope()
	valid = utf8.ValidString(s.Name()) && utf8.ValidString(s.Status().Description) &&
		utf8.ValidString(sc.Name) && utf8.ValidString(sc.Version) && utf8.ValidString(sc.SchemaURL)
	for it := sc.Attributes.Iter(); valid && it.Next(); {
		kv := it.Attribute()
		valid = sanitize.Valid([]attribute.KeyValue{kv}, 0)
	}
	size = 64 + len(s.Name())
	ok, n := inspectKVs(s.Attributes())
	valid, size = valid && ok, size+n
	for _, e := range s.Events() {
		ok, n := inspectKVs(e.Attributes)
		valid, size = valid && ok && utf8.ValidString(e.Name), size+24+len(e.Name)+n
	}
	for _, l := range s.Links() {
		ok, n := inspectKVs(l.Attributes)
		valid, size = valid && ok, size+48+n
	}
	return valid, size
}

// inspectKVs is inspect for attributes.
func inspectKVs(kvs []attribute.KeyValue) (valid bool, size int) {
	valid = true
	for _, kv := range kvs {
		size += 8 + len(kv.Key)
		valid = valid && utf8.ValidString(string(kv.Key))
		switch kv.Value.Type() {
		case attribute.STRING:
			str := kv.Value.AsString()
			size += len(str)
			valid = valid && utf8.ValidString(str)
		case attribute.STRINGSLICE:
			for _, str := range kv.Value.AsStringSlice() {
				size += 4 + len(str)
				valid = valid && utf8.ValidString(str)
			}
		case attribute.SLICE, attribute.MAP:
			emitted := kv.Value.Emit()
			size += len(emitted)
			valid = valid && sanitize.Valid([]attribute.KeyValue{kv}, 0)
		default:
			size += 16
		}
	}
	return valid, size
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
