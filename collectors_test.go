package openlit_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	openlit "github.com/openlit/openlit-go"
)

// errs collects what goes to the OpenTelemetry error handler.
type errs struct {
	mu   sync.Mutex
	list []string
}

func (e *errs) Handle(err error) { e.mu.Lock(); e.list = append(e.list, err.Error()); e.mu.Unlock() }

func (e *errs) joined() string { e.mu.Lock(); defer e.mu.Unlock(); return strings.Join(e.list, "\n") }

func catchErrors(t *testing.T) *errs {
	e := &errs{}
	prev := otel.GetErrorHandler()
	otel.SetErrorHandler(e)
	t.Cleanup(func() { otel.SetErrorHandler(prev) })
	return e
}

// Collectors: started by Init when asked (option or environment) on the
// SDK's meter provider, stopped by Shutdown; one asked for and not
// linked in, or failing, or with metrics disabled, is one message and
// nothing else.
func TestCollectors(t *testing.T) {
	var started, stopped int
	var gotMP metric.MeterProvider
	openlit.RegisterCollector(openlit.SystemMetrics, func(_ context.Context, cfg openlit.CollectorConfig) (func(context.Context) error, error) {
		started++
		gotMP = cfg.MeterProvider
		return func(context.Context) error { stopped++; return nil }, nil
	})
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))

	e := catchErrors(t)
	t.Setenv("OPENLIT_COLLECT_GPU_STATS", "true")
	sdk, err := openlit.Init(context.Background(), openlit.WithGlobalProviders(false), openlit.WithMeterProvider(mp),
		openlit.WithConsoleWriter(&strings.Builder{}), openlit.WithCollectSystemMetrics(true))
	if err != nil {
		t.Fatal(err)
	}
	if started != 1 || gotMP != mp {
		t.Errorf("system collector started %d times on %v", started, gotMP)
	}
	if msg := e.joined(); strings.Count(msg, "gpu metrics asked for") != 1 || !strings.Contains(msg, "instrumentation/openlitgpu") {
		t.Errorf("messages: %q", msg)
	}
	if err := sdk.Shutdown(context.Background()); err != nil || stopped != 1 {
		t.Errorf("Shutdown: %v, stopped %d", err, stopped)
	}

	// Failing to start (no GPU): one message, the SDK works.
	openlit.RegisterCollector(openlit.GPUStats, func(context.Context, openlit.CollectorConfig) (func(context.Context) error, error) {
		return nil, errors.New("no NVIDIA driver")
	})
	e2 := catchErrors(t)
	sdk, err = openlit.Init(context.Background(), openlit.WithGlobalProviders(false), openlit.WithMeterProvider(mp),
		openlit.WithConsoleWriter(&strings.Builder{}))
	if err != nil {
		t.Fatal(err)
	}
	_ = sdk.Shutdown(context.Background())
	if msg := e2.joined(); strings.Count(msg, "no NVIDIA driver") != 1 {
		t.Errorf("messages: %q", msg)
	}

	// Metrics disabled: said, not started.
	t.Setenv("OPENLIT_COLLECT_GPU_STATS", "false")
	e3 := catchErrors(t)
	started = 0
	sdk, err = openlit.Init(context.Background(), openlit.WithGlobalProviders(false), openlit.WithDisableMetrics(true),
		openlit.WithConsoleWriter(&strings.Builder{}), openlit.WithCollectSystemMetrics(true))
	if err != nil {
		t.Fatal(err)
	}
	_ = sdk.Shutdown(context.Background())
	if started != 0 || !strings.Contains(e3.joined(), "metrics disabled") {
		t.Errorf("started %d, messages %q", started, e3.joined())
	}
	t.Setenv("OPENLIT_COLLECT_SYSTEM_METRICS", "sometimes")
	if _, err := openlit.Init(context.Background(), openlit.WithGlobalProviders(false)); err == nil || !strings.Contains(err.Error(), "OPENLIT_COLLECT_SYSTEM_METRICS") {
		t.Errorf("a bad value: %v", err)
	}
}
