package wire

import (
	"strconv"
	"strings"

	"github.com/tidwall/gjson"
	"go.opentelemetry.io/otel/attribute"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/semconv"
)

// embeddingsDecoder decodes /embeddings.
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
