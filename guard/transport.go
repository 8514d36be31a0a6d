package guard

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/openai/openai-go/v3"

	"github.com/openlit/openlit-go/internal/genai"
)

// maxBody bounds the request and response bodies the transport reads to
// guard; a larger one passes unchecked.
const maxBody = 8 << 20

// NewTransport returns an http.RoundTripper that runs p around every model
// call made through base (http.DefaultTransport when nil): preflight on the
// user messages of an OpenAI chat completions or Responses request or an
// Anthropic messages request, postflight on the answer of a non-streamed
// response. Redactions rewrite the request or response body. Other
// requests pass untouched.
//
// A denied prompt is not sent, and a denied answer is withheld: the
// client gets an HTTP 400 answer in the API's error shape (type
// "guard_denied", the verdict's explanation as message, header
// X-Should-Retry: false), which every SDK reports as its API error without
// retrying — an error returned from the transport instead would be taken
// for a connection failure and retried. AsDenied finds the *DeniedError
// behind the SDK's error.
//
// Put it beneath openlit-go's own transport, so that the verdicts are
// events on the model call's span:
//
//	openlithttp.NewTransport(guard.NewTransport(http.DefaultTransport, p))
//
// Streamed answers are not checked after the call (their text arrives in
// pieces); their prompts are.
func NewTransport(base http.RoundTripper, p *Pipeline) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return &transport{base: base, p: p}
}

type transport struct {
	base http.RoundTripper
	p    *Pipeline
}

// sep joins the texts of one message list for one pipeline run; no
// pattern matches across it, so the redacted text splits back.
const sep = "\n\u241e\n"

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.p == nil || req.Body == nil || req.Method != http.MethodPost || !modelPath(req.URL.Path) {
		return t.base.RoundTrip(req)
	}
	body, err := io.ReadAll(io.LimitReader(req.Body, maxBody+1))
	_ = req.Body.Close()
	if err != nil {
		return nil, err
	}
	req = req.Clone(req.Context())
	setBody(req, body)
	if len(body) > maxBody {
		return t.base.RoundTrip(req)
	}
	if doc, ok := decode(body); ok {
		texts := userTexts(doc)
		if len(texts) > 0 {
			v, ferr := t.p.Check(req.Context(), Preflight, joinTexts(texts))
			if v.Action == Deny || ferr != nil {
				return deniedResponse(req, &DeniedError{Phase: Preflight, Verdict: v}), nil
			}
			if out, ok := splitTexts(v.Text, len(texts)); ok && v.Action == Redact {
				for i, tx := range texts {
					tx.set(out[i])
				}
				if b, err := json.Marshal(doc); err == nil {
					setBody(req, b)
				}
			}
		}
	}
	resp, err := t.base.RoundTrip(req)
	if err != nil || resp == nil {
		return resp, err
	}
	return t.postflight(req, resp)
}

// postflight checks a non-streamed JSON answer.
func (t *transport) postflight(req *http.Request, resp *http.Response) (*http.Response, error) {
	ct := resp.Header.Get("Content-Type")
	if resp.StatusCode/100 != 2 || !strings.Contains(ct, "json") || resp.Body == nil {
		return resp, nil
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		_ = resp.Body.Close()
		return nil, err
	}
	if len(body) > maxBody {
		resp.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(body), resp.Body), resp.Body}
		return resp, nil
	}
	_ = resp.Body.Close()
	setResponseBody(resp, body)
	doc, ok := decode(body)
	if !ok {
		return resp, nil
	}
	texts := answerTexts(doc)
	if len(texts) == 0 {
		return resp, nil
	}
	v, ferr := t.p.Check(req.Context(), Postflight, joinTexts(texts))
	if v.Action == Deny || ferr != nil {
		return deniedResponse(req, &DeniedError{Phase: Postflight, Verdict: v}), nil
	}
	if out, ok := splitTexts(v.Text, len(texts)); ok && v.Action == Redact {
		for i, tx := range texts {
			tx.set(out[i])
		}
		if b, err := json.Marshal(doc); err == nil {
			setResponseBody(resp, b)
		}
	}
	return resp, nil
}

// decode reads a JSON object, numbers kept as written (a re-encoded body
// keeps a 64-bit seed exact).
func decode(b []byte) (map[string]any, bool) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var doc map[string]any
	return doc, d.Decode(&doc) == nil
}

func setBody(req *http.Request, b []byte) {
	req.Body = io.NopCloser(bytes.NewReader(b))
	req.ContentLength = int64(len(b))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
}

func setResponseBody(resp *http.Response, b []byte) {
	resp.Body = io.NopCloser(bytes.NewReader(b))
	resp.ContentLength = int64(len(b))
	resp.Header.Del("Content-Length")
}

