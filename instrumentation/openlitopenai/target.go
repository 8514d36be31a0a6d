package openlitopenai

import (
	"net/url"
	"os"
	"strings"
	"sync"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/provider"
	"github.com/openlit/openlit-go/semconv"
)

// locate records on the call the provider of the host it went to (the
// default base URL's when no attempt was made) and the SDK version.
func (in *instrumenter) locate(call *genai.Call) {
	if call == nil {
		return
	}
	defer genai.Recover()
	if call.ServerAddress == "" {
		call.ServerAddress, call.ServerPort = defaultTarget()
	}
	call.System = in.system
	if call.System == "" {
		call.System = in.providers.System(call.ServerAddress, call.ServerPort, "openai")
	}
	if v := sdkVersion(); v != "" {
		call.SetAttributes(semconv.GenAISDKVersion.String(v))
	}
}

var defaultTarget = sync.OnceValues(func() (string, int) {
	if u, err := url.Parse(strings.TrimSpace(os.Getenv("OPENAI_BASE_URL"))); err == nil && u.Host != "" {
		return provider.HostPort(u)
	}
	return "api.openai.com", 443
})
