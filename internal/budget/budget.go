// Package budget runs a call within a time budget without trusting it to
// honour its context: guards and evaluation judges must never hang the
// call they guard.
package budget

import (
	"context"
	"fmt"
	"time"
)

// exceeded is ErrExceeded's type: it is also context.DeadlineExceeded.
type exceeded struct{}

func (exceeded) Error() string        { return "time budget exceeded" }
func (exceeded) Is(target error) bool { return target == context.DeadlineExceeded }
func (exceeded) Timeout() bool        { return true }

// ErrExceeded is Run's error when its budget ran out first. errors.Is
// matches it to context.DeadlineExceeded too.
var ErrExceeded error = exceeded{}

// Run calls f in a goroutine with ctx bounded by d (only ctx when d <= 0)
// and returns f's results. When the budget or ctx ends first, it returns
// at once, without waiting for f: ErrExceeded when the budget ran out
// (even if f returned its context's error meanwhile), else ctx's error.
// A panic in f is returned as an error.
func Run[T any](ctx context.Context, d time.Duration, f func(context.Context) (T, error)) (T, error) {
	cctx, cancel := ctx, context.CancelFunc(func() {})
	if d > 0 {
		cctx, cancel = context.WithTimeout(ctx, d)
	}
	defer cancel()
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		var r result
		defer func() {
			if x := recover(); x != nil {
				r = result{err: fmt.Errorf("panicked: %v", x)}
			}
			done <- r
		}()
		r.v, r.err = f(cctx)
	}()
	var zero T
	select {
	case r := <-done:
		if r.err != nil && cctx.Err() != nil && ctx.Err() == nil {
			return zero, ErrExceeded
		}
		return r.v, r.err
	case <-cctx.Done():
		if err := ctx.Err(); err != nil {
			return zero, err
		}
		return zero, ErrExceeded
	}
}
