// Package boundedcache is a concurrent memo of values that are cheap to
// look up and costly to build (span names, metric attribute sets, provider
// names), holding at most a fixed number of entries: past it, values are
// built each time instead of stored, so hostile or unbounded keys cannot
// grow memory.
package boundedcache

import (
	"sync"
	"sync/atomic"
)

// Cache maps K to V for at most Max entries; use New. A nil *Cache keeps
// nothing (every Get builds). It is safe for concurrent use.
type Cache[K comparable, V any] struct {
	m   sync.Map
	n   atomic.Int64
	max int64
}

// New returns a cache of at most max entries.
func New[K comparable, V any](max int) *Cache[K, V] {
	return &Cache[K, V]{max: int64(max)}
}

// Load returns the value kept for k, if any.
func (c *Cache[K, V]) Load(k K) (V, bool) {
	var zero V
	if c == nil {
		return zero, false
	}
	v, ok := c.m.Load(k)
	if !ok {
		return zero, false
	}
	return v.(V), true
}

// Store keeps v for k while the cache has room. A slot is reserved before
// the entry is stored, so concurrent stores never take the cache past its
// bound.
func (c *Cache[K, V]) Store(k K, v V) {
	if c == nil || c.n.Load() >= c.max {
		return
	}
	if c.n.Add(1) > c.max {
		c.n.Add(-1)
		return
	}
	if _, loaded := c.m.LoadOrStore(k, v); loaded {
		c.n.Add(-1)
	}
}

// Get returns the value for k, building it with build (and keeping it, while
// the cache has room) the first time. build may run more than once for a
// key under contention; every caller gets an equal value.
func (c *Cache[K, V]) Get(k K, build func(K) V) V {
	if v, ok := c.Load(k); ok {
		return v
	}
	v := build(k)
	c.Store(k, v)
	return v
}

// Len is how many entries the cache holds.
func (c *Cache[K, V]) Len() int {
	if c == nil {
		return 0
	}
	return int(c.n.Load())
}
