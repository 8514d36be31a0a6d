package wire

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/provider"
)

// Bounds on what is kept of an exchange.
const (
	// maxRequestView is how much of a JSON request body is read to decode
	// it; the body is handed on whole either way.
	maxRequestView = 1 << 20
	// maxFormView is how much of the start and of the end of a multipart
	// upload is kept to find its fields; the file in between is never kept.
	maxFormView = 64 << 10
	// maxResponseView bounds the copy of a JSON response kept for decoding.
	maxResponseView = 4 << 20
	// maxEvent bounds one stream line or event.
	maxEvent = 1 << 20
	// maxElems is how many elements of a response array are kept.
	maxElems = 128
	// maxErrorView is how much of an error response is kept.
	maxErrorView = 64 << 10
)

// Config configures a Tracer.
type Config struct {
	// Telemetry records the calls.
	Telemetry *genai.Telemetry
	// Providers names gen_ai.system from the host; nil means the built-in
	// rules.
	Providers *provider.Resolver
	// System, when set, is the gen_ai.system of every call.
	System string
	// AnyHost traces a JSON request naming a model on a path no decoder
	// knows whatever its host (the client is a model API client); otherwise
	// only hosts a provider rule names are.
	AnyHost bool
	// OnTraced, when set, is called for a request made inside a call that
	// is already traced (the typed wrappers'), which passes through
	// untraced.
	OnTraced func(*genai.Call, *http.Request)
	// OnStart, when set, is called for each call the Tracer starts.
	OnStart func(*genai.Call, *http.Request)
	// TracedStreams makes the Tracer follow the answer of a streamed call
	// that a typed integration traces (Call.Streamed set before the
	// request): its body is observed as the client reads it, and the call
	// ends when it ends. For SDKs whose stream type has no hook of its own.
	TracedStreams bool
}

// Tracer traces the model calls among the requests it is given.
type Tracer struct {
	cfg Config
}

// New returns a Tracer.
func New(cfg Config) *Tracer { return &Tracer{cfg: cfg} }

// RoundTrip sends req through next, tracing it when it is a model call.
// What next returns is returned unchanged, apart from the response body
// being observed as it is read; instrumentation failures never reach the
// caller.
func (t *Tracer) RoundTrip(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
	if req == nil || req.URL == nil {
		return next(req)
	}
	// A framework's yielding call is taken over by the call started below
	// (genai.Request.Yield); any other call in the context is a typed
	// integration's, which this request belongs to.
	if call := genai.FromContext(req.Context()); call != nil && !call.Adoptable("") {
		if t.cfg.OnTraced != nil {
			t.onTraced(call, req)
		}
		if !t.cfg.TracedStreams || !call.Streamed {
			return next(req)
		}
		resp, err := next(req)
		t.followTraced(call, req, resp, err)
		return resp, err
	}
	k, pathModel := t.classify(req)
	if k == kindNone {
		return next(req)
	}
	out, x := t.begin(req, k, pathModel)
	resp, err := next(out)
	if x == nil {
		return resp, err
	}
	t.finish(x, resp, err)
	return resp, err
}

// classify is the kind of model call req is, by its path, or kindUnknown
// for a JSON or multipart POST to a model API's host on a path no decoder
// knows; kindNone when it is not a model call.
func (t *Tracer) classify(req *http.Request) (kind, string) {
	k, pathModel := match(req.Method, req.URL.Path)
	if k != kindNone {
		return k, pathModel
	}
	ct := req.Header.Get("Content-Type")
	if req.Method != http.MethodPost || !(isJSON(ct) || multipartBoundary(ct) != "") ||
		!(t.cfg.AnyHost || t.cfg.Providers.Known(req.URL.Hostname())) {
		return kindNone, ""
	}
	return kindUnknown, ""
}

// Traces reports, without reading the body, whether RoundTrip does more
// than pass req on: a model call, or a request of a call a typed
// integration traces that this Tracer is configured to follow.
func (t *Tracer) Traces(req *http.Request) bool {
	if req == nil || req.URL == nil {
		return false
	}
	if call := genai.FromContext(req.Context()); call != nil && !call.Adoptable("") {
		return t.cfg.OnTraced != nil || (t.cfg.TracedStreams && call.Streamed)
	}
	k, _ := t.classify(req)
	return k != kindNone
}

// followTraced observes the answer of a typed call's stream: a failed
// attempt is the typed integration's to record, a 2xx answer ends the call
// when its body ends.
func (t *Tracer) followTraced(call *genai.Call, req *http.Request, resp *http.Response, err error) {
	defer genai.Recover()
	if err != nil || resp == nil || resp.StatusCode < 200 || resp.StatusCode > 299 {
		return
	}
	k, _ := match(req.Method, req.URL.Path)
	if k == kindNone {
		return
	}
	dec := newDecoder(k)
	call.SetFollowed()
	observeAnswer(resp, call, dec)
}

func (t *Tracer) onTraced(call *genai.Call, req *http.Request) {
	defer genai.Recover()
	t.cfg.OnTraced(call, req)
}

