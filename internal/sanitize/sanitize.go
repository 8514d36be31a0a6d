package sanitize

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"
)

// Bounds on what a string from a provider or a caller may cost.
const (
	// MaxAttributeLength bounds, in bytes, a non-content string attribute
	// (model names, ids, finish reasons, the end user, stop sequences,
	// service names, metric point attributes).
	MaxAttributeLength = 1024
	// MaxMetricAttributeLength bounds, in bytes, a string attribute of a
	// metric point: each point repeats its attributes in every export, so
	// they are kept shorter than span attributes.
	MaxMetricAttributeLength = 256
	// MaxSliceLength bounds the number of elements of a string slice
	// attribute; the rest are dropped.
	MaxSliceLength = 128
	// MaxErrorLength bounds, in bytes, an error message recorded as the span
	// status description and exception.message.
	MaxErrorLength = 1024
	// maxURLLength bounds a URL quoted in an error message.
	maxURLLength = 200
)

// String returns s as valid UTF-8 (each invalid byte becomes U+FFFD) in at
// most max bytes: a longer s is cut at a rune boundary and ends with a marker
// saying how many bytes were cut, when the marker fits. max <= 0 means no
// bound. A valid string within the bound is returned as is, without
// allocating.
func String(s string, max int) string {
	if !utf8.ValidString(s) {
		s = toValidUTF8(s)
	}
	if max <= 0 || len(s) <= max {
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

// toValidUTF8 replaces each invalid byte of s with U+FFFD.
func toValidUTF8(s string) string {
	b := make([]byte, 0, len(s)+len(s)/4)
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

// Value returns v with its strings made valid and, when max > 0, bounded to
// max bytes and string slices cut to MaxSliceLength elements; max <= 0 only
// makes the strings valid. Slices and maps of values are cleaned element by
// element, bounded to MaxSliceLength elements as string slices are. Other
// types are returned unchanged. A string is copied only when it changes
// (reading a slice always copies it).
func Value(v attribute.Value, max int) attribute.Value {
	switch v.Type() {
	case attribute.STRING:
		s := v.AsString()
		if t := String(s, max); t != s {
			return attribute.StringValue(t)
		}
	case attribute.STRINGSLICE:
		ss := v.AsStringSlice() // a copy: safe to change
		changed := false
		if max > 0 && len(ss) > MaxSliceLength {
			ss, changed = ss[:MaxSliceLength], true
		}
		for i, s := range ss {
			if t := String(s, max); t != s {
				ss[i], changed = t, true
			}
		}
		if changed {
			return attribute.StringSliceValue(ss)
		}
	case attribute.SLICE, attribute.MAP:
		if validComplex(v, max) {
			return v
		}
		return cleanComplex(v, max)
	}
	return v
}

// cleanComplex is Value for a SLICE or MAP value that needs changing.
func cleanComplex(v attribute.Value, max int) attribute.Value {
	switch v.Type() {
	case attribute.SLICE:
		vs := v.AsSlice() // a copy
		if max > 0 && len(vs) > MaxSliceLength {
			vs = vs[:MaxSliceLength]
		}
		for i := range vs {
			vs[i] = Value(vs[i], max)
		}
		return attribute.SliceValue(vs...)
	case attribute.MAP:
		kvs := v.AsMap() // a copy
		if max > 0 && len(kvs) > MaxSliceLength {
			kvs = kvs[:MaxSliceLength]
		}
		return attribute.MapValue(Attributes(kvs, max)...)
	}
	return v
}

// Attributes sanitizes every value of kvs in place with Value (bound max),
// makes every key valid UTF-8 (keys are usually constants; resource keys
// come from the environment), and returns kvs.
func Attributes(kvs []attribute.KeyValue, max int) []attribute.KeyValue {
	for i := range kvs {
		if k := string(kvs[i].Key); !utf8.ValidString(k) {
			kvs[i].Key = attribute.Key(String(k, max))
		}
		kvs[i].Value = Value(kvs[i].Value, max)
	}
	return kvs
}

// Valid reports whether every key and string of kvs is valid UTF-8 and,
// when max > 0, every string within max bytes and every slice within
// MaxSliceLength.
func Valid(kvs []attribute.KeyValue, max int) bool {
	for _, kv := range kvs {
		if !utf8.ValidString(string(kv.Key)) {
			return false
		}
		switch kv.Value.Type() {
		case attribute.STRING:
			if s := kv.Value.AsString(); !utf8.ValidString(s) || (max > 0 && len(s) > max) {
				return false
			}
		case attribute.STRINGSLICE:
			ss := kv.Value.AsStringSlice()
			if max > 0 && len(ss) > MaxSliceLength {
				return false
			}
			for _, s := range ss {
				if !utf8.ValidString(s) || (max > 0 && len(s) > max) {
					return false
				}
			}
		case attribute.SLICE, attribute.MAP:
			if !validComplex(kv.Value, max) {
				return false
			}
		}
	}
	return true
}

// validComplex is Valid for the elements of a SLICE or MAP value.
func validComplex(v attribute.Value, max int) bool {
	if v.Type() == attribute.MAP {
		kvs := v.AsMap()
		return (max <= 0 || len(kvs) <= MaxSliceLength) && Valid(kvs, max)
	}
	vs := v.AsSlice()
	if max > 0 && len(vs) > MaxSliceLength {
		return false
	}
	for _, e := range vs {
		if !Valid([]attribute.KeyValue{{Value: e}}, max) {
			return false
		}
	}
	return true
}

// URL returns raw with its user info and query replaced by
// "REDACTED" and its fragment dropped, made valid UTF-8 and bounded, for
// error messages and logs. It works on strings url.Parse rejects too.
func URL(raw string) string {
	s := raw
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		s = s[:i] + "?REDACTED"
	}
	start := 0
	if i := strings.Index(s, "://"); i >= 0 {
		start = i + 3
	}
	end := len(s)
	if i := strings.IndexAny(s[start:], "/?"); i >= 0 {
		end = start + i
	}
	if at := strings.LastIndexByte(s[start:end], '@'); at >= 0 {
		s = s[:start] + "REDACTED@" + s[start+at+1:]
	}
	return String(s, maxURLLength)
}
