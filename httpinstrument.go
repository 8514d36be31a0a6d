package openlit

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"go.opentelemetry.io/otel"

	"github.com/openlit/openlit-go/instrumentation/openlithttp"
	"github.com/openlit/openlit-go/internal/zerocode"
)

// WithHTTPInstrumentation, when enable is true, traces every model call
// sent through http.DefaultTransport with no other code (env
// OPENLIT_HTTP_INSTRUMENTATION=true; default false): http.DefaultClient,
// http.Get, and the clients built on them, such as go-openai's, Ollama's
// and LangChainGo's, even one that captured the transport before Init.
//
// It uses the hook net/http provides for this, RegisterProtocol, so
// http.DefaultTransport stays the same *http.Transport: type assertions on
// it and its Clone keep working. Requests that are not model calls pass
// through untouched, at the cost of a map lookup and the endpoint rules.
// HTTPS requests on the default transport then go through a clone of it
// made at the first such request (which has HTTP/2, as the transport had),
// so settings changed on http.DefaultTransport after that are not seen by
// them. Calls made through an instrumented client (a wrapped openai-go
// client, Middleware, the vendor modules) are traced once.
//
// A clone of the default transport does not carry the hook: openai-go
// (v3) and anthropic-sdk-go (v2) clients built without an HTTP client of
// their own clone it, so they are traced by their integrations
// (openlitopenai.Wrap or Middleware, openlitanthropic), or with
// WithHTTPInstrumentationReplace.
//
// Call Init before the program's first request: HTTP/2 takes the same
// hook at the transport's first use or Clone, and then only http:// model
// calls (local servers) are traced, and Init says so through the error
// handler. After Shutdown nothing is traced; a later Init traces again.
func WithHTTPInstrumentation(enable bool) Option {
	return optionFunc(func(c *config) { c.httpInstrument = enable })
}

// WithHTTPInstrumentationReplace, when true (env
// OPENLIT_HTTP_INSTRUMENTATION=replace, which turns the instrumentation on
// too), also replaces http.DefaultTransport with an openlithttp.Transport
// wrapping it, as versions before the hook did: SDKs that clone the
// default transport when it is an *http.Transport (openai-go, anthropic-sdk-go)
// find a wrapper instead and keep it, so they are traced too, and HTTPS is
// traced even when the hook could not take it. The cost is the hazard the
// hook avoids: code that asserts http.DefaultTransport.(*http.Transport)
// without ", ok" panics. Shutdown puts the original back.
func WithHTTPInstrumentationReplace(enable bool) Option {
	return optionFunc(func(c *config) { c.httpReplace = enable })
}

// httpFromEnv reads EnvHTTPInstrumentation: a boolean, or "replace".
func (c *config) httpFromEnv() {
	v, ok := lookup(EnvHTTPInstrumentation)
	if !ok {
		return
	}
	if strings.EqualFold(v, "replace") {
		c.httpInstrument, c.httpReplace = true, true
		return
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		c.fail("openlit: %s=%s: want true, false or replace", EnvHTTPInstrumentation, quote(v))
		return
	}
	c.httpInstrument = b
}

// instrumentDefaultTransport hooks http.DefaultTransport and, with
// replace, wraps it too.
func (s *SDK) instrumentDefaultTransport(replace bool) {
	opts := []openlithttp.Option{openlithttp.WithTracerProvider(s.tp)}
	if s.mp != nil {
		opts = append(opts, openlithttp.WithMeterProvider(s.mp))
	}
	const prefix = "openlit: HTTP instrumentation: "
	dt, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		if replace {
			s.replaceDefaultTransport(opts)
			return
		}
		otel.Handle(fmt.Errorf(prefix+"http.DefaultTransport is a %T, not an *http.Transport, so it has no hook: nothing is traced through it (OPENLIT_HTTP_INSTRUMENTATION=replace wraps it instead)", http.DefaultTransport))
		return
	}
	// The hook sees the requests the wrapper below traced with their call
	// in the context, and passes them on untraced.
	h, err := zerocode.Install(dt, func(out http.RoundTripper) zerocode.Tracer { return openlithttp.NewTransport(out, opts...) })
	s.hook = h
	if replace {
		s.replaceDefaultTransport(opts)
	}
	if err == nil {
		return
	}
	msg := prefix + err.Error()
	httpsHooked := false
	if h != nil {
		httpsHooked, _ = h.Schemes()
	}
	if !httpsHooked {
		if replace {
			msg += "; HTTPS model calls are traced by the wrapper http.DefaultTransport now is (replace), not by clients that captured it earlier"
		} else {
			msg += "; HTTPS model calls through http.DefaultTransport are not traced: call Init before the first request, give the client openlithttp.NewTransport, or set OPENLIT_HTTP_INSTRUMENTATION=replace"
		}
	}
	otel.Handle(errors.New(msg))
}

// replaceDefaultTransport wraps http.DefaultTransport so every client on
// it is traced.
func (s *SDK) replaceDefaultTransport(opts []openlithttp.Option) {
	s.transport = openlithttp.NewTransport(http.DefaultTransport, opts...)
	http.DefaultTransport = s.transport
}

// restoreDefaultTransport puts back the transport Init wrapped, unless the
// program has replaced http.DefaultTransport since (then it is left alone,
// and said so).
func (s *SDK) restoreDefaultTransport() {
	if s.transport == nil {
		return
	}
	if http.DefaultTransport != http.RoundTripper(s.transport) {
		otel.Handle(errors.New("openlit: http.DefaultTransport was replaced after Init; it is left as it is, and requests through the transport Init installed are still traced by the providers just shut down"))
		return
	}
	http.DefaultTransport = s.transport.Base()
}
