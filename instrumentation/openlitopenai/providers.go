package openlitopenai

import (
	"strconv"
	"strings"

	"github.com/openlit/openlit-go/internal/boundedcache"
)

// defaultProviders maps the hosts OpenAI-compatible providers serve to their
// gen_ai.system values. A key is a host ("api.groq.com"), a host suffix
// ("*.openai.azure.com"), a host and port ("localhost:11434") or a port on
// any host (":11434").
var defaultProviders = map[string]string{
	"api.openai.com":                    "openai",
	"*.openai.azure.com":                "az.ai.openai",
	"*.cognitiveservices.azure.com":     "az.ai.openai",
	"*.services.ai.azure.com":           "az.ai.inference",
	"api.groq.com":                      "groq",
	"api.deepseek.com":                  "deepseek",
	"api.together.xyz":                  "together",
	"api.together.ai":                   "together",
	"openrouter.ai":                     "openrouter",
	"api.mistral.ai":                    "mistral_ai",
	"api.fireworks.ai":                  "fireworks",
	"api.x.ai":                          "xai",
	"api.perplexity.ai":                 "perplexity",
	"generativelanguage.googleapis.com": "gcp.gemini",
	":11434":                            "ollama",
	":8000":                             "vllm",
	":4000":                             "litellm",
}

// providers resolves gen_ai.system from the host and port a call went to.
// Answers are cached: a client talks to few hosts, and resolving builds
// strings on every call.
type providers struct {
	custom map[string]string

	cache *boundedcache.Cache[hostPortKey, string]
}

type hostPortKey struct {
	host string
	port int
}

// maxCachedHosts bounds the cache; past it answers are resolved each time.
const maxCachedHosts = 1024

// system returns the provider for host:port (see resolve), cached.
func (p *providers) system(host string, port int) string {
	k := hostPortKey{host, port}
	if v, ok := p.cache.Load(k); ok {
		return v
	}
	s := p.resolve(host, port)
	p.cache.Store(k, s)
	return s
}

// resolve returns the provider for host:port: a custom rule first, then the
// defaults; the most specific rule wins (host:port, host, *.suffix, :port).
// Unknown hosts are "openai".
func (p *providers) resolve(host string, port int) string {
	host = strings.ToLower(host)
	for _, table := range []map[string]string{p.custom, defaultProviders} {
		if s, ok := match(table, host, port); ok {
			return s
		}
	}
	return "openai"
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
	for h := host; ; {
		i := strings.IndexByte(h, '.')
		if i < 0 {
			break
		}
		h = h[i+1:]
		if s, ok := table["*."+h]; ok {
			return s, true
		}
	}
	if s, ok := table[":"+p]; ok {
		return s, true
	}
	return "", false
}
