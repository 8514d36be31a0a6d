package platform

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/openlit/openlit-go/internal/sanitize"
)

// DefaultTimeout bounds each request unless WithTimeout sets it.
const DefaultTimeout = 30 * time.Second

// maxResponse bounds the response bodies read.
const maxResponse = 16 << 20

// Client calls the OpenLIT platform. Make one with New; it is safe for
// concurrent use.
type Client struct {
	url     string
	apiKey  string
	http    *http.Client
	timeout time.Duration
	source  string
}

// Option configures a Client.
type Option func(*Client)

// WithURL sets the platform's address (default: OPENLIT_URL).
func WithURL(url string) Option { return func(c *Client) { c.url = url } }

// WithAPIKey sets the API key (default: OPENLIT_API_KEY).
func WithAPIKey(key string) Option { return func(c *Client) { c.apiKey = key } }

// WithHTTPClient sets the HTTP client (default: http.DefaultClient).
func WithHTTPClient(hc *http.Client) Option { return func(c *Client) { c.http = hc } }

// WithTimeout bounds each request (DefaultTimeout unless set; zero or
// less: only the caller's context).
func WithTimeout(d time.Duration) Option { return func(c *Client) { c.timeout = d } }

// ErrConfig is the error of New without an address or a key.
var ErrConfig = errors.New("platform: missing configuration")

// New returns a client of the platform at OPENLIT_URL with the key in
// OPENLIT_API_KEY, unless options say otherwise.
func New(opts ...Option) (*Client, error) {
	c := &Client{url: os.Getenv("OPENLIT_URL"), apiKey: os.Getenv("OPENLIT_API_KEY"), http: http.DefaultClient,
		timeout: DefaultTimeout, source: "go-sdk"}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	switch {
	case c.url == "":
		return nil, fmt.Errorf("%w: no URL: set OPENLIT_URL or use WithURL", ErrConfig)
	case c.apiKey == "":
		return nil, fmt.Errorf("%w: no API key: set OPENLIT_API_KEY or use WithAPIKey", ErrConfig)
	}
	c.url = strings.TrimRight(c.url, "/")
	if c.http == nil {
		c.http = http.DefaultClient
	}
	return c, nil
}

// Error is a failed platform request: the HTTP status and the server's
// message (its "err").
type Error struct {
	Route   string
	Status  int
	Message string
}

func (e *Error) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("platform: %s: HTTP %d", e.Route, e.Status)
	}
	return fmt.Sprintf("platform: %s: HTTP %d: %s", e.Route, e.Status, e.Message)
}

// Is makes errors.Is(err, ErrUnauthorized) and ErrNotFound work.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden || strings.Contains(e.Message, "apiKey")
	case ErrNotFound:
		return e.Status == http.StatusNotFound || strings.HasPrefix(e.Message, "No such prompt")
	}
	return false
}

// The errors an *Error can be.
var (
	// ErrUnauthorized: the key is missing, unknown or refused.
	ErrUnauthorized = errors.New("platform: unauthorized")
	// ErrNotFound: no such route or prompt.
	ErrNotFound = errors.New("platform: not found")
	// ErrMalformed: the server's answer is not what the route returns.
	ErrMalformed = errors.New("platform: malformed response")
)

// post sends body to route and decodes the answer into out. The server
// answers errors as {"err": "..."}, with an error status or (prompt hub,
// vault) with 200.
func (c *Client) post(ctx context.Context, route string, body any, out any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("platform: %s: %w", route, err)
	}
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url+route, bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("platform: %s: %w", route, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+c.apiKey)
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("platform: %s: %w", route, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return fmt.Errorf("platform: %s: reading the answer: %w", route, err)
	}
	var envelope struct {
		Err json.RawMessage `json:"err"`
	}
	_ = json.Unmarshal(data, &envelope)
	msg := errMessage(envelope.Err)
	if resp.StatusCode/100 != 2 {
		return &Error{Route: route, Status: resp.StatusCode, Message: msg}
	}
	if msg != "" {
		return &Error{Route: route, Status: resp.StatusCode, Message: msg}
	}
	if err := json.Unmarshal(data, out); err != nil {
		// The body is not quoted: a vault answer holds secrets.
		return fmt.Errorf("%w: %s: %d bytes that do not decode: %v", ErrMalformed, route, len(data), jsonErrorKind(err))
	}
	return nil
}

// maxMessage bounds the server's message kept in an error.
const maxMessage = 512

// errMessage is the server's "err": a string, or an object's message.
func errMessage(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return sanitize.String(s, maxMessage)
	}
	var o struct {
		Message string `json:"message"`
	}
	if json.Unmarshal(raw, &o) == nil && o.Message != "" {
		return sanitize.String(o.Message, maxMessage)
	}
	return "error"
}

// jsonErrorKind describes a decoding error without the data it quotes.
func jsonErrorKind(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("syntax error at byte %d", syn.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("%s where %s was expected (field %s)", typ.Value, typ.Type, typ.Field)
	}
	return "not JSON"
}
