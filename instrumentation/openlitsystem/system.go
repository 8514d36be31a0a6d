// Package openlitsystem collects process and host metrics (CPU, memory,
// network) and the Go runtime's (OpenLIT's collect_system_metrics) with
// the OpenTelemetry contrib host and runtime instrumentations, on the
// meter provider openlit.Init sets up. Importing it for its side effect
// links it into Init, which starts it with WithCollectSystemMetrics(true)
// or OPENLIT_COLLECT_SYSTEM_METRICS=true:
//
//	import _ "github.com/openlit/openlit-go/instrumentation/openlitsystem"
//
// The metrics are the instrumentations' own (process.cpu.time,
// system.cpu.time, system.cpu.utilization, system.memory.usage,
// system.memory.utilization, system.network.io, go.memory.used,
// go.goroutine.count, go.gc.duration and the rest of the runtime
// conventions), observed at the reader's interval: no goroutine of their
// own. They stop with the meter provider, which Shutdown shuts down.
package openlitsystem

import (
	"context"
	"fmt"

	"go.opentelemetry.io/contrib/instrumentation/host"
	"go.opentelemetry.io/contrib/instrumentation/runtime"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"

	openlit "github.com/openlit/openlit-go"
)

func init() {
	openlit.RegisterCollector(openlit.SystemMetrics, func(_ context.Context, cfg openlit.CollectorConfig) (func(context.Context) error, error) {
		return Start(cfg.MeterProvider)
	})
}

// Start registers the host and runtime metrics on mp (the global meter
// provider when nil). The returned stop does nothing the meter
// provider's shutdown does not: the instrumentations offer no way to
// unregister.
func Start(mp metric.MeterProvider) (stop func(context.Context) error, err error) {
	if mp == nil {
		mp = otel.GetMeterProvider()
	}
	if err := host.Start(host.WithMeterProvider(mp)); err != nil {
		return nil, fmt.Errorf("openlitsystem: host metrics: %w", err)
	}
	if err := runtime.Start(runtime.WithMeterProvider(mp)); err != nil {
		return nil, fmt.Errorf("openlitsystem: runtime metrics: %w", err)
	}
	return func(context.Context) error { return nil }, nil
}
