package pricing

import (
	"bytes"
	_ "embed" // the default table
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
)

//go:embed prices.json
var embedded []byte

// ChatPrice is the price of a chat (text generation) model in USD per one
// million tokens. CachedInput (reads from the prompt cache) and CacheWrite
// (input written to the prompt cache, Anthropic's cache creation) are 0
// where the provider has no such rate, and those tokens are then priced as
// Input. LongContext, when set, holds the rates of a call whose prompt is
// longer than its threshold (Gemini's prices for prompts over 200k tokens).
// Source and AsOf say where the price was read and when.
type ChatPrice struct {
	Input       float64      `json:"input"`
	CachedInput float64      `json:"cached_input,omitempty"`
	CacheWrite  float64      `json:"cache_write,omitempty"`
	Output      float64      `json:"output"`
	LongContext *ContextTier `json:"long_context,omitempty"`
	Source      string       `json:"source,omitempty"`
	AsOf        string       `json:"as_of,omitempty"`
}

// ContextTier is the price of a model's calls whose prompt (every input
// token, cached ones included) is longer than AboveInputTokens, in USD per
// one million tokens. Its CachedInput is 0 where the tier has no cached
// rate, and cached tokens are then priced as its Input.
type ContextTier struct {
	AboveInputTokens int64   `json:"above_input_tokens"`
	Input            float64 `json:"input"`
	CachedInput      float64 `json:"cached_input,omitempty"`
	Output           float64 `json:"output"`
}

