package geminiconv

import (
	"encoding/json"
	"strings"

	"go.opentelemetry.io/otel/attribute"
	"google.golang.org/genai"

	core "github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/wire"
	"github.com/openlit/openlit-go/semconv"
)

// MaxElems bounds the lists recorded from a request (stop sequences, tool
// names), as the wire decoder does.
const MaxElems = 128

// ModelName is the model of a model argument: its last path segment
// ("models/gemini-2.5-flash", "publishers/google/models/gemini-2.5-flash"
// → "gemini-2.5-flash"), as the wire reads it from the request path.
func ModelName(model string) string {
	return model[strings.LastIndexByte(model, '/')+1:]
}

// ChatRequest is the core request of a generateContent call.
func ChatRequest(system, model string, cfg *genai.GenerateContentConfig, stream bool) core.Request {
	attrs := make([]attribute.KeyValue, 0, 12)
	if cfg != nil {
		attrs = core.AppendFloat32(attrs, semconv.GenAIRequestTemperature, cfg.Temperature)
		attrs = core.AppendFloat32(attrs, semconv.GenAIRequestTopP, cfg.TopP)
		attrs = core.AppendFloat32(attrs, semconv.GenAIRequestTopK, cfg.TopK)
		if cfg.MaxOutputTokens != 0 {
			attrs = append(attrs, semconv.GenAIRequestMaxTokens.Int64(int64(cfg.MaxOutputTokens)))
		}
		if len(cfg.StopSequences) > 0 {
			attrs = append(attrs, semconv.GenAIRequestStopSequences.StringSlice(cfg.StopSequences[:min(len(cfg.StopSequences), MaxElems)]))
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
		if names := ToolNames(cfg.Tools); names != nil {
			attrs = append(attrs, semconv.GenAIRequestTools.StringSlice(names))
		}
	}
	attrs = append(attrs, semconv.GenAIRequestIsStream.Bool(stream))
	return core.Request{Operation: semconv.OperationChat, System: system, Model: ModelName(model), Attributes: attrs, Defaults: semconv.OpenLITChatDefaults()}
}

// ToolNames are the names of the functions tools declare, at most
// MaxElems.
func ToolNames(tools []*genai.Tool) []string {
	var names []string
	for _, t := range tools {
		if t == nil {
			continue
		}
		for _, f := range t.FunctionDeclarations {
			if len(names) == MaxElems {
				return names
			}
			if f != nil {
				names = append(names, f.Name)
			}
		}
	}
	return names
}

// ChatInput is the prompt and system instructions of a generateContent
// call, read only for calls that record content.
func ChatInput(contents []*genai.Content, cfg *genai.GenerateContentConfig) ([]semconv.Message, []semconv.Part) {
	var instructions []semconv.Part
	if cfg != nil && cfg.SystemInstruction != nil {
		for _, p := range cfg.SystemInstruction.Parts {
			instructions = append(instructions, Part(p))
		}
	}
	out := make([]semconv.Message, 0, len(contents))
	for _, c := range contents {
		if c == nil {
			continue
		}
		msg := semconv.Message{Role: wire.GeminiRole(c.Role)}
		for _, p := range c.Parts {
			msg.Parts = append(msg.Parts, Part(p))
		}
		msg.List = len(msg.Parts) > 1
		out = append(out, msg)
	}
	return out, instructions
}

// Part is a genai part in the conventions' form.
func Part(p *genai.Part) semconv.Part {
	switch {
	case p == nil:
	case p.Text != "":
		if p.Thought {
			return semconv.Part{Type: "reasoning", Content: p.Text}
		}
		return semconv.Part{Type: "text", Content: p.Text}
	case p.FunctionCall != nil:
		f := p.FunctionCall
		return semconv.Part{Type: "tool_call", ID: f.ID, Name: f.Name, Arguments: JSONOf(f.Args)}
	case p.FunctionResponse != nil:
		f := p.FunctionResponse
		return semconv.Part{Type: "tool_call_response", ID: f.ID, Name: f.Name, Content: JSONOf(f.Response)}
	case p.InlineData != nil:
		return semconv.Part{Type: "blob", Modality: p.InlineData.MIMEType, Label: "inline_data"}
	case p.FileData != nil:
		return semconv.Part{Type: "uri", Modality: p.FileData.MIMEType, URI: p.FileData.FileURI, Label: "file_data"}
	}
	return semconv.Part{Type: "unknown"}
}

// JSONOf is a function call's arguments or result as the JSON the SDK
// sends ("" for none, as the SDK leaves an empty map out).
func JSONOf(m map[string]any) string {
	if len(m) == 0 {
		return ""
	}
	b, err := json.Marshal(m)
	if err != nil {
		return ""
	}
	return string(b)
}
