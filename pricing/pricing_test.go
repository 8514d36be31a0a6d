package pricing

import (
	"context"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"
)

const eps = 1e-12

func TestChatCost(t *testing.T) {
	tests := []struct {
		name                  string
		model                 string
		input, cached, output int64
		want                  float64
	}{
		// The guide's call: 14 input and 356 output tokens of gpt-4o. OpenLIT
		// 1.34.1 printed 0.000541, which is the gpt-3.5-turbo price
		// (14*0.5 + 356*1.5 per million): a bug in the original. gpt-4o's
		// list price is $2.50 in / $10.00 out per million tokens.
		{"guide call, request model", "gpt-4o", 14, 0, 356, 0.003595},
		{"guide call, response model", "gpt-4o-2024-08-06", 14, 0, 356, 0.003595},
		{"what the original printed is gpt-3.5-turbo", "gpt-3.5-turbo", 14, 0, 356, 0.000541},
		{"mini is never priced as gpt-4o", "gpt-4o-mini", 1_000_000, 0, 1_000_000, 0.75},
		{"dated mini snapshot resolves to mini", "gpt-4o-mini-2024-07-18", 1_000_000, 0, 0, 0.15},
		{"dated snapshot with its own price", "gpt-4o-2024-05-13", 1_000_000, 0, 0, 5},
		{"cached input at the cached rate", "gpt-4o", 1_000_000, 400_000, 0, 0.6*2.5 + 0.4*1.25},
		{"cached rate falls back to input rate", "gpt-4-turbo", 1_000_000, 500_000, 0, 10},
		{"cached more than input is clamped", "gpt-4o", 10, 20, 0, 10 * 1.25 / 1e6},
		{"provider prefix dropped", "openai/gpt-4o", 14, 0, 356, 0.003595},
		{"gpt-4.1 is not gpt-4", "gpt-4.1-2025-04-14", 1_000_000, 0, 0, 2},
		{"unknown model costs 0", "my-finetune", 1000, 0, 1000, 0},
		{"prefix must end at a separator", "gpt-4ox", 1000, 0, 1000, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Default().ChatCost(tt.model, tt.input, tt.cached, tt.output)
			if math.Abs(got-tt.want) > eps {
				t.Fatalf("ChatCost(%q) = %.12f, want %.12f", tt.model, got, tt.want)
			}
		})
	}
}

func TestOtherCosts(t *testing.T) {
	d := Default()
	tests := []struct {
		name string
		got  float64
		want float64
	}{
		{"embedding", d.EmbeddingCost("text-embedding-3-small", 1_000_000), 0.02},
		{"embedding unknown", d.EmbeddingCost("nope", 1_000_000), 0},
		{"dall-e-3 hd", d.ImageCost("dall-e-3", "hd", "1024x1792", 2), 0.24},
		{"dall-e-3 default quality", d.ImageCost("dall-e-3", "", "1024x1024", 1), 0.04},
		{"image unknown size", d.ImageCost("dall-e-3", "standard", "1x1", 1), 0},
		{"tts-1", d.SpeechCost("tts-1", 1000), 0.015},
		{"whisper per minute", d.AudioMinutesCost("whisper-1", 90), 0.009},
		{"nil table", (*Table)(nil).ChatCost("gpt-4o", 1, 1, 1), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if math.Abs(tt.got-tt.want) > eps {
				t.Fatalf("got %.12f, want %.12f", tt.got, tt.want)
			}
		})
	}
}

func TestParseAndMerge(t *testing.T) {
	override, err := Parse([]byte(`{
		"chat": {
			"gpt-4o": {"input": 1, "output": 2},
			"my-model": {"promptPrice": 0.001, "completionPrice": 0.002}
		},
		"embeddings": {"my-embed": 0.5}
	}`))
	if err != nil {
		t.Fatal(err)
	}
	merged := Default().Merge(override)
	if got := merged.ChatCost("gpt-4o-2024-08-06", 1_000_000, 0, 1_000_000); math.Abs(got-3) > eps {
		t.Errorf("overridden gpt-4o = %v, want 3", got)
	}
	// OpenLIT's per-thousand format converts to per million.
	if got := merged.ChatCost("my-model", 1_000_000, 0, 1_000_000); math.Abs(got-3) > eps {
		t.Errorf("my-model = %v, want 3", got)
	}
	if got := merged.ChatCost("gpt-4o-mini", 1_000_000, 0, 0); math.Abs(got-0.15) > eps {
		t.Errorf("untouched gpt-4o-mini = %v, want 0.15", got)
	}
	if got := merged.EmbeddingCost("my-embed", 2_000_000); math.Abs(got-1) > eps {
		t.Errorf("my-embed = %v, want 1", got)
	}
	// The default table is not changed by a merge.
	if got := Default().ChatCost("gpt-4o", 1_000_000, 0, 0); math.Abs(got-2.5) > eps {
		t.Errorf("default gpt-4o changed to %v", got)
	}
}

