package wire

import (
	"strings"

	"github.com/tidwall/gjson"
	"go.opentelemetry.io/otel/attribute"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/semconv"
)

// geminiDecoder decodes Gemini's generateContent and streamGenerateContent,
// on the Gemini API and Vertex AI. A stream is server-sent events (alt=sse)
// or one JSON array of responses; each chunk is a whole response holding
// the next part of the text and the usage so far.
type geminiDecoder struct {
	base

	id, model string
	texts     [][]byte // by candidate index
	reasons   []string
	calls     []genai.ToolCall
	usage     genai.Usage
	hasUsage  bool
}

func (*geminiDecoder) system(x *exchange) string {
	if strings.Contains(x.path, "/projects/") {
		return "gcp.vertex_ai"
	}
	return "gcp.gemini"
}

func (d *geminiDecoder) request(x *exchange) (genai.Request, bool) {
	if x.pathModel == "" {
		return genai.Request{}, false
	}
	attrs := make([]attribute.KeyValue, 0, 12)
	cfg := gjson.Get(x.body, "generationConfig")
	if !cfg.Exists() {
		cfg = gjson.Get(x.body, "generation_config")
	}
	cfg.ForEach(func(k, v gjson.Result) bool {
		var known bool
		if attrs, known = geminiParams.add(attrs, k.Str, v); known {
			return true
		}
		switch k.Str {
		case "candidateCount", "candidate_count":
			if v.Int() != 1 {
				attrs = intAttr(attrs, semconv.GenAIRequestChoiceCount, v)
			}
		case "responseMimeType", "response_mime_type":
			if v.Str == "application/json" {
				attrs = append(attrs, semconv.GenAIOutputType.String(semconv.OutputTypeJSON))
			}
		}
		return true
	})
	var names []string
	gjson.Get(x.body, "tools").ForEach(func(_, t gjson.Result) bool {
		t.Get("functionDeclarations").ForEach(func(_, f gjson.Result) bool {
			names = append(names, str(f.Get("name")))
			return len(names) < maxElems
		})
		return len(names) < maxElems
	})
	if names != nil {
		attrs = append(attrs, semconv.GenAIRequestTools.StringSlice(names))
	}
	stream := x.kind == kindGeminiStream
	attrs = append(attrs, semconv.GenAIRequestIsStream.Bool(stream))
	return genai.Request{Operation: semconv.OperationChat, System: d.system(x), Model: keep(x.pathModel), Attributes: attrs, Defaults: semconv.OpenLITChatDefaults()}, true
}

// geminiParams are the generation config fields that map to one attribute
// each, by their JSON (camelCase) and proto (snake_case) names.
var geminiParams = params{
	"temperature": temperature, "topP": topP, "top_p": topP, "topK": topK, "top_k": topK,
	"maxOutputTokens": maxTokens, "max_output_tokens": maxTokens, "stopSequences": stopSequences,
	"stop_sequences": stopSequences, "seed": seed, "presencePenalty": presencePenalty,
	"presence_penalty": presencePenalty, "frequencyPenalty": frequencyPenalty, "frequency_penalty": frequencyPenalty,
}

func (d *geminiDecoder) input(x *exchange) ([]semconv.Message, []semconv.Part) {
	root := parse(x.body)
	var instructions []semconv.Part
	si := root.Get("systemInstruction")
	if !si.Exists() {
		si = root.Get("system_instruction")
	}
	si.Get("parts").ForEach(func(_, p gjson.Result) bool {
		instructions = append(instructions, geminiPart(p))
		return true
	})
	var out []semconv.Message
	root.Get("contents").ForEach(func(_, c gjson.Result) bool {
		role := str(c.Get("role"))
		if role == "" {
			role = "user"
		}
		msg := semconv.Message{Role: role}
		c.Get("parts").ForEach(func(_, p gjson.Result) bool {
			msg.Parts = append(msg.Parts, geminiPart(p))
			return true
		})
		msg.List = len(msg.Parts) > 1
		out = append(out, msg)
		return true
	})
	return out, instructions
}

func geminiPart(p gjson.Result) semconv.Part {
	switch {
	case p.Get("text").Exists():
		if p.Get("thought").Bool() {
			return semconv.Part{Type: "reasoning", Content: str(p.Get("text"))}
		}
		return text(str(p.Get("text")))
	case p.Get("functionCall").Exists():
		f := p.Get("functionCall")
		return semconv.Part{Type: "tool_call", ID: str(f.Get("id")), Name: str(f.Get("name")), Arguments: keep(f.Get("args").Raw)}
	case p.Get("functionResponse").Exists():
		f := p.Get("functionResponse")
		return semconv.Part{Type: "tool_call_response", ID: str(f.Get("id")), Name: str(f.Get("name")), Content: keep(f.Get("response").Raw)}
	case p.Get("inlineData").Exists():
		return semconv.Part{Type: "blob", Modality: str(p.Get("inlineData.mimeType")), Label: "inline_data"}
	case p.Get("fileData").Exists():
		return semconv.Part{Type: "uri", Modality: str(p.Get("fileData.mimeType")), URI: str(p.Get("fileData.fileUri")), Label: "file_data"}
	}
	return semconv.Part{Type: "unknown"}
}

func (d *geminiDecoder) response(call *genai.Call, doc string) {
	root := parse(doc)
	if root.IsArray() {
		// A stream read as one JSON array: each element is a chunk.
		call.Streamed = true
		root.ForEach(func(_, r gjson.Result) bool {
			d.chunk(call, r, false)
			return true
		})
	} else {
		d.chunk(call, root, false)
	}
	d.end(call, nil)
}

