package openlitopenai

import (
	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/provider"
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
	providers *provider.Resolver
}

func newInstrumenter(opts []Option) *instrumenter {
	var c config
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	return &instrumenter{
		providers: provider.New(c.providers),
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
