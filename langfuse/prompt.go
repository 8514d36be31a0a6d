package langfuse

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"

	"github.com/openlit/openlit-go/internal/ctxattr"
	"github.com/openlit/openlit-go/internal/sanitize"
)

// PromptType is a prompt's kind: a text or a list of chat messages.
type PromptType string

// The prompt types Langfuse has.
const (
	TextPrompt PromptType = "text"
	ChatPrompt PromptType = "chat"
)

// ChatMessage is one message of a chat prompt. A placeholder (Type
// "placeholder") stands for a list of messages given at compile time, under
// its Name.
type ChatMessage struct {
	Role    string `json:"role,omitempty"`
	Content string `json:"content,omitempty"`
	// Type is "chatmessage" (or empty) for a message, "placeholder" for a
	// placeholder.
	Type string `json:"type,omitempty"`
	// Name is a placeholder's name.
	Name string `json:"name,omitempty"`
}

// Prompt is one version of a Langfuse prompt.
type Prompt struct {
	Name    string
	Version int
	Type    PromptType
	// Text is a text prompt's template; Messages a chat prompt's.
	Text     string
	Messages []ChatMessage
	// Config is the prompt's config (model, temperature, …) as Langfuse
	// stores it: any JSON.
	Config        any
	Labels        []string
	Tags          []string
	CommitMessage string
	// IsFallback is true for the fallback GetPrompt returned because
	// Langfuse could not be reached: it is not a version of the prompt, and
	// ContextWithPrompt does not link generations to it.
	IsFallback bool
}

// promptJSON is the API's shape: prompt is a string or a list.
type promptJSON struct {
	Name          string          `json:"name"`
	Version       int             `json:"version,omitempty"`
	Type          PromptType      `json:"type"`
	Prompt        json.RawMessage `json:"prompt"`
	Config        any             `json:"config"`
	Labels        []string        `json:"labels"`
	Tags          []string        `json:"tags"`
	CommitMessage *string         `json:"commitMessage,omitempty"`
}

// UnmarshalJSON reads the API's text and chat prompts.
func (p *Prompt) UnmarshalJSON(b []byte) error {
	var raw promptJSON
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*p = Prompt{Name: raw.Name, Version: raw.Version, Type: raw.Type, Config: raw.Config, Labels: raw.Labels, Tags: raw.Tags}
	if raw.CommitMessage != nil {
		p.CommitMessage = *raw.CommitMessage
	}
	switch {
	case len(raw.Prompt) > 0 && raw.Prompt[0] == '[':
		if p.Type == "" {
			p.Type = ChatPrompt
		}
		return json.Unmarshal(raw.Prompt, &p.Messages)
	case len(raw.Prompt) > 0 && raw.Prompt[0] == '"':
		if p.Type == "" {
			p.Type = TextPrompt
		}
		return json.Unmarshal(raw.Prompt, &p.Text)
	}
	return fmt.Errorf("langfuse: prompt %q has no text or messages", sanitize.String(raw.Name, 200))
}

// MarshalJSON writes the API's shape (what CreatePrompt sends).
func (p Prompt) MarshalJSON() ([]byte, error) {
	raw := promptJSON{Name: p.Name, Version: p.Version, Type: p.Type, Config: p.Config, Labels: p.Labels, Tags: p.Tags}
	if raw.Labels == nil {
		raw.Labels = []string{}
	}
	if raw.Tags == nil {
		raw.Tags = []string{}
	}
	if p.CommitMessage != "" {
		raw.CommitMessage = &p.CommitMessage
	}
	var err error
	if p.Type == ChatPrompt {
		msgs := p.Messages
		if msgs == nil {
			msgs = []ChatMessage{}
		}
		raw.Prompt, err = json.Marshal(msgs)
	} else {
		raw.Type = TextPrompt
		raw.Prompt, err = json.Marshal(p.Text)
	}
	if err != nil {
		return nil, err
	}
	return json.Marshal(raw)
}

// Compile returns a text prompt's template with each {{variable}} replaced
// by its value in vars (spaces inside the braces allowed, as Langfuse's
// SDKs read them). A variable vars does not hold is left as written.
func (p *Prompt) Compile(vars map[string]string) string {
	if p == nil {
		return ""
	}
	return compileTemplate(p.Text, vars)
}

// CompileChat returns a chat prompt's messages with each {{variable}} of
// their content replaced, and each placeholder replaced by the messages
// placeholders holds under its name (a placeholder placeholders does not
// fill is dropped).
func (p *Prompt) CompileChat(vars map[string]string, placeholders map[string][]ChatMessage) []ChatMessage {
	if p == nil {
		return nil
	}
	out := make([]ChatMessage, 0, len(p.Messages))
	for _, m := range p.Messages {
		if m.Type == "placeholder" {
			for _, pm := range placeholders[m.Name] {
				pm.Content = compileTemplate(pm.Content, vars)
				out = append(out, pm)
			}
			continue
		}
		m.Content = compileTemplate(m.Content, vars)
		m.Type = ""
		out = append(out, m)
	}
	return out
}

