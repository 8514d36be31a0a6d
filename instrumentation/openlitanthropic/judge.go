package openlitanthropic

import (
	"context"
	"strings"

	"github.com/anthropics/anthropic-sdk-go/v2"

	"github.com/openlit/openlit-go/guard"
	"github.com/openlit/openlit-go/internal/genai"
)

// Judge is a guard.Judge (for model-judged guards and evals) asking model
// through c, each judgement a traced call of its own
// under the span being guarded or evaluated. Give it a client whose calls
// the judge's own pipeline does not guard.
func Judge(c Client, model anthropic.Model) guard.Judge {
	return guard.JudgeFunc(func(ctx context.Context, system, prompt string) (string, error) {
		msg, err := c.Messages.New(genai.WithoutCall(ctx), anthropic.MessageNewParams{
			Model:     model,
			MaxTokens: 512,
			System:    []anthropic.TextBlockParam{{Text: system}},
			Messages:  []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(prompt))},
		})
		if err != nil {
			return "", err
		}
		var b strings.Builder
		for _, block := range msg.Content {
			if block.Type == "text" {
				b.WriteString(block.Text)
			}
		}
		return b.String(), nil
	})
}
