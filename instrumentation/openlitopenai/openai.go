package openlitopenai

import (
	"net/http"
	"net/url"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/internal/boundedcache"
	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/version"
	"github.com/openlit/openlit-go/pricing"
	"github.com/openlit/openlit-go/semconv"
)

const (
	// ScopeName is the instrumentation scope name of the spans.
	ScopeName = "github.com/openlit/openlit-go/instrumentation/openlitopenai"
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
	c := client
	c.Chat.Completions.Options = withTarget(c.Chat.Completions.Options)
	c.Responses.Options = withTarget(c.Responses.Options)
	c.Embeddings.Options = withTarget(c.Embeddings.Options)
	c.Images.Options = withTarget(c.Images.Options)
	c.Audio.Speech.Options = withTarget(c.Audio.Speech.Options)
	c.Audio.Transcriptions.Options = withTarget(c.Audio.Transcriptions.Options)
	c.Audio.Translations.Options = withTarget(c.Audio.Translations.Options)
	return Client{
		Client: client,
		Chat: ChatService{
			ChatService: client.Chat,
			Completions: ChatCompletionService{ChatCompletionService: c.Chat.Completions, inst: inst},
		},
		Responses:  ResponseService{ResponseService: c.Responses, inst: inst},
		Embeddings: EmbeddingService{EmbeddingService: c.Embeddings, inst: inst},
		Images:     ImageService{ImageService: c.Images, inst: inst},
		Audio: AudioService{
			AudioService:   client.Audio,
			Speech:         AudioSpeechService{AudioSpeechService: c.Audio.Speech, inst: inst},
			Transcriptions: AudioTranscriptionService{AudioTranscriptionService: c.Audio.Transcriptions, inst: inst},
			Translations:   AudioTranslationService{AudioTranslationService: c.Audio.Translations, inst: inst},
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
	providers *providers
}

func newInstrumenter(opts []Option) *instrumenter {
	var c config
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	return &instrumenter{
		providers: &providers{custom: c.providers, cache: boundedcache.New[hostPortKey, string](maxCachedHosts)},
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

// recordTarget is the middleware every wrapped service runs: for the
// instrumented call whose context the request carries, it records the host
// and port the attempt really goes to (the last attempt wins) and learns the
// SDK version. The SDK runs middleware on the caller's goroutine, once per
// attempt.
func recordTarget(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
	if call := genai.FromContext(req.Context()); call != nil {
		call.ServerAddress, call.ServerPort = hostPort(req.URL)
		learnSDKVersion(req.Header)
	}
	return next(req)
}

// withTarget returns a service's options with recordTarget added, leaving
// the original slice untouched.
func withTarget(opts []option.RequestOption) []option.RequestOption {
	return append(slices.Clip(opts), option.WithMiddleware(recordTarget))
}

// finish records on the call the provider of the host it went to (the
// default base URL's when no attempt was made) and the SDK version.
func (in *instrumenter) finish(call *genai.Call) {
	if call == nil {
		return
	}
	defer func() {
		if r := recover(); r != nil {
			genai.HandlePanic(r)
		}
	}()
	if call.ServerAddress == "" {
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
