package langfuse_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/openlit/openlit-go/internal/errcapture"
	"github.com/openlit/openlit-go/langfuse"
	"github.com/openlit/openlit-go/langfuse/langfusetest"
)

func promptClient(t *testing.T) (*langfuse.Client, *langfusetest.Server) {
	t.Helper()
	fake := langfusetest.New("qa")
	t.Cleanup(fake.Close)
	c, err := langfuse.New(langfuse.WithKeys(langfusetest.PublicKey, langfusetest.SecretKey), langfuse.WithHost(fake.URL))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Shutdown(context.Background()) })
	return c, fake
}

func TestCompile(t *testing.T) {
	p := &langfuse.Prompt{Type: langfuse.TextPrompt, Text: "Hi {{name}}, {{ topic }} and {{missing}} {{unclosed"}
	if got := p.Compile(map[string]string{"name": "Ada", "topic": "{{name}}"}); got != "Hi Ada, {{name}} and {{missing}} {{unclosed" {
		t.Errorf("Compile: %q", got)
	}
	chat := &langfuse.Prompt{Type: langfuse.ChatPrompt, Messages: []langfuse.ChatMessage{
		{Role: "system", Content: "You answer about {{topic}}."},
		{Type: "placeholder", Name: "history"},
		{Role: "user", Content: "{{question}}", Type: "chatmessage"},
	}}
	got := chat.CompileChat(map[string]string{"topic": "Go", "question": "Why?"},
		map[string][]langfuse.ChatMessage{"history": {{Role: "user", Content: "Hi"}, {Role: "assistant", Content: "Hello"}}})
	want := []langfuse.ChatMessage{{Role: "system", Content: "You answer about Go."}, {Role: "user", Content: "Hi"},
		{Role: "assistant", Content: "Hello"}, {Role: "user", Content: "Why?"}}
	if len(got) != len(want) {
		t.Fatalf("CompileChat: %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("message %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	var nilPrompt *langfuse.Prompt
	if nilPrompt.Compile(nil) != "" || nilPrompt.CompileChat(nil, nil) != nil {
		t.Error("nil prompt compiled to something")
	}
}

// Text and chat prompts by label (production by default), version and a
// name with a folder; a new version created through the API; the answers
// checked against Langfuse's OpenAPI specification in spectest.
func TestGetPrompt(t *testing.T) {
	c, fake := promptClient(t)
	ctx := context.Background()
	fake.AddPrompt("greeting", "Hello {{name}}", map[string]any{"model": "gpt-4o"}, "production")
	fake.AddPrompt("greeting", "Hey {{name}}", nil, "staging")
	fake.AddPrompt("team/support chat", []map[string]any{{"role": "system", "content": "Help with {{product}}"}}, nil, "production")

	p, err := c.GetPrompt(ctx, "greeting")
	if err != nil || p.Version != 1 || p.Type != langfuse.TextPrompt || p.Compile(map[string]string{"name": "Ada"}) != "Hello Ada" {
		t.Fatalf("production: %+v, %v", p, err)
	}
	if cfg, _ := p.Config.(map[string]any); cfg["model"] != "gpt-4o" {
		t.Errorf("config %v", p.Config)
	}
	if p, err := c.GetPrompt(ctx, "greeting", langfuse.WithPromptLabel("staging")); err != nil || p.Version != 2 {
		t.Errorf("staging: %+v, %v", p, err)
	}
	if p, err := c.GetPrompt(ctx, "greeting", langfuse.WithPromptVersion(2)); err != nil || p.Text != "Hey {{name}}" {
		t.Errorf("version 2: %+v, %v", p, err)
	}
	chat, err := c.GetPrompt(ctx, "team/support chat")
	if err != nil || chat.Type != langfuse.ChatPrompt || len(chat.Messages) != 1 || chat.CompileChat(map[string]string{"product": "Go"}, nil)[0].Content != "Help with Go" {
		t.Fatalf("chat: %+v, %v", chat, err)
	}
	if _, err := c.GetPrompt(ctx, "absent"); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("absent prompt: %v", err)
	}

	created, err := c.CreatePrompt(ctx, langfuse.Prompt{Name: "greeting", Text: "Good day {{name}}", Labels: []string{"production"}, CommitMessage: "formal"})
	if err != nil || created.Version != 3 {
		t.Fatalf("create: %+v, %v", created, err)
	}
	// Creating drops the cached versions: production is the new one now.
	if p, err := c.GetPrompt(ctx, "greeting"); err != nil || p.Version != 3 {
		t.Errorf("after create: %+v, %v", p, err)
	}
	// The caller's copy is its own.
	mine, _ := c.GetPrompt(ctx, "greeting")
	mine.Labels[0] = "changed"
	if again, _ := c.GetPrompt(ctx, "greeting"); again.Labels[0] == "changed" {
		t.Error("the cache handed out shared slices")
	}
}

// Fresh prompts come from the cache; stale ones are returned at once and
// refreshed in the background; an unreachable Langfuse gives the stale
// prompt, then the fallback for prompts never fetched.
func TestPromptCache(t *testing.T) {
	c, fake := promptClient(t)
	ctx := context.Background()
	fake.AddPrompt("p", "v1", nil, "production")
	count := func() int {
		n := 0
		for _, ex := range fake.Exchanges() {
			if strings.HasPrefix(ex.Request.URL.Path, "/api/public/v2/prompts/") {
				n++
			}
		}
		return n
	}
	ttl := langfuse.WithPromptCacheTTL(50 * time.Millisecond)
	for range 3 {
		if p, err := c.GetPrompt(ctx, "p", ttl); err != nil || p.Text != "v1" {
			t.Fatal(p, err)
		}
	}
	if n := count(); n != 1 {
		t.Errorf("%d fetches for 3 fresh reads", n)
	}
	fake.AddPrompt("p", "v2", nil, "production")
	time.Sleep(60 * time.Millisecond)
	if p, _ := c.GetPrompt(ctx, "p", ttl); p.Text != "v1" {
		t.Errorf("stale read gave %q, want the stale v1 at once", p.Text)
	}
	deadline := time.Now().Add(2 * time.Second)
	for {
		if p, _ := c.GetPrompt(ctx, "p", ttl); p.Text == "v2" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the background refresh never landed")
		}
		time.Sleep(5 * time.Millisecond)
	}

	// Langfuse down: the stale prompt is kept; a prompt never fetched
	// gives the fallback, marked, and links no generation.
	errs := errcapture.Capture(t)
	fake.Close()
	time.Sleep(60 * time.Millisecond)
	if p, err := c.GetPrompt(ctx, "p", ttl); err != nil || p.Text != "v2" {
		t.Errorf("down, stale: %+v, %v", p, err)
	}
	if err := c.Shutdown(ctx); err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	fb, err := c.GetPrompt(ctx, "never", langfuse.WithPromptFallback(langfuse.Prompt{Name: "never", Text: "default {{x}}"}))
	if err != nil || !fb.IsFallback || fb.Compile(map[string]string{"x": "1"}) != "default 1" {
		t.Errorf("fallback: %+v, %v", fb, err)
	}
	if linked := langfuse.ContextWithPrompt(ctx, fb); linked != ctx {
		t.Error("a fallback prompt was linked")
	}
	if _, err := c.GetPrompt(ctx, "never"); err == nil {
		t.Error("no fallback, Langfuse down: no error")
	}
	if len(errs.Messages()) < 2 {
		t.Errorf("reported %v", errs.Messages())
	}
}

// Concurrent readers of a stale prompt cause one refresh.
func TestPromptRefreshOnce(t *testing.T) {
	c, fake := promptClient(t)
	fake.AddPrompt("p", "v1", nil, "production")
	// A TTL long enough that the refreshed prompt stays fresh while the
	// 16 readers run, even under the race detector on a loaded machine.
	ttl := langfuse.WithPromptCacheTTL(time.Second)
	if _, err := c.GetPrompt(context.Background(), "p", ttl); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() { _, _ = c.GetPrompt(context.Background(), "p", ttl) })
	}
	wg.Wait()
	if err := c.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, ex := range fake.Exchanges() {
		if strings.HasPrefix(ex.Request.URL.Path, "/api/public/v2/prompts/") {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d fetches, want the first and one refresh", n)
	}
}