func TestParseErrors(t *testing.T) {
	for _, doc := range []string{"", "   ", "{", `{"chat": {"x": {"input": "cheap"}}}`, `[1,2]`,
		`{"chat": {"x": {"input": -1, "output": 1}}}`, `{"embeddings": {"x": 1e300}}`,
		`{"images": {"x": {"hd": {"1x1": -0.5}}}}`, `{"audio": {"x": {"per_minute": 1e7}}}`} {
		if _, err := Parse([]byte(doc)); err == nil {
			t.Errorf("Parse(%q) succeeded, want error", doc)
		}
	}
}

func TestLoad(t *testing.T) {
	doc := []byte(`{"chat": {"local-model": {"input": 1, "output": 1}}}`)
	path := filepath.Join(t.TempDir(), "prices.json")
	if err := os.WriteFile(path, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/prices.json" {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write(doc)
	}))
	defer srv.Close()

	ctx := context.Background()
	for _, src := range []string{path, srv.URL + "/prices.json"} {
		tbl, err := Load(ctx, src, nil)
		if err != nil {
			t.Fatalf("Load(%s): %v", src, err)
		}
		if _, ok := tbl.ChatPrice("local-model"); !ok {
			t.Errorf("Load(%s): local-model missing", src)
		}
	}

	if _, err := Load(ctx, filepath.Join(t.TempDir(), "missing.json"), nil); err == nil {
		t.Error("missing file: want error")
	}
	if _, err := Load(ctx, srv.URL+"/other", nil); err == nil {
		t.Error("404: want error")
	}

	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	defer slow.Close()
	ctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := Load(ctx, slow.URL, nil); err == nil {
		t.Error("slow server: want error")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Load ignored its context deadline: took %v", d)
	}
}

func BenchmarkChatCostSnapshot(b *testing.B) {
	d := Default()
	b.ReportAllocs()
	for b.Loop() {
		_ = d.ChatCost("gpt-4o-2024-08-06", 14, 0, 356)
	}
}

func TestChatCostFor(t *testing.T) {
	d := Default()
	tests := []struct {
		provider, model string
		want            float64
	}{
		{"groq", "llama-3.3-70b-versatile", 0.59 + 0.79},
		{"deepseek", "deepseek-chat", 0.27 + 1.1},
		{"xai", "grok-3-mini-fast", 0.3 + 0.5},
		{"az.ai.openai", "gpt-4o-2024-08-06", 2.5 + 10},
		{"openai", "gpt-4o", 2.5 + 10},
		{"ollama", "llama3.2", 0},
		{"groq", "unknown-model", 0},
	}
	for _, tt := range tests {
		if got := d.ChatCostFor(tt.provider, tt.model, 1_000_000, 0, 1_000_000); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("ChatCostFor(%s, %s) = %v, want %v", tt.provider, tt.model, got, tt.want)
		}
	}
}

