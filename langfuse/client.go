package langfuse

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/internal/sanitize"
)

// Environment variables New reads, as the Langfuse SDKs do.
const (
	EnvPublicKey = "LANGFUSE_PUBLIC_KEY"
	EnvSecretKey = "LANGFUSE_SECRET_KEY"
	EnvHost      = "LANGFUSE_HOST"
	// DefaultHost is Langfuse Cloud (EU).
	DefaultHost = "https://cloud.langfuse.com"
)

// ErrUnauthorized is returned (wrapped) for 401 and 403 answers: the keys
// are wrong or lack access.
var ErrUnauthorized = errors.New("langfuse: credentials rejected")

// APIError is a non-2xx answer from Langfuse. It never holds a key.
type APIError struct {
	Method, Path string
	StatusCode   int
	// Message is the answer's message field, if it had one.
	Message string
}

// Error describes the failed request without any credential.
func (e *APIError) Error() string {
	msg := fmt.Sprintf("langfuse: %s %s: HTTP %d", e.Method, e.Path, e.StatusCode)
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
}

// Unwrap makes errors.Is(err, ErrUnauthorized) true for 401 and 403.
func (e *APIError) Unwrap() error {
	if e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden {
		return ErrUnauthorized
	}
	return nil
}

// Option configures a Client.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

type config struct {
	publicKey, secretKey, host string
	httpClient                 *http.Client
	retries                    int
	budget                     time.Duration
	tp                         trace.TracerProvider
}

// DefaultTimeout is the total time a Client method may take by default,
// every retry and every page included: what one attempt could take before.
// Reading a very large dataset may need more (WithTimeout).
const DefaultTimeout = 30 * time.Second

// errNoHost is returned by the methods of a Client not made by New.
var errNoHost = errors.New("langfuse: client not configured: use New")

// WithKeys sets the project's public and secret keys (env
// LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY).
func WithKeys(publicKey, secretKey string) Option {
	return optionFunc(func(c *config) { c.publicKey, c.secretKey = publicKey, secretKey })
}

// WithHost sets the Langfuse base URL (env LANGFUSE_HOST; default
// https://cloud.langfuse.com).
func WithHost(host string) Option {
	return optionFunc(func(c *config) { c.host = host })
}

// WithHTTPClient sets the HTTP client (default: one with a 30 s timeout).
func WithHTTPClient(hc *http.Client) Option {
	return optionFunc(func(c *config) { c.httpClient = hc })
}

// WithTimeout sets the total time each Client method may take, retries,
// back-off and pages included (default DefaultTimeout, 30 s); a sooner
// deadline on the context wins. d <= 0 leaves only the context's deadline.
func WithTimeout(d time.Duration) Option {
	return optionFunc(func(c *config) { c.budget = d })
}

// WithMaxRetries sets how many times a request is retried on 429, 5xx and
// network errors (default 3).
func WithMaxRetries(n int) Option {
	return optionFunc(func(c *config) { c.retries = n })
}

// WithTracerProvider sets the tracer provider Flush and Shutdown flush
// (default: the global one, which openlit.Init sets).
func WithTracerProvider(tp trace.TracerProvider) Option {
	return optionFunc(func(c *config) { c.tp = tp })
}

// Client calls Langfuse's public API for one project.
type Client struct {
	base    *url.URL
	auth    string // "Basic …", never printed
	http    *http.Client
	retries int
	budget  time.Duration
	tp      trace.TracerProvider

	// project is the id of the keys' project, read once (ProjectID).
	projectMu sync.Mutex
	project   string

	prompts promptCache
}

// New returns a client for the keys and host given by options or the
// environment. Missing keys or a malformed host are errors naming the
// variable.
func New(opts ...Option) (*Client, error) {
	c := config{
		publicKey: os.Getenv(EnvPublicKey),
		secretKey: os.Getenv(EnvSecretKey),
		host:      os.Getenv(EnvHost),
		retries:   3,
		budget:    DefaultTimeout,
	}
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	if c.publicKey == "" || c.secretKey == "" {
		return nil, fmt.Errorf("langfuse: %s and %s (or WithKeys) are required", EnvPublicKey, EnvSecretKey)
	}
	if c.host == "" {
		c.host = DefaultHost
	}
	base, err := url.Parse(strings.TrimRight(c.host, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("langfuse: %s (or WithHost) must be an http(s) URL, got %q", EnvHost, sanitize.URL(c.host))
	}
	if c.httpClient == nil {
		c.httpClient = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{
		base:    base,
		auth:    BasicAuth(c.publicKey, c.secretKey),
		http:    c.httpClient,
		retries: max(c.retries, 0),
		budget:  c.budget,
		tp:      c.tp,
	}, nil
}

// withBudget bounds ctx by the client's total time per method call.
func (c *Client) withBudget(ctx context.Context) (context.Context, context.CancelFunc) {
	if ctx == nil {
		ctx = context.Background()
	}
	if c == nil || c.budget <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, c.budget)
}

// Host is the Langfuse base URL the client calls ("" for a Client not made
// by New).
func (c *Client) Host() string {
	if c == nil || c.base == nil {
		return ""
	}
	return c.base.String()
}

// do sends one API request (JSON body in, JSON answer decoded into out),
// retrying on 429, 5xx and network errors.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, in, out any) error {
	if c == nil || c.base == nil || c.http == nil {
		return errNoHost
	}
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return fmt.Errorf("langfuse: encoding %s %s: %w", method, path, err)
		}
	}
	// path is already escaped (a dataset or prompt name may hold "/" or
	// spaces): keep it as sent, so "%2F" is not escaped again.
	u := *c.base
	raw := strings.TrimRight(c.base.EscapedPath(), "/") + path
	unescaped, err := url.PathUnescape(raw)
	if err != nil {
		return fmt.Errorf("langfuse: %s %s: %w", method, path, err)
	}
	u.Path, u.RawPath = unescaped, raw
	u.RawQuery = query.Encode()
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, method, u.String(), bytes.NewReader(body))
		if err != nil {
			return fmt.Errorf("langfuse: %s %s: %w", method, path, err)
		}
		req.Header.Set("Authorization", c.auth)
		req.Header.Set("Accept", "application/json")
		if in != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := c.http.Do(req)
		var retryAfter time.Duration
		if err == nil {
			data, readErr := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
			resp.Body.Close()
			switch {
			case readErr != nil:
				err = readErr
			case resp.StatusCode >= 200 && resp.StatusCode < 300:
				if out == nil || len(bytes.TrimSpace(data)) == 0 {
					return nil
				}
				if err := json.Unmarshal(data, out); err != nil {
					return fmt.Errorf("langfuse: %s %s: decoding the answer: %w", method, path, err)
				}
				return nil
			default:
				apiErr := &APIError{Method: method, Path: path, StatusCode: resp.StatusCode, Message: bound(c.redact(message(data)))}
				if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode < 500 {
					return apiErr
				}
				err = apiErr
				retryAfter = parseRetryAfter(resp.Header.Get("Retry-After"))
			}
		} else if ctx.Err() != nil {
			return fmt.Errorf("langfuse: %s %s: %w", method, path, ctx.Err())
		} else {
			err = fmt.Errorf("langfuse: %s %s: %w", method, path, errors.Unwrap(err))
		}
		if attempt >= c.retries {
			return err
		}
		wait := retryAfter
		if wait <= 0 {
			// Exponential back-off with jitter: 200 ms, 400 ms, 800 ms, …
			wait = time.Duration(float64(200*time.Millisecond) * float64(int(1)<<attempt) * (0.5 + rand.Float64()/2))
		}
		t := time.NewTimer(min(wait, 10*time.Second))
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("langfuse: %s %s: %w", method, path, ctx.Err())
		case <-t.C:
		}
	}
}

