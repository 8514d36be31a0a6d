package openlitadk_test

import (
	"testing"

	"go.opentelemetry.io/otel"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/internal/leaktest"
)

// ADK takes its tracer from the global provider when its package loads,
// and OpenTelemetry binds such a tracer to the first provider set
// globally: the tests share one provider, its exporter reset per test.
var (
	spans    = tracetest.NewInMemoryExporter()
	provider = sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	reader   = sdkmetric.NewManualReader()
	meters   = sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
)

func TestMain(m *testing.M) {
	otel.SetTracerProvider(provider)
	leaktest.Main(m)
}
