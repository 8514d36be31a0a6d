// Package langfuse is the part of the OpenLIT/Langfuse guide that is not
// OpenTelemetry: checking the credentials, reading a dataset, linking each
// run's trace to its dataset item, and scoring traces, through Langfuse's
// public REST API (the endpoints of its OpenAPI specification).
//
// It is a package of its own, not part of exporters, because it is an API
// client for a workflow, not a way to export telemetry: traces reach
// Langfuse through openlit.Init's Langfuse preset (OTLP/HTTP to
// {LANGFUSE_HOST}/api/public/otel/v1/traces), and this package only refers
// to them by trace id. Flush and Shutdown also flush the tracer provider, so
// a short program's traces are in Langfuse before it exits.
//
//	lf, err := langfuse.New()           // LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY, LANGFUSE_HOST
//	if err := lf.AuthCheck(ctx); err != nil { … }
//	ds, err := lf.GetDataset(ctx, "qa")
//	for _, item := range ds.Items {
//		traceID := run(item)              // an instrumented call inside your span
//		_ = item.Link(ctx, traceID, "run-01", map[string]any{"model": "gpt-4o-mini"})
//		_, _ = lf.Score(ctx, traceID, "accuracy", langfuse.Numeric(0.9), "")
//	}
//	_ = lf.Flush(ctx)
//
// Requests retry with exponential back-off on 429 and 5xx answers and on
// network errors, honour Retry-After and their context, and never put a key
// in an error.
package langfuse
