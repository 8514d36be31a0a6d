package genai

import (
	"context"
	"reflect"
	"sync"
	"sync/atomic"
)

// Some frameworks report a model call through callbacks that cannot return
// a context (LangChainGo's): the call their handler starts cannot ride in
// the context the model's client is then given. They register it under
// that context instead, and Start looks there too, so that a traced client
// beneath takes it over as it would take over a call in its context.

var (
	yieldingMu sync.Mutex
	yieldingBy = map[context.Context]*Call{}
	// registered counts the registrations, so that Start looks only when
	// there are some.
	registered atomic.Int64
)

// maxYielding bounds the calls registered at once: a framework that never
// ends its calls fills it, and then registers nothing more.
const maxYielding = 4096

// RegisterYielding registers c, a call started with Request.Yield, as the
// yielding call of ctx, until unregister is called (at the latest when the
// call ends). A call registered for ctx before is replaced: the framework
// starts its calls in order, and one still registered when the next
// starts is one it never reported ended. It reports false, registering
// nothing, when ctx cannot be a map key or too many are registered.
func RegisterYielding(ctx context.Context, c *Call) (unregister func(), ok bool) {
	if ctx == nil || c == nil || !c.req.Yield || !reflect.TypeOf(ctx).Comparable() {
		return func() {}, false
	}
	yieldingMu.Lock()
	defer yieldingMu.Unlock()
	if _, replaced := yieldingBy[ctx]; !replaced {
		if len(yieldingBy) >= maxYielding {
			return func() {}, false
		}
		registered.Add(1)
	}
	yieldingBy[ctx] = c
	var once sync.Once
	unregister = func() {
		once.Do(func() {
			yieldingMu.Lock()
			defer yieldingMu.Unlock()
			if yieldingBy[ctx] == c {
				delete(yieldingBy, ctx)
				registered.Add(-1)
			}
		})
	}
	c.unregister = unregister
	return unregister, true
}

// registeredFor is the call registered for ctx exactly, if any.
func registeredFor(ctx context.Context) *Call {
	if registered.Load() == 0 || ctx == nil || !reflect.TypeOf(ctx).Comparable() {
		return nil
	}
	yieldingMu.Lock()
	defer yieldingMu.Unlock()
	return yieldingBy[ctx]
}

// yieldingFor is the call a client integration starting in ctx may take
// over: the call in ctx, else the one registered for ctx. A framework's
// own call (yield) takes no registered call over: one registered for ctx
// and still open when the framework starts another there is a call it
// never reported ended, not the one beneath.
func yieldingFor(ctx context.Context, yield bool) *Call {
	if c := FromContext(ctx); c != nil || yield {
		return c
	}
	return registeredFor(ctx)
}
