package openlitgenai

import (
	"strings"

	"go.opentelemetry.io/otel/attribute"
	"google.golang.org/genai"

	"github.com/openlit/openlit-go/instrumentation/internal/geminiconv"
	core "github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/wire"
	"github.com/openlit/openlit-go/semconv"
)

// This file reads the SDK's values into the core call. It records what the
// wire decoder records for the same exchange (internal/wire/gemini.go),
// which TestTypedRecordsWhatWireRecords checks; the answer is gathered by
// the same wire.GeminiAnswer.

// The request side (attributes, prompt, parts) is geminiconv's, shared
// with openlitadk.
var (
	modelName   = geminiconv.ModelName
	chatRequest = geminiconv.ChatRequest
	chatInput   = geminiconv.ChatInput
	jsonOf      = geminiconv.JSONOf
)

// observe records one response, or one chunk of a stream.
func observe(a *wire.GeminiAnswer, call *core.Call, r *genai.GenerateContentResponse, stream bool) {
	if r == nil {
		return
	}
	a.Response(r.ResponseID, r.ModelVersion)
	if u := r.UsageMetadata; u != nil {
		a.Usage(wire.GeminiUsage(int64(u.PromptTokenCount), int64(u.ToolUsePromptTokenCount), int64(u.CandidatesTokenCount),
			int64(u.ThoughtsTokenCount), int64(u.CachedContentTokenCount), int64(u.TotalTokenCount)))
	}
	for _, c := range r.Candidates {
		if c == nil {
			continue
		}
		i := int(c.Index)
		if !a.Candidate(i, string(c.FinishReason)) || c.Content == nil {
			continue
		}
		for _, p := range c.Content.Parts {
			if p == nil {
				continue
			}
			if p.Text != "" {
				a.Text(call, i, p.Text, p.Thought, stream)
			}
			if f := p.FunctionCall; f != nil {
				a.ToolCall(call, core.ToolCall{ID: f.ID, Name: f.Name, Arguments: jsonOf(f.Args)}, stream)
			}
		}
	}
	a.EndChunk(call)
}

// embedRequest is the core request of an embedContent call.
func embedRequest(system, model string, cfg *genai.EmbedContentConfig) core.Request {
	var attrs []attribute.KeyValue
	if cfg != nil && cfg.OutputDimensionality != nil {
		attrs = append(attrs, semconv.GenAIEmbeddingsDimensionCount.Int64(int64(*cfg.OutputDimensionality)))
	}
	return core.Request{Operation: semconv.OperationEmbeddings, System: system, Model: modelName(model), Attributes: attrs}
}

// embedInput is the text embedded, one line per text part.
func embedInput(contents []*genai.Content) []semconv.Message {
	var lines []string
	for _, c := range contents {
		if c == nil {
			continue
		}
		for _, p := range c.Parts {
			if p != nil {
				lines = append(lines, p.Text)
			}
		}
	}
	return []semconv.Message{{Parts: []semconv.Part{{Type: "text", Content: strings.Join(lines, "\n")}}}}
}

// embedResponse records the embeddings' dimension and, where the API
// counts them (Vertex AI's statistics), the tokens embedded and their cost.
func embedResponse(call *core.Call, r *genai.EmbedContentResponse) {
	if r == nil {
		return
	}
	if len(r.Embeddings) > 0 && r.Embeddings[0] != nil && r.Embeddings[0].Values != nil {
		call.SetAttributes(semconv.GenAIEmbeddingsDimensionCount.Int(len(r.Embeddings[0].Values)))
	}
	var tokens int64
	counted := false
	for _, e := range r.Embeddings {
		if e != nil && e.Statistics != nil {
			tokens += int64(e.Statistics.TokenCount)
			counted = true
		}
	}
	if counted {
		call.SetUsage(core.Usage{InputTokens: tokens, OutputTokens: -1})
		call.SetCost(call.Pricing().EmbeddingCost(call.ResponseModelOrRequest(), tokens))
	}
}
