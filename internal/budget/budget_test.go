package budget

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	cases := []struct {
		name string
		ctx  context.Context
		f    func(context.Context) (int, error)
		want int
		err  error
		msg  string
	}{
		{"result", context.Background(), func(context.Context) (int, error) { return 7, nil }, 7, nil, ""},
		{"error", context.Background(), func(context.Context) (int, error) { return 0, errors.New("boom") }, 0, nil, "boom"},
		{"honours its context", context.Background(), func(ctx context.Context) (int, error) { <-ctx.Done(); return 0, ctx.Err() }, 0, ErrExceeded, ""},
		{"ignores its context", context.Background(), func(context.Context) (int, error) { time.Sleep(time.Second); return 1, nil }, 0, ErrExceeded, ""},
		{"caller cancelled", cancelled, func(ctx context.Context) (int, error) { <-ctx.Done(); return 0, ctx.Err() }, 0, context.Canceled, ""},
		{"panic", context.Background(), func(context.Context) (int, error) { panic("bug") }, 0, nil, "panicked: bug"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			v, err := Run(tc.ctx, 20*time.Millisecond, tc.f)
			if v != tc.want || (tc.err != nil && !errors.Is(err, tc.err)) || (tc.msg != "" && (err == nil || !strings.Contains(err.Error(), tc.msg))) ||
				(tc.err == nil && tc.msg == "" && err != nil) {
				t.Errorf("Run = %v, %v", v, err)
			}
			if time.Since(start) > 500*time.Millisecond {
				t.Errorf("took %v", time.Since(start))
			}
		})
	}
	if !errors.Is(ErrExceeded, context.DeadlineExceeded) {
		t.Error("ErrExceeded is not a deadline")
	}
}
