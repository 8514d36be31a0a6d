package openlitgenkit_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine is left running,
// but Genkit's own: genkit.Init starts a signal.NotifyContext it never
// stops, one per Init (genkit/genkit.go), which a process calling Init
// once never notices.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreTopFunction("os/signal.NotifyContext.func1"))
}
