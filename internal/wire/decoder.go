package wire

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"
	"go.opentelemetry.io/otel/attribute"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/semconv"
)

// exchange is one traced request: what was read of it, and its call.
type exchange struct {
	kind      kind
	method    string
	url       *url.URL
	path      string
	rawQuery  string
	pathModel string // the model a Gemini path names
	body      string // the start of the request body (a view)
	cut       bool   // body is only the start
	form      *formView

	call *genai.Call
	dec  decoder
}

// decoder decodes one operation's request and response into its call. A
// decoder is made per call and keeps a stream's state.
type decoder interface {
	// request returns the call's request; false means the body shows no
	// model call, and the request is not traced.
	request(x *exchange) (genai.Request, bool)
	// input returns the prompt and the system instructions, for calls
	// that record content.
	input(x *exchange) ([]semconv.Message, []semconv.Part)
	// system is the gen_ai.system of a host no provider rule names.
	system(x *exchange) string
	// form records a multipart upload's fields once it has been sent.
	form(call *genai.Call, f *formView)
	// response records a whole (JSON) response body.
	response(call *genai.Call, doc string)
	// event records one stream event: a server-sent event's name and data,
	// or an NDJSON line. data is valid only during the call.
	event(call *genai.Call, name, data string)
	// end records what a stream accumulated, when it ends.
	end(call *genai.Call, err error)
}

// base gives decoders the methods most leave empty.
type base struct{}

func (base) input(*exchange) ([]semconv.Message, []semconv.Part) { return nil, nil }
func (base) system(*exchange) string                             { return "openai" }
func (base) form(*genai.Call, *formView)                         {}
func (base) event(*genai.Call, string, string)                   {}
func (base) end(*genai.Call, error)                              {}

// counted gives a decoder the lengths of the arrays the capture of its
// answer shortened (arrayCounter), for arrayLen.
type counted struct{ lens map[int]int }

func (c *counted) setLens(l map[int]int) { c.lens = l }

func newDecoder(k kind) decoder {
	switch k {
	case kindChat:
		return &chatDecoder{}
	case kindCompletion:
		return &chatDecoder{legacy: true}
	case kindResponses:
		return &responsesDecoder{}
	case kindEmbeddings:
		return &embeddingsDecoder{}
	case kindImages:
		return &imagesDecoder{}
	case kindSpeech:
		return &speechDecoder{}
	case kindTranscription, kindTranslation:
		return &transcriptionDecoder{translation: k == kindTranslation}
	case kindModeration:
		return &moderationDecoder{}
	case kindAnthropicMessages:
		return &anthropicDecoder{}
	case kindGeminiGenerate, kindGeminiStream:
		return &geminiDecoder{}
	case kindGeminiEmbed:
		return &geminiEmbedDecoder{}
	case kindOllamaChat, kindOllamaGenerate:
		return &ollamaDecoder{generate: k == kindOllamaGenerate}
	case kindOllamaEmbed:
		return &ollamaEmbedDecoder{}
	}
	return &unknownDecoder{}
}

const stringType = gjson.String

// parse parses a JSON document (a view: what it returns must be kept with
// keep to outlive it).
func parse(doc string) gjson.Result { return gjson.Parse(doc) }

// keep copies a string out of a view.
func keep(s string) string { return strings.Clone(s) }

func text(s string) semconv.Part { return semconv.Part{Type: "text", Content: s} }

// str is v's string value, out of the view; "" unless v is a string. A
// string with escapes was unescaped into a fresh string already; only one
// without is copied.
func str(v gjson.Result) string {
	if v.Type != gjson.String {
		return ""
	}
	if strings.IndexByte(v.Raw, '\\') >= 0 {
		return v.Str
	}
	return strings.Clone(v.Str)
}

// strings of a JSON string or array of strings.
func stringList(v gjson.Result) []string {
	switch {
	case v.Type == gjson.String:
		return []string{strings.Clone(v.Str)}
	case v.IsArray():
		var out []string
		v.ForEach(func(_, e gjson.Result) bool {
			if e.Type == gjson.String {
				out = append(out, strings.Clone(e.Str))
			}
			return len(out) < maxElems
		})
		return out
	}
	return nil
}

// number attributes: set only when the request has the field as a number.
func floatAttr(attrs []attribute.KeyValue, k attribute.Key, v gjson.Result) []attribute.KeyValue {
	if v.Type == gjson.Number {
		return append(attrs, k.Float64(v.Float()))
	}
	return attrs
}

func intAttr(attrs []attribute.KeyValue, k attribute.Key, v gjson.Result) []attribute.KeyValue {
	if v.Type == gjson.Number {
		return append(attrs, k.Int64(v.Int()))
	}
	return attrs
}

func stringAttr(attrs []attribute.KeyValue, k attribute.Key, v gjson.Result) []attribute.KeyValue {
	if v.Type == gjson.String && v.Str != "" {
		return append(attrs, k.String(strings.Clone(v.Str)))
	}
	return attrs
}

// count is a token count: -1 when absent, so the core leaves it out.
func count(v gjson.Result) int64 {
	if v.Type != gjson.Number {
		return -1
	}
	return v.Int()
}

// redactDataURI keeps a data: URI's media type and drops its payload.
func redactDataURI(u string) string {
	if !strings.HasPrefix(u, "data:") {
		return u
	}
	head, _, _ := strings.Cut(u, ",")
	return head + ",[" + strconv.Itoa(len(u)-len(head)-1) + " bytes omitted]"
}

// appendText appends s to b up to the content bound, so a long stream does
// not grow memory without limit (the core cuts content there anyway).
func appendText(b []byte, s string, call *genai.Call) []byte {
	if room := call.MaxContentLength() - len(b); room > 0 {
		if len(s) > room {
			s = s[:room]
		}
		b = append(b, s...)
	}
	return b
}

// firstToken marks a chunk of a stream's content (the first sets the
// time to first token).
func firstToken(call *genai.Call) { call.Chunk(nowFunc()) }

// paramKind is how a request parameter's JSON value becomes an attribute.
type paramKind uint8

const (
	asFloat paramKind = iota
	asInt
	asString
	asStrings // a string or a list of strings
)

type param struct {
	key  attribute.Key
	kind paramKind
}

// params maps an API's request parameter names to the attributes they set.
type params map[string]param

// add appends the attribute of parameter name with value v when the table
// knows the name (ok), and the value has the right type.
func (t params) add(attrs []attribute.KeyValue, name string, v gjson.Result) (_ []attribute.KeyValue, ok bool) {
	p, ok := t[name]
	if !ok {
		return attrs, false
	}
	switch p.kind {
	case asFloat:
		return floatAttr(attrs, p.key, v), true
	case asInt:
		return intAttr(attrs, p.key, v), true
	case asString:
		return stringAttr(attrs, p.key, v), true
	default:
		if s := stringList(v); s != nil {
			attrs = append(attrs, p.key.StringSlice(s))
		}
		return attrs, true
	}
}

// The sampling parameters most APIs share, by their snake_case names.
var (
	temperature      = param{semconv.GenAIRequestTemperature, asFloat}
	topP             = param{semconv.GenAIRequestTopP, asFloat}
	topK             = param{semconv.GenAIRequestTopK, asFloat}
	seed             = param{semconv.GenAIRequestSeed, asInt}
	maxTokens        = param{semconv.GenAIRequestMaxTokens, asInt}
	stopSequences    = param{semconv.GenAIRequestStopSequences, asStrings}
	presencePenalty  = param{semconv.GenAIRequestPresencePenalty, asFloat}
	frequencyPenalty = param{semconv.GenAIRequestFrequencyPenalty, asFloat}
)
