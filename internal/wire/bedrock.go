package wire

import (
	"strings"

	"github.com/tidwall/gjson"
	"go.opentelemetry.io/otel/attribute"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/pricing"
	"github.com/openlit/openlit-go/semconv"
)

// This file decodes the bodies of AWS Bedrock's InvokeModel and
// InvokeModelWithResponseStream, whose format is the model provider's: the
// Bedrock integration hands them over with NewBedrockDecoder. Claude bodies
// are Anthropic Messages and use its decoder; the others are below. Every
// family's token counts also come from Bedrock itself, in the response
// headers (BedrockHeaderUsage) or the last chunk's
// "amazon-bedrock-invocationMetrics", for bodies that carry none.

// NewBedrockDecoder returns the decoder of an InvokeModel body for the
// model family modelID names (a foundation model id, an inference profile
// such as "us.anthropic.claude-…", or an ARN), or nil for a family it does
// not know. stream is true for InvokeModelWithResponseStream.
func NewBedrockDecoder(modelID string, stream bool) *Decoder {
	var d decoder
	switch base := pricing.BedrockModel(modelID); {
	case strings.HasPrefix(base, "anthropic."):
		d = &anthropicDecoder{}
	case strings.HasPrefix(base, "amazon.nova"):
		d = &novaDecoder{}
	case strings.HasPrefix(base, "amazon.titan-embed"), strings.HasPrefix(base, "cohere.embed"):
		d = &bedrockEmbedDecoder{cohere: strings.HasPrefix(base, "cohere.")}
	case strings.HasPrefix(base, "meta.llama"), strings.HasPrefix(base, "mistral."), strings.HasPrefix(base, "cohere.command"):
		d = &bedrockTextDecoder{family: base[:strings.IndexByte(base, '.')]}
	default:
		return nil
	}
	return &Decoder{d: &bedrockDecoder{inner: d, stream: stream}, x: exchange{method: "POST", pathModel: modelID}}
}

// bedrockDecoder is a family's decoder on Bedrock: the model is the id,
// the stream flag the operation's, and Bedrock's own token counts stand in
// for a body that has none.
type bedrockDecoder struct {
	inner   decoder
	stream  bool
	metrics genai.Usage // from amazon-bedrock-invocationMetrics
	has     bool
}

func (*bedrockDecoder) system(*exchange) string { return "aws.bedrock" }

func (d *bedrockDecoder) request(x *exchange) (genai.Request, bool) {
	r, ok := d.inner.request(x)
	if !ok {
		return r, false
	}
	r.System, r.Model = "aws.bedrock", keep(x.pathModel)
	if r.Operation == semconv.OperationChat {
		attrs := r.Attributes[:0:0]
		for _, kv := range r.Attributes {
			if kv.Key != semconv.GenAIRequestIsStream {
				attrs = append(attrs, kv)
			}
		}
		r.Attributes = append(attrs, semconv.GenAIRequestIsStream.Bool(d.stream))
	}
	return r, true
}

func (d *bedrockDecoder) input(x *exchange) ([]semconv.Message, []semconv.Part) {
	return d.inner.input(x)
}
func (d *bedrockDecoder) form(*genai.Call, *formView) {}

// response records a whole answer: Bedrock's own token counts (set with
// FallbackUsage) unless the body has its own.
func (d *bedrockDecoder) setLens(l map[int]int) {
	if c, ok := d.inner.(arrayCounter); ok {
		c.setLens(l)
	}
}

func (d *bedrockDecoder) response(call *genai.Call, doc string) {
	if d.has {
		call.SetUsage(d.metrics)
	}
	d.inner.response(call, doc)
}

func (d *bedrockDecoder) event(call *genai.Call, _, data string) {
	if len(data) == 0 || data[0] != '{' {
		return
	}
	if m := gjson.Get(data, "amazon-bedrock-invocationMetrics"); m.IsObject() {
		d.metrics = genai.Usage{InputTokens: count(m.Get("inputTokenCount")), OutputTokens: count(m.Get("outputTokenCount"))}
		d.has = true
	}
	d.inner.event(call, "", data)
}

