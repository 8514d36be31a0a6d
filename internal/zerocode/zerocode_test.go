package zerocode

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/instrumentation/openlithttp"
	"github.com/openlit/openlit-go/replay"
)

// server is a replay of the recorded OpenAI answers over https with
// HTTP/2 (as api.openai.com) or over plain http (as a local model server).
type server struct {
	*httptest.Server
	closed atomic.Int64 // connections the server saw close
}

func newServer(t *testing.T, tlsOn bool) *server {
	t.Helper()
	rp := replay.NewServer(replay.Options{})
	t.Cleanup(rp.Close)
	s := &server{}
	s.Server = httptest.NewUnstartedServer(rp)
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateClosed {
			s.closed.Add(1)
		}
	}
	if tlsOn {
		s.EnableHTTP2 = true
		s.StartTLS()
	} else {
		s.Start()
	}
	t.Cleanup(s.Close)
	return s
}

// transport is a fresh transport with http.DefaultTransport's settings
// (HTTP/2 forced on), trusting srv's certificate.
func transport(srv *server) *http.Transport {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	if srv.TLS != nil {
		tr.TLSClientConfig = &tls.Config{RootCAs: srv.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs}
	}
	return tr
}

type recorder struct {
	exp *tracetest.InMemoryExporter
	tp  *sdktrace.TracerProvider
}

func newRecorder(t *testing.T) *recorder {
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	return &recorder{exp: exp, tp: tp}
}

func (r *recorder) tracer(out http.RoundTripper) Tracer {
	return openlithttp.NewTransport(out, openlithttp.WithTracerProvider(r.tp))
}

func (r *recorder) names() []string {
	var n []string
	for _, s := range r.exp.GetSpans() {
		n = append(n, s.Name)
	}
	return n
}

const chatBody = `{"model":"gpt-4o","messages":[{"role":"user","content":"What is LLM Observability?"}]}`

// chat posts the guide's chat through c and returns the response's
// protocol and body.
func chat(t *testing.T, c *http.Client, base string) (int, string) {
	t.Helper()
	res, err := c.Post(base+"/v1/chat/completions", "application/json", strings.NewReader(chatBody))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK || !strings.Contains(string(b), "LLM Observability refers to") {
		t.Fatalf("status %d, body %.80q", res.StatusCode, b)
	}
	return res.ProtoMajor, string(b)
}

func get(t *testing.T, c *http.Client, url string) int {
	t.Helper()
	res, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.ProtoMajor
}

func TestHookTracesAndKeepsResponses(t *testing.T) {
	for _, tlsOn := range []bool{true, false} {
		name := map[bool]string{true: "https HTTP/2", false: "http"}[tlsOn]
		t.Run(name, func(t *testing.T) {
			srv := newServer(t, tlsOn)
			// Without the hook: the protocol and answer a client gets.
			plain := transport(srv)
			defer plain.CloseIdleConnections()
			wantProto, wantBody := chat(t, &http.Client{Transport: plain}, srv.URL)

			tr := transport(srv)
			r := newRecorder(t)
			h, err := Install(tr, r.tracer)
			if err != nil {
				t.Fatal(err)
			}
			defer h.Disable()
			c := &http.Client{Transport: tr}
			defer c.CloseIdleConnections()
			proto, body := chat(t, c, srv.URL)
			if proto != wantProto || body != wantBody {
				t.Errorf("hooked: HTTP/%d, %d bytes; plain: HTTP/%d, %d bytes", proto, len(body), wantProto, len(body))
			}
			if tlsOn && proto != 2 {
				t.Errorf("HTTP/%d over TLS, want HTTP/2 as without the hook", proto)
			}
			if got := r.names(); len(got) != 1 || got[0] != "chat gpt-4o" {
				t.Errorf("spans %v, want one chat span", got)
			}
			if p := get(t, c, srv.URL+"/v1/models"); p != wantProto {
				t.Errorf("non-model request: HTTP/%d, want HTTP/%d", p, wantProto)
			}
			if n := len(r.exp.GetSpans()); n != 1 {
				t.Errorf("a GET traced: %d spans", n)
			}
		})
	}
}

// A transport used before the hook has HTTP/2 in its https slot: the hook
// takes http only, and says why https is not hooked.
func TestHTTPSTakenByHTTP2(t *testing.T) {
	srv := newServer(t, true)
	tr := transport(srv)
	defer tr.CloseIdleConnections()
	get(t, &http.Client{Transport: tr}, srv.URL+"/v1/models")
	r := newRecorder(t)
	h, err := Install(tr, r.tracer)
	if !errors.Is(err, ErrSchemeTaken) || !strings.Contains(err.Error(), "https") || !strings.Contains(err.Error(), "HTTP/2") {
		t.Fatalf("err = %v, want https taken, naming HTTP/2", err)
	}
	defer h.Disable()
	if https, plainHTTP := h.Schemes(); https || !plainHTTP {
		t.Errorf("schemes https=%v http=%v, want http only", https, plainHTTP)
	}
	// A later Install (Init after Shutdown) is told again.
	h.Disable()
	h, err = Install(tr, r.tracer)
	if !errors.Is(err, ErrSchemeTaken) {
		t.Errorf("second Install: err = %v, want https taken again", err)
	}
	if proto, _ := chat(t, &http.Client{Transport: tr}, srv.URL); proto != 2 {
		t.Errorf("HTTP/%d, want the transport's own HTTP/2", proto)
	}
	if n := len(r.exp.GetSpans()); n != 0 {
		t.Errorf("%d spans through a scheme not hooked", n)
	}
	plainSrv := newServer(t, false)
	chat(t, &http.Client{Transport: tr}, plainSrv.URL)
	if n := len(r.exp.GetSpans()); n != 1 {
		t.Errorf("%d spans over http, want 1", n)
	}
}

