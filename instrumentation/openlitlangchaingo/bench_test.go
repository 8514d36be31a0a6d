package openlitlangchaingo_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/tmc/langchaingo/agents"
	"github.com/tmc/langchaingo/chains"
	"github.com/tmc/langchaingo/llms/openai"
	"github.com/tmc/langchaingo/tools"

	"github.com/openlit/openlit-go/instrumentation/openlitlangchaingo"
	"github.com/openlit/openlit-go/internal/spantest"
	"github.com/openlit/openlit-go/replay"
)

// BenchmarkAgent is the handler's cost on a two-turn agent run (a tool
// call, then the answer) over a loopback replay of the model API: the same
// run with no handler ("plain") and with it, recording four spans with
// content to an in-memory exporter and metrics to a manual reader
// ("traced").
func BenchmarkAgent(b *testing.B) {
	for _, traced := range []bool{false, true} {
		name := "plain"
		if traced {
			name = "traced"
		}
		b.Run(name, func(b *testing.B) {
			answers := make([][]byte, 0, 2*(b.N+1))
			for range b.N + 1 {
				answers = append(answers, toolCallAnswer, finalAnswer)
			}
			srv := replay.NewServer(replay.Options{Answers: answers})
			defer srv.Close()
			var llmOpts []openai.Option
			var execOpts []agents.Option
			if traced {
				tp, _, mp, _ := spantest.Providers(b)
				h := openlitlangchaingo.NewHandler(openlitlangchaingo.WithTracerProvider(tp), openlitlangchaingo.WithMeterProvider(mp),
					openlitlangchaingo.WithCaptureMessageContent(true), openlitlangchaingo.WithModel("gpt-4o-mini"))
				llmOpts = append(llmOpts, openai.WithCallback(h))
				execOpts = append(execOpts, agents.WithCallbacksHandler(h))
			}
			llm, err := openai.New(append(llmOpts, openai.WithToken("sk-bench"), openai.WithBaseURL(srv.BaseURL()),
				openai.WithModel("gpt-4o-mini"), openai.WithHTTPClient(&http.Client{}))...)
			if err != nil {
				b.Fatal(err)
			}
			executor := agents.NewExecutor(agents.NewOpenAIFunctionsAgent(llm, []tools.Tool{weather{}}), execOpts...)
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, err := chains.Run(ctx, executor, "Weather in Paris?"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