func (d *bedrockDecoder) end(call *genai.Call, err error) {
	if d.has && err == nil {
		call.SetUsage(d.metrics) // a body's own usage, set by end below, wins
	}
	d.inner.end(call, err)
}

// FallbackUsage sets the usage Bedrock reported for an InvokeModel answer
// (BedrockHeaderUsage), recorded when the body counts no tokens; it does
// nothing for other decoders.
func (d *Decoder) FallbackUsage(u genai.Usage) {
	if b, ok := d.d.(*bedrockDecoder); ok {
		b.metrics, b.has = u, true
	}
}

// BedrockHeaderUsage is the usage Bedrock reports in an InvokeModel
// answer's X-Amzn-Bedrock-Input-Token-Count and -Output-Token-Count
// headers (given as strings, "" when absent): the fallback for bodies that
// count no tokens (Mistral, Cohere).
func BedrockHeaderUsage(input, output string) (genai.Usage, bool) {
	in, out := gjson.Parse(input), gjson.Parse(output)
	if in.Type != gjson.Number && out.Type != gjson.Number {
		return genai.Usage{}, false
	}
	return genai.Usage{InputTokens: count(in), OutputTokens: count(out)}, true
}

// novaDecoder decodes Amazon Nova's messages format, which is the
// Converse API's.
type novaDecoder struct {
	base
	ConverseAnswer
}

// ConverseAnswer gathers an answer in the Converse API's shape (Bedrock's
// Converse and ConverseStream, Amazon Nova's InvokeModel bodies), whole or
// event by event, and records it on the call: the Nova decoder fills it
// from the JSON, the Bedrock integration from the SDK's typed events, so
// both record the same.
type ConverseAnswer struct {
	text     []byte
	calls    []genai.ToolCall
	reason   string
	usage    genai.Usage
	hasUsage bool
	toolIdx  map[int64]int // stream: content block index → calls index
}

// StopReason records why the model stopped.
func (a *ConverseAnswer) StopReason(reason string) {
	if reason != "" {
		a.reason = keep(reason)
	}
}

// Usage records the answer's usage (ConverseUsage).
func (a *ConverseAnswer) Usage(u genai.Usage) { a.usage, a.hasUsage = u, true }

// Part records a content block of a whole answer (ConversePart): its text,
// or the tool it calls.
func (a *ConverseAnswer) Part(call *genai.Call, p semconv.Part) {
	switch p.Type {
	case "text":
		a.Text(call, p.Content)
	case "tool_call":
		if len(a.calls) < maxElems {
			a.calls = append(a.calls, genai.ToolCall{ID: p.ID, Name: p.Name, Arguments: p.Arguments})
		}
	}
}

// Delta marks a stream's content delta: the first is the time to first
// token.
func (*ConverseAnswer) Delta(call *genai.Call) { firstToken(call) }

// Text records answer text (a whole answer's block, or a stream's delta),
// kept when the call records content.
func (a *ConverseAnswer) Text(call *genai.Call, text string) {
	if call.CaptureContent() {
		a.text = appendText(a.text, text, call)
	}
}

// ToolStart records a stream's tool use starting in content block index.
func (a *ConverseAnswer) ToolStart(index int64, id, name string) {
	if len(a.calls) >= maxElems {
		return
	}
	if a.toolIdx == nil {
		a.toolIdx = map[int64]int{}
	}
	a.toolIdx[index] = len(a.calls)
	a.calls = append(a.calls, genai.ToolCall{ID: keep(id), Name: keep(name)})
}

// ToolInput records a stream's delta of the input of the tool use in
// content block index.
func (a *ConverseAnswer) ToolInput(call *genai.Call, index int64, input string) {
	if i, ok := a.toolIdx[index]; ok {
		a.calls[i].Arguments = string(appendText([]byte(a.calls[i].Arguments), input, call))
	}
}

