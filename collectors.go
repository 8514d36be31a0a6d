package openlit

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
)

// CollectorKind names a kind of metrics a nested module collects.
type CollectorKind string

// The collector kinds Init knows.
const (
	// GPUStats: GPU utilization, memory, temperature, power (OpenLIT's
	// collect_gpu_stats), from instrumentation/openlitgpu.
	GPUStats CollectorKind = "gpu"
	// SystemMetrics: process and host CPU, memory, network and the Go
	// runtime (OpenLIT's collect_system_metrics), from
	// instrumentation/openlitsystem.
	SystemMetrics CollectorKind = "system"
)

// modules are the modules that provide each kind, for Init's message
// when one is asked for and not linked in.
var modules = map[CollectorKind]string{
	GPUStats:      "github.com/openlit/openlit-go/instrumentation/openlitgpu",
	SystemMetrics: "github.com/openlit/openlit-go/instrumentation/openlitsystem",
}

// CollectorConfig is what a collector is started with.
type CollectorConfig struct {
	// MeterProvider is the SDK's meter provider: the collector's
	// instruments are observed at its reader's interval.
	MeterProvider metric.MeterProvider
	// ServiceName and Environment are Init's, for collectors that put
	// them on their points as OpenLIT does.
	ServiceName, Environment string
}

// Collector starts metrics of one kind on a meter provider; the returned
// stop unregisters them (Shutdown calls it). Modules register theirs with
// RegisterCollector, in an init function: importing the module for its
// side effect is what links the collector in.
type Collector func(ctx context.Context, cfg CollectorConfig) (stop func(context.Context) error, err error)

var collectors sync.Map // CollectorKind → Collector

// RegisterCollector makes c the collector Init starts for kind when asked
// to (WithCollectGPUStats, WithCollectSystemMetrics, or their environment
// variables). A later registration of the same kind replaces it.
func RegisterCollector(kind CollectorKind, c Collector) {
	if c != nil {
		collectors.Store(kind, c)
	}
}

// startCollectors starts the collectors asked for; a missing one or one
// that cannot start (no GPU, no driver) is said once through the
// OpenTelemetry error handler and leaves the SDK as it is.
func (s *SDK) startCollectors(ctx context.Context, c *config) {
	for _, kind := range []CollectorKind{GPUStats, SystemMetrics} {
		if !c.collect[kind] {
			continue
		}
		if s.mp == nil {
			otel.Handle(fmt.Errorf("openlit: %s metrics asked for with metrics disabled: not collected", kind))
			continue
		}
		v, ok := collectors.Load(kind)
		if !ok {
			otel.Handle(fmt.Errorf("openlit: %s metrics asked for, but no collector is linked in: import _ %q", kind, modules[kind]))
			continue
		}
		stop, err := v.(Collector)(ctx, CollectorConfig{MeterProvider: s.mp, ServiceName: c.serviceName, Environment: c.environment})
		if err != nil {
			otel.Handle(fmt.Errorf("openlit: %s metrics not collected: %w", kind, err))
			continue
		}
		if stop != nil {
			s.stops = append(s.stops, stop)
		}
	}
}

// stopCollectors stops what startCollectors started.
func (s *SDK) stopCollectors(ctx context.Context) error {
	var errs []error
	for _, stop := range s.stops {
		errs = append(errs, stop(ctx))
	}
	s.stops = nil
	return errors.Join(errs...)
}
