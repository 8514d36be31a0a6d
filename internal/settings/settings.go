package settings

import (
	"sync/atomic"

	"github.com/openlit/openlit-go/pricing"
	"github.com/openlit/openlit-go/semconv"
)

// Settings are the process-wide defaults instrumentation uses where its own
// options say nothing.
type Settings struct {
	// CaptureContent records prompts and completions in span events.
	CaptureContent bool
	// Pricing prices calls; nil means pricing.Default().
	Pricing *pricing.Table
	// ServiceName and Environment are recorded on every span and metric
	// point, as OpenLIT does.
	ServiceName string
	Environment string
	// Mode is the generation of names emitted.
	Mode semconv.Mode
	// MaxContentLength bounds each recorded content string, in bytes; 0
	// means the default (128 KiB).
	MaxContentLength int
}

var current atomic.Pointer[Settings]

// Defaults are the settings in force before Init runs.
func Defaults() *Settings {
	return &Settings{CaptureContent: true, ServiceName: "default", Environment: "default", Mode: semconv.ModeFromEnv()}
}

func init() { current.Store(Defaults()) }

// Load returns the settings in force. The result must not be modified.
func Load() *Settings { return current.Load() }

// Store replaces the settings in force; nil restores the defaults.
func Store(s *Settings) {
	if s == nil {
		s = Defaults()
	}
	current.Store(s)
}
