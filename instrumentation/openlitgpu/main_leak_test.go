package openlitgpu_test

import (
	"testing"

	"github.com/openlit/openlit-go/internal/leaktest"
)

// TestMain fails the package's tests if any goroutine is left running.
func TestMain(m *testing.M) { leaktest.Main(m) }