// modelPath is whether a path is one the transport guards.
func modelPath(p string) bool {
	return strings.HasSuffix(p, "/chat/completions") || strings.HasSuffix(p, "/responses") || strings.HasSuffix(p, "/messages")
}

// text is one string in a decoded JSON document, and how to replace it.
type text struct {
	value string
	set   func(string)
}

func joinTexts(ts []text) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = t.value
	}
	return strings.Join(parts, sep)
}

func splitTexts(s string, n int) ([]string, bool) {
	out := strings.Split(s, sep)
	return out, len(out) == n
}

// contentTexts are the texts of a message's content: a string, or parts
// with a "text" (OpenAI's text and input_text/output_text, Anthropic's
// text blocks).
func contentTexts(m map[string]any, key string) []text {
	switch c := m[key].(type) {
	case string:
		return []text{{value: c, set: func(s string) { m[key] = s }}}
	case []any:
		var out []text
		for _, p := range c {
			part, ok := p.(map[string]any)
			if !ok {
				continue
			}
			if s, ok := part["text"].(string); ok {
				out = append(out, text{value: s, set: func(v string) { part["text"] = v }})
			}
		}
		return out
	}
	return nil
}

// userTexts are the user messages' texts of a chat completions,
// Responses or Anthropic messages request.
func userTexts(doc map[string]any) []text {
	defer genai.Recover()
	var out []text
	if s, ok := doc["input"].(string); ok {
		out = append(out, text{value: s, set: func(v string) { doc["input"] = v }})
	}
	for _, key := range []string{"messages", "input"} {
		list, _ := doc[key].([]any)
		for _, item := range list {
			m, ok := item.(map[string]any)
			if !ok || (m["role"] != "user" && m["role"] != nil) {
				continue
			}
			out = append(out, contentTexts(m, "content")...)
		}
	}
	return out
}

// answerTexts are the assistant texts of a chat completion, a Responses
// answer or an Anthropic message.
func answerTexts(doc map[string]any) []text {
	defer genai.Recover()
	var out []text
	if choices, ok := doc["choices"].([]any); ok {
		for _, c := range choices {
			if m, ok := c.(map[string]any)["message"].(map[string]any); ok {
				out = append(out, contentTexts(m, "content")...)
			}
		}
	}
	if items, ok := doc["output"].([]any); ok {
		for _, it := range items {
			if m, ok := it.(map[string]any); ok {
				out = append(out, contentTexts(m, "content")...)
			}
		}
	}
	if doc["type"] == "message" {
		out = append(out, contentTexts(doc, "content")...)
	}
	return out
}

// denials keeps the latest denials by id, for AsDenied.
var denials = struct {
	sync.Mutex
	byID  map[string]*DeniedError
	order []string
}{byID: map[string]*DeniedError{}}

// maxDenials bounds the denials kept.
const maxDenials = 1024

// DenialHeader carries a denial's id on the answer the transport makes.
const DenialHeader = "X-Openlit-Guard-Denial"

// deniedResponse is the API error answer of a denial.
func deniedResponse(req *http.Request, d *DeniedError) *http.Response {
	var idb [12]byte
	_, _ = rand.Read(idb[:])
	id := hex.EncodeToString(idb[:])
	denials.Lock()
	denials.byID[id] = d
	denials.order = append(denials.order, id)
	if len(denials.order) > maxDenials {
		delete(denials.byID, denials.order[0])
		denials.order = denials.order[1:]
	}
	denials.Unlock()
	msg := d.Error()
	var body any = map[string]any{"error": map[string]any{"message": msg, "type": "guard_denied", "code": "guard_denied", "param": nil}}
	if strings.HasSuffix(req.URL.Path, "/messages") {
		body = map[string]any{"type": "error", "error": map[string]any{"type": "guard_denied", "message": msg}}
	}
	b, _ := json.Marshal(body)
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("X-Should-Retry", "false")
	h.Set(DenialHeader, id)
	return &http.Response{StatusCode: http.StatusBadRequest, Status: "400 Bad Request", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: h, Body: io.NopCloser(bytes.NewReader(b)), ContentLength: int64(len(b)), Request: req}
}

// AsDenied finds the denial behind err: a *DeniedError in its chain, or
// the denial whose answer an SDK's API error carries (openai-go's
// *openai.Error, or any error in the chain with a Response *http.Response
// field reachable through errors.As on *openai.Error).
func AsDenied(err error) (*DeniedError, bool) {
	var d *DeniedError
	if errors.As(err, &d) {
		return d, true
	}
	var apiErr *openai.Error
	if errors.As(err, &apiErr) && apiErr.Response != nil {
		if id := apiErr.Response.Header.Get(DenialHeader); id != "" {
			denials.Lock()
			defer denials.Unlock()
			d, ok := denials.byID[id]
			return d, ok
		}
	}
	return nil, false
}
