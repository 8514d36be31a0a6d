package boundedcache

import (
	"fmt"
	"sync"
	"testing"
)

func TestBounded(t *testing.T) {
	c := New[int, string](3)
	builds := 0
	build := func(k int) string { builds++; return fmt.Sprint(k) }
	for range 2 {
		for k := range 5 {
			if got := c.Get(k, build); got != fmt.Sprint(k) {
				t.Fatalf("Get(%d) = %q", k, got)
			}
		}
	}
	if c.Len() != 3 {
		t.Errorf("Len = %d, want 3", c.Len())
	}
	// 3 kept keys built once, 2 others built on each of the two rounds.
	if builds != 3+2*2 {
		t.Errorf("%d builds", builds)
	}
}

func TestNilKeepsNothing(t *testing.T) {
	var c *Cache[int, int]
	if v := c.Get(3, func(k int) int { return k + 1 }); v != 4 || c.Len() != 0 {
		t.Errorf("Get = %d, Len = %d", v, c.Len())
	}
	if _, ok := c.Load(3); ok {
		t.Error("nil cache kept a value")
	}
}

func TestConcurrent(t *testing.T) {
	c := New[int, int](100)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for k := range 1000 {
				if v := c.Get(k, func(k int) int { return k * 2 }); v != k*2 {
					t.Errorf("goroutine %d: Get(%d) = %d", g, k, v)
				}
			}
		})
	}
	wg.Wait()
	if c.Len() > 100 {
		t.Errorf("Len = %d over the bound", c.Len())
	}
}

func BenchmarkGetHit(b *testing.B) {
	c := New[[2]string, string](10)
	k := [2]string{"chat", "gpt-4o"}
	build := func(k [2]string) string { return k[0] + " " + k[1] }
	c.Get(k, build)
	b.ReportAllocs()
	for b.Loop() {
		_ = c.Get(k, build)
	}
}