func (*novaDecoder) request(x *exchange) (genai.Request, bool) {
	attrs := make([]attribute.KeyValue, 0, 8)
	gjson.Get(x.body, "inferenceConfig").ForEach(func(k, v gjson.Result) bool {
		attrs, _ = novaParams.add(attrs, k.Str, v)
		return true
	})
	if names := toolNames(gjson.Get(x.body, "toolConfig.tools"), "toolSpec.name"); names != nil {
		attrs = append(attrs, semconv.GenAIRequestTools.StringSlice(names))
	}
	return genai.Request{Operation: semconv.OperationChat, Attributes: attrs, Defaults: semconv.OpenLITChatDefaults()}, true
}

var novaParams = params{
	"max_new_tokens": maxTokens, "maxTokens": maxTokens, "temperature": temperature, "topP": topP, "top_p": topP,
	"topK": topK, "top_k": topK, "stopSequences": stopSequences,
}

func (*novaDecoder) input(x *exchange) ([]semconv.Message, []semconv.Part) {
	root := parse(x.body)
	var instructions []semconv.Part
	root.Get("system").ForEach(func(_, b gjson.Result) bool {
		instructions = append(instructions, text(str(b.Get("text"))))
		return true
	})
	var out []semconv.Message
	root.Get("messages").ForEach(func(_, m gjson.Result) bool {
		msg := semconv.Message{Role: str(m.Get("role"))}
		m.Get("content").ForEach(func(_, b gjson.Result) bool {
			msg.Parts = append(msg.Parts, ConversePart(b))
			return true
		})
		msg.List = len(msg.Parts) > 1
		out = append(out, msg)
		return true
	})
	return out, instructions
}

// ConversePart converts a content block of the Converse API's (and Nova's)
// JSON shape: text, toolUse, toolResult, image, document, reasoningContent.
func ConversePart(b gjson.Result) semconv.Part {
	switch {
	case b.Get("text").Exists():
		return text(str(b.Get("text")))
	case b.Get("toolUse").Exists():
		t := b.Get("toolUse")
		return semconv.Part{Type: "tool_call", ID: str(t.Get("toolUseId")), Name: str(t.Get("name")), Arguments: keep(t.Get("input").Raw)}
	case b.Get("toolResult").Exists():
		t := b.Get("toolResult")
		return semconv.Part{Type: "tool_call_response", ID: str(t.Get("toolUseId")), Content: keep(t.Get("content").Raw)}
	case b.Get("image").Exists():
		return semconv.Part{Type: "blob", Modality: "image/" + str(b.Get("image.format")), Label: "image"}
	case b.Get("document").Exists():
		return semconv.Part{Type: "blob", Modality: str(b.Get("document.format")), Label: "document"}
	case b.Get("reasoningContent").Exists():
		return semconv.Part{Type: "reasoning", Content: str(b.Get("reasoningContent.reasoningText.text"))}
	}
	return semconv.Part{Type: "unknown"}
}

// ConverseUsage is the usage of the Converse API's (and Nova's) usage
// object: input tokens leave out the cached ones, which the core counts as
// input.
func ConverseUsage(input, output, cacheRead, cacheWrite, total int64) genai.Usage {
	return genai.Usage{InputTokens: input + cacheRead + cacheWrite, OutputTokens: output,
		CacheReadInputTokens: cacheRead, CacheCreationInputTokens: cacheWrite, TotalTokens: total}
}

func novaUsage(u gjson.Result) genai.Usage {
	return ConverseUsage(u.Get("inputTokens").Int(), u.Get("outputTokens").Int(),
		u.Get("cacheReadInputTokenCount").Int(), u.Get("cacheWriteInputTokenCount").Int(), 0)
}

func (d *novaDecoder) response(call *genai.Call, doc string) {
	root := parse(doc)
	d.StopReason(root.Get("stopReason").Str)
	root.Get("output.message.content").ForEach(func(_, b gjson.Result) bool {
		d.Part(call, ConversePart(b))
		return true
	})
	if u := root.Get("usage"); u.IsObject() {
		d.Usage(novaUsage(u))
	}
	d.End(call, nil)
}

