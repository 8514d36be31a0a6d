package exporters

import (
	"fmt"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// MaxExportBytes bounds the estimated size of one OTLP span export
// request: a batch larger than it is sent as several requests, so large
// spans (long prompts, 512 spans of 128 KiB content each) never make a
// request the collector refuses as too large (many refuse over 4 to 64
// MiB) and lose the whole batch.
const MaxExportBytes = 4 << 20

// PartialExportError is the error of a batch sent as several requests of
// which some failed: Exported spans reached the collector.
type PartialExportError struct {
	Exported, Total int
	Err             error
}

// Error says how many spans of the batch were exported.
func (e *PartialExportError) Error() string {
	return fmt.Sprintf("%d of %d spans exported: %v", e.Exported, e.Total, e.Err)
}

// Unwrap returns the failures.
func (e *PartialExportError) Unwrap() error { return e.Err }

// chunks splits spans into runs whose estimated size is at most max each
// (a single span larger than max is a run of its own).
func chunks(spans []sdktrace.ReadOnlySpan, max int) [][]sdktrace.ReadOnlySpan {
	var out [][]sdktrace.ReadOnlySpan
	start, size := 0, 0
	for i, s := range spans {
		n := spanSize(s)
		if size+n > max && i > start {
			out = append(out, spans[start:i])
			start, size = i, 0
		}
		size += n
	}
	return append(out, spans[start:])
}

// spanSize estimates a span's encoded size: its strings and a few bytes
// per field.
func spanSize(s sdktrace.ReadOnlySpan) int {
	n := 64 + len(s.Name()) + attrsSize(s.Attributes())
	for _, e := range s.Events() {
		n += 24 + len(e.Name) + attrsSize(e.Attributes)
	}
	for _, l := range s.Links() {
		n += 48 + attrsSize(l.Attributes)
	}
	return n
}

func attrsSize(kvs []attribute.KeyValue) int {
	n := 0
	for _, kv := range kvs {
		n += 8 + len(kv.Key)
		switch kv.Value.Type() {
		case attribute.STRING:
			n += len(kv.Value.AsString())
		case attribute.STRINGSLICE:
			for _, s := range kv.Value.AsStringSlice() {
				n += 4 + len(s)
			}
		default:
			n += 16
		}
	}
	return n
}
