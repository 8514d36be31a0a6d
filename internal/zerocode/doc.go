// Package zerocode traces the model calls sent through an *http.Transport
// (http.DefaultTransport, for Init's zero-code switch) through the hook
// net/http documents for this, Transport.RegisterProtocol, instead of
// replacing the transport: the transport keeps its type and identity, so
// code that asserts http.DefaultTransport.(*http.Transport) keeps working,
// and clients that captured the transport before Init go through the hook
// too (it is the same object).
//
// The "https" slot of RegisterProtocol is where net/http's bundled HTTP/2
// registers itself, at the transport's first use. The hook takes the slot
// first and sends every https request it is given through a twin: a
// Clone of the transport made after the hook went in, which sets up
// HTTP/2 of its own. Responses are the same as without the hook, HTTP/2
// included. The hook registers as a one-field struct whose field has
// CloseIdleConnections, the shape net/http recognises as an HTTP/2
// transport installed from golang.org/x/net/http2, so the hooked
// transport does not try to set up its own HTTP/2 (and log that it could
// not), and its CloseIdleConnections reaches the twin.
//
// A registration cannot be undone: after Disable the hook passes every
// request on untraced (https still through the twin, http back to the
// transport itself), and a later Install on the same transport reuses it.
package zerocode
