package openlit

import (
	"strings"

	"github.com/openlit/openlit-go/internal/consoleview"
)

// EnvConsole chooses how telemetry printed to the console looks:
// "pretty" (a trace tree per trace, totals at Shutdown), "json" (the
// OpenTelemetry stdout exporters' JSON), or "auto" (the default: pretty when
// the console writer is a terminal, JSON otherwise).
const EnvConsole = "OPENLIT_CONSOLE"

// ConsoleFormat is how telemetry printed to the console looks: when no
// OTLP endpoint is set, or, for metrics, when only the traces go to
// Langfuse.
type ConsoleFormat int

const (
	// ConsoleAuto prints ConsolePretty when the console writer is a
	// terminal and ConsoleJSON otherwise (piped, redirected, in CI), so
	// tools that parse the JSON keep working.
	ConsoleAuto ConsoleFormat = iota
	// ConsoleJSON prints the OpenTelemetry stdout exporters' JSON: every
	// span with every attribute, then the metric data points.
	ConsoleJSON
	// ConsolePretty prints each finished trace as a short tree (span name,
	// duration, model, tokens, cost, time to first token, status, tool call
	// ids, content events cut to one line) and, at Shutdown, totals per
	// model (calls, tokens, cost, latency p50/p95 from the duration
	// histogram). Colour only on a terminal, never with NO_COLOR set.
	ConsolePretty
)

// String is the format's name, as EnvConsole spells it.
func (f ConsoleFormat) String() string {
	switch f {
	case ConsoleJSON:
		return "json"
	case ConsolePretty:
		return "pretty"
	default:
		return "auto"
	}
}

// WithConsoleFormat sets how console telemetry looks (env OPENLIT_CONSOLE;
// default ConsoleAuto).
func WithConsoleFormat(f ConsoleFormat) Option {
	return optionFunc(func(c *config) { c.consoleFormat = f })
}

// consoleFromEnv reads EnvConsole.
func (c *config) consoleFromEnv() {
	v, ok := lookup(EnvConsole)
	if !ok {
		return
	}
	switch strings.ToLower(v) { // lookup has trimmed it
	case "auto":
		c.consoleFormat = ConsoleAuto
	case "json":
		c.consoleFormat = ConsoleJSON
	case "pretty":
		c.consoleFormat = ConsolePretty
	default:
		c.fail("openlit: %s=%s: want pretty, json or auto", EnvConsole, quote(v))
	}
}

// consoleView is the view console telemetry goes to, or nil for JSON.
func (c *config) consoleView() *consoleview.View {
	switch c.consoleFormat {
	case ConsolePretty:
	case ConsoleAuto:
		if !consoleview.IsTerminal(c.consoleWriter) {
			return nil
		}
	default:
		return nil
	}
	if c.consoleWriter == nil {
		return nil
	}
	return consoleview.New(c.consoleWriter)
}
