// Package openlit is OpenTelemetry auto-instrumentation for Go programs that
// call large language models: the Go counterpart of OpenLIT (Python).
//
// One call sets up tracing and metrics:
//
//	otl, err := openlit.Init(ctx, openlit.WithDisableBatch(true))
//	if err != nil {
//		log.Fatal(err)
//	}
//	defer otl.Shutdown(context.Background())
//
// Init builds a tracer provider and a meter provider with the resource
// OpenLIT uses (service.name, deployment.environment, telemetry.sdk.name =
// "openlit"), exporting over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT (or
// an option) names a collector and to the console otherwise (a trace tree
// and totals per model on a terminal, the stdout exporters' JSON when
// piped: see WithConsoleFormat), and installs them as the OpenTelemetry
// globals. Instrumentation packages such as
// instrumentation/openlitopenai then record every model call through those globals.
//
// Every setting has an option and an environment variable; the option wins.
// See the README for the full table.
//
// Telemetry never fails the program: a collector that is down or slow is
// reported through the OpenTelemetry error handler (otel.SetErrorHandler),
// never returned to the code that made the model call, and Shutdown returns
// by its context's deadline.
package openlit
