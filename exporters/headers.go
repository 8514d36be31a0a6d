package exporters

import (
	"fmt"
	"net/url"
	"strings"
)

// ParseHeaders parses an OTLP header list as the OpenTelemetry specification
// defines it for OTEL_EXPORTER_OTLP_HEADERS: comma-separated key=value
// pairs, each key and value percent-decoded and trimmed of surrounding
// spaces. Empty members are skipped. A member without "=" or with an empty
// key, or a value that is not valid percent-encoding, is an error; the error
// names the member's position but never echoes its value, which is often a
// secret.
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
		if err != nil || key == "" {
			return nil, fmt.Errorf("header %d: invalid key", i+1)
		}
		val, err := url.PathUnescape(strings.TrimSpace(v))
		if err != nil {
			return nil, fmt.Errorf("header %d (%s): invalid percent-encoding in value", i+1, key)
		}
		h[key] = val
	}
	return h, nil
}