// Someone else's protocol on a scheme is left alone and reported.
func TestSchemeOfSomeoneElse(t *testing.T) {
	tr := &http.Transport{}
	mine := roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, http.ErrSkipAltProtocol })
	tr.RegisterProtocol("http", mine)
	h, err := Install(tr, newRecorder(t).tracer)
	if !errors.Is(err, ErrSchemeTaken) || !strings.Contains(err.Error(), "http:") {
		t.Fatalf("err = %v, want http taken", err)
	}
	if https, plainHTTP := h.Schemes(); !https || plainHTTP {
		t.Errorf("schemes https=%v http=%v, want https only", https, plainHTTP)
	}
	h.Disable()
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// Disable, then Install again on the same transport (RegisterProtocol
// panics on a second registration: the hook is reused).
func TestDisableAndReinstall(t *testing.T) {
	for _, tlsOn := range []bool{true, false} {
		srv := newServer(t, tlsOn)
		tr := transport(srv)
		c := &http.Client{Transport: tr}
		first := newRecorder(t)
		h1, err := Install(tr, first.tracer)
		if err != nil {
			t.Fatal(err)
		}
		chat(t, c, srv.URL)
		h1.Disable()
		proto, _ := chat(t, c, srv.URL)
		if tlsOn && proto != 2 {
			t.Errorf("after Disable: HTTP/%d, want 2", proto)
		}
		if n := len(first.exp.GetSpans()); n != 1 {
			t.Errorf("tls=%v: %d spans after Disable, want the 1 before", tlsOn, n)
		}
		second := newRecorder(t)
		h2, err := Install(tr, second.tracer)
		if err != nil {
			t.Fatalf("second Install: %v", err)
		}
		h1.Disable() // the first Install's Disable leaves the second alone
		chat(t, c, srv.URL)
		if n := len(second.exp.GetSpans()); n != 1 {
			t.Errorf("tls=%v: %d spans after the second Install, want 1", tlsOn, n)
		}
		h2.Disable()
		c.CloseIdleConnections()
	}
}

// The hooked transport's CloseIdleConnections reaches the twin (net/http
// takes the hook for its HTTP/2 transport), and Clone gives a transport
// without the hook.
func TestCloseIdleAndClone(t *testing.T) {
	srv := newServer(t, true)
	tr := transport(srv)
	r := newRecorder(t)
	h, err := Install(tr, r.tracer)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Disable()
	chat(t, &http.Client{Transport: tr}, srv.URL)
	tr.CloseIdleConnections()
	srv.Close() // waits for the connections to close: none should be left
	if srv.closed.Load() == 0 {
		t.Error("CloseIdleConnections did not close the twin's connection")
	}

	srv2 := newServer(t, true)
	tr2 := transport(srv2)
	h2, err := Install(tr2, r.tracer)
	if err != nil {
		t.Fatal(err)
	}
	defer h2.Disable()
	clone := tr2.Clone()
	defer clone.CloseIdleConnections()
	if proto, _ := chat(t, &http.Client{Transport: clone}, srv2.URL); proto != 2 {
		t.Errorf("clone: HTTP/%d", proto)
	}
	if n := len(r.exp.GetSpans()); n != 1 {
		t.Errorf("%d spans: the clone carries the hook", n)
	}
}

func TestInstallConcurrent(t *testing.T) {
	tr := &http.Transport{}
	var wg sync.WaitGroup
	handles := make([]*Handle, 8)
	for i := range handles {
		wg.Go(func() {
			h, err := Install(tr, newRecorder(t).tracer)
			if err != nil {
				t.Error(err)
			}
			handles[i] = h
		})
	}
	wg.Wait()
	for _, h := range handles[1:] {
		if h.hook != handles[0].hook {
			t.Fatal("two hooks on one transport")
		}
	}
	if _, err := Install(nil, nil); err == nil {
		t.Error("Install(nil) succeeded")
	}
}

// A request that is not a model call costs the hook a map lookup and the
// endpoint rules: no allocation.
func TestNonModelNoAllocs(t *testing.T) {
	tr := &http.Transport{}
	h, err := Install(tr, newRecorder(t).tracer)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Disable()
	req, _ := http.NewRequest(http.MethodGet, "http://example.com/health", nil)
	rt := roundTripper{h.hook}
	if n := testing.AllocsPerRun(1000, func() {
		if _, err := rt.RoundTrip(req); err != http.ErrSkipAltProtocol {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("%v allocations per non-model request", n)
	}
}

func BenchmarkNonModel(b *testing.B) {
	tr := &http.Transport{}
	h, err := Install(tr, func(out http.RoundTripper) Tracer { return openlithttp.NewTransport(out) })
	if err != nil {
		b.Fatal(err)
	}
	defer h.Disable()
	req, _ := http.NewRequest(http.MethodPost, "http://example.com/api/orders", strings.NewReader("{}"))
	req.Header.Set("Content-Type", "application/json")
	rt := roundTripper{h.hook}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = rt.RoundTrip(req)
	}
}
