package openlitgenai

import (
	"encoding/json"
	"strings"

	"go.opentelemetry.io/otel/attribute"
	"google.golang.org/genai"

	core "github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/wire"
	"github.com/openlit/openlit-go/semconv"
)

// This file reads the SDK's values into the core call. It records what the
// wire decoder records for the same exchange (internal/wire/gemini.go),
// which TestTypedRecordsWhatWireRecords checks; the answer is gathered by
// the same wire.GeminiAnswer.

// maxElems bounds the lists recorded from a request (stop sequences, tool
// names), as the wire decoder does.
const maxElems = 128

// modelName is the model of a model argument: its last path segment
// ("models/gemini-2.5-flash", "publishers/google/models/gemini-2.5-flash"
// → "gemini-2.5-flash"), as the wire reads it from the request path.
func modelName(model string) string {
	return model[strings.LastIndexByte(model, '/')+1:]
}

// chatRequest is the core request of a generateContent call.
func chatRequest(system, model string, cfg *genai.GenerateContentConfig, stream bool) core.Request {
	attrs := make([]attribute.KeyValue, 0, 12)
	if cfg != nil {
		attrs = core.AppendFloat32(attrs, semconv.GenAIRequestTemperature, cfg.Temperature)
		attrs = core.AppendFloat32(attrs, semconv.GenAIRequestTopP, cfg.TopP)
		attrs = core.AppendFloat32(attrs, semconv.GenAIRequestTopK, cfg.TopK)
		if cfg.MaxOutputTokens != 0 {
			attrs = append(attrs, semconv.GenAIRequestMaxTokens.Int64(int64(cfg.MaxOutputTokens)))
		}
		if len(cfg.StopSequences) > 0 {
			attrs = append(attrs, semconv.GenAIRequestStopSequences.StringSlice(cfg.StopSequences[:min(len(cfg.StopSequences), maxElems)]))
		}
		if cfg.Seed != nil {
			attrs = append(attrs, semconv.GenAIRequestSeed.Int64(int64(*cfg.Seed)))
		}
		attrs = core.AppendFloat32(attrs, semconv.GenAIRequestPresencePenalty, cfg.PresencePenalty)
		attrs = core.AppendFloat32(attrs, semconv.GenAIRequestFrequencyPenalty, cfg.FrequencyPenalty)
		if cfg.CandidateCount != 0 && cfg.CandidateCount != 1 {
			attrs = append(attrs, semconv.GenAIRequestChoiceCount.Int64(int64(cfg.CandidateCount)))
		}
		if cfg.ResponseMIMEType == "application/json" {
			attrs = append(attrs, semconv.GenAIOutputType.String(semconv.OutputTypeJSON))
		}
		if names := toolNames(cfg.Tools); names != nil {
			attrs = append(attrs, semconv.GenAIRequestTools.StringSlice(names))
		}
	}
	attrs = append(attrs, semconv.GenAIRequestIsStream.Bool(stream))
	return core.Request{Operation: semconv.OperationChat, System: system, Model: modelName(model), Attributes: attrs, Defaults: semconv.OpenLITChatDefaults()}
}

func toolNames(tools []*genai.Tool) []string {
	var names []string
	for _, t := range tools {
		if t == nil {
			continue
		}
		for _, f := range t.FunctionDeclarations {
			if len(names) == maxElems {
				return names
			}
			if f != nil {
				names = append(names, f.Name)
			}
		}
	}
	return names
}

// chatInput is the prompt and system instructions of a generateContent
// call, read only for calls that record content.
func chatInput(contents []*genai.Content, cfg *genai.GenerateContentConfig) ([]semconv.Message, []semconv.Part) {
	var instructions []semconv.Part
	if cfg != nil && cfg.SystemInstruction != nil {
		for _, p := range cfg.SystemInstruction.Parts {
			instructions = append(instructions, part(p))
		}
	}
	out := make([]semconv.Message, 0, len(contents))
	for _, c := range contents {
		if c == nil {
			continue
		}
		msg := semconv.Message{Role: wire.GeminiRole(c.Role)}
		for _, p := range c.Parts {
			msg.Parts = append(msg.Parts, part(p))
		}
		msg.List = len(msg.Parts) > 1
		out = append(out, msg)
	}
	return out, instructions
}

func part(p *genai.Part) semconv.Part {
	switch {
	case p == nil:
	case p.Text != "":
		if p.Thought {
			return semconv.Part{Type: "reasoning", Content: p.Text}
		}
		return semconv.Part{Type: "text", Content: p.Text}
	case p.FunctionCall != nil:
		f := p.FunctionCall
		return semconv.Part{Type: "tool_call", ID: f.ID, Name: f.Name, Arguments: jsonOf(f.Args)}
	case p.FunctionResponse != nil:
		f := p.FunctionResponse
		return semconv.Part{Type: "tool_call_response", ID: f.ID, Name: f.Name, Content: jsonOf(f.Response)}
	case p.InlineData != nil:
		return semconv.Part{Type: "blob", Modality: p.InlineData.MIMEType, Label: "inline_data"}
	case p.FileData != nil:
		return semconv.Part{Type: "uri", Modality: p.FileData.MIMEType, URI: p.FileData.FileURI, Label: "file_data"}
	}
	return semconv.Part{Type: "unknown"}
}

// jsonOf is a function call's arguments or result as the JSON the SDK
// sends ("" for none, as the SDK leaves an empty map out).
func jsonOf(m map[string]any) string {
	if len(m) == 0 {
		return ""
	}
	b, err := json.Marshal(m)
	if err != nil {
		return ""
	}
	return string(b)
}

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