// redact removes the client's credentials from text a server sent back (a
// proxy or a misconfigured server may echo the Authorization header): the
// header value, its base64 token, the secret key and the public key.
func (c *Client) redact(text string) string {
	if text == "" {
		return text
	}
	token := strings.TrimPrefix(c.auth, "Basic ")
	secrets := []string{c.auth, token}
	if raw, err := base64.StdEncoding.DecodeString(token); err == nil {
		if pk, sk, ok := strings.Cut(string(raw), ":"); ok {
			secrets = append(secrets, sk, pk)
		}
	}
	for _, s := range secrets {
		if len(s) >= 4 {
			text = strings.ReplaceAll(text, s, "REDACTED")
		}
	}
	return text
}

// message extracts a message from an error answer (bound it, after
// redact: a secret cut at the bound would leak its start).
func message(data []byte) string {
	var m struct {
		Message string `json:"message"`
		Error   any    `json:"error"`
	}
	if json.Unmarshal(data, &m) == nil {
		if m.Message != "" {
			return m.Message
		}
		if s, ok := m.Error.(string); ok {
			return s
		}
	}
	return ""
}

func bound(s string) string { return sanitize.String(s, 200) }

func parseRetryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return time.Until(t)
	}
	return 0
}

// AuthCheck verifies the keys and host, as the Python SDK's auth_check does:
// GET /api/public/projects. A 401 or 403 gives an error wrapping
// ErrUnauthorized.
func (c *Client) AuthCheck(ctx context.Context) error {
	_, err := c.readProject(ctx)
	return err
}

// ProjectID is the id of the project the keys belong to (GET
// /api/public/projects), read once and then remembered.
func (c *Client) ProjectID(ctx context.Context) (string, error) {
	if c == nil {
		return "", errNoHost
	}
	c.projectMu.Lock()
	id := c.project
	c.projectMu.Unlock()
	if id != "" {
		return id, nil
	}
	return c.readProject(ctx)
}

func (c *Client) readProject(ctx context.Context) (string, error) {
	ctx, cancel := c.withBudget(ctx)
	defer cancel()
	var projects struct {
		Data []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"data"`
	}
	if err := c.do(ctx, http.MethodGet, "/api/public/projects", nil, nil, &projects); err != nil {
		return "", err
	}
	if len(projects.Data) == 0 || projects.Data[0].ID == "" {
		return "", fmt.Errorf("langfuse: the keys reach no project")
	}
	c.projectMu.Lock()
	c.project = projects.Data[0].ID
	c.projectMu.Unlock()
	return projects.Data[0].ID, nil
}

type flusher interface {
	ForceFlush(context.Context) error
}

// Flush exports the traces recorded so far (the tracer provider's
// ForceFlush), so the traces that Link and Score refer to are in Langfuse.
func (c *Client) Flush(ctx context.Context) error {
	if ctx == nil {
		ctx = context.Background()
	}
	var tp trace.TracerProvider
	if c != nil {
		tp = c.tp
	}
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	if f, ok := tp.(flusher); ok {
		return f.ForceFlush(ctx)
	}
	return nil
}

// Shutdown flushes and closes the client's idle connections. The tracer
// provider itself belongs to whoever made it (openlit.Init's SDK).
func (c *Client) Shutdown(ctx context.Context) error {
	if ctx == nil {
		ctx = context.Background()
	}
	err := c.Flush(ctx)
	if c != nil {
		err = errors.Join(err, c.prompts.wait(ctx))
	}
	if c != nil && c.http != nil {
		c.http.CloseIdleConnections()
	}
	return err
}