// UnmarshalJSON reads this package's format, and also OpenLIT (Python)'s
// {"promptPrice", "completionPrice"} in USD per thousand tokens.
func (p *ChatPrice) UnmarshalJSON(b []byte) error {
	var raw struct {
		Input           *float64     `json:"input"`
		CachedInput     *float64     `json:"cached_input"`
		CacheWrite      *float64     `json:"cache_write"`
		Output          *float64     `json:"output"`
		LongContext     *ContextTier `json:"long_context"`
		Source          string       `json:"source"`
		AsOf            string       `json:"as_of"`
		PromptPrice     *float64     `json:"promptPrice"`
		CompletionPrice *float64     `json:"completionPrice"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*p = ChatPrice{}
	if raw.PromptPrice != nil || raw.CompletionPrice != nil {
		p.Input = deref(raw.PromptPrice) * 1000
		p.Output = deref(raw.CompletionPrice) * 1000
	}
	if raw.Input != nil {
		p.Input = *raw.Input
	}
	if raw.Output != nil {
		p.Output = *raw.Output
	}
	p.CachedInput = deref(raw.CachedInput)
	p.CacheWrite = deref(raw.CacheWrite)
	p.LongContext = raw.LongContext
	p.Source, p.AsOf = raw.Source, raw.AsOf
	return nil
}

func deref(f *float64) float64 {
	if f == nil {
		return 0
	}
	return *f
}

// AudioPrice is the price of an audio model: PerMillionChars for speech
// synthesis billed by input characters, PerMinute for models billed by audio
// duration.
type AudioPrice struct {
	PerMillionChars float64 `json:"per_million_chars,omitempty"`
	PerMinute       float64 `json:"per_minute,omitempty"`
}

// Table is a pricing table. The zero value is an empty table, for which every
// cost is 0. A Table is immutable once built and safe for concurrent use.
type Table struct {
	Chat       map[string]ChatPrice                     `json:"chat,omitempty"`
	Embeddings map[string]float64                       `json:"embeddings,omitempty"`
	Images     map[string]map[string]map[string]float64 `json:"images,omitempty"`
	Audio      map[string]AudioPrice                    `json:"audio,omitempty"`

	once sync.Once
	// Keys by kind, longest first, for prefix lookup.
	chatKeys, embeddingKeys, imageKeys, audioKeys []string
}

var (
	defaultOnce  sync.Once
	defaultTable *Table
)

// Default returns the table embedded in the module. It is parsed once; the
// result is shared and must not be modified.
func Default() *Table {
	defaultOnce.Do(func() {
		t, err := Parse(embedded)
		if err != nil {
			panic("pricing: embedded prices.json is invalid: " + err.Error())
		}
		defaultTable = t
	})
	return defaultTable
}

// Parse reads a pricing table in the format described in the package
// documentation. Unknown top-level keys are ignored; a malformed document is
// an error.
func Parse(data []byte) (*Table, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return nil, fmt.Errorf("pricing: empty document")
	}
	t := new(Table)
	if err := json.Unmarshal(data, t); err != nil {
		return nil, fmt.Errorf("pricing: invalid JSON: %w", err)
	}
	if err := t.validate(); err != nil {
		return nil, err
	}
	return t, nil
}

// maxPrice bounds any one price: nothing costs a million dollars per unit,
// and the bound keeps every cost finite.
const maxPrice = 1e6

func checkPrice(kind, model string, prices ...float64) error {
	for _, p := range prices {
		if !(p >= 0 && p <= maxPrice) { // also rejects NaN
			return fmt.Errorf("pricing: %s %q: price %v is not between 0 and %g", kind, model, p, float64(maxPrice))
		}
	}
	return nil
}

// validate rejects negative, absurd or non-finite prices.
func (t *Table) validate() error {
	for m, p := range t.Chat {
		if err := checkPrice("chat", m, p.Input, p.CachedInput, p.CacheWrite, p.Output); err != nil {
			return err
		}
		if lc := p.LongContext; lc != nil {
			if err := checkPrice("chat", m, lc.Input, lc.CachedInput, lc.Output); err != nil {
				return err
			}
			if lc.AboveInputTokens < 0 {
				return fmt.Errorf("pricing: chat %q: long_context above_input_tokens %d is negative", m, lc.AboveInputTokens)
			}
		}
	}
	for m, p := range t.Embeddings {
		if err := checkPrice("embeddings", m, p); err != nil {
			return err
		}
	}
	for m, qs := range t.Images {
		for _, sizes := range qs {
			for _, p := range sizes {
				if err := checkPrice("images", m, p); err != nil {
					return err
				}
			}
		}
	}
	for m, p := range t.Audio {
		if err := checkPrice("audio", m, p.PerMillionChars, p.PerMinute); err != nil {
			return err
		}
	}
	return nil
}

// Merge returns a new table holding t's entries with override's laid over
// them: a model in override replaces the same model in t. Either may be nil.
func (t *Table) Merge(override *Table) *Table {
	out := new(Table)
	if t != nil {
		out.Chat = maps.Clone(t.Chat)
		out.Embeddings = maps.Clone(t.Embeddings)
		out.Images = maps.Clone(t.Images)
		out.Audio = maps.Clone(t.Audio)
	}
	if override != nil {
		out.Chat = mergeMap(out.Chat, override.Chat)
		out.Embeddings = mergeMap(out.Embeddings, override.Embeddings)
		out.Images = mergeMap(out.Images, override.Images)
		out.Audio = mergeMap(out.Audio, override.Audio)
	}
	return out
}

func mergeMap[V any](dst, src map[string]V) map[string]V {
	if len(src) == 0 {
		return dst
	}
	if dst == nil {
		dst = make(map[string]V, len(src))
	}
	maps.Copy(dst, src)
	return dst
}

func (t *Table) index() {
	t.once.Do(func() {
		t.chatKeys = sortedKeys(t.Chat)
		t.embeddingKeys = sortedKeys(t.Embeddings)
		t.imageKeys = sortedKeys(t.Images)
		t.audioKeys = sortedKeys(t.Audio)
	})
}

// sortedKeys returns the keys longest first, so the first prefix that matches
// is the longest.
func sortedKeys[V any](m map[string]V) []string {
	keys := slices.Collect(maps.Keys(m))
	slices.SortFunc(keys, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	return keys
}

// resolve finds the table key for model: the exact key, or else the longest
// key that is a prefix of model followed by '-', ':' or '@'. When model has a
// provider prefix ("openai/gpt-4o") and the full name matches nothing, the
// name after the last '/' is tried the same way.
func resolve[V any](m map[string]V, keys []string, model string) (V, bool) {
	if v, ok := lookup(m, keys, model); ok {
		return v, true
	}
	if i := strings.LastIndexByte(model, '/'); i >= 0 {
		if v, ok := lookup(m, keys, model[i+1:]); ok {
			return v, true
		}
	}
	base := BedrockModel(model)
	if base != model {
		if v, ok := lookup(m, keys, base); ok {
			return v, true
		}
	}
	// Claude on Bedrock is priced as Claude.
	if claude, ok := strings.CutPrefix(base, "anthropic."); ok {
		return lookup(m, keys, claude)
	}
	var zero V
	return zero, false
}

// BedrockModel is the foundation model an AWS Bedrock model id names: an
// ARN's resource name, without a cross-region inference profile's
// geography ("us.", "eu.", "apac.", "global.", …), so
// "arn:aws:bedrock:us-east-1:1:inference-profile/us.anthropic.claude-x-v1:0"
// is "anthropic.claude-x-v1:0". Any other model name, and an application
// inference profile's ARN (which names no model), is returned as it is
// or as its last path segment.
func BedrockModel(id string) string {
	if strings.HasPrefix(id, "arn:") {
		id = id[strings.LastIndexByte(id, '/')+1:]
	}
	if i := strings.IndexByte(id, '.'); i > 0 && i <= 7 && strings.Count(id, ".") >= 2 && bedrockVendor(id[i+1:]) {
		id = id[i+1:]
	}
	return id
}

// bedrockVendor reports whether id starts with a Bedrock model provider's
// prefix ("anthropic.", "amazon.", …).
func bedrockVendor(id string) bool {
	for _, v := range [...]string{"anthropic.", "amazon.", "meta.", "mistral.", "cohere.", "ai21.", "deepseek.", "writer.",
		"qwen.", "openai.", "twelvelabs.", "stability.", "luma.", "moonshot.", "minimax.", "google.", "nvidia."} {
		if strings.HasPrefix(id, v) {
			return true
		}
	}
	return false
}

func lookup[V any](m map[string]V, keys []string, model string) (V, bool) {
	if v, ok := m[model]; ok {
		return v, true
	}
	for _, k := range keys {
		if len(model) > len(k) && strings.HasPrefix(model, k) {
			switch model[len(k)] {
			case '-', ':', '@':
				return m[k], true
			}
		}
	}
	var zero V
	return zero, false
}

// ChatPrice returns the price of a chat model and whether the table knows it.
func (t *Table) ChatPrice(model string) (ChatPrice, bool) {
	if t == nil {
		return ChatPrice{}, false
	}
	t.index()
	return resolve(t.Chat, t.chatKeys, model)
}

// ChatCostFor is ChatCost for a model served by provider (a gen_ai.system
// value such as "groq"): the table's "provider/model" entry when it has one,
// else the model's own entry.
func (t *Table) ChatCostFor(provider, model string, inputTokens, cachedInputTokens, outputTokens int64) float64 {
	return t.UsageCost(provider, model, Tokens{Input: inputTokens, CacheRead: cachedInputTokens, Output: outputTokens})
}

// ChatCost returns the cost in USD of a chat call: inputTokens of which
// cachedInputTokens were served from the prompt cache, and outputTokens. An
// unknown model costs 0.
func (t *Table) ChatCost(model string, inputTokens, cachedInputTokens, outputTokens int64) float64 {
	return t.UsageCost("", model, Tokens{Input: inputTokens, CacheRead: cachedInputTokens, Output: outputTokens})
}

// Tokens is a chat call's token usage, as priced.
type Tokens struct {
	// Input counts every input token, those read from and written to the
	// prompt cache included.
	Input int64
	// CacheRead are input tokens read from the prompt cache.
	CacheRead int64
	// CacheWrite are input tokens written to the prompt cache.
	CacheWrite int64
	// Output counts every output token, reasoning included.
	Output int64
}

// UsageCost returns the cost in USD of a chat call of model, served by
// provider (a gen_ai.system value; its "provider/model" entry wins when the
// table has one): cache reads at the cached rate, cache writes at the cache
// write rate, the rest of the input at the input rate, all at the long
// context rates when the model has them and the input is over their
// threshold. An unknown model costs 0; negative counts count as 0, and the
// cache counts are capped by the input.
func (t *Table) UsageCost(provider, model string, u Tokens) float64 {
	d, _ := t.UsageCostDetails(provider, model, u)
	return d.Total
}

// CostDetails is a chat call's cost in USD by kind of token, as UsageCost
// prices it: Input is the input not read from or written to the cache.
// Every field is finite and non-negative.
type CostDetails struct {
	Input, CacheRead, CacheWrite, Output, Total float64
}

// UsageCostDetails is UsageCost split by kind of token; ok is false for a
// model the table does not price (every cost is then 0).
func (t *Table) UsageCostDetails(provider, model string, u Tokens) (d CostDetails, ok bool) {
	if provider != "" && provider != "openai" && t != nil {
		t.index()
		if _, ok := lookup(t.Chat, t.chatKeys, provider+"/"+model); ok {
			model = provider + "/" + model
		}
	}
	p, ok := t.ChatPrice(model)
	if !ok {
		return d, false
	}
	input := max(u.Input, 0)
	if lc := p.LongContext; lc != nil && input > lc.AboveInputTokens {
		p.Input, p.CachedInput, p.Output = lc.Input, lc.CachedInput, lc.Output
	}
	read := min(max(u.CacheRead, 0), input)
	write := min(max(u.CacheWrite, 0), input-read)
	readRate, writeRate := p.CachedInput, p.CacheWrite
	if readRate == 0 {
		readRate = p.Input
	}
	if writeRate == 0 {
		writeRate = p.Input
	}
	// In micro-dollars (prices are per million tokens).
	in, rd, wr := float64(input-read-write)*p.Input, float64(read)*readRate, float64(write)*writeRate
	out := float64(max(u.Output, 0)) * p.Output
	return CostDetails{Input: cost(in / 1e6), CacheRead: cost(rd / 1e6), CacheWrite: cost(wr / 1e6),
		Output: cost(out / 1e6), Total: cost((in + rd + wr + out) / 1e6)}, true
}

// EmbeddingCost returns the cost in USD of embedding inputTokens tokens. An
// unknown model costs 0.
func (t *Table) EmbeddingCost(model string, inputTokens int64) float64 {
	if t == nil {
		return 0
	}
	t.index()
	p, _ := resolve(t.Embeddings, t.embeddingKeys, model)
	return cost(float64(max(inputTokens, 0)) * p / 1e6)
}

// ImageCost returns the cost in USD of n images of the given quality and
// size ("1024x1024"). An empty quality means "standard"; an unknown model,
// quality or size costs 0.
func (t *Table) ImageCost(model, quality, size string, n int64) float64 {
	if t == nil {
		return 0
	}
	t.index()
	qualities, _ := resolve(t.Images, t.imageKeys, model)
	if quality == "" || quality == "auto" {
		quality = "standard"
	}
	sizes, ok := qualities[quality]
	if !ok && quality == "standard" {
		sizes = qualities["medium"]
	}
	return cost(sizes[size] * float64(max(n, 0)))
}

// SpeechCost returns the cost in USD of synthesising speech from chars input
// characters. An unknown model, or one billed per minute, costs 0.
func (t *Table) SpeechCost(model string, chars int64) float64 {
	if t == nil {
		return 0
	}
	t.index()
	p, _ := resolve(t.Audio, t.audioKeys, model)
	return cost(float64(max(chars, 0)) * p.PerMillionChars / 1e6)
}

// AudioMinutesCost returns the cost in USD of seconds of audio for a model
// billed per minute (transcription, translation). An unknown model costs 0.
func (t *Table) AudioMinutesCost(model string, seconds float64) float64 {
	if t == nil {
		return 0
	}
	t.index()
	p, _ := resolve(t.Audio, t.audioKeys, model)
	return cost(seconds / 60 * p.PerMinute)
}

// cost makes every cost this package returns finite and non-negative:
// negative counts are priced as zero, and NaN, infinite or negative results
// (absurd counts, a negative duration) as 0.
func cost(usd float64) float64 {
	if math.IsNaN(usd) || math.IsInf(usd, 0) || usd < 0 {
		return 0
	}
	return usd
}
