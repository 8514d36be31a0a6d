package guard

import (
	"context"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// pattern is a labelled expression; valid, when set, confirms a match (a
// checksum) so that look-alike numbers are not reported.
type pattern struct {
	label string
	re    *regexp.Regexp
	valid func(text string, start, end int) bool
}

// whole wraps a check of the match alone.
func whole(f func(string) bool) func(string, int, int) bool {
	return func(text string, start, end int) bool { return f(text[start:end]) }
}

// piiPatterns are the PII and secrets PII detects, the most specific
// first (a match of an earlier pattern is not reported again by a later
// one).
var piiPatterns = []pattern{
	// Secrets and vendor keys.
	{label: "private-key", re: regexp.MustCompile(`-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----(?:[ \t\r\n]*[A-Za-z0-9+/=]+)*[ \t\r\n]*(?:-----END (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----)?`)},
	{label: "anthropic-api-key", re: regexp.MustCompile(`\bsk-ant-[A-Za-z0-9_-]{20,}`)},
	{label: "openai-api-key", re: regexp.MustCompile(`\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}`)},
	{label: "aws-access-key", re: regexp.MustCompile(`\b(?:AKIA|ASIA)[0-9A-Z]{16}\b`)},
	{label: "gcp-api-key", re: regexp.MustCompile(`\bAIza[0-9A-Za-z_-]{35}\b`)},
	{label: "github-token", re: regexp.MustCompile(`\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b`)},
	{label: "stripe-key", re: regexp.MustCompile(`\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{24,}\b`)},
	{label: "slack-token", re: regexp.MustCompile(`\bxox[abposr]-[A-Za-z0-9-]{10,}`)},
	{label: "slack-webhook", re: regexp.MustCompile(`https://hooks\.slack\.com/services/T[A-Za-z0-9]+/B[A-Za-z0-9]+/[A-Za-z0-9]+`)},
	{label: "google-oauth-token", re: regexp.MustCompile(`\bya29\.[0-9A-Za-z_-]{20,}`)},
	{label: "sendgrid-api-key", re: regexp.MustCompile(`\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b`)},
	{label: "jwt", re: regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}`)},
	{label: "bearer-token", re: regexp.MustCompile(`(?i)\bbearer\s+[A-Za-z0-9_\-.~+/]{16,}=*`)},
	{label: "connection-string", re: regexp.MustCompile(`\b(?:mongodb(?:\+srv)?|postgres(?:ql)?|mysql|redis|amqp)://[^\s:@/]+:[^\s@/]+@\S+`)},
	// Personal data.
	{label: "email", re: regexp.MustCompile(`\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b`)},
	{label: "iban", re: regexp.MustCompile(`\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b`), valid: whole(ibanValid)},
	{label: "credit-card", re: regexp.MustCompile(`\b(?:\d[ -]?){12,18}\d\b`), valid: whole(luhnValid)},
	{label: "us-ssn", re: regexp.MustCompile(`\b\d{3}-\d{2}-\d{4}\b`), valid: whole(ssnValid)},
	{label: "phone", re: regexp.MustCompile(`(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,5}\)[ .-]?|\b\d{2,5}[ .-])\d{3,4}[ .-]?\d{3,4}\b`), valid: alone},
	{label: "ipv4", re: regexp.MustCompile(`\b(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}\b`), valid: notVersion},
	{label: "ipv6", re: regexp.MustCompile(`(?i)\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b|\b(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4}\b`)},
}

// alone rejects a number that is part of a longer run of digit groups
// (a card-like or account-like number is not a phone number).
func alone(text string, start, end int) bool {
	groupAt := func(s string) bool {
		return len(s) >= 2 && (s[0] == ' ' || s[0] == '-' || s[0] == '.') && s[1] >= '0' && s[1] <= '9'
	}
	if groupAt(text[end:min(end+2, len(text))]) {
		return false
	}
	if start >= 2 {
		b := text[start-2 : start]
		if (b[1] == ' ' || b[1] == '-' || b[1] == '.') && b[0] >= '0' && b[0] <= '9' {
			return false
		}
	}
	return true
}

// notVersion rejects a dotted quad that follows "version" or "v" (a
// version number, not an address).
func notVersion(text string, start, _ int) bool {
	before := strings.ToLower(text[max(0, start-9):start])
	before = strings.TrimRight(before, " ")
	return !strings.HasSuffix(before, "version") && !strings.HasSuffix(before, "v") && !strings.HasSuffix(before, "release")
}

// digits is s's digits.
func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// luhnValid is the Luhn check of a card number (13 to 19 digits).
func luhnValid(s string) bool {
	d := digits(s)
	if len(d) < 13 || len(d) > 19 {
		return false
	}
	sum := 0
	for i := range len(d) {
		n := int(d[len(d)-1-i] - '0')
		if i%2 == 1 {
			n *= 2
			if n > 9 {
				n -= 9
			}
		}
		sum += n
	}
	return sum%10 == 0
}

// ibanValid is the ISO 13616 mod-97 check.
func ibanValid(s string) bool {
	s = strings.ReplaceAll(s, " ", "")
	if len(s) < 15 || len(s) > 34 {
		return false
	}
	var b strings.Builder
	for _, r := range s[4:] + s[:4] {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			fmt.Fprintf(&b, "%d", r-'A'+10)
		default:
			return false
		}
	}
	n, ok := new(big.Int).SetString(b.String(), 10)
	return ok && new(big.Int).Mod(n, big.NewInt(97)).Int64() == 1
}

