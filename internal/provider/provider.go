package provider

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/openlit/openlit-go/internal/boundedcache"
)

// defaults maps the hosts model providers serve to their gen_ai.system
// values. A key is a host ("api.groq.com"), a host suffix
// ("*.openai.azure.com", "*-aiplatform.googleapis.com"), a host and port ("localhost:11434") or a port on
// any host (":11434").
var defaults = map[string]string{
	"api.openai.com":                    "openai",
	"*.openai.azure.com":                "az.ai.openai",
	"*.cognitiveservices.azure.com":     "az.ai.openai",
	"*.services.ai.azure.com":           "az.ai.inference",
	"api.anthropic.com":                 "anthropic",
	"api.groq.com":                      "groq",
	"api.deepseek.com":                  "deepseek",
	"api.together.xyz":                  "together",
	"api.together.ai":                   "together",
	"openrouter.ai":                     "openrouter",
	"api.mistral.ai":                    "mistral_ai",
	"api.fireworks.ai":                  "fireworks",
	"api.x.ai":                          "xai",
	"api.perplexity.ai":                 "perplexity",
	"api.cohere.com":                    "cohere",
	"generativelanguage.googleapis.com": "gcp.gemini",
	"aiplatform.googleapis.com":         "gcp.vertex_ai",
	"*-aiplatform.googleapis.com":       "gcp.vertex_ai",
	"*.amazonaws.com":                   "aws.bedrock",
	"ollama.com":                        "ollama",
	":11434":                            "ollama",
	":8000":                             "vllm",
	":4000":                             "litellm",
}

// maxCached bounds the cache of answers; past it answers are resolved each
// time.
const maxCached = 1024

// Resolver answers which provider a host and port belong to. Its methods are
// safe for concurrent use; a nil *Resolver knows the built-in rules only.
type Resolver struct {
	custom map[string]string
	// hosts and suffixes are the host rules (not the port-only ones) of
	// custom and the defaults, for Known.
	hosts    map[string]struct{}
	suffixes []string // ".openai.azure.com"
	cache    *boundedcache.Cache[key, string]
}

type key struct {
	host string
	port int
}

// New returns a Resolver consulting rules before the built-in ones. Keys are
// matched case-insensitively.
func New(rules map[string]string) *Resolver {
	r := &Resolver{hosts: map[string]struct{}{}, cache: boundedcache.New[key, string](maxCached)}
	if len(rules) > 0 {
		r.custom = make(map[string]string, len(rules))
		for k, v := range rules {
			r.custom[strings.ToLower(k)] = v
		}
	}
	for _, table := range []map[string]string{r.custom, defaults} {
		for k := range table {
			switch {
			case strings.HasPrefix(k, "*"):
				r.suffixes = append(r.suffixes, k[1:])
			case strings.HasPrefix(k, ":"):
			default:
				h, _, _ := strings.Cut(k, ":")
				r.hosts[h] = struct{}{}
			}
		}
	}
	return r
}

var builtin = New(nil)

// Lookup returns the provider of host:port, from the most specific rule
// (host:port, host, *.suffix, :port; the caller's rules before the built-in
// ones), and false when no rule matches.
func (r *Resolver) Lookup(host string, port int) (string, bool) {
	if r == nil {
		r = builtin
	}
	k := key{host, port}
	if v, ok := r.cache.Load(k); ok {
		return v, v != ""
	}
	v := r.resolve(host, port)
	r.cache.Store(k, v)
	return v, v != ""
}

// System is Lookup with fallback for hosts no rule knows.
func (r *Resolver) System(host string, port int, fallback string) string {
	if s, ok := r.Lookup(host, port); ok {
		return s
	}
	return fallback
}

// Known reports whether a host rule (not a port-only one) names host: the
// request goes to a model provider's API. It does not allocate for a
// lower-case host.
func (r *Resolver) Known(host string) bool {
	if r == nil {
		r = builtin
	}
	if host == "" {
		return false
	}
	if hasUpper(host) {
		host = strings.ToLower(host)
	}
	if _, ok := r.hosts[host]; ok {
		return true
	}
	for _, s := range r.suffixes {
		if strings.HasSuffix(host, s) {
			return true
		}
	}
	return false
}

func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

func (r *Resolver) resolve(host string, port int) string {
	host = strings.ToLower(host)
	for _, table := range []map[string]string{r.custom, defaults} {
		if s, ok := match(table, host, port); ok {
			return s
		}
	}
	return ""
}

func match(table map[string]string, host string, port int) (string, bool) {
	if len(table) == 0 {
		return "", false
	}
	p := strconv.Itoa(port)
	if s, ok := table[host+":"+p]; ok {
		return s, true
	}
	if s, ok := table[host]; ok {
		return s, true
	}
	// The longest matching suffix rule wins.
	best, found := "", false
	for k := range table {
		if strings.HasPrefix(k, "*") && len(k) > len(best) && strings.HasSuffix(host, k[1:]) {
			best, found = k, true
		}
	}
	if found {
		return table[best], true
	}
	if s, ok := table[":"+p]; ok {
		return s, true
	}
	return "", false
}

// HostPort is the host and port a request to u goes to: the explicit port,
// else 80 for http and 443 otherwise.
func HostPort(u *url.URL) (string, int) {
	host := u.Hostname()
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err == nil {
			return host, n
		}
	}
	if u.Scheme == "http" {
		return host, 80
	}
	return host, 443
}
