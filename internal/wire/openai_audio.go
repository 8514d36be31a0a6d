package wire

import (
	"strconv"
	"unicode/utf8"

	"github.com/tidwall/gjson"
	"go.opentelemetry.io/otel/attribute"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/semconv"
)

// speechDecoder decodes /audio/speech (and its stream of audio events).
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

// transcriptionDecoder decodes transcriptions and translations, plain and
// streamed.
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
