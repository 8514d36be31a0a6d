package openlitanthropic

import (
	"net/http"
	"reflect"
	"slices"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/instrument"
	"github.com/openlit/openlit-go/internal/provider"
	"github.com/openlit/openlit-go/internal/wire"
)

// Client is an anthropic.Client whose Messages calls are instrumented; every
// other service is the embedded client's, traced from the wire where it
// calls a model.
type Client struct {
	anthropic.Client
	// Messages shadows anthropic.Client.Messages.
	Messages MessageService
	// Beta shadows anthropic.Client.Beta.
	Beta BetaService
}

// BetaService is anthropic.BetaService with instrumented messages.
type BetaService struct {
	anthropic.BetaService
	// Messages shadows anthropic.BetaService.Messages.
	Messages BetaMessageService
}

// BetaMessageService is anthropic.BetaMessageService whose New and
// NewStreaming are instrumented; its other methods are the original ones.
type BetaMessageService struct {
	anthropic.BetaMessageService
	inst *instrumenter
}

// MessageService is anthropic.MessageService whose New and NewStreaming are
// instrumented; its other methods are the original ones.
type MessageService struct {
	anthropic.MessageService
	inst *instrumenter
}

// Wrap returns client with its model calls instrumented. The client is
// copied, as anthropic.Client values are; the original stays uninstrumented.
func Wrap(client anthropic.Client, opts ...Option) Client {
	inst := newInstrumenter(opts)
	c := client
	install(reflect.ValueOf(&c), option.WithMiddleware(inst.middleware), option.WithoutOpenTelemetry())
	return Client{
		Client:   c,
		Messages: MessageService{MessageService: c.Messages, inst: inst},
		Beta: BetaService{
			BetaService: c.Beta,
			Messages:    BetaMessageService{BetaMessageService: c.Beta.Messages, inst: inst},
		},
	}
}

// NewClient is Wrap(anthropic.NewClient(requestOpts...)).
func NewClient(requestOpts ...option.RequestOption) Client {
	return Wrap(anthropic.NewClient(requestOpts...))
}

// Middleware returns an anthropic-sdk-go middleware that traces every model
// call the client makes from what crosses the wire (one span per attempt),
// for a client that must stay an anthropic.Client:
//
//	client := anthropic.NewClient(option.WithMiddleware(openlitanthropic.Middleware()))
//
// The SDK's own spans stay on unless the client is given
// option.WithoutOpenTelemetry().
func Middleware(opts ...Option) option.Middleware {
	return newInstrumenter(opts).middleware
}

type instrumenter struct {
	tel       *genai.Telemetry
	system    string
	providers *provider.Resolver
	wire      *wire.Tracer
}

func newInstrumenter(opts []Option) *instrumenter {
	c := instrument.New(opts)
	in := &instrumenter{tel: c.Telemetry(ScopeName, Version), system: c.System, providers: c.Resolver()}
	in.wire = wire.New(wire.Config{
		Telemetry:     in.tel,
		Providers:     in.providers,
		System:        in.system,
		AnyHost:       true,
		OnTraced:      recordTarget,
		TracedStreams: true,
	})
	return in
}

func (in *instrumenter) middleware(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
	return in.wire.RoundTrip(req, next)
}

// recordTarget records where an attempt of a typed call really goes: the
// last attempt's host and port.
func recordTarget(call *genai.Call, req *http.Request) {
	call.ServerAddress, call.ServerPort = provider.HostPort(req.URL)
}

var requestOptionsType = reflect.TypeFor[[]option.RequestOption]()

// install appends opts to the Options of every service of the client v
// points to, nested services included, leaving the slices it was given
// untouched.
func install(v reflect.Value, opts ...option.RequestOption) {
	v = v.Elem()
	for i := 0; i < v.NumField(); i++ {
		f, sf := v.Field(i), v.Type().Field(i)
		if !sf.IsExported() {
			continue
		}
		switch {
		case sf.Type == requestOptionsType && sf.Name == "Options":
			cur := f.Interface().([]option.RequestOption)
			f.Set(reflect.ValueOf(append(slices.Clip(cur), opts...)))
		case sf.Type.Kind() == reflect.Struct:
			install(f.Addr(), opts...)
		}
	}
}
