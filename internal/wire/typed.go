package wire

import (
	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/semconv"
)

// Decoder reads one API's request and answer as JSON, for a typed
// integration that has them from the SDK: the span is the one the wire path
// records for the same exchange.
type Decoder struct {
	d decoder
	x exchange
}

// NewDecoder returns the decoder of the API the request method and path
// name, or nil when no decoder knows it.
func NewDecoder(method, path string) *Decoder {
	k, pathModel := match(method, path)
	if k == kindNone {
		return nil
	}
	return &Decoder{d: newDecoder(k), x: exchange{kind: k, method: method, path: path, pathModel: pathModel}}
}

// Request reads the request body (the JSON the SDK sends): the call's
// request, and false when the body shows no model call.
func (d *Decoder) Request(body []byte) (genai.Request, bool) {
	d.x.body = unsafeString(body)
	return d.d.request(&d.x)
}

// Input returns the prompt and system instructions of the body Request
// read; call it only for calls that record content.
func (d *Decoder) Input() ([]semconv.Message, []semconv.Part) { return d.d.input(&d.x) }

// ToolDefinitions returns the tools the body Request read offers the
// model, as the JSON array it sent ("" when none).
func (d *Decoder) ToolDefinitions() string { return toolDefinitions(d.x.body) }

// System is the gen_ai.system of a host no provider rule names.
func (d *Decoder) System() string { return d.d.system(&d.x) }

// Response records a whole answer (the raw JSON the SDK decoded).
func (d *Decoder) Response(call *genai.Call, body string) { d.d.response(call, body) }

// Event records one stream chunk's JSON, for decoders whose streams the
// SDK decodes into chunks (Bedrock's InvokeModelWithResponseStream).
func (d *Decoder) Event(call *genai.Call, data string) { d.d.event(call, "", data) }

// End records what a stream accumulated: err is the stream's error.
func (d *Decoder) End(call *genai.Call, err error) { d.d.end(call, err) }
