package openlitsystem_test

import (
	"context"
	"strings"
	"testing"

	openlit "github.com/openlit/openlit-go"
	_ "github.com/openlit/openlit-go/instrumentation/openlitsystem"
	"github.com/openlit/openlit-go/internal/otlpreceiver"
)

// Init with system metrics on: the host and runtime metrics reach a real
// OTLP receiver with their units; without the option, none.
func TestSystemMetricsThroughOTLP(t *testing.T) {
	for _, on := range []bool{true, false} {
		rcv := otlpreceiver.New()
		sdk, err := openlit.Init(context.Background(), openlit.WithGlobalProviders(false), openlit.WithOTLPEndpoint(rcv.URL),
			openlit.WithCollectSystemMetrics(on))
		if err != nil {
			t.Fatal(err)
		}
		if err := sdk.Shutdown(context.Background()); err != nil {
			t.Fatal(err)
		}
		ms := rcv.Metrics()
		rcv.Close()
		want := map[string]string{"process.cpu.time": "s", "system.cpu.time": "s", "system.memory.usage": "By",
			"system.network.io": "By", "go.memory.used": "By", "go.goroutine.count": "{goroutine}"}
		for name, unit := range want {
			m, ok := ms[name]
			if ok != on || (on && m.Unit != unit) {
				t.Errorf("on=%v %s: present %v, unit %q", on, name, ok, m.Unit)
			}
		}
		if !on {
			for name := range ms {
				if strings.HasPrefix(name, "system.") || strings.HasPrefix(name, "go.") {
					t.Errorf("%s with system metrics off", name)
				}
			}
		}
	}
}
