package exporters

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/openlit/openlit-go/internal/sanitize"
)

// maxURLInError bounds how much of a URL an error message quotes.
const maxURLInError = 200

// maxURLLength bounds an endpoint URL.
const maxURLLength = 4096

// ValidateEndpointURL reports whether u is a usable OTLP/HTTP endpoint: an
// absolute http or https URL with a host and, if it has one, a port from 1
// to 65535. The error quotes the URL redacted (RedactURL) and bounded, and
// never its user info or query.
func ValidateEndpointURL(u string) error {
	if !utf8.ValidString(u) {
		return fmt.Errorf("invalid URL %q: not valid UTF-8", RedactURL(u))
	}
	if len(u) > maxURLLength {
		return fmt.Errorf("invalid URL %q: longer than %d bytes", RedactURL(u), maxURLLength)
	}
	p, err := url.Parse(u)
	if err != nil {
		// url.Error quotes the whole URL, password and query included: keep
		// only the reason.
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return fmt.Errorf("invalid URL %q: %s", RedactURL(u), sanitize.String(err.Error(), maxURLInError))
	}
	if p.Scheme != "http" && p.Scheme != "https" {
		return fmt.Errorf("invalid URL %q: scheme must be http or https", RedactURL(u))
	}
	if p.Host == "" || p.Hostname() == "" {
		return fmt.Errorf("invalid URL %q: no host", RedactURL(u))
	}
	if port := p.Port(); port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("invalid URL %q: port must be 1 to 65535", RedactURL(u))
		}
	}
	return nil
}

// RedactURL returns raw with its user info and query replaced by
// "REDACTED" and its fragment dropped, made valid UTF-8 and bounded, for
// error messages and logs. It works on strings url.Parse rejects too.
func RedactURL(raw string) string { return sanitize.URL(raw) }

// secretsOf returns the parts of an endpoint URL that must never be
// printed: its user info (raw and decoded) and its query (raw and each
// decoded value).
func secretsOf(raw string) []string {
	p, err := url.Parse(raw)
	if err != nil {
		return nil
	}
	var out []string
	add := func(s string) {
		if len(s) >= 3 {
			out = append(out, s)
		}
	}
	if p.User != nil {
		add(p.User.String())
		add(p.User.Username())
		if pw, ok := p.User.Password(); ok {
			add(pw)
		}
	}
	if p.RawQuery != "" {
		add(p.RawQuery)
		for _, vs := range p.Query() {
			for _, v := range vs {
				add(v)
				add(url.QueryEscape(v))
			}
		}
	}
	return out
}

// redactor removes an endpoint's secrets from the errors its exporter
// returns (the OTLP exporter quotes the URL it posts to), before they reach
// the OpenTelemetry error handler.
type redactor []string

func (r redactor) err(err error) error {
	if err == nil || len(r) == 0 {
		return err
	}
	msg := err.Error()
	clean := msg
	for _, s := range r {
		clean = strings.ReplaceAll(clean, s, "REDACTED")
	}
	if clean == msg {
		return err
	}
	return &redactedError{msg: clean, err: err}
}

// redactedError is an export error whose message had secrets removed; it
// still unwraps to the original for errors.Is and errors.As.
type redactedError struct {
	msg string
	err error
}

// Error is the message without the secrets.
func (e *redactedError) Error() string { return e.msg }

// Unwrap returns the original error, for errors.Is and errors.As.
func (e *redactedError) Unwrap() error { return e.err }
