// Package spectest checks the Langfuse client (package langfuse) and the
// local Langfuse server (package langfusetest) against Langfuse's own
// OpenAPI specification: every request the client makes and every answer
// the server gives is validated by kin-openapi. It is a test-only module, so
// the validator never enters the module graph of programs that use
// openlit-go.
package spectest

import (
	"testing"

	"github.com/openlit/openlit-go/internal/leaktest"
)

// TestMain fails the package's tests if any goroutine is left running.
func TestMain(m *testing.M) { leaktest.Main(m) }
