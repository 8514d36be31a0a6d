package wire

import (
	"github.com/tidwall/gjson"
	"go.opentelemetry.io/otel/attribute"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/semconv"
)

// ollamaDecoder decodes Ollama's native /api/chat and /api/generate: one
// JSON answer, or (the default) an NDJSON stream whose last line carries
// the counts.
type ollamaDecoder struct {
	base
	generate bool

	model, reason string
	text          []byte
	thinking      []byte
	calls         []genai.ToolCall
	usage         genai.Usage
	hasUsage      bool
	done          bool // the "done": true line seen
}

// failed is the cut of a stream read to its end without its "done" line.
func (d *ollamaDecoder) failed(call *genai.Call, eof bool) error {
	if eof && !d.done {
		return incomplete(call, `"done": true line`)
	}
	return nil
}

func (*ollamaDecoder) system(*exchange) string { return "ollama" }

func (d *ollamaDecoder) request(x *exchange) (genai.Request, bool) {
	root := parse(x.body)
	model := str(root.Get("model"))
	if model == "" {
		return genai.Request{}, false
	}
	stream := true // Ollama streams unless told not to
	if s := root.Get("stream"); s.Exists() {
		stream = s.Bool()
	}
	attrs := make([]attribute.KeyValue, 0, 10)
	root.Get("options").ForEach(func(k, v gjson.Result) bool {
		attrs, _ = ollamaOptions.add(attrs, k.Str, v)
		return true
	})
	if names := toolNames(root.Get("tools"), "function.name"); names != nil {
		attrs = append(attrs, semconv.GenAIRequestTools.StringSlice(names))
	}
	output := semconv.OutputTypeText
	if f := root.Get("format"); f.IsObject() || f.Str == "json" {
		output = semconv.OutputTypeJSON
	}
	attrs = append(attrs, semconv.GenAIRequestIsStream.Bool(stream), semconv.GenAIOutputType.String(output))
	op := semconv.OperationChat
	if d.generate {
		op = semconv.OperationTextCompletion
	}
	return genai.Request{Operation: op, System: "ollama", Model: model, Attributes: attrs, Defaults: semconv.OpenLITChatDefaults()}, true
}

// ollamaOptions are the model options that map to one attribute each.
var ollamaOptions = params{
	"temperature": temperature, "top_p": topP, "top_k": topK, "num_predict": maxTokens, "seed": seed,
	"presence_penalty": presencePenalty, "frequency_penalty": frequencyPenalty, "stop": stopSequences,
}

func (d *ollamaDecoder) input(x *exchange) ([]semconv.Message, []semconv.Part) {
	root := parse(x.body)
	var instructions []semconv.Part
	if s := root.Get("system").Str; s != "" {
		instructions = []semconv.Part{text(keep(s))}
	}
	if d.generate {
		return []semconv.Message{{Role: "user", Parts: []semconv.Part{text(str(root.Get("prompt")))}}}, instructions
	}
	var out []semconv.Message
	root.Get("messages").ForEach(func(_, m gjson.Result) bool {
		msg := semconv.Message{Role: str(m.Get("role"))}
		if c := m.Get("content").Str; c != "" || !m.Get("tool_calls").Exists() {
			msg.Parts = append(msg.Parts, text(keep(c)))
		}
		if n := len(m.Get("images").Array()); n > 0 {
			for range n {
				msg.Parts = append(msg.Parts, semconv.Part{Type: "blob", Modality: "image", Label: "image"})
			}
			msg.List = true
		}
		m.Get("tool_calls").ForEach(func(_, tc gjson.Result) bool {
			msg.Parts = append(msg.Parts, semconv.Part{Type: "tool_call", Name: str(tc.Get("function.name")), Arguments: keep(tc.Get("function.arguments").Raw)})
			return true
		})
		out = append(out, msg)
		return true
	})
	return out, instructions
}

func (d *ollamaDecoder) response(call *genai.Call, doc string) {
	d.line(call, parse(doc), false)
	d.end(call, nil)
}

func (d *ollamaDecoder) event(call *genai.Call, _, data string) {
	if len(data) == 0 || data[0] != '{' {
		return
	}
	d.line(call, parse(data), true)
}

// line records one answer or stream line.
func (d *ollamaDecoder) line(call *genai.Call, r gjson.Result, stream bool) {
	if m := r.Get("model").Str; m != "" && m != d.model {
		d.model = keep(m)
	}
	content := r.Get("message.content").Str
	if d.generate {
		content = r.Get("response").Str
	}
	thinking := r.Get("message.thinking").Str
	if d.generate {
		thinking = r.Get("thinking").Str
	}
	tcs := r.Get("message.tool_calls")
	if stream && (content != "" || tcs.Exists()) {
		firstToken(call)
	}
	if call.CaptureContent() {
		d.text = appendText(d.text, content, call)
		d.thinking = appendText(d.thinking, thinking, call)
	}
	tcs.ForEach(func(_, tc gjson.Result) bool {
		if len(d.calls) < maxElems {
			d.calls = append(d.calls, genai.ToolCall{Name: str(tc.Get("function.name")), Arguments: keep(tc.Get("function.arguments").Raw)})
		}
		return true
	})
	if r.Get("done").Bool() {
		d.done = true
		d.reason = str(r.Get("done_reason"))
		if d.reason == "" {
			d.reason = "stop"
		}
		in, out := count(r.Get("prompt_eval_count")), count(r.Get("eval_count"))
		if in >= 0 || out >= 0 {
			d.usage, d.hasUsage = genai.Usage{InputTokens: in, OutputTokens: out}, true
		}
	}
}

