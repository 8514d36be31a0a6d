package openlitopenai

import (
	"net/http"
	"reflect"
	"slices"

	"github.com/openai/openai-go/v3/option"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/provider"
	"github.com/openlit/openlit-go/semconv"
)

// Middleware returns an openai-go middleware that traces every model call
// the client makes, from what crosses the wire, with no change to the
// client's type:
//
//	client := openai.NewClient(option.WithMiddleware(openlitopenai.Middleware()))
//
// Chat completions, legacy completions, the Responses API, embeddings,
// images, audio and moderations are decoded as the typed wrapper records
// them; a model call on a path it does not know (a service newer than this
// package) still gets a span with its operation, model, duration and error.
// The middleware runs once per attempt, so a retried call records one span
// per attempt; see the package documentation. A call the typed wrapper
// already traces passes through untraced.
func Middleware(opts ...Option) option.Middleware {
	return newInstrumenter(opts).middleware
}

func (in *instrumenter) middleware(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
	return in.wire.RoundTrip(req, next)
}

// typedTarget is what the middleware does for a call the typed wrapper
// traces: record the host and port the attempt really goes to (the last
// attempt wins) and learn the SDK version.
func typedTarget(call *genai.Call, req *http.Request) {
	call.ServerAddress, call.ServerPort = provider.HostPort(req.URL)
	learnSDKVersion(req.Header)
}

// wireStarted adds to a call the middleware traces what the typed wrapper
// records too: the SDK version.
func wireStarted(call *genai.Call, req *http.Request) {
	learnSDKVersion(req.Header)
	if v := sdkVersion(); v != "" {
		call.SetAttributes(semconv.GenAISDKVersion.String(v))
	}
}

var requestOptionsType = reflect.TypeFor[[]option.RequestOption]()

// install adds mw to the Options of every service of the client v points
// to, nested services included, leaving the slices it was given untouched.
func install(v reflect.Value, mw option.RequestOption) {
	v = v.Elem()
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		sf := v.Type().Field(i)
		if !sf.IsExported() {
			continue
		}
		switch {
		case sf.Type == requestOptionsType && sf.Name == "Options":
			opts := f.Interface().([]option.RequestOption)
			f.Set(reflect.ValueOf(append(slices.Clip(opts), mw)))
		case sf.Type.Kind() == reflect.Struct:
			install(f.Addr(), mw)
		}
	}
}
