// Package guard checks what goes into and comes out of model calls:
// personal data and secrets (PII), custom rules, prompt injection, and —
// judged by a model the app hands in — sensitive topics, topic
// restriction and moderation. It is OpenLIT's guard system for Go.
//
// Guards run one by one in a Pipeline, on demand (Pipeline.Check) or
// around every model call of an HTTP client (NewTransport). Each guard
// returns an action: allow, warn, redact (the text with the matches
// replaced by [REDACTED:label]) or deny. A deny stops the pipeline, and
// around a model call it stops the call: the client gets its API's error
// (HTTP 400, type "guard_denied", not retried) and AsDenied finds the
// *DeniedError behind it. A guard that fails or runs past its time
// budget is treated as allow (fail-open, the default) or as deny
// (WithFailClosed).
//
// Every evaluation is recorded as OpenLIT records it: a "guard.evaluation"
// event on the span in the context (the model call's, when the pipeline
// runs inside an instrumented client; else the caller's) with guard.name,
// guard.phase, guard.action, guard.score, guard.classification,
// guard.explanation and guard.latency_ms; and the counter
// "guard.requests" with guard.name, guard.action, guard.classification
// and guard.phase. (OpenLIT also puts the score on the counter; here it
// stays off the metric, where every distinct score would be a series of
// its own.)
package guard