func (d *ollamaDecoder) end(call *genai.Call, err error) {
	if d.model != "" {
		call.ResponseModel = d.model
	}
	if d.reason != "" {
		call.SetAttributes(semconv.GenAIResponseFinishReasons.StringSlice([]string{d.reason}))
	}
	call.SetToolCalls(d.calls)
	if err != nil {
		return
	}
	if d.hasUsage {
		call.SetUsage(d.usage)
	}
	if call.CaptureContent() {
		msg := semconv.Message{Role: "assistant", FinishReason: d.reason}
		if len(d.thinking) > 0 {
			msg.Parts = append(msg.Parts, semconv.Part{Type: "reasoning", Content: string(d.thinking)})
		}
		if len(d.text) > 0 || len(d.calls) == 0 {
			msg.Parts = append(msg.Parts, text(string(d.text)))
		}
		for _, c := range d.calls {
			msg.Parts = append(msg.Parts, semconv.Part{Type: "tool_call", Name: c.Name, Arguments: c.Arguments})
		}
		call.Output = []semconv.Message{msg}
	}
}

// ollamaEmbedDecoder decodes /api/embed and the older /api/embeddings.
type ollamaEmbedDecoder struct {
	base
	counted
}

func (*ollamaEmbedDecoder) system(*exchange) string { return "ollama" }

func (d *ollamaEmbedDecoder) request(x *exchange) (genai.Request, bool) {
	model := str(gjson.Get(x.body, "model"))
	if model == "" {
		return genai.Request{}, false
	}
	var attrs []attribute.KeyValue
	if v := gjson.Get(x.body, "dimensions"); v.Type == gjson.Number {
		attrs = append(attrs, semconv.GenAIEmbeddingsDimensionCount.Int64(v.Int()))
	}
	return genai.Request{Operation: semconv.OperationEmbeddings, System: "ollama", Model: model, Attributes: attrs}, true
}

func (d *ollamaEmbedDecoder) input(x *exchange) ([]semconv.Message, []semconv.Part) {
	root := parse(x.body)
	in := embeddingInput(root.Get("input"))
	if in == "" {
		in = str(root.Get("prompt"))
	}
	return []semconv.Message{{Parts: []semconv.Part{text(in)}}}, nil
}

func (d *ollamaEmbedDecoder) response(call *genai.Call, doc string) {
	root := parse(doc)
	call.ResponseModel = str(root.Get("model"))
	v := root.Get("embeddings.0")
	if !v.Exists() {
		v = root.Get("embedding")
	}
	if v.IsArray() {
		call.SetAttributes(semconv.GenAIEmbeddingsDimensionCount.Int(arrayLen(v, d.lens)))
	}
	if n := root.Get("prompt_eval_count"); n.Type == gjson.Number {
		call.SetUsage(genai.Usage{InputTokens: n.Int(), OutputTokens: -1})
	}
}

// unknownDecoder gives a model call no decoder knows a minimal span: the
// operation its path names, the model it asks for, and the usage when the
// answer reports it in the common shapes.
type unknownDecoder struct {
	base
	usage    genai.Usage
	hasUsage bool
	model    string
}

func (d *unknownDecoder) request(x *exchange) (genai.Request, bool) {
	op, ok := unknownOperation(x.path)
	if !ok {
		return genai.Request{}, false
	}
	if x.form != nil {
		// A multipart form names its model before or after its files: a
		// form whose end is still to be sent may name it there (form).
		fields := x.form.fields()
		if fields["model"] == "" && !x.form.pending() {
			return genai.Request{}, false
		}
		return genai.Request{Operation: keep(op), System: "openai", Model: fields["model"]}, true
	}
	model, ok := modelOf(x)
	if !ok {
		return genai.Request{}, false
	}
	return genai.Request{Operation: keep(op), System: "openai", Model: model}, true
}

func (d *unknownDecoder) form(call *genai.Call, f *formView) {
	fields := f.fields()
	call.SetRequestModel(fields["model"])
}

func (d *unknownDecoder) response(call *genai.Call, doc string) {
	d.record(call, parse(doc))
	d.end(call, nil)
}

func (d *unknownDecoder) event(call *genai.Call, _, data string) {
	if len(data) > 0 && data[0] == '{' {
		firstToken(call)
		d.record(call, parse(data))
	}
}

func (d *unknownDecoder) record(call *genai.Call, r gjson.Result) {
	if m := r.Get("model").Str; m != "" && m != d.model {
		d.model = keep(m)
	}
	u := r.Get("usage")
	if !u.IsObject() {
		u = r.Get("response.usage")
	}
	if !u.IsObject() {
		return
	}
	in, out := count(u.Get("input_tokens")), count(u.Get("output_tokens"))
	if in < 0 {
		in = count(u.Get("prompt_tokens"))
	}
	if out < 0 {
		out = count(u.Get("completion_tokens"))
	}
	if in >= 0 || out >= 0 {
		d.usage, d.hasUsage = genai.Usage{InputTokens: in, OutputTokens: out}, true
	}
}

func (d *unknownDecoder) end(call *genai.Call, err error) {
	if d.model != "" {
		call.ResponseModel = d.model
	}
	if err == nil && d.hasUsage {
		call.SetUsage(d.usage)
	}
}
