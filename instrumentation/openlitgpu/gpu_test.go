package openlitgpu_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/NVIDIA/go-nvml/pkg/nvml"
	"github.com/NVIDIA/go-nvml/pkg/nvml/mock"
	"go.opentelemetry.io/otel"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/instrumentation/openlitgpu"
	"github.com/openlit/openlit-go/internal/otlpreceiver"
)

// device is a mocked GPU; temperature fails when hot is false.
func device(i int, tempFails bool) *mock.Device {
	name := []string{"NVIDIA A100-SXM4-80GB", "NVIDIA H100 80GB HBM3"}[i]
	return &mock.Device{
		GetUUIDFunc: func() (string, nvml.Return) { return "GPU-" + name[7:11], nvml.SUCCESS },
		GetNameFunc: func() (string, nvml.Return) { return name, nvml.SUCCESS },
		GetUtilizationRatesFunc: func() (nvml.Utilization, nvml.Return) {
			return nvml.Utilization{Gpu: uint32(40 + i), Memory: 10}, nvml.SUCCESS
		},
		GetEncoderUtilizationFunc: func() (uint32, uint32, nvml.Return) { return 3, 1000, nvml.SUCCESS },
		GetDecoderUtilizationFunc: func() (uint32, uint32, nvml.Return) { return 4, 1000, nvml.SUCCESS },
		GetTemperatureFunc: func(nvml.TemperatureSensors) (uint32, nvml.Return) {
			if tempFails {
				return 0, nvml.ERROR_UNKNOWN
			}
			return 61, nvml.SUCCESS
		},
		GetFanSpeedFunc: func() (uint32, nvml.Return) { return 0, nvml.ERROR_NOT_SUPPORTED },
		GetMemoryInfoFunc: func() (nvml.Memory, nvml.Return) {
			return nvml.Memory{Total: 80 << 30, Used: 20 << 30, Free: 60 << 30}, nvml.SUCCESS
		},
		GetPowerUsageFunc:         func() (uint32, nvml.Return) { return 250500, nvml.SUCCESS },
		GetEnforcedPowerLimitFunc: func() (uint32, nvml.Return) { return 400000, nvml.SUCCESS },
	}
}

// library is a mocked NVML with gpus; lose() makes the second disappear.
type library struct {
	*mock.Interface
	mu   sync.Mutex
	gpus []*mock.Device
	down int // Shutdown calls
}

func newLibrary() *library {
	l := &library{gpus: []*mock.Device{device(0, false), device(1, true)}}
	l.Interface = &mock.Interface{
		InitFunc:     func() nvml.Return { return nvml.SUCCESS },
		ShutdownFunc: func() nvml.Return { l.mu.Lock(); l.down++; l.mu.Unlock(); return nvml.SUCCESS },
		DeviceGetCountFunc: func() (int, nvml.Return) {
			l.mu.Lock()
			defer l.mu.Unlock()
			return len(l.gpus), nvml.SUCCESS
		},
		DeviceGetHandleByIndexFunc: func(i int) (nvml.Device, nvml.Return) {
			l.mu.Lock()
			defer l.mu.Unlock()
			if i >= len(l.gpus) {
				return nil, nvml.ERROR_GPU_IS_LOST
			}
			return l.gpus[i], nvml.SUCCESS
		},
	}
	return l
}

func (l *library) lose() { l.mu.Lock(); l.gpus = l.gpus[:1]; l.mu.Unlock() }

type handler struct {
	mu   sync.Mutex
	errs []string
}

func (h *handler) Handle(err error) { h.mu.Lock(); h.errs = append(h.errs, err.Error()); h.mu.Unlock() }

func catch(t *testing.T) *handler {
	h := &handler{}
	prev := otel.GetErrorHandler()
	otel.SetErrorHandler(h)
	t.Cleanup(func() { otel.SetErrorHandler(prev) })
	return h
}

