package wire

import (
	"strings"

	"github.com/tidwall/gjson"
	"go.opentelemetry.io/otel/attribute"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/semconv"
)

// anthropicDecoder decodes Anthropic's Messages API and its event stream.
type anthropicDecoder struct {
	base

	// stream state
	id, model, reason string
	usage             genai.Usage
	hasUsage          bool
	blocks            []anthropicBlock // by content block index
	errType, errMsg   string           // of an error event
	stopped           bool             // message_stop seen
}

// failed is the error event the stream ended with, if any, or, for a
// stream read to its end without message_stop, the stream's cut.
func (d *anthropicDecoder) failed(call *genai.Call, eof bool) error {
	if d.errType == "" {
		if eof && !d.stopped {
			return incomplete(call, "message_stop event")
		}
		return nil
	}
	call.ErrorType = d.errType
	return &StreamError{Type: d.errType, Message: d.errMsg}
}

// StreamError is an error event in an answer stream.
type StreamError struct{ Type, Message string }

func (e *StreamError) Error() string {
	if e.Message == "" {
		return e.Type
	}
	return e.Type + ": " + e.Message
}

type anthropicBlock struct {
	typ, id, name string
	text          []byte // text, thinking or tool input JSON
}

func (*anthropicDecoder) system(x *exchange) string {
	if strings.Contains(x.path, "/projects/") {
		return "gcp.vertex_ai" // Claude on Vertex AI
	}
	return "anthropic"
}

func (d *anthropicDecoder) request(x *exchange) (genai.Request, bool) {
	var (
		model  string
		stream bool
		attrs  = make([]attribute.KeyValue, 0, 12)
	)
	parse(x.body).ForEach(func(k, v gjson.Result) bool {
		var known bool
		if attrs, known = anthropicParams.add(attrs, k.Str, v); known {
			return true
		}
		switch k.Str {
		case "model":
			model = str(v)
		case "stream":
			stream = v.Bool()
		case "tools":
			if names := toolNames(v, "name"); names != nil {
				attrs = append(attrs, semconv.GenAIRequestTools.StringSlice(names))
			}
		case "tool_choice":
			if t := v.Get("type").Str; t == "tool" {
				attrs = append(attrs, semconv.GenAIRequestToolChoice.String("tool:"+v.Get("name").Str))
			} else if t != "" {
				attrs = append(attrs, semconv.GenAIRequestToolChoice.String(keep(t)))
			}
		case "metadata":
			attrs = stringAttr(attrs, semconv.GenAIRequestUser, v.Get("user_id"))
		}
		return true
	})
	if model == "" {
		model = keep(x.pathModel) // Vertex AI names the model in the path
	}
	if model == "" {
		return genai.Request{}, false
	}
	if x.kind == kindAnthropicMessages && strings.HasSuffix(x.path, ":streamRawPredict") {
		stream = true
	}
	attrs = append(attrs, semconv.GenAIRequestIsStream.Bool(stream), semconv.GenAIOutputType.String(semconv.OutputTypeText))
	return genai.Request{Operation: semconv.OperationChat, System: d.system(x), Model: model, Attributes: attrs, Defaults: semconv.OpenLITChatDefaults()}, true
}

// anthropicParams are the Messages API parameters that map to one
// attribute each.
var anthropicParams = params{
	"max_tokens": maxTokens, "temperature": temperature, "top_p": topP, "top_k": topK, "stop_sequences": stopSequences,
}

