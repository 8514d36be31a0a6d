package openlitanthropic

import (
	"testing"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"

	openlit "github.com/openlit/openlit-go"
)

// The module resolves both the root module (from this repository, through
// the replace directive) and the Anthropic SDK at the version it pins.
func TestModuleResolves(t *testing.T) {
	if openlit.Version == "" {
		t.Error("root module not linked")
	}
	_ = anthropic.NewClient(option.WithAPIKey("test"))
}
