package wire

import (
	"strings"
	"time"

	"github.com/tidwall/gjson"
	"go.opentelemetry.io/otel/attribute"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/semconv"
)

var nowFunc = time.Now

// modelOf returns the request's "model": no model means no model call.
func modelOf(x *exchange) (string, bool) {
	v := gjson.Get(x.body, "model")
	if v.Type != gjson.String || v.Str == "" {
		return "", false
	}
	return strings.Clone(v.Str), true
}

// chatDecoder decodes chat completions and, legacy, text completions.
type chatDecoder struct {
	base
	legacy bool

	// stream state
	id, model, tier, fingerprint string
	texts                        [][]byte           // by choice index
	reasons                      []string           // by choice index
	tools                        [][]genai.ToolCall // by choice, then tool call index
	usage                        genai.Usage
	hasUsage                     bool
	done                         bool // [DONE] seen
	content                      bool // the current chunk has content
}

// failed is the cut of a stream read to its end with neither [DONE] nor a
// finish reason.
func (d *chatDecoder) failed(call *genai.Call, eof bool) error {
	if !eof || d.done || AnyReason(d.reasons) {
		return nil
	}
	return incomplete(call, "[DONE] event or a finish_reason")
}

func (d *chatDecoder) request(x *exchange) (genai.Request, bool) {
	var (
		model  string
		stream bool
		attrs  = make([]attribute.KeyValue, 0, 16)
		output = semconv.OutputTypeText
	)
	parse(x.body).ForEach(func(k, v gjson.Result) bool {
		var known bool
		if attrs, known = chatParams.add(attrs, k.Str, v); known {
			return true
		}
		switch k.Str {
		case "model":
			model = str(v)
		case "stream":
			stream = v.Bool()
		case "max_completion_tokens", "max_tokens":
			if v.Type == gjson.Number {
				attrs = setAttr(attrs, semconv.GenAIRequestMaxTokens.Int64(v.Int()), k.Str == "max_completion_tokens")
			}
		case "n":
			if v.Type == gjson.Number && v.Int() != 1 {
				attrs = append(attrs, semconv.GenAIRequestChoiceCount.Int64(v.Int()))
			}
		case "response_format":
			if t := v.Get("type").Str; t == "json_schema" || t == "json_object" {
				output = semconv.OutputTypeJSON
			}
		case "tools":
			if names := toolNames(v, "function.name", "custom.name"); names != nil {
				attrs = append(attrs, semconv.GenAIRequestTools.StringSlice(names))
			}
		case "tool_choice":
			if tc := chatToolChoice(v); tc != "" {
				attrs = append(attrs, semconv.GenAIRequestToolChoice.String(tc))
			}
		}
		return true
	})
	if model == "" {
		return genai.Request{}, false
	}
	attrs = append(attrs, semconv.GenAIRequestIsStream.Bool(stream))
	op := semconv.OperationChat
	if d.legacy {
		op = semconv.OperationTextCompletion
	} else {
		attrs = append(attrs, semconv.GenAIOutputType.String(output))
	}
	return genai.Request{Operation: op, System: "openai", Model: model, Attributes: attrs, Defaults: semconv.OpenLITChatDefaults()}, true
}

// chatParams are the chat and legacy completion parameters that map to one
// attribute each.
var chatParams = params{
	"seed": seed, "frequency_penalty": frequencyPenalty, "presence_penalty": presencePenalty,
	"stop": stopSequences, "temperature": temperature, "top_p": topP,
	"user":             {semconv.GenAIRequestUser, asString},
	"service_tier":     {semconv.GenAIRequestServiceTier, asString},
	"reasoning_effort": {semconv.GenAIRequestReasoningEffort, asString},
}

// setAttr appends kv, replacing an earlier value of its key only when
// override (max_completion_tokens wins over max_tokens, in any order).
func setAttr(attrs []attribute.KeyValue, kv attribute.KeyValue, override bool) []attribute.KeyValue {
	for i := range attrs {
		if attrs[i].Key == kv.Key {
			if override {
				attrs[i] = kv
			}
			return attrs
		}
	}
	return append(attrs, kv)
}

