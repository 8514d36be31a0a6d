package evals_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/evals"
	"github.com/openlit/openlit-go/guard"
)

func judge(reply string, err error) guard.Judge {
	return guard.JudgeFunc(func(_ context.Context, system, prompt string) (string, error) {
		return reply, err
	})
}

// Each evaluator with a fake judge: a good verdict recorded as the
// conventions' event and counted; malformed, failing and slow verdicts
// returned as errors within the budget, recorded with error.type.
func TestEvaluate(t *testing.T) {
	slow := guard.JudgeFunc(func(ctx context.Context, _, _ string) (string, error) {
		select {
		case <-time.After(time.Hour):
		case <-ctx.Done():
		}
		return "", ctx.Err()
	})
	hanging := guard.JudgeFunc(func(context.Context, string, string) (string, error) {
		time.Sleep(300 * time.Millisecond)
		return "{}", nil
	})
	cases := []struct {
		name      string
		make      func(guard.Judge, ...evals.Option) *evals.Evaluator
		judge     guard.Judge
		want      evals.Result
		err       error
		errType   string
		threshold float64
	}{
		{name: "hallucination yes", make: evals.Hallucination,
			judge: judge(`{"score":0.9,"verdict":"yes","classification":"factual_inaccuracy","explanation":"Paris is not in Spain"}`, nil),
			want:  evals.Result{Evaluation: "hallucination", Score: 0.9, Verdict: "yes", Classification: "factual_inaccuracy", Explanation: "Paris is not in Spain"}},
		{name: "bias under threshold", make: evals.Bias, threshold: 0.7,
			judge: judge(`{"score":0.6,"verdict":"yes","classification":"gender","explanation":"mild"}`, nil),
			want:  evals.Result{Evaluation: "bias", Score: 0.6, Verdict: "no", Classification: "gender", Explanation: "mild"}},
		{name: "toxicity clean", make: evals.Toxicity,
			judge: judge(`{"score":0,"verdict":"no","classification":"none","explanation":"polite"}`, nil),
			want:  evals.Result{Evaluation: "toxicity", Score: 0, Verdict: "no", Classification: "none", Explanation: "polite"}},
		{name: "all names the worst", make: evals.All,
			judge: judge(`{"score":0.8,"verdict":"yes","classification":"toxicity:insult","explanation":"calls the user stupid"}`, nil),
			want:  evals.Result{Evaluation: "toxicity", Score: 0.8, Verdict: "yes", Classification: "toxicity:insult", Explanation: "calls the user stupid"}},
		{name: "malformed", make: evals.Hallucination, judge: judge(`yes, it hallucinates`, nil), err: guard.ErrMalformedVerdict, errType: "malformed_verdict"},
		{name: "failing", make: evals.Bias, judge: judge("", errors.New("judge down")), errType: "judge_error"},
		{name: "slow", make: evals.Toxicity, judge: slow, err: context.DeadlineExceeded, errType: "context.DeadlineExceeded"},
		{name: "hanging judge", make: evals.Toxicity, judge: hanging, err: context.DeadlineExceeded, errType: "context.DeadlineExceeded"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			spans := tracetest.NewInMemoryExporter()
			tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
			reader := sdkmetric.NewManualReader()
			opts := []evals.Option{evals.WithTimeout(50 * time.Millisecond),
				evals.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader)))}
			if tc.threshold > 0 {
				opts = append(opts, evals.WithThreshold(tc.threshold))
			}
			ctx, span := tp.Tracer("t").Start(context.Background(), "chat gpt-4o-mini")
			start := time.Now()
			got, err := tc.make(tc.judge, opts...).Evaluate(ctx, evals.Input{Prompt: "Where is Paris?", Contexts: []string{"Paris is in France."},
				Response: "Paris is in Spain.", ResponseID: "chatcmpl-1"})
			span.End()
			if time.Since(start) > time.Second {
				t.Errorf("took %v", time.Since(start))
			}
			if tc.errType == "" {
				if err != nil || got != tc.want {
					t.Fatalf("Evaluate = %+v, %v", got, err)
				}
			} else if err == nil || (tc.err != nil && !errors.Is(err, tc.err)) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			ev := spans.GetSpans()[0].Events
			if len(ev) != 1 || ev[0].Name != "gen_ai.evaluation.result" {
				t.Fatalf("events %v", ev)
			}
			a := map[string]string{}
			for _, kv := range ev[0].Attributes {
				a[string(kv.Key)] = kv.Value.Emit()
			}
			if tc.errType == "" {
				if a["gen_ai.evaluation.name"] != tc.want.Evaluation || a["gen_ai.evaluation.score.label"] != tc.want.Label() ||
					a["gen_ai.response.id"] != "chatcmpl-1" || a["gen_ai.evaluation.score.value"] == "" {
					t.Errorf("event %v", a)
				}
			} else if a["error.type"] != tc.errType || a["gen_ai.evaluation.score.value"] != "" {
				t.Errorf("failed evaluation event %v", a)
			}
			var rm metricdata.ResourceMetrics
			_ = reader.Collect(context.Background(), &rm)
			if len(rm.ScopeMetrics) != 1 || rm.ScopeMetrics[0].Metrics[0].Name != "evals.requests" {
				t.Errorf("metrics %+v", rm.ScopeMetrics)
			}
		})
	}
}

