package guard

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/openlit/openlit-go/internal/budget"
)

// Action is what a guard does about a text.
type Action string

// The actions, from the least to the most restrictive.
const (
	Allow  Action = "allow"
	Warn   Action = "warn"
	Redact Action = "redact"
	Deny   Action = "deny"
)

func (a Action) severity() int {
	switch a {
	case Warn:
		return 1
	case Redact:
		return 2
	case Deny:
		return 3
	}
	return 0
}

// Phase is when a guard runs: on the prompt, before the model call
// (Preflight), or on the answer, after it (Postflight).
type Phase string

// The phases.
const (
	Preflight  Phase = "preflight"
	Postflight Phase = "postflight"
)

// Result is one guard's finding on a text.
type Result struct {
	// Guard is the guard's name ("pii", "prompt_injection", …).
	Guard string
	// Action is Allow for a clean text, else the guard's configured action.
	Action Action
	// Score is the guard's confidence, 0 to 1.
	Score float64
	// Classification names what was found ("email, credit-card",
	// "instruction-override", a judge's category).
	Classification string
	// Explanation says why, for people.
	Explanation string
	// Redacted is the text with the matches replaced, for Action Redact.
	Redacted string
	// Latency is how long the guard took.
	Latency time.Duration
	// Err is the guard's error, when it failed (fail-open made it Allow).
	Err error
}

// Guard is one check. Check reports a Result for text in phase; a guard
// that does not run in phase returns a Result with Action Allow.
// Implementations must be safe for concurrent use.
type Guard interface {
	Name() string
	Check(ctx context.Context, phase Phase, text string) (Result, error)
}

// Phased is a Guard that runs in some phases only: a Pipeline skips it in
// the others (no result, no event). A Guard that is not Phased runs in
// both.
type Phased interface {
	Phases() []Phase
}

// Verdict is a pipeline's finding: the most restrictive action of its
// guards, their results, and the text after redactions.
type Verdict struct {
	Action  Action
	Results []Result
	// Text is the text after every redaction (the input when none).
	Text string
}

// Explanation joins the guards' explanations.
func (v Verdict) Explanation() string {
	var parts []string
	for _, r := range v.Results {
		if r.Explanation != "" {
			parts = append(parts, r.Explanation)
		}
	}
	return strings.Join(parts, "; ")
}

// DeniedError is a text a pipeline denied: around a model call, the call
// was not made (Preflight) or its answer withheld (Postflight). Find it
// behind an SDK's error with AsDenied.
type DeniedError struct {
	Phase   Phase
	Verdict Verdict
}

func (e *DeniedError) Error() string {
	guard := ""
	for _, r := range e.Verdict.Results {
		if r.Action == Deny {
			guard = r.Guard
		}
	}
	return fmt.Sprintf("guard: %s denied by %s: %s", e.Phase, guard, e.Verdict.Explanation())
}

// ErrTimeout is the error of a guard that ran past its time budget
// (errors.Is matches it to context.DeadlineExceeded too).
var ErrTimeout = budget.ErrExceeded