func (d *novaDecoder) event(call *genai.Call, _, data string) {
	root := parse(data)
	if s := root.Get("contentBlockStart.start.toolUse"); s.Exists() {
		d.ToolStart(root.Get("contentBlockStart.contentBlockIndex").Int(), s.Get("toolUseId").Str, s.Get("name").Str)
	}
	if delta := root.Get("contentBlockDelta"); delta.Exists() {
		d.Delta(call)
		if t := delta.Get("delta.text"); t.Exists() {
			d.Text(call, t.Str)
		}
		if in := delta.Get("delta.toolUse.input"); in.Exists() {
			d.ToolInput(call, delta.Get("contentBlockIndex").Int(), in.Str)
		}
	}
	d.StopReason(root.Get("messageStop.stopReason").Str)
	if u := root.Get("metadata.usage"); u.IsObject() {
		d.Usage(novaUsage(u))
	}
}

func (d *novaDecoder) end(call *genai.Call, err error) { d.End(call, err) }

// End records the answer on the call: err is the call's error, if it
// failed (usage and completion are then not recorded).
func (a *ConverseAnswer) End(call *genai.Call, err error) {
	if a.reason != "" {
		call.SetAttributes(semconv.GenAIResponseFinishReasons.StringSlice([]string{a.reason}))
	}
	call.SetToolCalls(a.calls)
	if err != nil {
		return
	}
	if a.hasUsage {
		call.SetUsage(a.usage)
	}
	if call.CaptureContent() {
		msg := semconv.Message{Role: "assistant", FinishReason: a.reason, Parts: []semconv.Part{text(string(a.text))}}
		for _, c := range a.calls {
			msg.Parts = append(msg.Parts, semconv.Part{Type: "tool_call", ID: c.ID, Name: c.Name, Arguments: c.Arguments})
		}
		call.Output = []semconv.Message{msg}
	}
}

// bedrockTextDecoder decodes the prompt-and-completion formats of Meta
// Llama, Mistral and Cohere Command on Bedrock.
type bedrockTextDecoder struct {
	base
	family   string // meta, mistral, cohere
	text     []byte
	reason   string
	id       string
	usage    genai.Usage
	hasUsage bool
}

var bedrockTextParams = params{
	"max_gen_len": maxTokens, "max_tokens": maxTokens, "temperature": temperature, "top_p": topP, "p": topP,
	"top_k": topK, "k": topK, "stop": stopSequences, "stop_sequences": stopSequences, "seed": seed,
}

func (d *bedrockTextDecoder) request(x *exchange) (genai.Request, bool) {
	attrs := make([]attribute.KeyValue, 0, 8)
	parse(x.body).ForEach(func(k, v gjson.Result) bool {
		attrs, _ = bedrockTextParams.add(attrs, k.Str, v)
		return true
	})
	return genai.Request{Operation: semconv.OperationChat, Attributes: attrs, Defaults: semconv.OpenLITChatDefaults()}, true
}

func (d *bedrockTextDecoder) input(x *exchange) ([]semconv.Message, []semconv.Part) {
	root := parse(x.body)
	var instructions []semconv.Part
	if p := root.Get("preamble"); p.Exists() {
		instructions = []semconv.Part{text(str(p))}
	}
	var out []semconv.Message
	root.Get("chat_history").ForEach(func(_, m gjson.Result) bool { // Cohere
		role := strings.ToLower(str(m.Get("role")))
		if role == "chatbot" {
			role = "assistant"
		}
		out = append(out, semconv.Message{Role: role, Parts: []semconv.Part{text(str(m.Get("message")))}})
		return true
	})
	root.Get("messages").ForEach(func(_, m gjson.Result) bool { // Mistral's chat format
		out = append(out, semconv.Message{Role: str(m.Get("role")), Parts: []semconv.Part{text(str(m.Get("content")))}})
		return true
	})
	for _, k := range [...]string{"prompt", "message"} {
		if p := root.Get(k); p.Exists() {
			out = append(out, semconv.Message{Role: "user", Parts: []semconv.Part{text(str(p))}})
		}
	}
	return out, instructions
}

