package openlitgpu

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"

	"github.com/NVIDIA/go-nvml/pkg/nvml"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/internal/version"
)

// ScopeName is the instrumentation scope of the GPU metrics.
const ScopeName = "github.com/openlit/openlit-go/instrumentation/openlitgpu"

func init() {
	openlit.RegisterCollector(openlit.GPUStats, func(_ context.Context, cfg openlit.CollectorConfig) (func(context.Context) error, error) {
		return Start(cfg.MeterProvider, WithServiceName(cfg.ServiceName), WithEnvironment(cfg.Environment))
	})
}

// Option configures Start.
type Option func(*config)

type config struct {
	lib              nvml.Interface
	service, environ string
}

// WithLibrary reads lib instead of the driver's NVML (a mock, in tests).
func WithLibrary(lib nvml.Interface) Option { return func(c *config) { c.lib = lib } }

// WithServiceName sets service.name on the points.
func WithServiceName(name string) Option { return func(c *config) { c.service = name } }

// WithEnvironment sets deployment.environment on the points.
func WithEnvironment(env string) Option { return func(c *config) { c.environ = env } }

// ErrNoGPU is Start's error on a machine whose NVML sees no GPU.
var ErrNoGPU = errors.New("openlitgpu: NVML found no GPU")

// gauge is one metric: its name, unit, description and reading.
type gauge struct {
	name, unit, desc string
	read             func(d nvml.Device) (float64, nvml.Return)
}

const mib = 1 << 20

var gauges = []gauge{
	{"gpu.utilization", "%", "GPU utilization", func(d nvml.Device) (float64, nvml.Return) {
		u, r := d.GetUtilizationRates()
		return float64(u.Gpu), r
	}},
	{"gpu.enc.utilization", "%", "GPU encoder utilization", func(d nvml.Device) (float64, nvml.Return) {
		u, _, r := d.GetEncoderUtilization()
		return float64(u), r
	}},
	{"gpu.dec.utilization", "%", "GPU decoder utilization", func(d nvml.Device) (float64, nvml.Return) {
		u, _, r := d.GetDecoderUtilization()
		return float64(u), r
	}},
	{"gpu.temperature", "Cel", "GPU temperature", func(d nvml.Device) (float64, nvml.Return) {
		t, r := d.GetTemperature(nvml.TEMPERATURE_GPU)
		return float64(t), r
	}},
	{"gpu.fan_speed", "%", "GPU fan speed", func(d nvml.Device) (float64, nvml.Return) {
		f, r := d.GetFanSpeed()
		if r == nvml.ERROR_NOT_SUPPORTED {
			return 0, nvml.SUCCESS // passively cooled: no fan
		}
		return float64(f), r
	}},
	{"gpu.memory.available", "MiB", "GPU memory available", func(d nvml.Device) (float64, nvml.Return) {
		m, r := d.GetMemoryInfo()
		return float64(m.Free) / mib, r
	}},
	{"gpu.memory.total", "MiB", "GPU memory total", func(d nvml.Device) (float64, nvml.Return) {
		m, r := d.GetMemoryInfo()
		return float64(m.Total) / mib, r
	}},
	{"gpu.memory.used", "MiB", "GPU memory used", func(d nvml.Device) (float64, nvml.Return) {
		m, r := d.GetMemoryInfo()
		return float64(m.Used) / mib, r
	}},
	{"gpu.memory.free", "MiB", "GPU memory free", func(d nvml.Device) (float64, nvml.Return) {
		m, r := d.GetMemoryInfo()
		return float64(m.Free) / mib, r
	}},
	{"gpu.power.draw", "W", "GPU power draw", func(d nvml.Device) (float64, nvml.Return) {
		p, r := d.GetPowerUsage()
		return float64(p) / 1000, r
	}},
	{"gpu.power.limit", "W", "GPU enforced power limit", func(d nvml.Device) (float64, nvml.Return) {
		p, r := d.GetEnforcedPowerLimit()
		return float64(p) / 1000, r
	}},
}

// collector reads the GPUs at each collection.
type collector struct {
	lib    nvml.Interface
	common []attribute.KeyValue
	gauges []metric.Float64ObservableGauge

	mu   sync.Mutex
	said map[string]bool // failures said once, by GPU and metric
}

