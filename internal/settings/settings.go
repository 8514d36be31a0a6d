package settings

import (
	"os"
	"strconv"
	"strings"
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
	// Langfuse is true when Init sends traces to Langfuse (its preset):
	// the langfuse.* attributes are recorded then.
	Langfuse bool
}

// SpanValueLimit is the attribute value length limit the OpenTelemetry
// environment sets for spans (OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT, else
// OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT), or 0. The Go SDK applies it to span
// attributes but not to event attributes, where the prompt and completion
// go; openlit-go applies it to those too.
func SpanValueLimit() int {
	for _, k := range []string{"OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT"} {
		if n, err := strconv.Atoi(strings.TrimSpace(os.Getenv(k))); err == nil && n > 0 {
			return n
		}
	}
	return 0
}

var current atomic.Pointer[Settings]

// Defaults are the settings in force before Init runs.
func Defaults() *Settings {
	return &Settings{CaptureContent: true, ServiceName: "default", Environment: "default",
		Mode: semconv.ModeFromEnv(), MaxContentLength: SpanValueLimit()}
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
