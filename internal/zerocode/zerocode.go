package zerocode

import (
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
)

// Hook is the hook on one transport. Its methods are safe for concurrent
// use.
type Hook struct {
	base *http.Transport
	// https and http report which schemes the hook holds; err says why
	// one is not held, to every Install.
	https, http bool
	err         error
	twinMu      sync.Mutex
	twin        atomic.Pointer[http.Transport]
	// tracer traces model calls, sending them through the twin; nil
	// while disabled.
	tracer atomic.Pointer[tracerBox]
}

// Tracer traces the model calls among the requests it is given (an
// openlithttp.Transport).
type Tracer interface {
	http.RoundTripper
	// Traces reports cheaply (no body read) whether RoundTrip would trace
	// req; the requests it would not are not given to it.
	Traces(req *http.Request) bool
}

type tracerBox struct{ Tracer }

var (
	mu    sync.Mutex
	hooks = map[*http.Transport]*Hook{}
)

// ErrSchemeTaken is wrapped by Install's error when a scheme of the
// transport has a protocol registered by someone else.
var ErrSchemeTaken = errors.New("scheme already registered on the transport")

// Install hooks t (once per transport, for ever) and makes the hook trace
// with newTracer(out): newTracer is given the round tripper the traced
// requests go out through (the twin) and returns the Tracer. When a
// scheme is already taken (most often "https" by HTTP/2, because t was
// used or cloned before the first Install), the other one is still
// hooked, and the error, wrapping ErrSchemeTaken, says which and why: at
// this Install and every later one on t. It returns nil and an error only
// when nothing could be hooked.
func Install(t *http.Transport, newTracer func(out http.RoundTripper) Tracer) (*Handle, error) {
	if t == nil {
		return nil, errors.New("zerocode: nil transport")
	}
	mu.Lock()
	defer mu.Unlock()
	h, ok := hooks[t]
	if !ok {
		h = &Hook{base: t}
		rt := roundTripper{h}
		var errs []error
		var err error
		if h.https, err = register(t, "https", rt); err != nil {
			errs = append(errs, fmt.Errorf("https: %w (net/http's HTTP/2 registers there at the transport's first use or Clone: was it used before Init?)", err))
		}
		if h.http, err = register(t, "http", rt); err != nil {
			errs = append(errs, fmt.Errorf("http: %w", err))
		}
		h.err = errors.Join(errs...)
		if !h.https && !h.http {
			return nil, h.err
		}
		hooks[t] = h
	}
	box := &tracerBox{newTracer(outbound{h})}
	h.tracer.Store(box)
	return &Handle{hook: h, box: box}, h.err
}

// register registers rt for scheme on t, reporting a taken scheme (which
// RegisterProtocol panics on) as an error.
func register(t *http.Transport, scheme string, rt http.RoundTripper) (ok bool, err error) {
	defer func() {
		if p := recover(); p != nil {
			ok, err = false, fmt.Errorf("%w: %v", ErrSchemeTaken, p)
		}
	}()
	t.RegisterProtocol(scheme, rt)
	return true, nil
}

// Handle is one Install: the hook tracing with that Install's tracer.
type Handle struct {
	hook *Hook
	box  *tracerBox
}

// Schemes reports which schemes the hook holds.
func (a *Handle) Schemes() (https, http bool) { return a.hook.https, a.hook.http }

// Disable stops tracing with this Install's tracer (a later Install's is
// left alone): every request passes on untraced. A later Install on the
// same transport enables tracing again.
func (a *Handle) Disable() { a.hook.tracer.CompareAndSwap(a.box, nil) }

// CloseIdleConnections closes the twin's idle connections, if it has
// been made; the hooked transport's CloseIdleConnections calls it.
func (h *Hook) CloseIdleConnections() {
	if t := h.twin.Load(); t != nil {
		t.CloseIdleConnections()
	}
}

// twinTransport is the twin, made at the first request the hook sends:
// a clone of the hooked transport with the settings the program gave it
// until then, and no hook (Clone does not copy registered protocols).
func (h *Hook) twinTransport() *http.Transport {
	if t := h.twin.Load(); t != nil {
		return t
	}
	h.twinMu.Lock()
	defer h.twinMu.Unlock()
	if t := h.twin.Load(); t != nil {
		return t
	}
	t := h.base.Clone()
	h.twin.Store(t)
	return t
}

// roundTripper is what RegisterProtocol holds: a struct of one field with
// CloseIdleConnections (see the package documentation).
type roundTripper struct{ Hook *Hook }

// RoundTrip traces a model call and sends it through the twin. Any other
// https request goes through the twin untraced (it has HTTP/2; the hooked
// transport has given its HTTP/2 slot to the hook), and any other http
// request back to the hooked transport (http.ErrSkipAltProtocol): a map
// lookup and the endpoint rules, no body read.
func (rt roundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	h := rt.Hook
	if tr := h.tracer.Load(); tr != nil && tr.Traces(req) {
		return tr.RoundTrip(req)
	}
	if req.URL.Scheme == "https" {
		return outbound{h}.RoundTrip(req)
	}
	return nil, http.ErrSkipAltProtocol
}

// outbound is the way out of the hook: the twin, which has the hooked
// transport's settings and no hook.
type outbound struct{ h *Hook }

func (o outbound) RoundTrip(req *http.Request) (*http.Response, error) {
	return o.h.twinTransport().RoundTrip(req)
}
