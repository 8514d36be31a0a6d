package semconv

import "go.opentelemetry.io/otel/attribute"

// Keys Langfuse's OpenTelemetry ingestion reads beyond the GenAI
// conventions (its attributes.ts), recorded when Langfuse attributes are on
// (the Langfuse preset, a Langfuse OTLP endpoint, or
// openlit.WithLangfuseAttributes).
const (
	// LangfuseModelParameters is "langfuse.observation.model.parameters": a
	// JSON object of the request parameters the caller set. It wins over
	// Langfuse's reading of every gen_ai.request.* key, so OpenLIT's
	// placeholders for unset parameters (max_tokens -1, seed "") stay off
	// Langfuse's view while the span keeps them.
	LangfuseModelParameters = attribute.Key("langfuse.observation.model.parameters")
	// LangfuseUsageDetails is "langfuse.observation.usage_details" (JSON).
	LangfuseUsageDetails = attribute.Key("langfuse.observation.usage_details")
	// LangfuseCostDetails is "langfuse.observation.cost_details": a JSON
	// object of the cost in USD per usage type (input, input_cached_tokens,
	// input_cache_creation, output, output_reasoning_tokens) and the total.
	LangfuseCostDetails = attribute.Key("langfuse.observation.cost_details")
	// LangfusePromptName and LangfusePromptVersion link a generation to the
	// Langfuse prompt it was made from.
	LangfusePromptName    = attribute.Key("langfuse.observation.prompt.name")
	LangfusePromptVersion = attribute.Key("langfuse.observation.prompt.version")
	// LangfuseTraceInput and LangfuseTraceOutput are the trace's input and
	// output (JSON), set on a trace's root span.
	LangfuseTraceInput  = attribute.Key("langfuse.trace.input")
	LangfuseTraceOutput = attribute.Key("langfuse.trace.output")
	// LangfuseEnvironment is "langfuse.environment"; experiment traces carry
	// "sdk-experiment", as Langfuse's own SDKs record them.
	LangfuseEnvironment = attribute.Key("langfuse.environment")
	// LangfuseRelease is "langfuse.release" (read from spans or the
	// resource).
	LangfuseRelease = attribute.Key("langfuse.release")
	// LangfuseVersion is "langfuse.version", the observation's version
	// (Langfuse falls back to the resource's service.version).
	LangfuseVersion = attribute.Key("langfuse.version")
	// GenAIToolDefinitions is "gen_ai.tool.definitions": the tools offered
	// to the model, as the JSON array the request sent (content).
	GenAIToolDefinitions = attribute.Key("gen_ai.tool.definitions")
)
