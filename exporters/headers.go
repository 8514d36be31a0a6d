package exporters

import (
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/net/http/httpguts"
)

// ParseHeaders parses an OTLP header list as the OpenTelemetry specification
// defines it for OTEL_EXPORTER_OTLP_HEADERS: comma-separated key=value
// pairs, each key and value percent-decoded and trimmed of surrounding
// spaces. Empty members are skipped. A member without "=", a key that is
// not a valid HTTP header name (empty, spaces, …), a value that is not valid
// percent-encoding or not a valid HTTP header value (CR, LF, other control
// characters) is an error: the HTTP client would refuse every export, and
// print the offending header. The error names the member's position and
// never echoes a key or value, which often hold a secret.
func ParseHeaders(s string) (map[string]string, error) {
	h := make(map[string]string)
	if strings.TrimSpace(s) == "" {
		return h, nil
	}
	for i, member := range strings.Split(s, ",") {
		if strings.TrimSpace(member) == "" {
			continue
		}
		k, v, ok := strings.Cut(member, "=")
		if !ok {
			return nil, fmt.Errorf("header %d: missing '='", i+1)
		}
		key, err := url.PathUnescape(strings.TrimSpace(k))
		if err != nil || !httpguts.ValidHeaderFieldName(key) {
			return nil, fmt.Errorf("header %d: invalid key (want an HTTP header name)", i+1)
		}
		val, err := url.PathUnescape(strings.TrimSpace(v))
		if err != nil {
			return nil, fmt.Errorf("header %d (%s): invalid percent-encoding in value", i+1, key)
		}
		if !httpguts.ValidHeaderFieldValue(val) {
			return nil, fmt.Errorf("header %d (%s): invalid value (control characters such as CR or LF)", i+1, key)
		}
		h[key] = val
	}
	return h, nil
}

// ValidateHeaders checks headers given as a map (WithOTLPHeaders) by the
// rules of ParseHeaders. The error never echoes a key or value.
func ValidateHeaders(h map[string]string) error {
	for k, v := range h {
		if !httpguts.ValidHeaderFieldName(k) {
			return fmt.Errorf("invalid header key (want an HTTP header name)")
		}
		if !httpguts.ValidHeaderFieldValue(v) {
			return fmt.Errorf("header %s: invalid value (control characters such as CR or LF)", k)
		}
	}
	return nil
}
