package exporters

import (
	"fmt"

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

// chunks splits spans into runs whose estimated size (sizes, as inspect
// gives them) is at most max each (a single span larger than max is a run
// of its own).
func chunks(spans []sdktrace.ReadOnlySpan, sizes []int, max int) [][]sdktrace.ReadOnlySpan {
	var out [][]sdktrace.ReadOnlySpan
	start, size := 0, 0
	for i, n := range sizes {
		if size+n > max && i > start {
			out = append(out, spans[start:i])
			start, size = i, 0
		}
		size += n
	}
	return append(out, spans[start:])
}