// FuzzParse: any document parses or fails cleanly, and a parsed table
// prices any model as a finite, non-negative number.
func FuzzParse(f *testing.F) {
	f.Add(embedded)
	f.Add([]byte(`{"chat": {"m": {"promptPrice": 0.001, "completionPrice": 0.002}}}`))
	f.Add([]byte(`{"chat": {"m": {"input": -1}}}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		tbl, err := Parse(doc)
		if err != nil {
			return
		}
		for _, m := range []string{"m", "gpt-4o", "gpt-4o-2024-08-06", "x/y"} {
			c := tbl.ChatCost(m, 100, 10, 100)
			if math.IsNaN(c) || math.IsInf(c, 0) || c < 0 {
				t.Fatalf("cost %v for %s", c, m)
			}
		}
	})
}

// UsageCost prices cache reads and writes at their own rates: a Claude
// Sonnet 4.5 call with 14 uncached input tokens, 2,000 read from the cache,
// 1,000 written to it and 38 output tokens costs
// 14×3 + 2000×0.30 + 1000×3.75 + 38×15 = 4,962 µUSD.
func TestUsageCostCacheReadAndWrite(t *testing.T) {
	tab := Default()
	got := tab.UsageCost("anthropic", "claude-sonnet-4-5-20250929", Tokens{Input: 3014, CacheRead: 2000, CacheWrite: 1000, Output: 38})
	if math.Abs(got-0.004962) > 1e-12 {
		t.Fatalf("cost %v, want 0.004962", got)
	}
	// Without a cache write rate, written tokens are priced as input.
	if got := tab.UsageCost("", "gpt-4o", Tokens{Input: 1000, CacheWrite: 1000}); math.Abs(got-0.0025) > 1e-12 {
		t.Fatalf("gpt-4o cache write %v, want 0.0025", got)
	}
	// Counts out of range are clamped, never negative.
	if got := tab.UsageCost("", "claude-haiku-4-5", Tokens{Input: 10, CacheRead: 50, CacheWrite: 50, Output: -3}); got != 10*0.1/1e6 {
		t.Fatalf("clamped %v", got)
	}
}

// Claude models resolve by alias and dated snapshot; a newer model the
// table does not list is not priced as an older one.
func TestClaudePrices(t *testing.T) {
	tab := Default()
	for _, m := range []string{"claude-sonnet-4-5", "claude-sonnet-4-5-20250929", "claude-opus-4-5-20251101", "claude-haiku-4-5", "claude-3-5-haiku-latest"} {
		p, ok := tab.ChatPrice(m)
		if !ok || p.CacheWrite == 0 || p.CachedInput == 0 || p.Source == "" || p.AsOf == "" {
			t.Errorf("%s: %+v %v", m, p, ok)
		}
	}
	for _, m := range []string{"claude-sonnet-4-6", "claude-opus-4-7", "claude-sonnet-5"} {
		if p, ok := tab.ChatPrice(m); ok {
			t.Errorf("%s priced as %+v", m, p)
		}
	}
}

// Gemini's long-context prices apply when the prompt (cached tokens
// included) is over the tier's threshold, to every token of the call.
func TestLongContextTier(t *testing.T) {
	tab := Default()
	cases := []struct {
		name  string
		model string
		u     Tokens
		want  float64 // µUSD
	}{
		// 2.5 Pro at 200,000 input tokens is still the base tier:
		// 200000×1.25 + 1000×10.
		{"at threshold", "gemini-2.5-pro", Tokens{Input: 200000, Output: 1000}, 200000*1.25 + 1000*10},
		// One more token: every token at the long rates, 2.50 and 15.
		{"over threshold", "gemini-2.5-pro", Tokens{Input: 200001, Output: 1000}, 200001*2.5 + 1000*15},
		// Cached tokens at the tier's cached rate: 100000×0.25 + 150000×2.5.
		{"cached over", "gemini-2.5-pro-preview-06-05", Tokens{Input: 250000, CacheRead: 100000}, 100000*0.25 + 150000*2.5},
		{"cached under", "gemini-2.5-pro", Tokens{Input: 1000, CacheRead: 800, Output: 10}, 800*0.125 + 200*1.25 + 10*10},
		// Flash has no tier: the base rates at any length; thinking tokens
		// are output.
		{"no tier", "gemini-2.5-flash", Tokens{Input: 300000, Output: 49 + 25}, 300000*0.3 + 74*2.5},
		{"gemini 3 over", "gemini-3-pro-preview", Tokens{Input: 200001, CacheRead: 1, Output: 2}, 200000*4 + 1*0.4 + 2*18},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := tab.UsageCost("gcp.gemini", c.model, c.u); math.Abs(got-c.want/1e6) > 1e-12 {
				t.Fatalf("cost %v, want %v", got, c.want/1e6)
			}
		})
	}
}

// A tier is read from a user's table and checked like any price.
func TestLongContextParse(t *testing.T) {
	tab, err := Parse([]byte(`{"chat": {"m": {"input": 1, "output": 2, "long_context": {"above_input_tokens": 10, "input": 3, "output": 4}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := tab.ChatCost("m", 11, 5, 1); math.Abs(got-(11*3+4)/1e6) > 1e-15 {
		t.Fatalf("cost %v (a tier without a cached rate prices cached tokens as its input)", got)
	}
	for _, doc := range []string{
		`{"chat": {"m": {"input": 1, "output": 2, "long_context": {"above_input_tokens": 10, "input": -3, "output": 4}}}}`,
		`{"chat": {"m": {"input": 1, "output": 2, "long_context": {"above_input_tokens": -1, "input": 3, "output": 4}}}}`,
		`{"chat": {"m": {"input": 1, "output": 2, "long_context": {"above_input_tokens": 10, "input": 3, "output": 1e300}}}}`,
	} {
		if _, err := Parse([]byte(doc)); err == nil {
			t.Errorf("accepted %s", doc)
		}
	}
}

// Every Gemini price says where it was read and when; a model the table
// does not list (an image or Live model) is not priced as a text one.
func TestGeminiPrices(t *testing.T) {
	tab := Default()
	for _, m := range []string{"gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite-preview-09-2025", "gemini-2.0-flash-001", "gemini-3-pro-preview", "models/gemini-2.5-flash", "publishers/google/models/gemini-2.5-flash"} {
		p, ok := tab.ChatPrice(m)
		if !ok || p.Source == "" || p.AsOf == "" || p.Input == 0 || p.Output == 0 {
			t.Errorf("%s: %+v %v", m, p, ok)
		}
	}
	if p, _ := tab.ChatPrice("gemini-2.5-flash-lite"); p.Input != 0.1 {
		t.Errorf("flash-lite priced as %+v", p)
	}
	for _, m := range []string{"gemini-3-pro-image-preview", "gemini-live-2.5-flash-preview", "gemini-1.5-pro"} {
		if p, ok := tab.ChatPrice(m); ok {
			t.Errorf("%s priced as %+v", m, p)
		}
	}
	if got := tab.EmbeddingCost("gemini-embedding-001", 1000); math.Abs(got-0.00015) > 1e-15 {
		t.Errorf("embedding cost %v", got)
	}
}

// Bedrock model ids resolve to their foundation model's price: dated
// versions, cross-region inference profiles and ARNs; Claude on Bedrock is
// priced as Claude; an application inference profile names no model.
func TestBedrockPrices(t *testing.T) {
	tab := Default()
	cases := []struct {
		id    string
		input float64
	}{
		{"anthropic.claude-sonnet-4-5-20250929-v1:0", 3},
		{"us.anthropic.claude-sonnet-4-5-20250929-v1:0", 3},
		{"global.anthropic.claude-haiku-4-5-20251001-v1:0", 1},
		{"arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.anthropic.claude-3-7-sonnet-20250219-v1:0", 3},
		{"arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0", 0.8},
		{"amazon.nova-lite-v1:0", 0.06},
		{"us.amazon.nova-micro-v1:0", 0.035},
		{"us.meta.llama3-3-70b-instruct-v1:0", 0.72},
		{"mistral.mistral-large-2407-v1:0", 2},
		{"cohere.command-r-plus-v1:0", 3},
	}
	for _, c := range cases {
		p, ok := tab.ChatPrice(c.id)
		if !ok || p.Input != c.input || p.Source == "" || p.AsOf == "" {
			t.Errorf("%s: %+v %v, want input %v", c.id, p, ok, c.input)
		}
	}
	for _, id := range []string{"arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3", "amazon.nova-sonic-v1:0", "us.deepseek.r1-v1:0"} {
		if p, ok := tab.ChatPrice(id); ok {
			t.Errorf("%s priced as %+v", id, p)
		}
	}
	if got := tab.EmbeddingCost("amazon.titan-embed-text-v2:0", 1000); math.Abs(got-0.00002) > 1e-15 {
		t.Errorf("titan embeddings %v", got)
	}
	for id, want := range map[string]string{
		"us.anthropic.claude-x-v1:0": "anthropic.claude-x-v1:0", "anthropic.claude-x-v1:0": "anthropic.claude-x-v1:0",
		"arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-v1:0": "meta.llama3-v1:0", "gpt-4.1": "gpt-4.1",
		"us.my.model": "us.my.model", "apac.amazon.nova-pro-v1:0": "amazon.nova-pro-v1:0",
	} {
		if got := BedrockModel(id); got != want {
			t.Errorf("BedrockModel(%q) = %q, want %q", id, got, want)
		}
	}
}