// ssnValid rejects the numbers the SSA never issues.
func ssnValid(s string) bool {
	area, group, serial := s[0:3], s[4:6], s[7:11]
	return area != "000" && area != "666" && area[0] != '9' && group != "00" && serial != "0000"
}

// PIIOption configures PII.
type PIIOption func(*pii)

// WithPIIAction sets what PII does with a match: Redact (the default),
// Deny or Warn.
func WithPIIAction(a Action) PIIOption { return func(p *pii) { p.action = a } }

// WithPIILabels limits PII to the given labels ("email", "credit-card",
// "openai-api-key", …; see the package documentation for the list).
func WithPIILabels(labels ...string) PIIOption { return func(p *pii) { p.only = labels } }

// WithPIIPattern adds a pattern of the app's own under label.
func WithPIIPattern(label string, re *regexp.Regexp) PIIOption {
	return func(p *pii) {
		if re != nil {
			p.extra = append(p.extra, pattern{label: label, re: re})
		}
	}
}

type pii struct {
	action Action
	only   []string
	extra  []pattern
}

// PII returns the guard "pii": personal data (email addresses, phone
// numbers, credit cards passing the Luhn check, IBANs passing mod 97, US
// SSNs, IPv4 and IPv6 addresses) and secrets (OpenAI, Anthropic, AWS,
// Google, GitHub, Stripe, Slack, SendGrid keys and tokens, JWTs, bearer
// tokens, private keys, connection strings with passwords), found by
// expression, locally, in both phases.
func PII(opts ...PIIOption) Guard {
	p := &pii{action: Redact}
	for _, o := range opts {
		if o != nil {
			o(p)
		}
	}
	return p
}

func (*pii) Name() string { return "pii" }

type match struct {
	label      string
	start, end int
}

// Check finds the matches, redacting them for Redact.
func (p *pii) Check(_ context.Context, _ Phase, text string) (Result, error) {
	var found []match
	taken := func(s, e int) bool {
		for _, m := range found {
			if s < m.end && e > m.start {
				return true
			}
		}
		return false
	}
	for _, pt := range append(piiPatterns, p.extra...) {
		if len(p.only) > 0 && !slices.Contains(p.only, pt.label) {
			continue
		}
		for _, loc := range pt.re.FindAllStringIndex(text, -1) {
			if taken(loc[0], loc[1]) || (pt.valid != nil && !pt.valid(text, loc[0], loc[1])) {
				continue
			}
			found = append(found, match{label: pt.label, start: loc[0], end: loc[1]})
		}
	}
	if len(found) == 0 {
		return Result{Action: Allow}, nil
	}
	sort.Slice(found, func(i, j int) bool { return found[i].start < found[j].start })
	labels := map[string]bool{}
	var b strings.Builder
	last := 0
	for _, m := range found {
		labels[m.label] = true
		b.WriteString(text[last:m.start])
		b.WriteString("[REDACTED:" + m.label + "]")
		last = m.end
	}
	b.WriteString(text[last:])
	names := make([]string, 0, len(labels))
	for l := range labels {
		names = append(names, l)
	}
	sort.Strings(names)
	classification := strings.Join(names, ", ")
	r := Result{Action: p.action, Score: min(1, 0.5+0.2*float64(len(found))), Classification: classification,
		Explanation: fmt.Sprintf("%d PII or secret match(es): %s", len(found), classification)}
	if p.action == Redact {
		r.Redacted = b.String()
	}
	return r, nil
}
