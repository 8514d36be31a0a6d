package wire

import (
	"strconv"
	"strings"

	"github.com/tidwall/gjson"
	"go.opentelemetry.io/otel/attribute"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/semconv"
)

// imagesDecoder decodes image generations, edits and variations, plain
// and streamed.
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
