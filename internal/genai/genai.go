package genai

import (
	"reflect"
	"sync/atomic"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/pricing"
)

// Config configures a Telemetry. Zero fields take the OpenTelemetry globals
// and the settings openlit.Init stored.
type Config struct {
	// TracerProvider and MeterProvider, when nil, are the OpenTelemetry
	// globals in force at each call (not at New): a client wrapped before
	// openlit.Init, or under an Init since shut down, follows the current
	// one.
	TracerProvider trace.TracerProvider
	MeterProvider  metric.MeterProvider
	// ScopeName and ScopeVersion name the tracer's instrumentation scope.
	ScopeName, ScopeVersion string
	// CaptureContent, when non-nil, overrides the Init setting.
	CaptureContent *bool
	// Pricing, when non-nil, overrides the Init setting.
	Pricing *pricing.Table
}

// Telemetry records model calls for one instrumented client.
type Telemetry struct {
	cfg     Config
	capture *bool
	pricing *pricing.Table
	// tracer and inst cache what was built for the provider last seen; a
	// fixed provider is seen once, the global one is checked on every call.
	tracer atomic.Pointer[boundTracer]
	inst   atomic.Pointer[boundInstruments]
}

type boundTracer struct {
	tp     trace.TracerProvider
	tracer trace.Tracer
}

type boundInstruments struct {
	mp   metric.MeterProvider
	inst *instruments
}

// New returns a Telemetry for cfg. Instrument creation errors go to the
// OpenTelemetry error handler; the affected instrument records nothing.
func New(cfg Config) *Telemetry {
	t := &Telemetry{cfg: cfg, capture: cfg.CaptureContent, pricing: cfg.Pricing}
	if cfg.TracerProvider != nil {
		t.tracer.Store(&boundTracer{tp: cfg.TracerProvider, tracer: t.newTracer(cfg.TracerProvider)})
	}
	if cfg.MeterProvider != nil {
		t.inst.Store(&boundInstruments{mp: cfg.MeterProvider, inst: newInstruments(cfg.MeterProvider)})
	}
	return t
}

func (t *Telemetry) newTracer(tp trace.TracerProvider) trace.Tracer {
	return tp.Tracer(t.cfg.ScopeName, trace.WithInstrumentationVersion(t.cfg.ScopeVersion))
}

// currentTracer is the tracer of the configured provider, or of the global
// one in force now.
func (t *Telemetry) currentTracer() trace.Tracer {
	if t.cfg.TracerProvider != nil {
		return t.tracer.Load().tracer
	}
	tp := otel.GetTracerProvider()
	if b := t.tracer.Load(); b != nil && same(b.tp, tp) {
		return b.tracer
	}
	b := &boundTracer{tp: tp, tracer: t.newTracer(tp)}
	t.tracer.Store(b)
	return b.tracer
}

// currentInstruments is the instruments of the configured meter provider,
// or of the global one in force now. They are kept by this Telemetry only,
// so a meter provider that was shut down is released with the clients that
// used it.
func (t *Telemetry) currentInstruments() *instruments {
	if t.cfg.MeterProvider != nil {
		return t.inst.Load().inst
	}
	mp := otel.GetMeterProvider()
	if b := t.inst.Load(); b != nil && same(b.mp, mp) {
		return b.inst
	}
	b := &boundInstruments{mp: mp, inst: newInstruments(mp)}
	t.inst.Store(b)
	return b.inst
}

// same reports whether a and b are the same provider, without panicking on
// a provider whose type is not comparable (such a provider is never
// considered the same, so its tracer is looked up each call).
func same(a, b any) bool {
	ta := reflect.TypeOf(a)
	if ta == nil || ta != reflect.TypeOf(b) || !ta.Comparable() {
		return false
	}
	return a == b
}
