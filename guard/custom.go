package guard

import (
	"context"
	"fmt"
	"regexp"
	"strings"
)

// Rule is one custom rule: a regular expression or keywords (matched
// case-insensitively as whole words), labelled.
type Rule struct {
	// Label names the rule in the result's classification and in
	// [REDACTED:label].
	Label string
	// Pattern, when set, is matched against the text.
	Pattern *regexp.Regexp
	// Keywords, when set, are matched as whole words, ignoring case.
	Keywords []string
	// Score is the rule's score when it matches (0.9 when unset).
	Score float64
}

type custom struct {
	name   string
	action Action
	rules  []compiledRule
}

type compiledRule struct {
	Rule
	re *regexp.Regexp
}

// Custom returns a guard named name (in both phases) that applies action
// to a text any of rules matches: Redact replaces the matches; Deny and
// Warn report them.
func Custom(name string, action Action, rules ...Rule) Guard {
	c := &custom{name: name, action: action}
	for _, r := range rules {
		cr := compiledRule{Rule: r, re: r.Pattern}
		if len(r.Keywords) > 0 {
			words := make([]string, 0, len(r.Keywords))
			for _, k := range r.Keywords {
				if k = strings.TrimSpace(k); k != "" {
					words = append(words, regexp.QuoteMeta(k))
				}
			}
			if len(words) > 0 {
				kw := regexp.MustCompile(`(?i)\b(?:` + strings.Join(words, "|") + `)\b`)
				if cr.re != nil {
					kw = regexp.MustCompile(cr.re.String() + "|" + kw.String())
				}
				cr.re = kw
			}
		}
		if cr.re != nil {
			c.rules = append(c.rules, cr)
		}
	}
	return c
}

func (c *custom) Name() string { return c.name }

func (c *custom) Check(_ context.Context, _ Phase, text string) (Result, error) {
	var labels []string
	score := 0.0
	redacted := text
	for _, r := range c.rules {
		if !r.re.MatchString(redacted) {
			continue
		}
		labels = append(labels, r.Label)
		s := r.Score
		if s == 0 {
			s = 0.9
		}
		score = max(score, s)
		if c.action == Redact {
			redacted = r.re.ReplaceAllLiteralString(redacted, "[REDACTED:"+r.Label+"]")
		}
	}
	if len(labels) == 0 {
		return Result{Action: Allow}, nil
	}
	classification := strings.Join(labels, ", ")
	res := Result{Action: c.action, Score: score, Classification: classification,
		Explanation: fmt.Sprintf("custom rule(s) matched: %s", classification)}
	if c.action == Redact {
		res.Redacted = redacted
	}
	return res, nil
}