// maxSaid bounds the failures remembered as said.
const maxSaid = 1024

// Start initializes NVML, registers the GPU gauges on mp and returns the
// function that unregisters them and shuts NVML down. Without NVML or a
// GPU it returns an error and registers nothing.
func Start(mp metric.MeterProvider, opts ...Option) (stop func(context.Context) error, err error) {
	cfg := config{}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if mp == nil {
		mp = otel.GetMeterProvider()
	}
	lib := cfg.lib
	if lib == nil {
		lib = nvml.New()
	}
	defer func() {
		if x := recover(); x != nil {
			stop, err = nil, fmt.Errorf("openlitgpu: NVML: %v", x)
		}
	}()
	if r := lib.Init(); r != nvml.SUCCESS {
		return nil, fmt.Errorf("openlitgpu: NVML did not start (no NVIDIA driver?): %s", nvml.ErrorString(r))
	}
	n, r := lib.DeviceGetCount()
	if r != nvml.SUCCESS || n == 0 {
		lib.Shutdown()
		if r != nvml.SUCCESS {
			return nil, fmt.Errorf("openlitgpu: NVML: counting GPUs: %s", nvml.ErrorString(r))
		}
		return nil, ErrNoGPU
	}
	c := &collector{lib: lib, said: map[string]bool{}, common: []attribute.KeyValue{
		attribute.String("telemetry.sdk.name", "openlit"),
		attribute.String("service.name", cfg.service),
		attribute.String("deployment.environment", cfg.environ),
	}}
	meter := mp.Meter(ScopeName, metric.WithInstrumentationVersion(version.Version))
	var insts []metric.Observable
	for _, g := range gauges {
		inst, err := meter.Float64ObservableGauge(g.name, metric.WithUnit(g.unit), metric.WithDescription(g.desc))
		if err != nil {
			lib.Shutdown()
			return nil, fmt.Errorf("openlitgpu: %s: %w", g.name, err)
		}
		c.gauges = append(c.gauges, inst)
		insts = append(insts, inst)
	}
	reg, err := meter.RegisterCallback(c.observe, insts...)
	if err != nil {
		lib.Shutdown()
		return nil, fmt.Errorf("openlitgpu: %w", err)
	}
	var once sync.Once
	return func(context.Context) error {
		var err error
		once.Do(func() {
			err = reg.Unregister()
			lib.Shutdown()
		})
		return err
	}, nil
}

// observe reads every GPU NVML sees now.
func (c *collector) observe(_ context.Context, o metric.Observer) (err error) {
	defer func() {
		if x := recover(); x != nil {
			err = fmt.Errorf("openlitgpu: NVML: %v", x)
		}
	}()
	n, r := c.lib.DeviceGetCount()
	if r != nvml.SUCCESS {
		c.say("count", "", r)
		return nil
	}
	for i := range n {
		d, r := c.lib.DeviceGetHandleByIndex(i)
		if r != nvml.SUCCESS {
			// Lost since the last collection (or failing): not reported.
			c.say(strconv.Itoa(i), "handle", r)
			continue
		}
		uuid, _ := d.GetUUID()
		name, _ := d.GetName()
		attrs := metric.WithAttributes(append(c.common[:len(c.common):len(c.common)],
			attribute.String("gpu.index", strconv.Itoa(i)),
			attribute.String("gpu.uuid", uuid),
			attribute.String("gpu.name", name))...)
		for j, g := range gauges {
			v, r := g.read(d)
			if r != nvml.SUCCESS {
				c.say(strconv.Itoa(i), g.name, r)
				continue
			}
			o.ObserveFloat64(c.gauges[j], v, attrs)
		}
	}
	return nil
}

// say reports a failed query once per GPU and metric.
func (c *collector) say(gpu, what string, r nvml.Return) {
	key := gpu + "/" + what
	c.mu.Lock()
	seen := c.said[key]
	if !seen && len(c.said) < maxSaid {
		c.said[key] = true
	}
	c.mu.Unlock()
	if !seen {
		otel.Handle(fmt.Errorf("openlitgpu: GPU %s: %s: %s (not reported while it fails)", gpu, what, nvml.ErrorString(r)))
	}
}