func (d *anthropicDecoder) input(x *exchange) ([]semconv.Message, []semconv.Part) {
	root := parse(x.body)
	var instructions []semconv.Part
	switch sys := root.Get("system"); {
	case sys.Type == gjson.String:
		instructions = []semconv.Part{text(keep(sys.Str))}
	case sys.IsArray():
		sys.ForEach(func(_, b gjson.Result) bool {
			instructions = append(instructions, text(str(b.Get("text"))))
			return true
		})
	}
	var out []semconv.Message
	root.Get("messages").ForEach(func(_, m gjson.Result) bool {
		role := str(m.Get("role"))
		c := m.Get("content")
		if c.Type == gjson.String {
			out = append(out, semconv.Message{Role: role, Parts: []semconv.Part{text(keep(c.Str))}})
			return true
		}
		msg := semconv.Message{Role: role, List: true}
		c.ForEach(func(_, b gjson.Result) bool {
			msg.Parts = append(msg.Parts, anthropicPart(b))
			return true
		})
		out = append(out, msg)
		return true
	})
	return out, instructions
}

// anthropicPart converts one content block of a message.
func anthropicPart(b gjson.Result) semconv.Part {
	switch typ := b.Get("type").Str; typ {
	case "text":
		return text(str(b.Get("text")))
	case "thinking":
		return semconv.Part{Type: "reasoning", Content: str(b.Get("thinking"))}
	case "redacted_thinking":
		return semconv.Part{Type: "reasoning", Label: "redacted_thinking"}
	case "tool_use", "server_tool_use":
		return semconv.Part{Type: "tool_call", ID: str(b.Get("id")), Name: str(b.Get("name")), Arguments: keep(b.Get("input").Raw)}
	case "tool_result":
		c := b.Get("content")
		content := c.Str
		if c.IsArray() {
			var sb strings.Builder
			c.ForEach(func(_, p gjson.Result) bool {
				if sb.Len() > 0 {
					sb.WriteString(", ")
				}
				sb.WriteString(p.Get("text").Str)
				return true
			})
			content = sb.String()
		}
		return semconv.Part{Type: "tool_call_response", ID: str(b.Get("tool_use_id")), Content: keep(content)}
	case "image", "document":
		src := b.Get("source")
		if u := src.Get("url").Str; u != "" {
			return semconv.Part{Type: "uri", Modality: keep(typ), URI: keep(u), Label: keep(typ)}
		}
		return semconv.Part{Type: "blob", Modality: keep(typ), Label: keep(typ)}
	default:
		return semconv.Part{Type: "unknown", Label: keep(typ)}
	}
}

func (d *anthropicDecoder) response(call *genai.Call, doc string) {
	root := parse(doc)
	call.ResponseModel = str(root.Get("model"))
	reason := str(root.Get("stop_reason"))
	call.SetAttributes(
		semconv.GenAIResponseID.String(str(root.Get("id"))),
		semconv.GenAIResponseFinishReasons.StringSlice([]string{reason}),
	)
	msg := semconv.Message{Role: "assistant", FinishReason: reason}
	var calls []genai.ToolCall
	root.Get("content").ForEach(func(_, b gjson.Result) bool {
		p := anthropicPart(b)
		if p.Type == "tool_call" {
			calls = append(calls, genai.ToolCall{ID: p.ID, Name: p.Name, Arguments: p.Arguments})
		}
		msg.Parts = append(msg.Parts, p)
		return true
	})
	if len(msg.Parts) == 0 {
		msg.Parts = []semconv.Part{text("")}
	}
	if call.CaptureContent() {
		call.Output = []semconv.Message{msg}
	}
	call.SetToolCalls(calls)
	if u := root.Get("usage"); u.IsObject() {
		call.SetUsage(anthropicUsage(u, genai.Usage{InputTokens: -1, OutputTokens: -1}))
	}
}

// anthropicUsage reads a usage object over what was known: Anthropic's
// input_tokens leaves out the cached tokens, which the core counts as input.
func anthropicUsage(u gjson.Result, prev genai.Usage) genai.Usage {
	out := prev
	in := u.Get("input_tokens")
	read, write := u.Get("cache_read_input_tokens"), u.Get("cache_creation_input_tokens")
	if read.Exists() {
		out.CacheReadInputTokens = read.Int()
	}
	if write.Exists() {
		out.CacheCreationInputTokens = write.Int()
	}
	if in.Type == gjson.Number {
		out.InputTokens = in.Int() + out.CacheReadInputTokens + out.CacheCreationInputTokens
	}
	if o := u.Get("output_tokens"); o.Type == gjson.Number {
		out.OutputTokens = o.Int()
	}
	return out
}