// chunk reads a whole answer or one stream chunk.
func (d *bedrockTextDecoder) chunk(call *genai.Call, r gjson.Result, stream bool) {
	var t string
	switch d.family {
	case "meta":
		t = r.Get("generation").Str
		if n := r.Get("prompt_token_count"); n.Type == gjson.Number {
			d.usage.InputTokens, d.hasUsage = n.Int(), true
		}
		if n := r.Get("generation_token_count"); n.Type == gjson.Number {
			d.usage.OutputTokens, d.hasUsage = n.Int(), true
		}
		if s := r.Get("stop_reason").Str; s != "" {
			d.reason = keep(s)
		}
	case "mistral":
		o := r.Get("outputs.0")
		if !o.Exists() {
			o = r.Get("choices.0")
			t = o.Get("message.content").Str
		} else {
			t = o.Get("text").Str
		}
		if s := o.Get("stop_reason").Str; s != "" {
			d.reason = keep(s)
		}
	case "cohere":
		t = r.Get("text").Str
		if s := r.Get("finish_reason").Str; s != "" {
			d.reason = keep(s)
		}
		if id := r.Get("generation_id").Str; id != "" {
			d.id = keep(id)
		}
		if u := r.Get("meta.billed_units"); u.IsObject() {
			d.usage, d.hasUsage = genai.Usage{InputTokens: count(u.Get("input_tokens")), OutputTokens: count(u.Get("output_tokens"))}, true
		}
	}
	if stream && t != "" {
		firstToken(call)
	}
	d.text = appendText(d.text, t, call)
}

func (d *bedrockTextDecoder) response(call *genai.Call, doc string) {
	d.chunk(call, parse(doc), false)
	d.end(call, nil)
}

func (d *bedrockTextDecoder) event(call *genai.Call, _, data string) {
	d.chunk(call, parse(data), true)
}

func (d *bedrockTextDecoder) end(call *genai.Call, err error) {
	if d.reason != "" {
		call.SetAttributes(semconv.GenAIResponseFinishReasons.StringSlice([]string{d.reason}))
	}
	if d.id != "" {
		call.SetAttributes(semconv.GenAIResponseID.String(d.id))
	}
	if err != nil {
		return
	}
	if d.hasUsage {
		call.SetUsage(d.usage)
	}
	if call.CaptureContent() {
		call.Output = []semconv.Message{{Role: "assistant", FinishReason: d.reason, Parts: []semconv.Part{text(string(d.text))}}}
	}
}

// bedrockEmbedDecoder decodes Titan and Cohere embeddings on Bedrock.
type bedrockEmbedDecoder struct {
	base
	counted
	cohere bool
}

func (d *bedrockEmbedDecoder) request(x *exchange) (genai.Request, bool) {
	var attrs []attribute.KeyValue
	if v := gjson.Get(x.body, "dimensions"); v.Type == gjson.Number {
		attrs = append(attrs, semconv.GenAIEmbeddingsDimensionCount.Int64(v.Int()))
	}
	return genai.Request{Operation: semconv.OperationEmbeddings, Attributes: attrs}, true
}

func (d *bedrockEmbedDecoder) input(x *exchange) ([]semconv.Message, []semconv.Part) {
	root := parse(x.body)
	lines := []string{str(root.Get("inputText"))}
	if d.cohere {
		lines = lines[:0]
		root.Get("texts").ForEach(func(_, t gjson.Result) bool {
			lines = append(lines, str(t))
			return len(lines) < maxElems
		})
	}
	return []semconv.Message{{Parts: []semconv.Part{text(strings.Join(lines, "\n"))}}}, nil
}

func (d *bedrockEmbedDecoder) response(call *genai.Call, doc string) {
	root := parse(doc)
	v := root.Get("embedding")
	if d.cohere {
		if v = root.Get("embeddings.0"); !v.IsArray() {
			v = root.Get("embeddings.float.0")
		}
	}
	if v.IsArray() {
		call.SetAttributes(semconv.GenAIEmbeddingsDimensionCount.Int(arrayLen(v, d.lens)))
	}
	if n := root.Get("inputTextTokenCount"); n.Type == gjson.Number {
		call.SetUsage(genai.Usage{InputTokens: n.Int(), OutputTokens: -1})
	}
}