// Two GPUs, one failing its temperature query, exported by Init's
// pipeline to a real OTLP receiver: OpenLIT's names with units and
// attributes; the failing query no point and one message however many
// collections; then a GPU lost: no longer reported; Shutdown stops it.
func TestGPUsThroughOTLP(t *testing.T) {
	lib := newLibrary()
	openlit.RegisterCollector(openlit.GPUStats, func(_ context.Context, cfg openlit.CollectorConfig) (func(context.Context) error, error) {
		return openlitgpu.Start(cfg.MeterProvider, openlitgpu.WithLibrary(lib), openlitgpu.WithServiceName(cfg.ServiceName),
			openlitgpu.WithEnvironment(cfg.Environment))
	})
	rcv := otlpreceiver.New()
	defer rcv.Close()
	h := catch(t)
	sdk, err := openlit.Init(context.Background(), openlit.WithGlobalProviders(false), openlit.WithOTLPEndpoint(rcv.URL),
		openlit.WithServiceName("gateway"), openlit.WithEnvironment("prod"), openlit.WithCollectGPUStats(true))
	if err != nil {
		t.Fatal(err)
	}
	if err := sdk.ForceFlush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := sdk.ForceFlush(context.Background()); err != nil {
		t.Fatal(err)
	}
	points := gpuPoints(rcv)
	lib.lose()
	if err := sdk.ForceFlush(context.Background()); err != nil {
		t.Fatal(err)
	}
	last := gpuPoints(rcv)
	if err := sdk.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"gpu.utilization": "%", "gpu.enc.utilization": "%", "gpu.dec.utilization": "%", "gpu.temperature": "Cel",
		"gpu.fan_speed": "%", "gpu.memory.available": "MiB", "gpu.memory.total": "MiB", "gpu.memory.used": "MiB", "gpu.memory.free": "MiB",
		"gpu.power.draw": "W", "gpu.power.limit": "W"}
	for name, unit := range want {
		p, ok := points[name]
		if !ok || p.unit != unit {
			t.Errorf("%s: %+v, want unit %s", name, p, unit)
			continue
		}
		gpus := 2
		if name == "gpu.temperature" {
			gpus = 1 // GPU 1's query fails: no point, not a 0
		}
		if len(p.byGPU) != gpus {
			t.Errorf("%s: points for GPUs %v, want %d", name, p.byGPU, gpus)
		}
	}
	if v := points["gpu.power.draw"].byGPU["0"]; v != 250.5 {
		t.Errorf("power draw %v W", v)
	}
	if v := points["gpu.memory.used"].byGPU["1"]; v != 20480 {
		t.Errorf("memory used %v MiB", v)
	}
	a := points["gpu.utilization"].attrs
	if a["gpu.name"] != "NVIDIA A100-SXM4-80GB" && a["gpu.name"] != "NVIDIA H100 80GB HBM3" || a["gpu.uuid"] == "" ||
		a["service.name"] != "gateway" || a["deployment.environment"] != "prod" || a["telemetry.sdk.name"] != "openlit" {
		t.Errorf("attributes %v", a)
	}
	if n := strings.Count(strings.Join(h.errs, "\n"), "gpu.temperature"); n != 1 {
		t.Errorf("the failing query said %d times: %v", n, h.errs)
	}
	// After the loss: GPU 1 not reported.
	if g := last["gpu.utilization"].byGPU; len(g) != 1 || g["0"] == 0 {
		t.Errorf("after GPU 1 was lost: %v", g)
	}
	if lib.down != 1 {
		t.Errorf("NVML shut down %d times", lib.down)
	}
}

type points struct {
	unit  string
	byGPU map[string]float64
	attrs map[string]any
}

func gpuPoints(rcv *otlpreceiver.Receiver) map[string]points { return gpuPointsOf(rcv.Metrics()) }

func gpuPointsOf(ms map[string]otlpreceiver.Metric) map[string]points {
	out := map[string]points{}
	for _, m := range ms {
		if !strings.HasPrefix(m.Name, "gpu.") {
			continue
		}
		p := points{unit: m.Unit, byGPU: map[string]float64{}}
		for _, dp := range m.GetGauge().GetDataPoints() {
			a := otlpreceiver.Attrs(dp.Attributes)
			p.attrs = a
			idx, _ := a["gpu.index"].(string)
			p.byGPU[idx] = dp.GetAsDouble()
		}
		out[m.Name] = p
	}
	return out
}

// On this machine (no NVIDIA driver): Start fails with one clear error and
// registers nothing; through Init, one message and the SDK works.
func TestNoDriver(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	stop, err := openlitgpu.Start(mp)
	if err == nil {
		_ = stop(context.Background())
		t.Skip("this machine has an NVIDIA driver and a GPU: see scripts/gpu-check.sh")
	}
	if !strings.Contains(err.Error(), "NVML") {
		t.Errorf("err = %v", err)
	}
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	if len(rm.ScopeMetrics) != 0 {
		t.Errorf("registered %+v", rm.ScopeMetrics)
	}
	// A mock that finds no GPU.
	empty := &mock.Interface{InitFunc: func() nvml.Return { return nvml.SUCCESS }, ShutdownFunc: func() nvml.Return { return nvml.SUCCESS },
		DeviceGetCountFunc: func() (int, nvml.Return) { return 0, nvml.SUCCESS }}
	if _, err := openlitgpu.Start(mp, openlitgpu.WithLibrary(empty)); !errors.Is(err, openlitgpu.ErrNoGPU) {
		t.Errorf("no GPU: %v", err)
	}
}