func (d *anthropicDecoder) event(call *genai.Call, name, data string) {
	if len(data) == 0 || data[0] != '{' {
		return
	}
	root := parse(data)
	typ := root.Get("type").Str
	switch typ {
	case "message_start":
		m := root.Get("message")
		d.id, d.model = str(m.Get("id")), str(m.Get("model"))
		if u := m.Get("usage"); u.IsObject() {
			d.usage, d.hasUsage = anthropicUsage(u, genai.Usage{InputTokens: -1, OutputTokens: -1}), true
		}
	case "content_block_start":
		i := int(root.Get("index").Int())
		if i < 0 || i > maxIndex {
			return
		}
		for len(d.blocks) <= i {
			d.blocks = append(d.blocks, anthropicBlock{})
		}
		b := root.Get("content_block")
		d.blocks[i] = anthropicBlock{typ: str(b.Get("type")), id: str(b.Get("id")), name: str(b.Get("name"))}
		if t := b.Get("text").Str; t != "" && call.CaptureContent() {
			d.blocks[i].text = appendText(nil, t, call)
		}
	case "content_block_delta":
		firstToken(call)
		i := int(root.Get("index").Int())
		if i < 0 || i >= len(d.blocks) || !call.CaptureContent() {
			return
		}
		delta := root.Get("delta")
		var s string
		switch delta.Get("type").Str {
		case "text_delta":
			s = delta.Get("text").Str
		case "thinking_delta":
			s = delta.Get("thinking").Str
		case "input_json_delta":
			s = delta.Get("partial_json").Str
		}
		d.blocks[i].text = appendText(d.blocks[i].text, s, call)
	case "error":
		if d.errType = str(root.Get("error.type")); d.errType == "" {
			d.errType = "error"
		}
		d.errMsg = str(root.Get("error.message"))
	case "message_stop":
		d.stopped = true
	case "message_delta":
		if r := root.Get("delta.stop_reason").Str; r != "" {
			d.reason = keep(r)
		}
		if u := root.Get("usage"); u.IsObject() {
			d.usage, d.hasUsage = anthropicUsage(u, d.usage), true
		}
	}
}

func (d *anthropicDecoder) end(call *genai.Call, err error) {
	if d.model != "" {
		call.ResponseModel = d.model
	}
	if d.id != "" {
		call.SetAttributes(semconv.GenAIResponseID.String(d.id))
	}
	if d.reason != "" {
		call.SetAttributes(semconv.GenAIResponseFinishReasons.StringSlice([]string{d.reason}))
	}
	var calls []genai.ToolCall
	msg := semconv.Message{Role: "assistant", FinishReason: d.reason}
	for _, b := range d.blocks {
		switch b.typ {
		case "text":
			msg.Parts = append(msg.Parts, text(string(b.text)))
		case "thinking":
			msg.Parts = append(msg.Parts, semconv.Part{Type: "reasoning", Content: string(b.text)})
		case "tool_use", "server_tool_use":
			calls = append(calls, genai.ToolCall{ID: b.id, Name: b.name, Arguments: string(b.text)})
			msg.Parts = append(msg.Parts, semconv.Part{Type: "tool_call", ID: b.id, Name: b.name, Arguments: string(b.text)})
		}
	}
	call.SetToolCalls(calls)
	if err != nil {
		return
	}
	if d.hasUsage {
		call.SetUsage(d.usage)
	}
	if call.CaptureContent() {
		if len(msg.Parts) == 0 {
			msg.Parts = []semconv.Part{text("")}
		}
		call.Output = []semconv.Message{msg}
	}
}
