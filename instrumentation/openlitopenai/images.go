package openlitopenai

import (
	"context"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"go.opentelemetry.io/otel/attribute"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/semconv"
)

// ImageService is openai.ImageService with Generate, Edit and NewVariation
// instrumented.
type ImageService struct {
	openai.ImageService
	inst *instrumenter
}

// imageRequest is what the three image operations have in common.
type imageRequest struct {
	model, prompt, size, quality, style string
	n                                   int64
}

func imageCall(r imageRequest) genai.Request {
	if r.model == "" {
		r.model = string(openai.ImageModelDallE2) // the API's default
	}
	if r.n == 0 {
		r.n = 1
	}
	attrs := []attribute.KeyValue{semconv.GenAIRequestChoiceCount.Int64(r.n)}
	if r.size != "" {
		attrs = append(attrs, semconv.GenAIRequestImageSize.String(r.size))
	}
	if r.quality != "" {
		attrs = append(attrs, semconv.GenAIRequestImageQuality.String(r.quality))
	}
	if r.style != "" {
		attrs = append(attrs, semconv.GenAIRequestImageStyle.String(r.style))
	}
	return genai.Request{Operation: semconv.OperationImage, System: "openai", Model: r.model, Attributes: attrs}
}

// recordImages records the images made: revised prompts and URLs (never
// base64 data) as content, token usage where the model reports it, and the
// per-image cost.
func recordImages(r imageRequest) func(*genai.Call, *openai.ImagesResponse) {
	return func(call *genai.Call, res *openai.ImagesResponse) {
		if res == nil {
			return
		}
		size, quality := r.size, r.quality
		if res.Size != "" {
			size = string(res.Size)
		}
		if res.Quality != "" {
			quality = string(res.Quality)
		}
		if size == "" {
			size = "1024x1024"
		}
		if call.CaptureContent() {
			for _, img := range res.Data {
				msg := semconv.Message{Role: "assistant"}
				if img.RevisedPrompt != "" {
					msg.Parts = append(msg.Parts, semconv.Part{Type: "text", Content: img.RevisedPrompt, Label: "revised_prompt"})
				}
				if img.URL != "" {
					msg.Parts = append(msg.Parts, semconv.Part{Type: "uri", Modality: "image", URI: img.URL})
				} else {
					msg.Parts = append(msg.Parts, semconv.Part{Type: "blob", Modality: "image"})
				}
				call.Output = append(call.Output, msg)
			}
		}
		if res.JSON.Usage.Valid() {
			call.SetUsage(genai.Usage{InputTokens: res.Usage.InputTokens, OutputTokens: res.Usage.OutputTokens})
		}
		model := r.model
		if model == "" {
			model = string(openai.ImageModelDallE2)
		}
		call.SetCost(call.Pricing().ImageCost(model, quality, size, int64(len(res.Data))))
	}
}

// Generate creates images, as openai.ImageService.Generate does, inside an
// "image {model}" span.
func (s *ImageService) Generate(ctx context.Context, body openai.ImageGenerateParams, opts ...option.RequestOption) (*openai.ImagesResponse, error) {
	if s.inst == nil {
		return s.ImageService.Generate(ctx, body, opts...)
	}
	r := imageRequest{model: string(body.Model), prompt: body.Prompt, size: string(body.Size),
		quality: string(body.Quality), style: string(body.Style), n: body.N.Or(1)}
	ctx, call := start(s.inst, ctx, imageCall(r), r.prompt, prompt)
	res, err := s.ImageService.Generate(ctx, body, opts...)
	endCall(s.inst, call, res, err, recordImages(r))
	return res, err
}

// Edit edits images, as openai.ImageService.Edit does, inside an
// "image {model}" span.
func (s *ImageService) Edit(ctx context.Context, body openai.ImageEditParams, opts ...option.RequestOption) (*openai.ImagesResponse, error) {
	if s.inst == nil {
		return s.ImageService.Edit(ctx, body, opts...)
	}
	r := imageRequest{model: string(body.Model), prompt: body.Prompt, size: string(body.Size),
		quality: string(body.Quality), n: body.N.Or(1)}
	ctx, call := start(s.inst, ctx, imageCall(r), r.prompt, prompt)
	res, err := s.ImageService.Edit(ctx, body, opts...)
	endCall(s.inst, call, res, err, recordImages(r))
	return res, err
}

// NewVariation makes variations of an image, as
// openai.ImageService.NewVariation does, inside an "image {model}" span.
func (s *ImageService) NewVariation(ctx context.Context, body openai.ImageNewVariationParams, opts ...option.RequestOption) (*openai.ImagesResponse, error) {
	if s.inst == nil {
		return s.ImageService.NewVariation(ctx, body, opts...)
	}
	r := imageRequest{model: string(body.Model), size: string(body.Size), n: body.N.Or(1)}
	ctx, call := start(s.inst, ctx, imageCall(r), r.prompt, prompt)
	res, err := s.ImageService.NewVariation(ctx, body, opts...)
	endCall(s.inst, call, res, err, recordImages(r))
	return res, err
}