// toolNames lists tool definitions' names, from the first path that names
// each, or its type.
func toolNames(v gjson.Result, paths ...string) []string {
	if !v.IsArray() {
		return nil
	}
	var names []string
	v.ForEach(func(_, t gjson.Result) bool {
		for _, p := range paths {
			if n := t.Get(p); n.Type == gjson.String {
				names = append(names, strings.Clone(n.Str))
				return len(names) < maxElems
			}
		}
		if typ := t.Get("type"); typ.Type == gjson.String {
			names = append(names, strings.Clone(typ.Str))
		}
		return len(names) < maxElems
	})
	return names
}

func chatToolChoice(v gjson.Result) string {
	if v.Type == gjson.String {
		return strings.Clone(v.Str)
	}
	switch v.Get("type").Str {
	case "function":
		return "function:" + v.Get("function.name").Str
	case "custom":
		return "custom:" + v.Get("custom.name").Str
	case "allowed_tools":
		return "allowed_tools"
	}
	return ""
}

func (d *chatDecoder) input(x *exchange) ([]semconv.Message, []semconv.Part) {
	root := parse(x.body)
	if d.legacy {
		return []semconv.Message{{Role: "user", Parts: []semconv.Part{text(strings.Join(stringList(root.Get("prompt")), "\n"))}}}, nil
	}
	var out []semconv.Message
	root.Get("messages").ForEach(func(_, m gjson.Result) bool {
		out = append(out, chatMessage(m))
		return true
	})
	return out, nil
}

// chatMessage converts one chat message to the neutral form, as the typed
// wrapper does.
func chatMessage(m gjson.Result) semconv.Message {
	role := str(m.Get("role"))
	content := m.Get("content")
	switch role {
	case "user", "system", "developer":
		if !content.IsArray() {
			return semconv.Message{Role: role, Parts: []semconv.Part{text(str(content))}}
		}
		var parts []semconv.Part
		content.ForEach(func(_, p gjson.Result) bool {
			parts = append(parts, contentPart(p))
			return true
		})
		return semconv.Message{Role: role, Parts: parts, List: true}
	case "assistant":
		msg := semconv.Message{Role: role}
		if content.Type == gjson.String {
			msg.Parts = append(msg.Parts, text(str(content)))
		}
		content.ForEach(func(_, p gjson.Result) bool {
			msg.List = true
			switch p.Get("type").Str {
			case "text":
				msg.Parts = append(msg.Parts, text(str(p.Get("text"))))
			case "refusal":
				msg.Parts = append(msg.Parts, semconv.Part{Type: "text", Content: str(p.Get("refusal")), Label: "refusal"})
			}
			return true
		})
		m.Get("tool_calls").ForEach(func(_, tc gjson.Result) bool {
			if tc.Get("type").Str == "custom" {
				msg.Parts = append(msg.Parts, semconv.Part{Type: "tool_call", ID: str(tc.Get("id")), Name: str(tc.Get("custom.name")), Arguments: str(tc.Get("custom.input"))})
			} else {
				msg.Parts = append(msg.Parts, semconv.Part{Type: "tool_call", ID: str(tc.Get("id")), Name: str(tc.Get("function.name")), Arguments: str(tc.Get("function.arguments"))})
			}
			return true
		})
		if len(msg.Parts) == 0 {
			msg.Parts = []semconv.Part{text("")}
		}
		return msg
	case "tool":
		c := str(content)
		if content.IsArray() {
			var b strings.Builder
			content.ForEach(func(i, p gjson.Result) bool {
				if b.Len() > 0 {
					b.WriteString(", ")
				}
				b.WriteString(p.Get("text").Str)
				return true
			})
			c = b.String()
		}
		return semconv.Message{Role: "tool", Parts: []semconv.Part{{Type: "tool_call_response", ID: str(m.Get("tool_call_id")), Content: c}}}
	}
	return semconv.Message{Role: role, Parts: []semconv.Part{text(str(content))}}
}

func contentPart(p gjson.Result) semconv.Part {
	switch p.Get("type").Str {
	case "text", "input_text":
		return text(str(p.Get("text")))
	case "image_url":
		return semconv.Part{Type: "uri", Modality: "image", URI: redactDataURI(str(p.Get("image_url.url"))), Label: "image_url"}
	case "input_audio":
		return semconv.Part{Type: "blob", Modality: "audio", Label: "input_audio"}
	case "file":
		name := str(p.Get("file.filename"))
		if name == "" {
			name = str(p.Get("file.file_id"))
		}
		if name == "" {
			return semconv.Part{Type: "blob", Modality: "file", Label: "file"}
		}
		return semconv.Part{Type: "file", Content: name, Label: "file"}
	}
	return semconv.Part{Type: "unknown"}
}