// compileTemplate replaces each {{ name }} that vars holds.
func compileTemplate(s string, vars map[string]string) string {
	if !strings.Contains(s, "{{") {
		return s
	}
	var b strings.Builder
	for {
		open := strings.Index(s, "{{")
		if open < 0 {
			break
		}
		end := strings.Index(s[open+2:], "}}")
		if end < 0 {
			break
		}
		name := strings.TrimSpace(s[open+2 : open+2+end])
		v, ok := vars[name]
		if !ok {
			v = s[open : open+4+end]
		}
		b.WriteString(s[:open])
		b.WriteString(v)
		s = s[open+4+end:]
	}
	b.WriteString(s)
	return b.String()
}

// ContextWithPrompt returns ctx linking the model calls made under it to
// p: their spans carry langfuse.observation.prompt.name and .version, so
// Langfuse shows each generation under the prompt version it came from
// (recorded when the Langfuse attributes are on). A nil or fallback prompt
// links nothing.
func ContextWithPrompt(ctx context.Context, p *Prompt) context.Context {
	if ctx == nil {
		ctx = context.Background()
	}
	if p == nil || p.IsFallback || p.Name == "" || p.Version <= 0 {
		return ctx
	}
	return ctxattr.With(ctx, ctxattr.Attributes{PromptName: p.Name, PromptVersion: p.Version})
}

// PromptOption configures GetPrompt.
type PromptOption interface {
	applyPrompt(*promptConfig)
}

type promptOption func(*promptConfig)

func (f promptOption) applyPrompt(c *promptConfig) { f(c) }

type promptConfig struct {
	version  int
	label    string
	ttl      time.Duration
	fallback *Prompt
}

// DefaultPromptCacheTTL is how long a fetched prompt is served from the
// client's cache before it is fetched again, as in Langfuse's SDKs.
const DefaultPromptCacheTTL = 60 * time.Second

// WithPromptVersion gets that version of the prompt.
func WithPromptVersion(v int) PromptOption {
	return promptOption(func(c *promptConfig) { c.version = v })
}

// WithPromptLabel gets the version that carries label (default
// "production" when no version is asked for either).
func WithPromptLabel(label string) PromptOption {
	return promptOption(func(c *promptConfig) { c.label = label })
}

// WithPromptCacheTTL sets how long the prompt is served from the cache
// before it is fetched again (default DefaultPromptCacheTTL; 0 fetches it
// every time).
func WithPromptCacheTTL(d time.Duration) PromptOption {
	return promptOption(func(c *promptConfig) { c.ttl = d })
}

// WithPromptFallback sets the prompt GetPrompt returns, marked IsFallback,
// when Langfuse cannot give one and none is cached: the app keeps working
// while Langfuse is unreachable.
func WithPromptFallback(p Prompt) PromptOption {
	return promptOption(func(c *promptConfig) { c.fallback = &p })
}

// maxCachedPrompts bounds the prompt cache.
const maxCachedPrompts = 1024

// promptCache holds fetched prompts per name and version or label.
type promptCache struct {
	mu      sync.Mutex
	entries map[string]*promptEntry
	// refreshing counts background refreshes (a counter, not a
	// sync.WaitGroup: a refresh may start after Shutdown gave up waiting).
	refreshing atomic.Int64
}

type promptEntry struct {
	prompt     *Prompt
	fetched    time.Time
	refreshing bool
}

// GetPrompt returns a prompt by name (GET /api/public/v2/prompts/{name}):
// the version WithPromptVersion names, else the one WithPromptLabel
// names, else the "production" one. Prompts are cached by the client
// (WithPromptCacheTTL, default 60 s): a fresh one is returned at once; a
// stale one is returned at once too while a background fetch refreshes it
// (stale-while-revalidate; a failing refresh keeps the stale prompt and is
// reported to the OpenTelemetry error handler). When nothing is cached and
// the fetch fails, the WithPromptFallback prompt is returned if one was
// given, else the error. Each returned Prompt is the caller's own copy.
func (c *Client) GetPrompt(ctx context.Context, name string, opts ...PromptOption) (*Prompt, error) {
	cfg := promptConfig{ttl: DefaultPromptCacheTTL}
	for _, o := range opts {
		if o != nil {
			o.applyPrompt(&cfg)
		}
	}
	if name == "" {
		return nil, errors.New("langfuse: GetPrompt needs a prompt name")
	}
	if c == nil || c.base == nil {
		return fallbackOr(cfg, errNoHost)
	}
	q := url.Values{}
	key := name + "\x00"
	switch {
	case cfg.version > 0:
		q.Set("version", strconv.Itoa(cfg.version))
		key += "v" + strconv.Itoa(cfg.version)
	case cfg.label != "":
		q.Set("label", cfg.label)
		key += "l" + cfg.label
	default:
		key += "lproduction"
	}
	if cfg.ttl > 0 {
		if p, stale, ok := c.prompts.get(key, cfg.ttl); ok {
			if stale {
				c.prompts.refresh(key, func(ctx context.Context) (*Prompt, error) { return c.fetchPrompt(ctx, name, q) })
			}
			return p, nil
		}
	}
	p, err := c.fetchPrompt(ctx, name, q)
	if err != nil {
		return fallbackOr(cfg, err)
	}
	if cfg.ttl > 0 {
		c.prompts.put(key, p)
	}
	return clonePrompt(p), nil
}

