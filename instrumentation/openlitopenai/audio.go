package openlitopenai

import (
	"context"
	"net/http"
	"unicode/utf8"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"go.opentelemetry.io/otel/attribute"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/semconv"
)

// AudioService is openai.AudioService with speech, transcription and
// translation instrumented.
type AudioService struct {
	openai.AudioService
	// Speech shadows openai.AudioService.Speech.
	Speech AudioSpeechService
	// Transcriptions shadows openai.AudioService.Transcriptions.
	Transcriptions AudioTranscriptionService
	// Translations shadows openai.AudioService.Translations.
	Translations AudioTranslationService
}

// AudioSpeechService is openai.AudioSpeechService with New instrumented.
type AudioSpeechService struct {
	openai.AudioSpeechService
	inst *instrumenter
}

// AudioTranscriptionService is openai.AudioTranscriptionService with New
// instrumented (NewStreaming is the plain one).
type AudioTranscriptionService struct {
	openai.AudioTranscriptionService
	inst *instrumenter
}

// AudioTranslationService is openai.AudioTranslationService with New
// instrumented.
type AudioTranslationService struct {
	openai.AudioTranslationService
	inst *instrumenter
}

// New synthesises speech, as openai.AudioSpeechService.New does, inside an
// "audio {model}" span. The span ends when the response headers arrive; the
// audio body is the caller's to read and is never touched. Cost is per
// input character where the table prices the model that way.
func (s *AudioSpeechService) New(ctx context.Context, body openai.AudioSpeechNewParams, opts ...option.RequestOption) (*http.Response, error) {
	if s.inst == nil {
		return s.AudioSpeechService.New(ctx, body, opts...)
	}
	voice := body.Voice.OfString.Value
	if v := body.Voice.OfAudioSpeechNewsVoiceID; v != nil {
		voice = v.ID
	}
	format := string(body.ResponseFormat)
	if format == "" {
		format = "mp3"
	}
	attrs := []attribute.KeyValue{
		semconv.GenAIRequestAudioVoice.String(voice),
		semconv.GenAIRequestAudioResponseFormat.String(format),
		semconv.GenAIRequestAudioSpeed.Float64(body.Speed.Or(1)),
	}
	req := genai.Request{Operation: semconv.OperationAudio, System: "openai", Model: body.Model, Attributes: attrs}
	chars := int64(utf8.RuneCountInString(body.Input))
	ctx, call := start(s.inst, ctx, req, body.Input, prompt)
	res, err := s.AudioSpeechService.New(ctx, body, opts...)
	model := body.Model
	endCall(s.inst, call, res, err, func(call *genai.Call, _ *http.Response) {
		call.SetCost(call.Pricing().SpeechCost(model, chars))
	})
	return res, err
}

func audioRequest(model, language, format string, temperature float64, tempSet bool) genai.Request {
	var attrs []attribute.KeyValue
	if language != "" {
		attrs = append(attrs, semconv.GenAIRequestAudioLanguage.String(language))
	}
	if format != "" {
		attrs = append(attrs, semconv.GenAIRequestAudioResponseFormat.String(format))
	}
	if tempSet {
		attrs = append(attrs, semconv.GenAIRequestTemperature.Float64(temperature))
	}
	return genai.Request{Operation: semconv.OperationAudio, System: "openai", Model: model, Attributes: attrs}
}

// New transcribes audio, as openai.AudioTranscriptionService.New does,
// inside an "audio {model}" span.
func (s *AudioTranscriptionService) New(ctx context.Context, body openai.AudioTranscriptionNewParams, opts ...option.RequestOption) (*openai.AudioTranscriptionNewResponseUnion, error) {
	if s.inst == nil {
		return s.AudioTranscriptionService.New(ctx, body, opts...)
	}
	req := audioRequest(body.Model, body.Language.Or(""), string(body.ResponseFormat),
		body.Temperature.Or(0), body.Temperature.Valid())
	ctx, call := start(s.inst, ctx, req, body.Prompt.Or(""), prompt)
	res, err := s.AudioTranscriptionService.New(ctx, body, opts...)
	endCall(s.inst, call, res, err, recordTranscription)
	return res, err
}

// recordTranscription records a transcript, its usage, and its cost per
// minute when the response gives the audio's duration.
func recordTranscription(call *genai.Call, res *openai.AudioTranscriptionNewResponseUnion) {
	if res == nil {
		return
	}
	seconds := res.Duration
	var usage *genai.Usage
	switch res.Usage.Type {
	case "duration":
		seconds = res.Usage.Seconds
	case "tokens":
		usage = &genai.Usage{InputTokens: res.Usage.InputTokens, OutputTokens: res.Usage.OutputTokens}
	}
	call.SetAudioText(res.Text, seconds, usage)
}

// New translates audio into English, as openai.AudioTranslationService.New
// does, inside an "audio {model}" span.
func (s *AudioTranslationService) New(ctx context.Context, body openai.AudioTranslationNewParams, opts ...option.RequestOption) (*openai.Translation, error) {
	if s.inst == nil {
		return s.AudioTranslationService.New(ctx, body, opts...)
	}
	req := audioRequest(body.Model, "", string(body.ResponseFormat),
		body.Temperature.Or(0), body.Temperature.Valid())
	ctx, call := start(s.inst, ctx, req, body.Prompt.Or(""), prompt)
	res, err := s.AudioTranslationService.New(ctx, body, opts...)
	endCall(s.inst, call, res, err, func(call *genai.Call, res *openai.Translation) {
		if res != nil {
			call.SetAudioText(res.Text, 0, nil)
		}
	})
	return res, err
}
