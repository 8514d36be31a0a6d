// Package evals scores model answers with a model as judge:
// hallucination (against the contexts given), bias, toxicity, or all
// three in one judgement. Each result is recorded as OpenLIT and the
// OpenTelemetry GenAI conventions record evaluations: a
// "gen_ai.evaluation.result" event on the span in the context (the chat
// span of the answer, when the evaluation runs in its context; see
// openlittrace.RecordEvaluation), and the counter "evals.requests" with
// the evaluation's name, verdict and classification.
//
// The judge is any guard.Judge (guard.OpenAIJudge for an openai-go
// client). Every evaluation has a time budget (WithTimeout) and never
// blocks past it; a judge that fails, is slow or replies malformed is an
// error, and is recorded as an evaluation with error.type, not as a
// score.
package evals
