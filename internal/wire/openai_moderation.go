package wire

import (
	"strconv"

	"github.com/tidwall/gjson"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/semconv"
)

// moderationDecoder decodes /moderations.
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
