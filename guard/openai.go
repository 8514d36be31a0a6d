package guard

import (
	"context"

	"github.com/openai/openai-go/v3"
)

// OpenAIJudge is a Judge asking model through client (an openai-go
// client; wrapped by openlitopenai, its judge calls are traced too), at
// temperature 0, for a JSON object.
func OpenAIJudge(client openai.Client, model string) Judge {
	return JudgeFunc(func(ctx context.Context, system, prompt string) (string, error) {
		resp, err := client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
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
