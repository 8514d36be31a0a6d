package guard

import (
	"context"

	"github.com/openai/openai-go/v3"

	"github.com/openlit/openlit-go/internal/genai"
)

// OpenAIJudge is a Judge asking model through client (an openai-go
// client; traced by openlit-go, its judge calls are chat spans of their
// own, under the span being guarded), at temperature 0, for a JSON
// object. Give it a client of its own, not one whose calls the judge's
// pipeline guards: a judge guarded by its own verdicts would ask itself
// again.
func OpenAIJudge(client openai.Client, model string) Judge {
	return JudgeFunc(func(ctx context.Context, system, prompt string) (string, error) {
		resp, err := client.Chat.Completions.New(genai.WithoutCall(ctx), openai.ChatCompletionNewParams{
			Model:       model,
			Temperature: openai.Float(0),
			Messages:    []openai.ChatCompletionMessageParamUnion{openai.SystemMessage(system), openai.UserMessage(prompt)},
			ResponseFormat: openai.ChatCompletionNewParamsResponseFormatUnion{
				OfJSONObject: &openai.ResponseFormatJSONObjectParam{}},
		})
		if err != nil {
			return "", err
		}
		if len(resp.Choices) == 0 {
			return "", ErrMalformedVerdict
		}
		return resp.Choices[0].Message.Content, nil
	})
}