// The judge gets the prompt, the contexts and the answer, and our own
// instructions asking for the strict verdict.
func TestJudgePrompt(t *testing.T) {
	var sys, prompt string
	j := guard.JudgeFunc(func(_ context.Context, s, p string) (string, error) {
		sys, prompt = s, p
		return `{"score":0,"verdict":"no","classification":"none","explanation":"ok"}`, nil
	})
	if _, err := evals.Hallucination(j).Evaluate(context.Background(), evals.Input{Prompt: "Q?", Contexts: []string{"fact one", "fact two"}, Response: "A."}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Q?", "1. <<<fact one>>>", "2. <<<fact two>>>", "A."} {
		if !strings.Contains(prompt, want) {
			t.Errorf("prompt lacks %q: %s", want, prompt)
		}
	}
	if !strings.Contains(sys, `"verdict": "yes" or "no"`) {
		t.Errorf("system %s", sys)
	}
	if _, err := evals.Bias(nil).Evaluate(context.Background(), evals.Input{}); !errors.Is(err, evals.ErrNoJudge) {
		t.Errorf("no judge: %v", err)
	}
}

// An evaluator as a postflight guard: evaluated in the model call's
// context (its span gets the event), with the prompt and contexts from
// WithInput; a "yes" is a warning.
func TestGuard(t *testing.T) {
	var prompt string
	j := guard.JudgeFunc(func(_ context.Context, _, p string) (string, error) {
		prompt = p
		return `{"score":0.9,"verdict":"yes","classification":"factual_inaccuracy","explanation":"wrong"}`, nil
	})
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	ctx, span := tp.Tracer("t").Start(context.Background(), "chat gpt-4o-mini")
	ctx = evals.WithInput(ctx, evals.Input{Prompt: "Where is Paris?", Contexts: []string{"Paris is in France."}})
	p := guard.New([]guard.Guard{evals.Guard(evals.Hallucination(j))})
	if v, _ := p.Check(ctx, guard.Preflight, "x"); v.Action != guard.Allow || prompt != "" {
		t.Errorf("preflight: %s", v.Action)
	}
	v, err := p.Check(ctx, guard.Postflight, "Paris is in Spain.")
	span.End()
	if err != nil || v.Action != guard.Warn || v.Results[0].Guard != "evals.hallucination" {
		t.Fatalf("postflight: %+v, %v", v, err)
	}
	if !strings.Contains(prompt, "Paris is in France.") || !strings.Contains(prompt, "Paris is in Spain.") {
		t.Errorf("judge prompt %s", prompt)
	}
	names := []string{}
	for _, e := range spans.GetSpans()[0].Events {
		names = append(names, e.Name)
	}
	if strings.Join(names, ",") != "gen_ai.evaluation.result,guard.evaluation" {
		t.Errorf("events %v", names)
	}
}
