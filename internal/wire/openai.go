package wire

import (
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

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
}

func (d *chatDecoder) choice(call *genai.Call, ch gjson.Result) {
	delta := ch.Get("delta")
	content := delta.Get("content").Str
	if d.legacy {
		content = ch.Get("text").Str
	}
	tcs := delta.Get("tool_calls")
	if content != "" || delta.Get("refusal").Str != "" || (tcs.IsArray() && tcs.Raw != "[]") {
		firstToken(call)
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

// responsesDecoder decodes the Responses API, its stream and the resumed
// stream of a stored response.
type responsesDecoder struct {
	base
	final   string // the final response object of a stream (kept)
	id      string
	model   string
	partial []byte
}

func (d *responsesDecoder) request(x *exchange) (genai.Request, bool) {
	if x.method == http.MethodGet {
		// Only a stored response's stream, resumed, is a model call (the
		// SDK asks for it in the body, the API documents the query); the
		// model is learnt from the stream.
		if !strings.Contains(x.rawQuery, "stream=true") && !gjson.Get(x.body, "stream").Bool() {
			return genai.Request{}, false
		}
		return genai.Request{Operation: semconv.OperationChat, System: "openai",
			Attributes: []attribute.KeyValue{semconv.GenAIRequestIsStream.Bool(true)}, Defaults: semconv.OpenLITChatDefaults()}, true
	}
	var (
		model  string
		stream bool
		attrs  = make([]attribute.KeyValue, 0, 12)
		output = semconv.OutputTypeText
	)
	parse(x.body).ForEach(func(k, v gjson.Result) bool {
		var known bool
		if attrs, known = responsesParams.add(attrs, k.Str, v); known {
			return true
		}
		switch k.Str {
		case "model":
			model = str(v)
		case "stream":
			stream = v.Bool()
		case "reasoning":
			attrs = stringAttr(attrs, semconv.GenAIRequestReasoningEffort, v.Get("effort"))
		case "text":
			if t := v.Get("format.type").Str; t == "json_schema" || t == "json_object" {
				output = semconv.OutputTypeJSON
			}
		case "tools":
			if names := toolNames(v, "name"); names != nil {
				attrs = append(attrs, semconv.GenAIRequestTools.StringSlice(names))
			}
		case "tool_choice":
			if v.Type == gjson.String {
				attrs = append(attrs, semconv.GenAIRequestToolChoice.String(keep(v.Str)))
			} else if v.Get("type").Str == "function" {
				attrs = append(attrs, semconv.GenAIRequestToolChoice.String("function:"+v.Get("name").Str))
			}
		}
		return true
	})
	if model == "" {
		return genai.Request{}, false
	}
	attrs = append(attrs, semconv.GenAIRequestIsStream.Bool(stream), semconv.GenAIOutputType.String(output))
	return genai.Request{Operation: semconv.OperationChat, System: "openai", Model: model, Attributes: attrs, Defaults: semconv.OpenLITChatDefaults()}, true
}

// responsesParams are the Responses API parameters that map to one
// attribute each.
var responsesParams = params{
	"max_output_tokens": maxTokens, "temperature": temperature, "top_p": topP,
	"user":         {semconv.GenAIRequestUser, asString},
	"service_tier": {semconv.GenAIRequestServiceTier, asString},
}

func (d *responsesDecoder) input(x *exchange) ([]semconv.Message, []semconv.Part) {
	root := parse(x.body)
	var instructions []semconv.Part
	if in := root.Get("instructions"); in.Type == gjson.String {
		instructions = []semconv.Part{text(keep(in.Str))}
	}
	in := root.Get("input")
	if in.Type == gjson.String {
		return []semconv.Message{{Role: "user", Parts: []semconv.Part{text(keep(in.Str))}}}, instructions
	}
	var out []semconv.Message
	in.ForEach(func(_, item gjson.Result) bool {
		typ := item.Get("type").Str
		switch {
		case typ == "message" || (typ == "" && item.Get("role").Exists()):
			role := str(item.Get("role"))
			c := item.Get("content")
			if c.Type == gjson.String {
				out = append(out, semconv.Message{Role: role, Parts: []semconv.Part{text(keep(c.Str))}})
				break
			}
			var parts []semconv.Part
			c.ForEach(func(_, p gjson.Result) bool {
				switch p.Get("type").Str {
				case "input_text", "output_text":
					parts = append(parts, semconv.Part{Type: "text", Content: str(p.Get("text")), Label: p.Get("type").Str})
				case "input_image":
					u := p.Get("image_url").Str
					if u == "" {
						u = p.Get("file_id").Str
					}
					parts = append(parts, semconv.Part{Type: "uri", Modality: "image", URI: redactDataURI(keep(u)), Label: "input_image"})
				case "input_file":
					n := p.Get("filename").Str
					if n == "" {
						n = p.Get("file_id").Str
					}
					parts = append(parts, semconv.Part{Type: "file", Content: keep(n), Label: "input_file"})
				}
				return true
			})
			out = append(out, semconv.Message{Role: role, Parts: parts, List: true})
		case typ == "function_call":
			out = append(out, semconv.Message{Role: "assistant", Parts: []semconv.Part{{Type: "tool_call", ID: str(item.Get("call_id")), Name: str(item.Get("name")), Arguments: str(item.Get("arguments"))}}})
		case typ == "function_call_output":
			out = append(out, semconv.Message{Role: "tool", Parts: []semconv.Part{{Type: "tool_call_response", ID: str(item.Get("call_id")), Content: str(item.Get("output"))}}})
		default:
			if typ == "" {
				typ = "item"
			}
			out = append(out, semconv.Message{Role: "item", Parts: []semconv.Part{{Type: "blob", Modality: keep(typ), Label: keep(typ)}}, List: true})
		}
		return true
	})
	return out, instructions
}

func (d *responsesDecoder) response(call *genai.Call, doc string) {
	d.record(call, parse(doc))
}

// record copies a model response's attributes, usage, tool calls and output
// onto the call.
func (d *responsesDecoder) record(call *genai.Call, res gjson.Result) {
	call.ResponseModel = str(res.Get("model"))
	status := str(res.Get("status"))
	call.SetAttributes(
		semconv.GenAIResponseID.String(str(res.Get("id"))),
		semconv.GenAIResponseFinishReasons.StringSlice([]string{status}),
		semconv.GenAIResponseServiceTier.String(str(res.Get("service_tier"))),
	)
	msg := semconv.Message{Role: "assistant", FinishReason: status}
	var (
		out   strings.Builder
		calls []genai.ToolCall
	)
	res.Get("output").ForEach(func(_, item gjson.Result) bool {
		switch item.Get("type").Str {
		case "message":
			item.Get("content").ForEach(func(_, c gjson.Result) bool {
				if c.Get("type").Str == "output_text" {
					out.WriteString(c.Get("text").Str)
				}
				return true
			})
		case "function_call":
			calls = append(calls, genai.ToolCall{ID: str(item.Get("call_id")), Name: str(item.Get("name")), Arguments: str(item.Get("arguments"))})
		}
		return true
	})
	if out.Len() > 0 {
		msg.Parts = append(msg.Parts, text(out.String()))
	}
	for _, c := range calls {
		msg.Parts = append(msg.Parts, semconv.Part{Type: "tool_call", ID: c.ID, Name: c.Name, Arguments: c.Arguments})
	}
	if len(msg.Parts) == 0 {
		msg.Parts = []semconv.Part{text("")}
	}
	if call.CaptureContent() {
		call.Output = []semconv.Message{msg}
	}
	call.SetToolCalls(calls)
	if u := res.Get("usage"); u.IsObject() {
		call.SetUsage(genai.Usage{
			InputTokens:          count(u.Get("input_tokens")),
			OutputTokens:         count(u.Get("output_tokens")),
			CacheReadInputTokens: u.Get("input_tokens_details.cached_tokens").Int(),
			ReasoningTokens:      u.Get("output_tokens_details.reasoning_tokens").Int(),
		})
	}
}

func (d *responsesDecoder) event(call *genai.Call, _, data string) {
	if len(data) == 0 || data[0] != '{' {
		return
	}
	typ := gjson.Get(data, "type").Str
	switch typ {
	case "response.created", "response.in_progress":
		r := gjson.Get(data, "response")
		if d.id == "" {
			d.id = str(r.Get("id"))
		}
		if m := r.Get("model").Str; m != "" && m != d.model {
			d.model = keep(m)
			if call.RequestModel() == "" {
				call.SetRequestModel(d.model)
			}
		}
	case "response.output_text.delta", "response.function_call_arguments.delta", "response.refusal.delta":
		firstToken(call)
		if typ == "response.output_text.delta" && call.CaptureContent() {
			d.partial = appendText(d.partial, gjson.Get(data, "delta").Str, call)
		}
	case "response.completed", "response.incomplete", "response.failed":
		d.final = keep(gjson.Get(data, "response").Raw)
	}
}

// failed is the cut of a stream read to its end without its final
// response event.
func (d *responsesDecoder) failed(call *genai.Call, eof bool) error {
	if eof && d.final == "" {
		return incomplete(call, "response.completed event")
	}
	return nil
}

func (d *responsesDecoder) end(call *genai.Call, err error) {
	if d.final != "" {
		d.record(call, parse(d.final))
		return
	}
	if d.model != "" {
		call.ResponseModel = d.model
	}
	if d.id != "" {
		call.SetAttributes(semconv.GenAIResponseID.String(d.id))
	}
	if err == nil && call.CaptureContent() && len(d.partial) > 0 {
		call.Output = []semconv.Message{{Role: "assistant", Parts: []semconv.Part{text(string(d.partial))}}}
	}
}

type embeddingsDecoder struct {
	base
	counted
	dimensions bool // the request fixed them
}

func (d *embeddingsDecoder) request(x *exchange) (genai.Request, bool) {
	root := parse(x.body)
	model := str(root.Get("model"))
	if model == "" {
		return genai.Request{}, false
	}
	format := root.Get("encoding_format").Str
	if format == "" {
		format = "float"
	}
	attrs := []attribute.KeyValue{semconv.GenAIRequestEncodingFormats.StringSlice([]string{keep(format)})}
	if v := root.Get("dimensions"); v.Type == gjson.Number {
		d.dimensions = true
		attrs = append(attrs, semconv.GenAIEmbeddingsDimensionCount.Int64(v.Int()))
	}
	attrs = stringAttr(attrs, semconv.GenAIRequestUser, root.Get("user"))
	return genai.Request{Operation: semconv.OperationEmbeddings, System: "openai", Model: model, Attributes: attrs}, true
}

func (d *embeddingsDecoder) input(x *exchange) ([]semconv.Message, []semconv.Part) {
	return []semconv.Message{{Parts: []semconv.Part{text(embeddingInput(gjson.Get(x.body, "input")))}}}, nil
}

// embeddingInput is the input as text: strings one per line, token arrays
// by their length.
func embeddingInput(in gjson.Result) string {
	if in.Type == gjson.String {
		return keep(in.Str)
	}
	var lines []string
	in.ForEach(func(_, e gjson.Result) bool {
		switch {
		case e.Type == gjson.String:
			lines = append(lines, e.Str)
		case e.Type == gjson.Number:
			lines = append(lines, "["+strconv.Itoa(len(in.Array()))+" tokens]")
			return false
		case e.IsArray():
			lines = append(lines, "["+strconv.Itoa(len(e.Array()))+" tokens]")
		}
		return true
	})
	return strings.Join(lines, "\n")
}

func (d *embeddingsDecoder) response(call *genai.Call, doc string) {
	root := parse(doc)
	if !d.dimensions {
		if v := root.Get("data.0.embedding"); v.IsArray() {
			call.SetAttributes(semconv.GenAIEmbeddingsDimensionCount.Int(arrayLen(v, d.lens)))
		}
	}
	call.ResponseModel = str(root.Get("model"))
	tokens := root.Get("usage.prompt_tokens").Int()
	call.SetUsage(genai.Usage{InputTokens: tokens})
	call.SetCost(call.Pricing().EmbeddingCost(call.ResponseModel, tokens))
}

type imagesDecoder struct {
	base
	model, size, quality string

	// stream state: the completed images and their usage
	images   int64
	usage    genai.Usage
	hasUsage bool
}

func (d *imagesDecoder) request(x *exchange) (genai.Request, bool) {
	var n int64 = 1
	var style string
	if x.form != nil {
		fields := x.form.fields()
		d.model, d.size, d.quality = fields["model"], fields["size"], fields["quality"]
		if v, err := strconv.ParseInt(fields["n"], 10, 64); err == nil {
			n = v
		}
	} else {
		root := parse(x.body)
		d.model, d.size, d.quality, style = str(root.Get("model")), str(root.Get("size")), str(root.Get("quality")), str(root.Get("style"))
		if v := root.Get("n"); v.Type == gjson.Number {
			n = v.Int()
		}
		if !root.Get("prompt").Exists() && d.model == "" {
			return genai.Request{}, false
		}
	}
	if d.model == "" {
		d.model = "dall-e-2" // the API's default
	}
	attrs := []attribute.KeyValue{semconv.GenAIRequestChoiceCount.Int64(n)}
	if d.size != "" {
		attrs = append(attrs, semconv.GenAIRequestImageSize.String(d.size))
	}
	if d.quality != "" {
		attrs = append(attrs, semconv.GenAIRequestImageQuality.String(d.quality))
	}
	if style != "" {
		attrs = append(attrs, semconv.GenAIRequestImageStyle.String(style))
	}
	return genai.Request{Operation: semconv.OperationImage, System: "openai", Model: d.model, Attributes: attrs}, true
}

func (d *imagesDecoder) input(x *exchange) ([]semconv.Message, []semconv.Part) {
	p := gjson.Get(x.body, "prompt").Str
	if x.form != nil {
		fields := x.form.fields()
		p = fields["prompt"]
	}
	if p == "" {
		return nil, nil
	}
	return []semconv.Message{{Parts: []semconv.Part{text(keep(p))}}}, nil
}

func (d *imagesDecoder) form(call *genai.Call, f *formView) {
	fields := f.fields()
	if m := fields["model"]; m != "" && m != d.model {
		d.model = m
		call.SetRequestModel(m)
	}
	if call.CaptureContent() && call.Input == nil && fields["prompt"] != "" {
		call.Input = []semconv.Message{{Parts: []semconv.Part{text(fields["prompt"])}}}
	}
}

func (d *imagesDecoder) response(call *genai.Call, doc string) {
	root := parse(doc)
	size, quality := d.size, d.quality
	if s := root.Get("size").Str; s != "" {
		size = keep(s)
	}
	if q := root.Get("quality").Str; q != "" {
		quality = keep(q)
	}
	if size == "" {
		size = "1024x1024"
	}
	data := root.Get("data")
	images := int64(0)
	data.ForEach(func(_, img gjson.Result) bool {
		images++
		if call.CaptureContent() {
			msg := semconv.Message{Role: "assistant"}
			if rp := img.Get("revised_prompt").Str; rp != "" {
				msg.Parts = append(msg.Parts, semconv.Part{Type: "text", Content: keep(rp), Label: "revised_prompt"})
			}
			if u := img.Get("url").Str; u != "" {
				msg.Parts = append(msg.Parts, semconv.Part{Type: "uri", Modality: "image", URI: keep(u)})
			} else {
				msg.Parts = append(msg.Parts, semconv.Part{Type: "blob", Modality: "image"})
			}
			call.Output = append(call.Output, msg)
		}
		return true
	})
	if u := root.Get("usage"); u.IsObject() {
		call.SetUsage(genai.Usage{InputTokens: count(u.Get("input_tokens")), OutputTokens: count(u.Get("output_tokens"))})
	}
	call.SetCost(call.Pricing().ImageCost(d.model, quality, size, images))
}

// event follows an image stream: partial images, then one completed event
// per image with its usage.
func (d *imagesDecoder) event(call *genai.Call, _, data string) {
	typ := gjson.Get(data, "type").Str
	switch {
	case strings.HasSuffix(typ, ".partial_image"):
		firstToken(call)
	case strings.HasSuffix(typ, ".completed"):
		firstToken(call)
		root := parse(data)
		d.images++
		if s := root.Get("size").Str; s != "" && s != d.size {
			d.size = keep(s)
		}
		if q := root.Get("quality").Str; q != "" && q != d.quality {
			d.quality = keep(q)
		}
		if u := root.Get("usage"); u.IsObject() {
			d.usage.InputTokens = max(d.usage.InputTokens, 0) + max(u.Get("input_tokens").Int(), 0)
			d.usage.OutputTokens = max(d.usage.OutputTokens, 0) + max(u.Get("output_tokens").Int(), 0)
			d.hasUsage = true
		}
		if call.CaptureContent() {
			call.Output = append(call.Output, semconv.Message{Role: "assistant", Parts: []semconv.Part{{Type: "blob", Modality: "image"}}})
		}
	}
}

func (d *imagesDecoder) end(call *genai.Call, err error) {
	if err != nil {
		return
	}
	if d.hasUsage {
		call.SetUsage(d.usage)
	}
	size := d.size
	if size == "" {
		size = "1024x1024"
	}
	call.SetCost(call.Pricing().ImageCost(d.model, d.quality, size, d.images))
}

type speechDecoder struct {
	base
	model string
	chars int64
}

func (d *speechDecoder) request(x *exchange) (genai.Request, bool) {
	root := parse(x.body)
	d.model = str(root.Get("model"))
	if d.model == "" {
		return genai.Request{}, false
	}
	voice := root.Get("voice")
	if voice.IsObject() {
		voice = voice.Get("id")
	}
	format := root.Get("response_format").Str
	if format == "" {
		format = "mp3"
	}
	speed := 1.0
	if s := root.Get("speed"); s.Type == gjson.Number {
		speed = s.Float()
	}
	d.chars = int64(utf8.RuneCountInString(root.Get("input").Str))
	attrs := []attribute.KeyValue{
		semconv.GenAIRequestAudioVoice.String(str(voice)),
		semconv.GenAIRequestAudioResponseFormat.String(keep(format)),
		semconv.GenAIRequestAudioSpeed.Float64(speed),
	}
	return genai.Request{Operation: semconv.OperationAudio, System: "openai", Model: d.model, Attributes: attrs}, true
}

func (d *speechDecoder) input(x *exchange) ([]semconv.Message, []semconv.Part) {
	if in := gjson.Get(x.body, "input").Str; in != "" {
		return []semconv.Message{{Parts: []semconv.Part{text(keep(in))}}}, nil
	}
	return nil, nil
}

func (d *speechDecoder) response(call *genai.Call, _ string) {
	call.SetCost(call.Pricing().SpeechCost(d.model, d.chars))
}

// event: a speech stream (stream_format "sse") ends with its usage.
func (d *speechDecoder) event(call *genai.Call, _, data string) {
	if gjson.Get(data, "type").Str == "speech.audio.delta" {
		firstToken(call)
	}
}

func (d *speechDecoder) end(call *genai.Call, err error) {
	if err == nil {
		d.response(call, "")
	}
}

type transcriptionDecoder struct {
	base
	translation bool
	text        []byte
}

func (d *transcriptionDecoder) request(x *exchange) (genai.Request, bool) {
	var fields map[string]string
	if x.form != nil {
		fields = x.form.fields()
	} else {
		fields = map[string]string{}
		parse(x.body).ForEach(func(k, v gjson.Result) bool {
			fields[k.Str] = v.String()
			return true
		})
	}
	var attrs []attribute.KeyValue
	if l := fields["language"]; l != "" && !d.translation {
		attrs = append(attrs, semconv.GenAIRequestAudioLanguage.String(l))
	}
	if f := fields["response_format"]; f != "" {
		attrs = append(attrs, semconv.GenAIRequestAudioResponseFormat.String(f))
	}
	if t, err := strconv.ParseFloat(fields["temperature"], 64); err == nil {
		attrs = append(attrs, semconv.GenAIRequestTemperature.Float64(t))
	}
	return genai.Request{Operation: semconv.OperationAudio, System: "openai", Model: fields["model"], Attributes: attrs}, true
}

func (d *transcriptionDecoder) form(call *genai.Call, f *formView) {
	fields := f.fields()
	if m := fields["model"]; m != "" && m != call.RequestModel() {
		call.SetRequestModel(m)
	}
	if l := fields["language"]; l != "" && !d.translation {
		call.SetAttributes(semconv.GenAIRequestAudioLanguage.String(l))
	}
	if rf := fields["response_format"]; rf != "" {
		call.SetAttributes(semconv.GenAIRequestAudioResponseFormat.String(rf))
	}
	if t, err := strconv.ParseFloat(fields["temperature"], 64); err == nil {
		call.SetAttributes(semconv.GenAIRequestTemperature.Float64(t))
	}
	if p := fields["prompt"]; p != "" && call.CaptureContent() {
		call.Input = []semconv.Message{{Parts: []semconv.Part{text(p)}}}
	}
}

func (d *transcriptionDecoder) response(call *genai.Call, doc string) {
	root := parse(doc)
	if !root.IsObject() {
		// text, srt and vtt answers: the body is the transcript.
		call.SetAudioText(keep(doc), 0, nil)
		return
	}
	seconds := root.Get("duration").Float()
	var usage *genai.Usage
	u := root.Get("usage")
	switch u.Get("type").Str {
	case "duration":
		seconds = u.Get("seconds").Float()
	case "tokens":
		usage = &genai.Usage{InputTokens: u.Get("input_tokens").Int(), OutputTokens: u.Get("output_tokens").Int()}
	}
	call.SetAudioText(str(root.Get("text")), seconds, usage)
}

// event follows a transcription stream: text deltas, then the done event
// with the text and usage.
func (d *transcriptionDecoder) event(call *genai.Call, _, data string) {
	switch gjson.Get(data, "type").Str {
	case "transcript.text.delta":
		firstToken(call)
		if call.CaptureContent() {
			d.text = appendText(d.text, gjson.Get(data, "delta").Str, call)
		}
	case "transcript.text.done":
		root := parse(data)
		var usage *genai.Usage
		if u := root.Get("usage"); u.Get("type").Str == "tokens" {
			usage = &genai.Usage{InputTokens: u.Get("input_tokens").Int(), OutputTokens: u.Get("output_tokens").Int()}
		}
		call.SetAudioText(str(root.Get("text")), 0, usage)
		d.text = nil
	}
}

func (d *transcriptionDecoder) end(call *genai.Call, err error) {
	if err == nil && len(d.text) > 0 && call.CaptureContent() {
		call.Output = []semconv.Message{{Role: "assistant", Parts: []semconv.Part{text(string(d.text))}}}
	}
}

type moderationDecoder struct{ base }

func (d *moderationDecoder) request(x *exchange) (genai.Request, bool) {
	model := str(gjson.Get(x.body, "model"))
	if model == "" {
		model = "omni-moderation-latest" // the API's default
	}
	return genai.Request{Operation: semconv.OperationModeration, System: "openai", Model: model}, true
}

func (d *moderationDecoder) input(x *exchange) ([]semconv.Message, []semconv.Part) {
	return []semconv.Message{{Parts: []semconv.Part{text(embeddingInput(gjson.Get(x.body, "input")))}}}, nil
}

func (d *moderationDecoder) response(call *genai.Call, doc string) {
	root := parse(doc)
	call.ResponseModel = str(root.Get("model"))
	call.SetAttributes(semconv.GenAIResponseID.String(str(root.Get("id"))))
	flagged := false
	root.Get("results").ForEach(func(_, r gjson.Result) bool {
		flagged = flagged || r.Get("flagged").Bool()
		return true
	})
	if call.CaptureContent() {
		call.Output = []semconv.Message{{Role: "assistant", Parts: []semconv.Part{text("flagged: " + strconv.FormatBool(flagged))}}}
	}
}
