package openlitopenai

import (
	"reflect"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/instrument"
	"github.com/openlit/openlit-go/internal/provider"
	"github.com/openlit/openlit-go/internal/wire"
)

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
	// Every service, shadowed or not, runs the wire-level middleware: the
	// calls the typed methods trace pass through it untraced (it records
	// where their attempts go), every other model call is traced by it.
	install(reflect.ValueOf(&c), option.WithMiddleware(inst.middleware))
	return Client{
		Client: c,
		Chat: ChatService{
			ChatService: c.Chat,
			Completions: ChatCompletionService{ChatCompletionService: c.Chat.Completions, inst: inst},
		},
		Responses:  ResponseService{ResponseService: c.Responses, inst: inst},
		Embeddings: EmbeddingService{EmbeddingService: c.Embeddings, inst: inst},
		Images:     ImageService{ImageService: c.Images, inst: inst},
		Audio: AudioService{
			AudioService:   c.Audio,
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
	providers *provider.Resolver
	wire      *wire.Tracer
}

func newInstrumenter(opts []Option) *instrumenter {
	c := instrument.New(opts)
	in := &instrumenter{
		providers: c.Resolver(),
		tel:       c.Telemetry(ScopeName, Version),
		system:    c.System,
	}
	in.wire = wire.New(wire.Config{
		Telemetry: in.tel,
		Providers: in.providers,
		System:    in.system,
		AnyHost:   true,
		OnTraced:  typedTarget,
		OnStart:   wireStarted,
	})
	return in
}
