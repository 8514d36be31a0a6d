package openlitopenai

import (
	"context"
	"strconv"
	"strings"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"go.opentelemetry.io/otel/attribute"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/semconv"
)

// EmbeddingService is openai.EmbeddingService with New instrumented.
type EmbeddingService struct {
	openai.EmbeddingService
	inst *instrumenter
}

// New creates embeddings, as openai.EmbeddingService.New does, inside an
// "embeddings {model}" span, and returns exactly what the plain client
// returns.
func (s *EmbeddingService) New(ctx context.Context, body openai.EmbeddingNewParams, opts ...option.RequestOption) (*openai.CreateEmbeddingResponse, error) {
	if s.inst == nil {
		return s.EmbeddingService.New(ctx, body, opts...)
	}
	format := string(body.EncodingFormat)
	if format == "" {
		format = "float"
	}
	attrs := []attribute.KeyValue{
		semconv.GenAIRequestEncodingFormats.StringSlice([]string{format}),
	}
	if body.Dimensions.Valid() {
		attrs = append(attrs, semconv.GenAIEmbeddingsDimensionCount.Int64(body.Dimensions.Value))
	}
	if body.User.Valid() {
		attrs = append(attrs, semconv.GenAIRequestUser.String(body.User.Value))
	}
	req := genai.Request{Operation: semconv.OperationEmbeddings, System: "openai", Model: body.Model, Attributes: attrs}
	ctx, call := start(s.inst, ctx, req, &body, embeddingInputs)
	res, err := s.EmbeddingService.New(ctx, body, opts...)
	record := recordEmbeddings
	if body.Dimensions.Valid() {
		record = recordEmbeddingsUsage
	}
	endCall(s.inst, call, res, err, record)
	return res, err
}

// recordEmbeddings records the response model, the dimension count the
// vectors have, and usage and cost.
func recordEmbeddings(call *genai.Call, res *openai.CreateEmbeddingResponse) {
	if res != nil && len(res.Data) > 0 {
		call.SetAttributes(semconv.GenAIEmbeddingsDimensionCount.Int(len(res.Data[0].Embedding)))
	}
	recordEmbeddingsUsage(call, res)
}

// recordEmbeddingsUsage records the response model, usage and cost.
func recordEmbeddingsUsage(call *genai.Call, res *openai.CreateEmbeddingResponse) {
	if res == nil {
		return
	}
	call.ResponseModel = res.Model
	call.SetUsage(genai.Usage{InputTokens: res.Usage.PromptTokens})
	call.SetCost(call.Pricing().EmbeddingCost(res.Model, res.Usage.PromptTokens))
}

// embeddingInput is the input as text: strings one per line, token arrays
// by their length.
func embeddingInput(in openai.EmbeddingNewParamsInputUnion) string {
	switch {
	case in.OfString.Valid():
		return in.OfString.Value
	case in.OfArrayOfStrings != nil:
		return strings.Join(in.OfArrayOfStrings, "\n")
	case in.OfArrayOfTokens != nil:
		return "[" + strconv.Itoa(len(in.OfArrayOfTokens)) + " tokens]"
	case in.OfArrayOfTokenArrays != nil:
		parts := make([]string, len(in.OfArrayOfTokenArrays))
		for i, t := range in.OfArrayOfTokenArrays {
			parts[i] = "[" + strconv.Itoa(len(t)) + " tokens]"
		}
		return strings.Join(parts, "\n")
	}
	return ""
}

// embeddingInputs is the text embedded, as the call's prompt.
func embeddingInputs(_ *genai.Call, body *openai.EmbeddingNewParams) ([]semconv.Message, []semconv.Part) {
	return []semconv.Message{{Parts: []semconv.Part{text(embeddingInput(body.Input))}}}, nil
}
