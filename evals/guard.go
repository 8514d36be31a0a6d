package evals

import (
	"context"

	"github.com/openlit/openlit-go/guard"
)

type inputKey struct{}

// WithInput returns ctx carrying what an evaluation around a model call
// needs besides the answer (the prompt, the contexts): a Guard of an
// Evaluator reads it from the call's context.
func WithInput(ctx context.Context, in Input) context.Context {
	return context.WithValue(ctx, inputKey{}, in)
}

// Guard returns e as a postflight guard named "evals.{evaluation}": run
// in a guard.Pipeline around model calls (guard.NewTransport beneath
// openlit-go's transport), it evaluates each answer in the model call's
// context, so that the result is an event on the chat span, with the
// prompt and contexts given by WithInput. A "yes" verdict is a warning,
// never a block; a failed evaluation is the guard's error (the pipeline
// fails open unless told otherwise).
func Guard(e *Evaluator) guard.Guard { return &evalGuard{e: e} }

type evalGuard struct{ e *Evaluator }

func (g *evalGuard) Name() string { return "evals." + g.e.name }

// Phases: the answer only.
func (g *evalGuard) Phases() []guard.Phase { return []guard.Phase{guard.Postflight} }

func (g *evalGuard) Check(ctx context.Context, phase guard.Phase, text string) (guard.Result, error) {
	if phase != guard.Postflight {
		return guard.Result{Action: guard.Allow}, nil
	}
	in, _ := ctx.Value(inputKey{}).(Input)
	in.Response = text
	r, err := g.e.Evaluate(ctx, in)
	if err != nil {
		return guard.Result{}, err
	}
	res := guard.Result{Action: guard.Allow, Score: r.Score, Classification: r.Classification, Explanation: r.Explanation}
	if r.Verdict == "yes" {
		res.Action = guard.Warn
	}
	return res, nil
}