// begin reads the request, starts its call and returns the request to send:
// a copy carrying the call's context, with its body handed on whole. A nil
// call means the request is not traced.
func (t *Tracer) begin(req *http.Request, k kind, pathModel string) (out *http.Request, traced *exchange) {
	out = req
	var (
		body io.ReadCloser
		call *genai.Call
	)
	defer func() {
		if r := recover(); r != nil {
			// The request goes on untraced, with its body whole; a call
			// already started ends now.
			genai.HandlePanic(r)
			traced = nil
			call.End(nil)
			if body != nil && out == req {
				out = withBody(req, body)
			}
		}
	}()
	x := &exchange{kind: k, method: req.Method, url: req.URL, pathModel: pathModel, rawQuery: req.URL.RawQuery, path: req.URL.Path}
	ct := req.Header.Get("Content-Type")
	if req.Body != nil && req.Body != http.NoBody {
		if boundary := multipartBoundary(ct); boundary != "" {
			var form *formView
			form, body = viewForm(req.Body, boundary)
			x.form = form
		} else {
			x.body, x.cut, body = viewBody(req.Body, req.ContentLength)
		}
	}
	dec := newDecoder(k)
	r, ok := dec.request(x)
	if !ok {
		if body != nil {
			out = withBody(req, body)
		}
		return out, nil
	}
	var ctx context.Context
	ctx, call = t.cfg.Telemetry.Start(req.Context(), r)
	if call.CaptureContent() {
		call.Input, call.Instructions = dec.input(x)
		call.ToolDefinitions = toolDefinitions(x.body)
	}
	call.ServerAddress, call.ServerPort = provider.HostPort(req.URL)
	call.System = t.cfg.System
	if call.System == "" {
		call.System = t.cfg.Providers.System(call.ServerAddress, call.ServerPort, dec.system(x))
	}
	if t.cfg.OnStart != nil {
		t.cfg.OnStart(call, req)
	}
	out = req.WithContext(ctx)
	if body != nil {
		out.Body = body
	}
	x.call, x.dec = call, dec
	x.body = "" // the view is not needed past here
	return out, x
}

func withBody(req *http.Request, body io.ReadCloser) *http.Request {
	out := req.WithContext(req.Context())
	out.Body = body
	return out
}

// finish ends the call of a failed attempt, or observes the response body
// and ends the call when it has been read, closed or dropped.
func (t *Tracer) finish(x *exchange, resp *http.Response, err error) {
	call, dec := x.call, x.dec
	defer func() {
		if r := recover(); r != nil {
			genai.HandlePanic(r)
			call.End(nil)
		}
	}()
	if x.form != nil {
		// A multipart upload has been sent by now: its fields after the
		// file are known.
		dec.form(call, x.form)
	}
	if err != nil {
		call.ErrorType = genai.ErrorType(err)
		call.End(redact(err, x.url))
		return
	}
	if resp == nil {
		call.End(errNoResponse)
		return
	}
	if resp.StatusCode >= 400 {
		call.ErrorType = strconv.Itoa(resp.StatusCode)
		observe(resp, call, &errorReader{status: resp.StatusCode, cap: newCapture(maxErrorView, maxElems, maxErrorView)})
		return
	}
	if resp.StatusCode == http.StatusSwitchingProtocols {
		call.End(nil)
		return
	}
	observeAnswer(resp, call, dec)
}

// observeAnswer observes a successful answer with the sink its content type
// and encoding call for.
func observeAnswer(resp *http.Response, call *genai.Call, dec decoder) {
	encoding := ""
	if !resp.Uncompressed {
		encoding = resp.Header.Get("Content-Encoding")
	}
	observe(resp, call, readerFor(resp.Header.Get("Content-Type"), encoding, dec, resp.ContentLength))
}

// redact returns err with the request URL's query and password, which may
// hold an API key (Gemini's ?key=), cut out of its message, for the span;
// the caller still gets err itself.
func redact(err error, u *url.URL) error {
	if u == nil {
		return err
	}
	msg := err.Error()
	secrets := []string{u.RawQuery}
	if u.User != nil {
		if p, ok := u.User.Password(); ok {
			secrets = append(secrets, p, url.QueryEscape(p))
		}
	}
	out := msg
	for _, s := range secrets {
		if s != "" {
			out = strings.ReplaceAll(out, s, "REDACTED")
		}
	}
	if out == msg {
		return err
	}
	return &redactedError{err: err, msg: out}
}

type redactedError struct {
	err error
	msg string
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

var errNoResponse = errors.New("openlit: the transport returned neither a response nor an error")

// StatusError is the error a traced call ends with when the API answered
// with an error status: the status and the message the body gave.
type StatusError struct {
	StatusCode int
	Message    string
}

func (e *StatusError) Error() string {
	s := strconv.Itoa(e.StatusCode) + " " + http.StatusText(e.StatusCode)
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

func isJSON(ct string) bool {
	mt, _, _ := strings.Cut(ct, ";")
	mt = strings.TrimSpace(mt)
	return strings.EqualFold(mt, "application/json") || strings.HasSuffix(strings.ToLower(mt), "+json")
}

func multipartBoundary(ct string) string {
	if !strings.HasPrefix(strings.ToLower(ct), "multipart/") {
		return ""
	}
	_, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return ""
	}
	return params["boundary"]
}

// errorMessage is the message of an API error body: OpenAI's, Anthropic's
// and Gemini's error.message, Ollama's error, or the text itself.
func errorMessage(doc string) string {
	root := parse(doc)
	for _, p := range [...]string{"error.message", "error", "message", "detail"} {
		if v := root.Get(p); v.Type == stringType {
			return strings.Clone(v.Str)
		}
	}
	if root.IsObject() || root.IsArray() {
		return ""
	}
	return strings.Clone(strings.TrimSpace(doc))
}

// toolDefinitions is the JSON array of tools a request body offers the
// model: "tools" (OpenAI chat and Responses, Anthropic, Gemini, Ollama) or
// Bedrock's "toolConfig.tools"; "" when there is none. It is copied out of
// the body's view, as every value a call keeps is.
func toolDefinitions(body string) string {
	for _, path := range [...]string{"tools", "toolConfig.tools"} {
		if v := gjson.Get(body, path); v.IsArray() && v.Get("0").Exists() {
			return keep(v.Raw)
		}
	}
	return ""
}
