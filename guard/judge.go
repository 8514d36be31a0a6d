package guard

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
)

// Judge asks a model: system is the judge's instructions, prompt the
// text to judge; it returns the model's reply. OpenAIJudge makes one of
// an openai-go client (instrumented by openlit-go or not); JudgeFunc any
// other.
type Judge interface {
	Judge(ctx context.Context, system, prompt string) (string, error)
}

// JudgeFunc is a Judge of a function.
type JudgeFunc func(ctx context.Context, system, prompt string) (string, error)

// Judge calls f.
func (f JudgeFunc) Judge(ctx context.Context, system, prompt string) (string, error) {
	return f(ctx, system, prompt)
}

// JudgeVerdict is what a judge replies, as strict JSON.
type JudgeVerdict struct {
	Score          float64 `json:"score"`
	Verdict        string  `json:"verdict"`
	Classification string  `json:"classification"`
	Explanation    string  `json:"explanation"`
}

// maxReply bounds a judge's reply: a verdict is a few hundred bytes.
const maxReply = 64 << 10

// ErrMalformedVerdict is the error of a judge's reply that is not the
// JSON verdict asked for.
var ErrMalformedVerdict = errors.New("guard: malformed judge verdict")

// ParseVerdict reads a judge's reply: one JSON object (in a ```json
// fence or not, at most 64 KiB) with a score between 0 and 1 and a
// verdict "yes" or "no"; anything else is ErrMalformedVerdict, with what
// was wrong.
func ParseVerdict(reply string) (JudgeVerdict, error) {
	if len(reply) > maxReply {
		return JudgeVerdict{}, fmt.Errorf("%w: a reply of %d bytes (at most %d)", ErrMalformedVerdict, len(reply), maxReply)
	}
	s := strings.TrimSpace(reply)
	if strings.HasPrefix(s, "```") {
		s = strings.TrimPrefix(strings.TrimPrefix(s, "```json"), "```")
		s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "```"))
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return JudgeVerdict{}, fmt.Errorf("%w: not a JSON object: %v", ErrMalformedVerdict, err)
	}
	for _, k := range []string{"score", "verdict"} {
		if _, ok := raw[k]; !ok {
			return JudgeVerdict{}, fmt.Errorf("%w: no %q", ErrMalformedVerdict, k)
		}
	}
	var v JudgeVerdict
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return JudgeVerdict{}, fmt.Errorf("%w: %v", ErrMalformedVerdict, err)
	}
	if math.IsNaN(v.Score) || v.Score < 0 || v.Score > 1 {
		return JudgeVerdict{}, fmt.Errorf("%w: score %v is not between 0 and 1", ErrMalformedVerdict, v.Score)
	}
	v.Verdict = strings.ToLower(strings.TrimSpace(v.Verdict))
	if v.Verdict != "yes" && v.Verdict != "no" {
		return JudgeVerdict{}, fmt.Errorf("%w: verdict %q is not yes or no", ErrMalformedVerdict, v.Verdict)
	}
	return v, nil
}

// VerdictFormat is the reply every judge prompt asks for: the JSON
// object ParseVerdict reads. Judge instructions of the app's own (and
// evals') end with it.
const VerdictFormat = `Reply with one JSON object and nothing else:
{"score": <number from 0 to 1, how strongly the text shows it>, "verdict": "yes" or "no", "classification": "<one category from the list, or none>", "explanation": "<one short sentence>"}`

// judged is a guard decided by a judge's verdict.
type judged struct {
	name      string
	phases    []Phase
	judge     Judge
	system    string
	action    Action
	threshold float64
}

func (g *judged) Name() string { return g.name }

// Phases are the phases the guard runs in.
func (g *judged) Phases() []Phase { return g.phases }

func (g *judged) Check(ctx context.Context, phase Phase, text string) (Result, error) {
	if !phaseIn(phase, g.phases) {
		return Result{Action: Allow}, nil
	}
	if g.judge == nil {
		return Result{}, errors.New("guard: no judge")
	}
	reply, err := g.judge.Judge(ctx, g.system, "Text to judge:\n<<<\n"+text+"\n>>>")
	if err != nil {
		return Result{}, fmt.Errorf("judge: %w", err)
	}
	v, err := ParseVerdict(reply)
	if err != nil {
		return Result{}, err
	}
	r := Result{Action: Allow, Score: v.Score, Classification: v.Classification, Explanation: v.Explanation}
	if v.Verdict == "yes" && v.Score >= g.threshold {
		r.Action = g.action
	}
	return r, nil
}

func phaseIn(p Phase, phases []Phase) bool {
	for _, q := range phases {
		if p == q {
			return true
		}
	}
	return false
}

// JudgeOption configures a model-judged guard.
type JudgeOption func(*judged)

// WithJudgeAction sets the action on a positive verdict (Deny unless set).
func WithJudgeAction(a Action) JudgeOption { return func(g *judged) { g.action = a } }

// WithThreshold sets the score from which a "yes" verdict acts (0.5
// unless set).
func WithThreshold(t float64) JudgeOption { return func(g *judged) { g.threshold = t } }

func newJudged(name string, phases []Phase, j Judge, system string, opts []JudgeOption) *judged {
	g := &judged{name: name, phases: phases, judge: j, system: system, action: Deny, threshold: 0.5}
	for _, o := range opts {
		if o != nil {
			o(g)
		}
	}
	return g
}

// SensitiveTopic returns the guard "sensitive_topic" (both phases): the
// judge says whether the text is about a sensitive topic (politics,
// religion, violence, self-harm, sexual content, illegal activity, mental
// health, or extra ones given).
func SensitiveTopic(j Judge, extra []string, opts ...JudgeOption) Guard {
	topics := append([]string{"politics", "religion", "violence", "self-harm", "sexual content", "illegal activity", "mental health"}, extra...)
	system := "You check texts for an application's safety filter. Decide whether the text discusses one of these sensitive topics: " +
		strings.Join(topics, ", ") + ". A passing mention in an unrelated task is not enough.\n" + VerdictFormat
	return newJudged("sensitive_topic", []Phase{Preflight, Postflight}, j, system, opts)
}

// TopicRestriction returns the guard "topic_restriction" (preflight):
// the judge says whether the text strays from the allowed topics (or
// touches a forbidden one).
func TopicRestriction(j Judge, allowed, forbidden []string, opts ...JudgeOption) Guard {
	system := "You keep an application on topic. Allowed topics: " + strings.Join(allowed, ", ") + "."
	if len(forbidden) > 0 {
		system += " Forbidden topics: " + strings.Join(forbidden, ", ") + "."
	}
	system += ` Verdict "yes" means the text is off the allowed topics or on a forbidden one.` + "\n" + VerdictFormat
	return newJudged("topic_restriction", []Phase{Preflight}, j, system, opts)
}

// Moderation returns the guard "moderation" (both phases): the judge
// says whether the text is hateful, harassing, threatening, sexual,
// violent or encourages self-harm.
func Moderation(j Judge, opts ...JudgeOption) Guard {
	system := "You moderate texts. Decide whether the text is hateful, harassing, threatening, sexually explicit, " +
		"graphically violent, or encourages self-harm; classify it as one of: hate, harassment, threat, sexual, violence, self-harm, none.\n" + VerdictFormat
	return newJudged("moderation", []Phase{Preflight, Postflight}, j, system, opts)
}
