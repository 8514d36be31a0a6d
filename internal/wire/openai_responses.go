package wire

import (
	"net/http"
	"strings"

	"github.com/tidwall/gjson"
	"go.opentelemetry.io/otel/attribute"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/semconv"
)

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