func (d *geminiDecoder) event(call *genai.Call, _, data string) {
	if len(data) == 0 || data[0] != '{' {
		return
	}
	d.chunk(call, parse(data), true)
}

// chunk records one response (or stream chunk).
func (d *geminiDecoder) chunk(call *genai.Call, r gjson.Result, stream bool) {
	if id := r.Get("responseId").Str; id != "" && d.id == "" {
		d.id = keep(id)
	}
	if m := r.Get("modelVersion").Str; m != "" && m != d.model {
		d.model = keep(m)
	}
	if u := r.Get("usageMetadata"); u.IsObject() {
		out := count(u.Get("candidatesTokenCount"))
		thoughts := u.Get("thoughtsTokenCount").Int()
		if out >= 0 || thoughts > 0 {
			out = max(out, 0) + thoughts
		}
		d.usage = genai.Usage{
			InputTokens:          count(u.Get("promptTokenCount")),
			OutputTokens:         out,
			CacheReadInputTokens: u.Get("cachedContentTokenCount").Int(),
			ReasoningTokens:      thoughts,
			TotalTokens:          u.Get("totalTokenCount").Int(),
		}
		d.hasUsage = true
	}
	r.Get("candidates").ForEach(func(_, c gjson.Result) bool {
		i := int(c.Get("index").Int())
		if i < 0 || i > maxIndex {
			return true
		}
		for len(d.texts) <= i {
			d.texts = append(d.texts, nil)
			d.reasons = append(d.reasons, "")
		}
		if fr := c.Get("finishReason").Str; fr != "" {
			d.reasons[i] = keep(fr)
		}
		c.Get("content.parts").ForEach(func(_, p gjson.Result) bool {
			if t := p.Get("text"); t.Exists() {
				if stream && t.Str != "" {
					firstToken(call)
				}
				if call.CaptureContent() && !p.Get("thought").Bool() {
					d.texts[i] = appendText(d.texts[i], t.Str, call)
				}
			}
			if f := p.Get("functionCall"); f.Exists() {
				if stream {
					firstToken(call)
				}
				if len(d.calls) < maxElems {
					d.calls = append(d.calls, genai.ToolCall{ID: str(f.Get("id")), Name: str(f.Get("name")), Arguments: keep(f.Get("args").Raw)})
				}
			}
			return true
		})
		return true
	})
}

func (d *geminiDecoder) end(call *genai.Call, err error) {
	if d.model != "" {
		call.ResponseModel = d.model
	}
	if d.id != "" {
		call.SetAttributes(semconv.GenAIResponseID.String(d.id))
	}
	if d.reasons != nil {
		call.SetAttributes(semconv.GenAIResponseFinishReasons.StringSlice(d.reasons))
	}
	call.SetToolCalls(d.calls)
	if err != nil {
		return
	}
	if d.hasUsage {
		call.SetUsage(d.usage)
	}
	if call.CaptureContent() {
		for i := range d.texts {
			msg := semconv.Message{Role: "assistant", FinishReason: d.reasons[i]}
			if len(d.texts[i]) > 0 || len(d.calls) == 0 {
				msg.Parts = append(msg.Parts, text(string(d.texts[i])))
			}
			if i == 0 {
				for _, c := range d.calls {
					msg.Parts = append(msg.Parts, semconv.Part{Type: "tool_call", ID: c.ID, Name: c.Name, Arguments: c.Arguments})
				}
			}
			call.Output = append(call.Output, msg)
		}
	}
}

// geminiEmbedDecoder decodes embedContent and batchEmbedContents.
type geminiEmbedDecoder struct{ base }

func (*geminiEmbedDecoder) system(x *exchange) string { return (*geminiDecoder)(nil).system(x) }

func (d *geminiEmbedDecoder) request(x *exchange) (genai.Request, bool) {
	if x.pathModel == "" {
		return genai.Request{}, false
	}
	var attrs []attribute.KeyValue
	if v := gjson.Get(x.body, "outputDimensionality"); v.Type == gjson.Number {
		attrs = append(attrs, semconv.GenAIEmbeddingsDimensionCount.Int64(v.Int()))
	}
	return genai.Request{Operation: semconv.OperationEmbeddings, System: d.system(x), Model: keep(x.pathModel), Attributes: attrs}, true
}

func (d *geminiEmbedDecoder) input(x *exchange) ([]semconv.Message, []semconv.Part) {
	var lines []string
	add := func(c gjson.Result) {
		c.Get("parts").ForEach(func(_, p gjson.Result) bool {
			lines = append(lines, p.Get("text").Str)
			return true
		})
	}
	root := parse(x.body)
	add(root.Get("content"))
	root.Get("requests").ForEach(func(_, r gjson.Result) bool {
		add(r.Get("content"))
		return true
	})
	return []semconv.Message{{Parts: []semconv.Part{text(strings.Join(lines, "\n"))}}}, nil
}

func (d *geminiEmbedDecoder) response(call *genai.Call, doc string) {
	root := parse(doc)
	v := root.Get("embedding.values")
	if !v.Exists() {
		v = root.Get("embeddings.0.values")
	}
	if v.IsArray() {
		call.SetAttributes(semconv.GenAIEmbeddingsDimensionCount.Int(len(v.Array())))
	}
	if u := root.Get("usageMetadata.promptTokenCount"); u.Type == gjson.Number {
		call.SetUsage(genai.Usage{InputTokens: u.Int(), OutputTokens: -1})
		call.SetCost(call.Pricing().EmbeddingCost(call.ResponseModelOrRequest(), u.Int()))
	}
}
