package wire

import (
	"slices"
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
	GeminiAnswer
}

// GeminiAnswer gathers a Gemini answer, whole or chunk by chunk, and
// records it on the call: the wire decoder fills it from the JSON, the
// typed integration from the SDK's structs, so both record the same.
type GeminiAnswer struct {
	id, model string
	texts     [][]byte // by candidate index
	reasons   []string
	calls     []genai.ToolCall
	usage     genai.Usage
	hasUsage  bool
	chunked   bool // the current stream chunk has content
}

// Response records a response's (or chunk's) id and model version.
func (a *GeminiAnswer) Response(id, modelVersion string) {
	if id != "" && a.id == "" {
		a.id = keep(id)
	}
	if modelVersion != "" && modelVersion != a.model {
		a.model = keep(modelVersion)
	}
}

// Usage records the usage so far (a stream's chunks report it cumulated).
func (a *GeminiAnswer) Usage(u genai.Usage) { a.usage, a.hasUsage = u, true }

// Candidate records candidate i's finish reason, when it has one; it
// reports false for an index out of range, whose parts are then ignored.
func (a *GeminiAnswer) Candidate(i int, finishReason string) bool {
	if i < 0 || i > maxIndex {
		return false
	}
	for len(a.texts) <= i {
		a.texts = append(a.texts, nil)
		a.reasons = append(a.reasons, "")
	}
	if finishReason != "" {
		a.reasons[i] = keep(finishReason)
	}
	return true
}

// Finished reports whether any candidate has a finish reason: a stream
// without one was cut before the API finished it.
func (a *GeminiAnswer) Finished() bool { return AnyReason(a.reasons) }

// AnyReason reports whether any of a stream's choices (by index) has a
// finish reason: a stream read to its end without one was cut.
func AnyReason(reasons []string) bool {
	return slices.ContainsFunc(reasons, func(r string) bool { return r != "" })
}

// Text records a text part of candidate i (recorded by Candidate): content
// of a stream's chunk (EndChunk times it), and the completion when the call
// records content (thoughts are not part of it).
func (a *GeminiAnswer) Text(call *genai.Call, i int, text string, thought, stream bool) {
	if stream && text != "" {
		a.chunked = true
	}
	if call.CaptureContent() && !thought {
		a.texts[i] = appendText(a.texts[i], text, call)
	}
}

// EndChunk ends a stream's chunk: one that had content (Text, ToolCall) is
// timed once, however many parts and candidates it held.
func (a *GeminiAnswer) EndChunk(call *genai.Call) {
	if a.chunked {
		firstToken(call)
		a.chunked = false
	}
}

// ToolCall records a function call the model asked for.
func (a *GeminiAnswer) ToolCall(call *genai.Call, c genai.ToolCall, stream bool) {
	if stream {
		a.chunked = true
	}
	if len(a.calls) < maxElems {
		a.calls = append(a.calls, c)
	}
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
		msg := semconv.Message{Role: GeminiRole(c.Get("role").Str)}
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

// GeminiRole is the conventions' role of a Gemini content's role: "model"
// is the assistant, "function" (function responses) the tool, and a content
// with no role the user.
func GeminiRole(role string) string {
	switch role {
	case "", "user":
		return "user"
	case "model":
		return "assistant"
	case "function":
		return "tool"
	}
	return keep(role)
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
	d.Response(r.Get("responseId").Str, r.Get("modelVersion").Str)
	if u := r.Get("usageMetadata"); u.IsObject() {
		d.Usage(GeminiUsage(u.Get("promptTokenCount").Int(), u.Get("toolUsePromptTokenCount").Int(),
			u.Get("candidatesTokenCount").Int(), u.Get("thoughtsTokenCount").Int(),
			u.Get("cachedContentTokenCount").Int(), u.Get("totalTokenCount").Int()))
	}
	r.Get("candidates").ForEach(func(_, c gjson.Result) bool {
		i := int(c.Get("index").Int())
		if !d.Candidate(i, c.Get("finishReason").Str) {
			return true
		}
		c.Get("content.parts").ForEach(func(_, p gjson.Result) bool {
			if t := p.Get("text"); t.Exists() {
				d.Text(call, i, t.Str, p.Get("thought").Bool(), stream)
			}
			if f := p.Get("functionCall"); f.Exists() {
				d.ToolCall(call, genai.ToolCall{ID: str(f.Get("id")), Name: str(f.Get("name")), Arguments: keep(f.Get("args").Raw)}, stream)
			}
			return true
		})
		return true
	})
	d.EndChunk(call)
}

// GeminiUsage is the usage a Gemini usageMetadata reports (a count it
// leaves out is 0): the prompt, cached content included, and the tool
// results the API fed back to the model (toolUsePromptTokenCount, billed as
// input) are input; the candidates and the thoughts are output, the thoughts
// also reasoning.
func GeminiUsage(prompt, toolUsePrompt, candidates, thoughts, cached, total int64) genai.Usage {
	return genai.Usage{
		InputTokens:          prompt + toolUsePrompt,
		OutputTokens:         candidates + thoughts,
		CacheReadInputTokens: cached,
		ReasoningTokens:      thoughts,
		TotalTokens:          total,
	}
}

func (d *geminiDecoder) end(call *genai.Call, err error) { d.End(call, err) }

// failed is the cut of a stream read to its end with no finish reason.
func (d *geminiDecoder) failed(call *genai.Call, eof bool) error {
	if eof && !d.Finished() {
		return incomplete(call, "finishReason")
	}
	return nil
}

// End records the answer on the call: err is the call's error, if it
// failed (usage and completion are then not recorded).
func (a *GeminiAnswer) End(call *genai.Call, err error) {
	if a.model != "" {
		call.ResponseModel = a.model
	}
	if a.id != "" {
		call.SetAttributes(semconv.GenAIResponseID.String(a.id))
	}
	if a.reasons != nil {
		call.SetAttributes(semconv.GenAIResponseFinishReasons.StringSlice(a.reasons))
	}
	call.SetToolCalls(a.calls)
	if err != nil {
		return
	}
	if a.hasUsage {
		call.SetUsage(a.usage)
	}
	if call.CaptureContent() {
		for i := range a.texts {
			msg := semconv.Message{Role: "assistant", FinishReason: a.reasons[i]}
			if len(a.texts[i]) > 0 || len(a.calls) == 0 {
				msg.Parts = append(msg.Parts, text(string(a.texts[i])))
			}
			if i == 0 {
				for _, c := range a.calls {
					msg.Parts = append(msg.Parts, semconv.Part{Type: "tool_call", ID: c.ID, Name: c.Name, Arguments: c.Arguments})
				}
			}
			call.Output = append(call.Output, msg)
		}
	}
}

// geminiEmbedDecoder decodes embedContent and batchEmbedContents.
type geminiEmbedDecoder struct {
	base
	counted
}

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
		call.SetAttributes(semconv.GenAIEmbeddingsDimensionCount.Int(arrayLen(v, d.lens)))
	}
	if u := root.Get("usageMetadata.promptTokenCount"); u.Type == gjson.Number {
		call.SetUsage(genai.Usage{InputTokens: u.Int(), OutputTokens: -1})
		call.SetCost(call.Pricing().EmbeddingCost(call.ResponseModelOrRequest(), u.Int()))
	}
}
