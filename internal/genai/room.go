package genai

import "github.com/openlit/openlit-go/semconv"

// Messages returns an empty slice with room for n messages, for the call's
// Input or Output: backed by the call while its room lasts, so that a
// typical call's content costs no allocation.
func (c *Call) Messages(n int) []semconv.Message { return take(c.msgBuf[:], &c.msgUsed, n) }

// Parts returns an empty slice with room for n parts, as Messages does.
func (c *Call) Parts(n int) []semconv.Part { return take(c.partBuf[:], &c.partUsed, n) }

// Strings returns an empty slice with room for n strings, as Messages does.
func (c *Call) Strings(n int) []string { return take(c.strBuf[:], &c.strUsed, n) }

// take cuts room for n elements from buf past *used, or allocates it when
// buf has not enough left. Appending past n never writes into buf.
func take[T any](buf []T, used *int, n int) []T {
	if *used+n > len(buf) || n <= 0 {
		return make([]T, 0, n)
	}
	s := buf[*used : *used : *used+n]
	*used += n
	return s
}