func (d *chatDecoder) response(call *genai.Call, doc string) {
	var (
		id, tier, fingerprint string
		reasons               []string
		calls                 []genai.ToolCall
	)
	// One pass over the answer's fields: each Get would scan it again.
	parse(doc).ForEach(func(k, v gjson.Result) bool {
		switch k.Str {
		case "id":
			id = str(v)
		case "model":
			call.ResponseModel = str(v)
		case "service_tier":
			tier = str(v)
		case "system_fingerprint":
			fingerprint = str(v)
		case "usage":
			if v.IsObject() {
				call.SetUsage(openaiUsage(v))
			}
		case "choices":
			v.ForEach(func(_, ch gjson.Result) bool {
				reason, msg, tcs := d.choiceMessage(ch, call.CaptureContent())
				reasons = append(reasons, reason)
				calls = append(calls, tcs...)
				if call.CaptureContent() {
					call.Output = append(call.Output, msg)
				}
				return len(reasons) < maxElems
			})
		}
		return true
	})
	call.SetAttributes(
		semconv.GenAIResponseID.String(id),
		semconv.GenAIResponseFinishReasons.StringSlice(reasons),
		semconv.GenAIResponseServiceTier.String(tier),
		semconv.GenAIResponseSystemFingerprint.String(fingerprint),
	)
	call.SetToolCalls(calls)
}

// choiceMessage reads one choice of a completion: its finish reason, its
// message (content only when capture is on) and its tool calls.
func (d *chatDecoder) choiceMessage(ch gjson.Result, capture bool) (string, semconv.Message, []genai.ToolCall) {
	var (
		reason, content, refusal string
		tcs                      gjson.Result
	)
	ch.ForEach(func(k, v gjson.Result) bool {
		switch k.Str {
		case "finish_reason":
			reason = str(v)
		case "text":
			if d.legacy && capture {
				content = str(v)
			}
		case "message":
			v.ForEach(func(k, v gjson.Result) bool {
				switch k.Str {
				case "content":
					if capture {
						content = str(v)
					}
				case "refusal":
					if capture {
						refusal = str(v)
					}
				case "tool_calls":
					tcs = v
				}
				return true
			})
		}
		return true
	})
	msg := semconv.Message{Role: "assistant", FinishReason: reason}
	var calls []genai.ToolCall
	tcs.ForEach(func(_, tc gjson.Result) bool {
		t := genai.ToolCall{ID: str(tc.Get("id")), Name: str(tc.Get("function.name")), Arguments: str(tc.Get("function.arguments"))}
		if tc.Get("type").Str == "custom" {
			t.Name, t.Arguments = str(tc.Get("custom.name")), str(tc.Get("custom.input"))
		}
		calls = append(calls, t)
		return true
	})
	if !capture {
		return reason, msg, calls
	}
	if content != "" || len(calls) == 0 {
		msg.Parts = append(msg.Parts, text(content))
	}
	if refusal != "" {
		msg.Parts = append(msg.Parts, semconv.Part{Type: "text", Content: refusal, Label: "refusal"})
	}
	for _, t := range calls {
		msg.Parts = append(msg.Parts, semconv.Part{Type: "tool_call", ID: t.ID, Name: t.Name, Arguments: t.Arguments})
	}
	return reason, msg, calls
}

// openaiUsage reads a chat or completion usage object.
func openaiUsage(u gjson.Result) genai.Usage {
	return genai.Usage{
		InputTokens:          count(u.Get("prompt_tokens")),
		OutputTokens:         count(u.Get("completion_tokens")),
		CacheReadInputTokens: u.Get("prompt_tokens_details.cached_tokens").Int(),
		ReasoningTokens:      u.Get("completion_tokens_details.reasoning_tokens").Int(),
	}
}