func fallbackOr(cfg promptConfig, err error) (*Prompt, error) {
	if cfg.fallback == nil {
		return nil, err
	}
	otel.Handle(fmt.Errorf("langfuse: using the fallback prompt: %w", err))
	p := clonePrompt(cfg.fallback)
	p.IsFallback = true
	return p, nil
}

func (c *Client) fetchPrompt(ctx context.Context, name string, q url.Values) (*Prompt, error) {
	ctx, cancel := c.withBudget(ctx)
	defer cancel()
	var p Prompt
	if err := c.do(ctx, http.MethodGet, "/api/public/v2/prompts/"+url.PathEscape(name), q, nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// CreatePrompt creates a new version of the prompt p names (POST
// /api/public/v2/prompts) and returns it as Langfuse stored it (with its
// version). Its Type decides text or chat; Labels (such as "production")
// deploy it. The client's cached versions of the prompt are dropped.
func (c *Client) CreatePrompt(ctx context.Context, p Prompt) (*Prompt, error) {
	if p.Name == "" {
		return nil, errors.New("langfuse: CreatePrompt needs a prompt name")
	}
	if p.Type == "" {
		p.Type = TextPrompt
		if p.Messages != nil {
			p.Type = ChatPrompt
		}
	}
	p.Version = 0
	ctx, cancel := c.withBudget(ctx)
	defer cancel()
	var out Prompt
	if err := c.do(ctx, http.MethodPost, "/api/public/v2/prompts", nil, p, &out); err != nil {
		return nil, err
	}
	c.prompts.drop(p.Name + "\x00")
	return &out, nil
}

func clonePrompt(p *Prompt) *Prompt {
	cp := *p
	cp.Messages = append([]ChatMessage(nil), p.Messages...)
	cp.Labels = append([]string(nil), p.Labels...)
	cp.Tags = append([]string(nil), p.Tags...)
	return &cp
}

// get returns a copy of the cached prompt and whether it is older than ttl.
func (pc *promptCache) get(key string, ttl time.Duration) (p *Prompt, stale, ok bool) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	e := pc.entries[key]
	if e == nil {
		return nil, false, false
	}
	return clonePrompt(e.prompt), time.Since(e.fetched) >= ttl, true
}

func (pc *promptCache) put(key string, p *Prompt) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.entries == nil {
		pc.entries = make(map[string]*promptEntry)
	}
	if _, ok := pc.entries[key]; !ok && len(pc.entries) >= maxCachedPrompts {
		for k := range pc.entries {
			delete(pc.entries, k)
			break
		}
	}
	pc.entries[key] = &promptEntry{prompt: clonePrompt(p), fetched: time.Now()}
}

// drop forgets every cached version of the prompts whose key starts with
// prefix.
func (pc *promptCache) drop(prefix string) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	for k := range pc.entries {
		if strings.HasPrefix(k, prefix) {
			delete(pc.entries, k)
		}
	}
}

// refresh fetches key again in the background, one fetch per key at a
// time, within the client's time budget (not the caller's context: the
// caller has its answer already). Client.Shutdown waits for it.
func (pc *promptCache) refresh(key string, fetch func(context.Context) (*Prompt, error)) {
	pc.mu.Lock()
	e := pc.entries[key]
	if e == nil || e.refreshing {
		pc.mu.Unlock()
		return
	}
	e.refreshing = true
	pc.refreshing.Add(1)
	pc.mu.Unlock()
	go func() {
		defer pc.refreshing.Add(-1)
		p, err := fetch(context.Background())
		pc.mu.Lock()
		defer pc.mu.Unlock()
		if cur := pc.entries[key]; cur == e {
			e.refreshing = false
			if err == nil {
				pc.entries[key] = &promptEntry{prompt: p, fetched: time.Now()}
			}
		}
		if err != nil {
			otel.Handle(fmt.Errorf("langfuse: refreshing a cached prompt (the cached version is kept): %w", err))
		}
	}()
}

// wait waits for background refreshes until ctx ends.
func (pc *promptCache) wait(ctx context.Context) error {
	t := time.NewTicker(2 * time.Millisecond)
	defer t.Stop()
	for pc.refreshing.Load() > 0 {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	return nil
}
