package openlitopenai

import (
	"net/http"
	"net/url"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/version"
	"github.com/openlit/openlit-go/pricing"
	"github.com/openlit/openlit-go/semconv"
)

const (
	// ScopeName is the instrumentation scope name of the spans.
	ScopeName = "github.com/openlit/openlit-go/instrumentation/openai"
	// Version is the instrumentation version.
	Version = version.Version
)

// Option configures a wrapped client.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

type config struct {
	tp        trace.TracerProvider
	mp        metric.MeterProvider
	capture   *bool
	pricing   *pricing.Table
	system    string
	providers map[string]string
}

// WithTracerProvider sets the tracer provider (default: the global one).
func WithTracerProvider(tp trace.TracerProvider) Option {
	return optionFunc(func(c *config) { c.tp = tp })
}

// WithMeterProvider sets the meter provider (default: the global one).
func WithMeterProvider(mp metric.MeterProvider) Option {
	return optionFunc(func(c *config) { c.mp = mp })
}

// WithCaptureMessageContent sets whether prompts and completions are
// recorded, overriding openlit.Init's setting for this client.
func WithCaptureMessageContent(capture bool) Option {
	return optionFunc(func(c *config) { c.capture = &capture })
}

// WithPricing prices this client's calls with table instead of the table
// openlit.Init set up.
func WithPricing(table *pricing.Table) Option {
	return optionFunc(func(c *config) { c.pricing = table })
}

// WithSystem fixes gen_ai.system for every call of this client, instead of
// deriving it from the host each call goes to.
func WithSystem(system string) Option {
	return optionFunc(func(c *config) { c.system = system })
}

// WithProviders adds host rules for deriving gen_ai.system, consulted before
// the built-in ones. A key is a host ("llm.internal"), a host suffix
// ("*.corp.example"), a host and port ("10.0.0.5:8080") or a port on any host
// (":9000"); the value is the gen_ai.system to record. Built in: OpenAI,
// Azure OpenAI (az.ai.openai), Groq, DeepSeek, Together, OpenRouter,
// Mistral (mistral_ai), Fireworks, xAI, Perplexity, Gemini's OpenAI endpoint
// (gcp.gemini), Ollama (port 11434), vLLM (port 8000) and LiteLLM (port
// 4000). Unknown hosts record "openai".
func WithProviders(rules map[string]string) Option {
	return optionFunc(func(c *config) {
		if c.providers == nil {
			c.providers = map[string]string{}
		}
		for k, v := range rules {
			c.providers[strings.ToLower(k)] = v
		}
	})
}

// Client is an openai.Client whose model calls are instrumented: chat
// completions, the Responses API, embeddings, images and audio. Every other
// service is the embedded client's, unchanged.
type Client struct {
	openai.Client
	// Chat shadows openai.Client.Chat.
	Chat ChatService
	// Responses shadows openai.Client.Responses.
	Responses ResponseService
	// Embeddings shadows openai.Client.Embeddings.
	Embeddings EmbeddingService
	// Images shadows openai.Client.Images.
	Images ImageService
	// Audio shadows openai.Client.Audio.
	Audio AudioService
}

// ChatService is openai.ChatService with instrumented completions.
type ChatService struct {
	openai.ChatService
	// Completions shadows openai.ChatService.Completions.
	Completions ChatCompletionService
}

// ChatCompletionService is openai.ChatCompletionService whose New and
// NewStreaming are instrumented; its other methods are the original ones.
type ChatCompletionService struct {
	openai.ChatCompletionService
	inst *instrumenter
}

// Wrap returns client with its model calls instrumented. The client is
// copied, as openai.Client values are; the original stays uninstrumented.
func Wrap(client openai.Client, opts ...Option) Client {
	inst := newInstrumenter(opts)
	return Client{
		Client: client,
		Chat: ChatService{
			ChatService: client.Chat,
			Completions: ChatCompletionService{ChatCompletionService: client.Chat.Completions, inst: inst},
		},
		Responses:  ResponseService{ResponseService: client.Responses, inst: inst},
		Embeddings: EmbeddingService{EmbeddingService: client.Embeddings, inst: inst},
		Images:     ImageService{ImageService: client.Images, inst: inst},
		Audio: AudioService{
			AudioService:   client.Audio,
			Speech:         AudioSpeechService{AudioSpeechService: client.Audio.Speech, inst: inst},
			Transcriptions: AudioTranscriptionService{AudioTranscriptionService: client.Audio.Transcriptions, inst: inst},
			Translations:   AudioTranslationService{AudioTranslationService: client.Audio.Translations, inst: inst},
		},
	}
}

// NewClient is Wrap(openai.NewClient(requestOpts...)).
func NewClient(requestOpts ...option.RequestOption) Client {
	return Wrap(openai.NewClient(requestOpts...))
}

type instrumenter struct {
	tel       *genai.Telemetry
	system    string // fixed by WithSystem, else derived per call
	providers providers
}

func newInstrumenter(opts []Option) *instrumenter {
	var c config
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	return &instrumenter{
		providers: providers{custom: c.providers},
		tel: genai.New(genai.Config{
			TracerProvider: c.tp,
			MeterProvider:  c.mp,
			ScopeName:      ScopeName,
			ScopeVersion:   Version,
			CaptureContent: c.capture,
			Pricing:        c.pricing,
		}),
		system: c.system,
	}
}

// target records where a call's HTTP attempts really went. The SDK runs the
// middleware on the caller's goroutine, once per attempt.
type target struct {
	host string
	port int
}

func (t *target) middleware(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
	t.host, t.port = hostPort(req.URL)
	learnSDKVersion(req.Header)
	return next(req)
}

// finish records on the call where it went (the default base URL when no
// attempt was made), the provider that host belongs to, and the SDK version.
func (in *instrumenter) finish(t *target, call *genai.Call) {
	if t.host != "" {
		call.ServerAddress, call.ServerPort = t.host, t.port
	} else {
		call.ServerAddress, call.ServerPort = defaultTarget()
	}
	call.System = in.system
	if call.System == "" {
		call.System = in.providers.system(call.ServerAddress, call.ServerPort)
	}
	if v := sdkVersion(); v != "" {
		call.SetAttributes(semconv.GenAISDKVersion.String(v))
	}
}

var defaultTarget = sync.OnceValues(func() (string, int) {
	if u, err := url.Parse(strings.TrimSpace(os.Getenv("OPENAI_BASE_URL"))); err == nil && u.Host != "" {
		return hostPort(u)
	}
	return "api.openai.com", 443
})

func hostPort(u *url.URL) (string, int) {
	host := u.Hostname()
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err == nil {
			return host, n
		}
	}
	if u.Scheme == "http" {
		return host, 80
	}
	return host, 443
}

// sdkVersion is the version of openai-go linked into the program, from the
// module build information or, where that has none (test binaries), from the
// X-Stainless-Package-Version header the SDK sends with every request.
var sdkVersionValue atomic.Pointer[string]

func init() {
	const path = "github.com/openai/openai-go/v3"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == path {
				v := d.Version
				if d.Replace != nil && d.Replace.Version != "" {
					v = d.Replace.Version
				}
				v = strings.TrimPrefix(v, "v")
				sdkVersionValue.Store(&v)
			}
		}
	}
}

func sdkVersion() string {
	if v := sdkVersionValue.Load(); v != nil {
		return *v
	}
	return ""
}

func learnSDKVersion(h http.Header) {
	if sdkVersionValue.Load() != nil {
		return
	}
	if v := h.Get("X-Stainless-Package-Version"); v != "" {
		sdkVersionValue.CompareAndSwap(nil, &v)
	}
}