// event follows a chat completion stream, as the typed wrapper's observer
// does. Nothing is allocated per chunk once a choice's buffers exist.
func (d *chatDecoder) event(call *genai.Call, _, data string) {
	if len(data) == 0 || data[0] != '{' {
		if strings.TrimSpace(data) == "[DONE]" {
			d.done = true
		}
		return
	}
	root := parse(data)
	d.content = false
	root.ForEach(func(k, v gjson.Result) bool {
		switch k.Str {
		case "id":
			if d.id == "" {
				d.id = str(v)
			}
		case "model":
			if v.Str != "" && v.Str != d.model {
				d.model = str(v)
			}
		case "service_tier":
			if v.Str != "" && v.Str != d.tier {
				d.tier = str(v)
			}
		case "system_fingerprint":
			if v.Str != "" && v.Str != d.fingerprint {
				d.fingerprint = str(v)
			}
		case "usage":
			if v.IsObject() {
				d.usage, d.hasUsage = openaiUsage(v), true
			}
		case "choices":
			v.ForEach(func(_, ch gjson.Result) bool {
				d.choice(call, ch)
				return true
			})
		}
		return true
	})
	if d.content {
		firstToken(call) // once per chunk, whatever its number of choices
	}
}

func (d *chatDecoder) choice(call *genai.Call, ch gjson.Result) {
	delta := ch.Get("delta")
	content := delta.Get("content").Str
	if d.legacy {
		content = ch.Get("text").Str
	}
	tcs := delta.Get("tool_calls")
	if content != "" || delta.Get("refusal").Str != "" || (tcs.IsArray() && tcs.Raw != "[]") {
		d.content = true
	}
	idx := int(ch.Get("index").Int())
	if idx < 0 || idx > maxIndex {
		return
	}
	for len(d.reasons) <= idx {
		d.reasons = append(d.reasons, "")
		d.texts = append(d.texts, nil)
		d.tools = append(d.tools, nil)
	}
	if r := ch.Get("finish_reason"); r.Type == gjson.String && r.Str != "" {
		d.reasons[idx] = keep(r.Str)
	}
	if content != "" && call.CaptureContent() {
		d.texts[idx] = appendText(d.texts[idx], content, call)
	}
	tcs.ForEach(func(_, tc gjson.Result) bool {
		ti := int(tc.Get("index").Int())
		if ti < 0 || ti > maxIndex {
			return true
		}
		for len(d.tools[idx]) <= ti {
			d.tools[idx] = append(d.tools[idx], genai.ToolCall{})
		}
		t := &d.tools[idx][ti]
		if id := tc.Get("id").Str; id != "" {
			t.ID = keep(id)
		}
		if n := tc.Get("function.name").Str; n != "" {
			t.Name = keep(n)
		}
		if a := tc.Get("function.arguments").Str; a != "" && call.CaptureContent() && len(t.Arguments) <= call.MaxContentLength() {
			t.Arguments += a
		}
		return true
	})
}

// maxIndex bounds the choice and tool-call indexes a stream may grow state
// for.
const maxIndex = 127

func (d *chatDecoder) end(call *genai.Call, err error) {
	if d.model != "" {
		call.ResponseModel = d.model
	}
	if d.id != "" {
		call.SetAttributes(semconv.GenAIResponseID.String(d.id))
	}
	if d.reasons != nil {
		call.SetAttributes(semconv.GenAIResponseFinishReasons.StringSlice(d.reasons))
	}
	if d.tier != "" {
		call.SetAttributes(semconv.GenAIResponseServiceTier.String(d.tier))
	}
	if d.fingerprint != "" {
		call.SetAttributes(semconv.GenAIResponseSystemFingerprint.String(d.fingerprint))
	}
	var all []genai.ToolCall
	for _, tcs := range d.tools {
		all = append(all, tcs...)
	}
	call.SetToolCalls(all)
	if err != nil {
		return
	}
	if d.hasUsage {
		call.SetUsage(d.usage)
	}
	if call.CaptureContent() {
		for i := range d.texts {
			msg := semconv.Message{Role: "assistant", FinishReason: d.reasons[i]}
			if len(d.texts[i]) > 0 || len(d.tools[i]) == 0 {
				msg.Parts = append(msg.Parts, text(string(d.texts[i])))
			}
			for _, t := range d.tools[i] {
				msg.Parts = append(msg.Parts, semconv.Part{Type: "tool_call", ID: t.ID, Name: t.Name, Arguments: t.Arguments})
			}
			call.Output = append(call.Output, msg)
		}
	}
}
