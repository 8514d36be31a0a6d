package openlitopenai

import (
	"net/http"
	"runtime/debug"
	"strings"
	"sync/atomic"
)

// sdkVersion is the version of openai-go linked into the program, from the
// module build information or, where that has none (test binaries), from the
// X-Stainless-Package-Version header the SDK sends with every request.
var sdkVersionValue atomic.Pointer[string]

func init() {
	const path = "github.com/openai/openai-go/v3"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == path {
				v := d.Version
				if d.Replace != nil && d.Replace.Version != "" {
					v = d.Replace.Version
				}
				v = strings.TrimPrefix(v, "v")
				sdkVersionValue.Store(&v)
			}
		}
	}
}

func sdkVersion() string {
	if v := sdkVersionValue.Load(); v != nil {
		return *v
	}
	return ""
}

func learnSDKVersion(h http.Header) {
	if sdkVersionValue.Load() != nil {
		return
	}
	if v := h.Get("X-Stainless-Package-Version"); v != "" {
		sdkVersionValue.CompareAndSwap(nil, &v)
	}
}
