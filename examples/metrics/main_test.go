package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/openlit/openlit-go/internal/exampletest"
)

// Offline on this machine (no GPU): the system metrics on the console
// next to the model call's.
func TestMetricsExampleNewcomer(t *testing.T) {
	exampletest.RunOffline(t, runExample, `"Name": "system.cpu.time"`, `"Name": "process.cpu.time"`, `"Name": "go.goroutine.count"`,
		`"Name": "gen_ai.client.token.usage"`)
}

// -gpu-check without a driver fails with NVML's reason.
func TestGPUCheckWithoutDriver(t *testing.T) {
	var out bytes.Buffer
	err := gpuCheck(context.Background(), &out, &out)
	if err == nil {
		t.Skipf("this machine has a GPU:\n%s", out.String())
	}
	if !strings.Contains(err.Error(), "NVML") {
		t.Errorf("err = %v", err)
	}
}
