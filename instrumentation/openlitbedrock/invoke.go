package openlitbedrock

import (
	"bytes"

	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime/types"
	"go.opentelemetry.io/otel/attribute"

	core "github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/wire"
	"github.com/openlit/openlit-go/semconv"
)

// latencyMs is the latency Bedrock reports for a Converse call
// ("aws.bedrock.latency_ms", an openlit extension beside the measured
// duration).
var latencyMs = attribute.Key("aws.bedrock.latency_ms")

// operationInvoke names the span of an InvokeModel call of a model family
// whose body format is not decoded, as the wire path names an unknown
// endpoint by its last path segment.
const operationInvoke = "invoke"

// invokeRequest reads an InvokeModel body with the decoder of its model's
// family; a family it does not know gets a minimal span.
func invokeRequest(modelID string, body []byte, stream bool) (core.Request, answer, func(*core.Call)) {
	dec := wire.NewBedrockDecoder(modelID, stream)
	if dec != nil {
		if req, ok := dec.Request(body); ok {
			input := func(call *core.Call) {
				call.Input, call.Instructions = dec.Input()
				call.ToolDefinitions = dec.ToolDefinitions()
			}
			return req, &invokeAnswer{dec: dec, stream: stream}, input
		}
	}
	req := core.Request{Operation: operationInvoke, System: "aws.bedrock", Model: modelID,
		Attributes: []attribute.KeyValue{semconv.GenAIRequestIsStream.Bool(stream)}}
	return req, &invokeAnswer{stream: stream}, func(*core.Call) {}
}

// invokeAnswer reads an InvokeModel answer or its stream's chunks.
type invokeAnswer struct {
	dec    *wire.Decoder // nil for a family not decoded
	stream bool
	// done: the chunk with Bedrock's invocation metrics, the last one of
	// every family's stream, was seen.
	done bool
}

// completed reports whether the stream reached its last chunk.
func (a *invokeAnswer) completed() (bool, string) {
	return a.done, "last chunk (amazon-bedrock-invocationMetrics)"
}

func (a *invokeAnswer) output(st *state, out any) {
	o, ok := out.(*bedrockruntime.InvokeModelOutput)
	if !ok {
		return
	}
	u, counted := wire.BedrockHeaderUsage(st.inTokens, st.outTokens)
	if a.dec == nil {
		if counted {
			st.call.SetUsage(u)
		}
		return
	}
	if counted {
		a.dec.FallbackUsage(u)
	}
	a.dec.Response(st.call, string(o.Body))
}

func (a *invokeAnswer) event(call *core.Call, ev any) {
	p, ok := ev.(*types.PayloadPart)
	if !ok {
		return
	}
	if bytes.Contains(p.Bytes, invocationMetrics) {
		a.done = true
	}
	if a.dec != nil {
		a.dec.Event(call, string(p.Bytes))
	}
}

var invocationMetrics = []byte(`"amazon-bedrock-invocationMetrics"`)

func (a *invokeAnswer) end(call *core.Call, err error) {
	if a.stream && a.dec != nil {
		a.dec.End(call, err)
	}
}

func responseID(id string) attribute.KeyValue { return semconv.GenAIResponseID.String(id) }
