package semconv

import (
	"go.opentelemetry.io/otel/attribute"
	otelsemconv "go.opentelemetry.io/otel/semconv/v1.41.0"
)

// SDKName is the value of telemetry.sdk.name on the resource and on every
// span and metric point openlit-go records, as in OpenLIT.
const SDKName = "openlit"

// Resource and common attribute keys.
const (
	// TelemetrySDKName is "telemetry.sdk.name".
	TelemetrySDKName = otelsemconv.TelemetrySDKNameKey
	// TelemetrySDKLanguage is "telemetry.sdk.language".
	TelemetrySDKLanguage = otelsemconv.TelemetrySDKLanguageKey
	// TelemetrySDKVersion is "telemetry.sdk.version".
	TelemetrySDKVersion = otelsemconv.TelemetrySDKVersionKey
	// ServiceName is "service.name".
	ServiceName = otelsemconv.ServiceNameKey
	// DeploymentEnvironment is "deployment.environment", the name OpenLIT
	// uses (newer OpenTelemetry conventions call it
	// "deployment.environment.name").
	DeploymentEnvironment = attribute.Key("deployment.environment")
	// ServerAddress is "server.address": the host the client really called.
	ServerAddress = otelsemconv.ServerAddressKey
	// ServerPort is "server.port": the port the client really called.
	ServerPort = otelsemconv.ServerPortKey
	// ErrorType is "error.type": the HTTP status code or the Go error type of
	// a failed call.
	ErrorType = otelsemconv.ErrorTypeKey
	// ExceptionType is "exception.type", on the exception event of a failed
	// call.
	ExceptionType = otelsemconv.ExceptionTypeKey
	// ExceptionMessage is "exception.message", on the exception event of a
	// failed call.
	ExceptionMessage = otelsemconv.ExceptionMessageKey
)

// Keys of the attributes an app puts on a context (openlit.ContextWithAttributes).
const (
	// UserID is "user.id".
	UserID = otelsemconv.UserIDKey
	// SessionID is "session.id".
	SessionID = otelsemconv.SessionIDKey
	// GenAIConversationID is "gen_ai.conversation.id".
	GenAIConversationID = otelsemconv.GenAIConversationIDKey
	// LangfuseUserID is "langfuse.user.id".
	LangfuseUserID = attribute.Key("langfuse.user.id")
	// LangfuseSessionID is "langfuse.session.id".
	LangfuseSessionID = attribute.Key("langfuse.session.id")
	// LangfuseTraceName is "langfuse.trace.name".
	LangfuseTraceName = attribute.Key("langfuse.trace.name")
	// LangfuseTraceTags is "langfuse.trace.tags" (a string slice).
	LangfuseTraceTags = attribute.Key("langfuse.trace.tags")
	// LangfuseTraceMetadataPrefix prefixes one attribute per trace metadata
	// key ("langfuse.trace.metadata.{key}").
	LangfuseTraceMetadataPrefix = "langfuse.trace.metadata."
)

// EventException is the name of the event recording a failed call's error,
// as trace.Span.RecordError names it.
const EventException = "exception"

// GenAI span and metric attribute keys.
const (
	// GenAIOperationName is "gen_ai.operation.name" ("chat", "embeddings", …).
	GenAIOperationName = otelsemconv.GenAIOperationNameKey
	// GenAISystem is "gen_ai.system" ("openai", …), the provider key OpenLIT
	// uses (newer conventions call it "gen_ai.provider.name").
	GenAISystem = attribute.Key("gen_ai.system")
	// GenAIRequestModel is "gen_ai.request.model".
	GenAIRequestModel = otelsemconv.GenAIRequestModelKey
	// GenAIRequestSeed is "gen_ai.request.seed"; OpenLIT records it as a
	// string, "" when unset.
	GenAIRequestSeed = otelsemconv.GenAIRequestSeedKey
	// GenAIRequestFrequencyPenalty is "gen_ai.request.frequency_penalty".
	GenAIRequestFrequencyPenalty = otelsemconv.GenAIRequestFrequencyPenaltyKey
	// GenAIRequestMaxTokens is "gen_ai.request.max_tokens" (-1 when unset).
	GenAIRequestMaxTokens = otelsemconv.GenAIRequestMaxTokensKey
	// GenAIRequestPresencePenalty is "gen_ai.request.presence_penalty".
	GenAIRequestPresencePenalty = otelsemconv.GenAIRequestPresencePenaltyKey
	// GenAIRequestStopSequences is "gen_ai.request.stop_sequences".
	GenAIRequestStopSequences = otelsemconv.GenAIRequestStopSequencesKey
	// GenAIRequestTemperature is "gen_ai.request.temperature".
	GenAIRequestTemperature = otelsemconv.GenAIRequestTemperatureKey
	// GenAIRequestTopP is "gen_ai.request.top_p".
	GenAIRequestTopP = otelsemconv.GenAIRequestTopPKey
	// GenAIRequestTopK is "gen_ai.request.top_k".
	GenAIRequestTopK = otelsemconv.GenAIRequestTopKKey
	// GenAIRequestUser is "gen_ai.request.user".
	GenAIRequestUser = attribute.Key("gen_ai.request.user")
	// GenAIRequestServiceTier is "gen_ai.request.service_tier".
	GenAIRequestServiceTier = attribute.Key("gen_ai.request.service_tier")
	// GenAIRequestIsStream is "gen_ai.request.is_stream" (OpenLIT's name;
	// ModeLatest records GenAIRequestStream).
	GenAIRequestIsStream = attribute.Key("gen_ai.request.is_stream")
	// GenAIRequestStream is "gen_ai.request.stream", the current
	// conventions' name for GenAIRequestIsStream.
	GenAIRequestStream = otelsemconv.GenAIRequestStreamKey
	// GenAIRequestChoiceCount is "gen_ai.request.choice.count" (n > 1 only).
	GenAIRequestChoiceCount = otelsemconv.GenAIRequestChoiceCountKey

	// GenAIResponseID is "gen_ai.response.id".
	GenAIResponseID = otelsemconv.GenAIResponseIDKey
	// GenAIResponseModel is "gen_ai.response.model".
	GenAIResponseModel = otelsemconv.GenAIResponseModelKey
	// GenAIResponseFinishReasons is "gen_ai.response.finish_reasons".
	GenAIResponseFinishReasons = otelsemconv.GenAIResponseFinishReasonsKey
	// GenAIResponseServiceTier is "gen_ai.response.service_tier".
	GenAIResponseServiceTier = attribute.Key("gen_ai.response.service_tier")
	// GenAIResponseSystemFingerprint is "gen_ai.response.system_fingerprint".
	GenAIResponseSystemFingerprint = attribute.Key("gen_ai.response.system_fingerprint")

	// GenAIUsageInputTokens is "gen_ai.usage.input_tokens".
	GenAIUsageInputTokens = otelsemconv.GenAIUsageInputTokensKey
	// GenAIUsageOutputTokens is "gen_ai.usage.output_tokens".
	GenAIUsageOutputTokens = otelsemconv.GenAIUsageOutputTokensKey
	// GenAIUsageTotalTokens is "gen_ai.usage.total_tokens".
	GenAIUsageTotalTokens = attribute.Key("gen_ai.usage.total_tokens")
	// GenAIUsageCost is "gen_ai.usage.cost", in USD.
	GenAIUsageCost = attribute.Key("gen_ai.usage.cost")
	// GenAIUsageCachedInputTokens is "gen_ai.usage.cache_read.input_tokens":
	// input tokens served from the prompt cache.
	GenAIUsageCachedInputTokens = otelsemconv.GenAIUsageCacheReadInputTokensKey
	// GenAIUsageCacheCreationInputTokens is
	// "gen_ai.usage.cache_creation.input_tokens": input tokens written to the
	// prompt cache.
	GenAIUsageCacheCreationInputTokens = otelsemconv.GenAIUsageCacheCreationInputTokensKey
	// GenAIUsageReasoningTokens is "gen_ai.usage.reasoning.output_tokens":
	// output tokens spent on reasoning.
	GenAIUsageReasoningTokens = otelsemconv.GenAIUsageReasoningOutputTokensKey
	// GenAIResponseTimeToFirstChunk is "gen_ai.response.time_to_first_chunk",
	// in seconds: ModeLatest's name for a stream's time to first token.
	GenAIResponseTimeToFirstChunk = otelsemconv.GenAIResponseTimeToFirstChunkKey
	// GenAIRequestTools is "gen_ai.request.tools" (OpenLIT's JSON list of
	// the tools offered).
	GenAIRequestTools = attribute.Key("gen_ai.request.tools")
	// GenAIRequestToolChoice is "gen_ai.request.tool_choice".
	GenAIRequestToolChoice = attribute.Key("gen_ai.request.tool_choice")
	// GenAIRequestReasoningEffort is "gen_ai.request.reasoning_effort".
	GenAIRequestReasoningEffort = attribute.Key("gen_ai.request.reasoning_effort")

	// GenAIServerTimeToFirstToken is the span attribute
	// "gen_ai.server.time_to_first_token", in seconds.
	GenAIServerTimeToFirstToken = attribute.Key("gen_ai.server.time_to_first_token")
	// GenAIServerTimePerOutputToken is the span attribute
	// "gen_ai.server.time_per_output_token", in seconds (streams only).
	GenAIServerTimePerOutputToken = attribute.Key("gen_ai.server.time_per_output_token")
	// GenAISDKVersion is "gen_ai.sdk.version": the version of the client
	// library that made the call (openai-go's, for OpenAI).
	GenAISDKVersion = attribute.Key("gen_ai.sdk.version")
	// GenAIOutputType is "gen_ai.output.type" ("text" or "json").
	GenAIOutputType = otelsemconv.GenAIOutputTypeKey

	// GenAIToolName is "gen_ai.tool.name": the names of the tool calls in the
	// response.
	GenAIToolName = otelsemconv.GenAIToolNameKey
	// GenAIToolCallID is "gen_ai.tool.call.id": their ids.
	GenAIToolCallID = otelsemconv.GenAIToolCallIDKey
	// GenAIToolCallArguments is "gen_ai.tool.call.arguments": their arguments.
	GenAIToolCallArguments = otelsemconv.GenAIToolCallArgumentsKey
	// GenAIToolType is "gen_ai.tool.type".
	GenAIToolType = otelsemconv.GenAIToolTypeKey
	// GenAIToolDescription is "gen_ai.tool.description".
	GenAIToolDescription = otelsemconv.GenAIToolDescriptionKey
	// GenAIToolCallResult is "gen_ai.tool.call.result": what a tool
	// returned (content).
	GenAIToolCallResult = otelsemconv.GenAIToolCallResultKey
	// GenAIDataSourceID is "gen_ai.data_source.id": the store or index a
	// retrieval searched.
	GenAIDataSourceID = otelsemconv.GenAIDataSourceIDKey
	// GenAIRetrievalQueryText is "gen_ai.retrieval.query.text", recorded
	// only with content capture on.
	GenAIRetrievalQueryText = otelsemconv.GenAIRetrievalQueryTextKey
	// GenAIRetrievalDocuments is "gen_ai.retrieval.documents": the
	// documents a retrieval returned (JSON), recorded only with content
	// capture on.
	GenAIRetrievalDocuments = otelsemconv.GenAIRetrievalDocumentsKey
	// GenAIAgentName, GenAIAgentID and GenAIAgentDescription describe the
	// agent of an invoke_agent span.
	GenAIAgentName        = otelsemconv.GenAIAgentNameKey
	GenAIAgentID          = otelsemconv.GenAIAgentIDKey
	GenAIAgentDescription = otelsemconv.GenAIAgentDescriptionKey
	// GenAIPromptName is "gen_ai.prompt.name" (an MCP prompt).
	GenAIPromptName = otelsemconv.GenAIPromptNameKey

	// MCPMethodName, MCPSessionID, MCPProtocolVersion and MCPResourceURI
	// are the MCP conventions' request attributes.
	MCPMethodName      = otelsemconv.McpMethodNameKey
	MCPSessionID       = otelsemconv.McpSessionIDKey
	MCPProtocolVersion = otelsemconv.McpProtocolVersionKey
	MCPResourceURI     = otelsemconv.McpResourceURIKey
	// NetworkTransport is "network.transport".
	NetworkTransport = otelsemconv.NetworkTransportKey

	// LangfuseCompletionStartTime is
	// "langfuse.observation.completion_start_time" (ISO-8601), from which
	// Langfuse shows time to first token.
	LangfuseCompletionStartTime = attribute.Key("langfuse.observation.completion_start_time")
)

// Well-known attribute values.
const (
	// OperationChat is the gen_ai.operation.name of a chat completion.
	OperationChat = "chat"
	// OperationEmbeddings is the gen_ai.operation.name of an embeddings call.
	OperationEmbeddings = "embeddings"
	// OperationImage is the gen_ai.operation.name of an image call.
	OperationImage = "image"
	// OperationAudio is the gen_ai.operation.name of an audio call.
	OperationAudio = "audio"
	// OperationTextCompletion is the gen_ai.operation.name of a legacy
	// (prompt in, text out) completion.
	OperationTextCompletion = "text_completion"
	// OperationModeration is the gen_ai.operation.name of a moderation call
	// (the conventions define none).
	OperationModeration = "moderation"
	// OperationRetrieval is the gen_ai.operation.name of a retrieval from a
	// knowledge source (a framework's retriever).
	OperationRetrieval = "retrieval"

	// SystemOpenAI is the gen_ai.system of OpenAI.
	SystemOpenAI = "openai"

	// OutputTypeText is the gen_ai.output.type of a text response.
	OutputTypeText = "text"
	// OutputTypeJSON is the gen_ai.output.type of a JSON response format.
	OutputTypeJSON = "json"
)

// Event names and their attribute keys.
const (
	// EventContentPrompt is the name of the span event that carries the
	// prompt.
	EventContentPrompt = "gen_ai.content.prompt"
	// EventContentCompletion is the name of the span event that carries the
	// completion.
	EventContentCompletion = "gen_ai.content.completion"
	// GenAIPrompt is "gen_ai.prompt": the messages, formatted "role: content",
	// one per line.
	GenAIPrompt = attribute.Key("gen_ai.prompt")
	// GenAICompletion is "gen_ai.completion": the completion text.
	GenAICompletion = attribute.Key("gen_ai.completion")
)

// Instrumentation scope of the metrics, as OpenLIT names it.
const (
	// MetricsScopeName is the instrumentation scope name of the metrics.
	MetricsScopeName = "openlit.otel.metrics"
	// MetricsScopeVersion is its version.
	MetricsScopeVersion = "0.1.0"
)

// Metric names, units and descriptions, as the guide prints them.
const (
	// MetricClientTokenUsage is the histogram of input plus output tokens
	// per call.
	MetricClientTokenUsage = "gen_ai.client.token.usage"
	// MetricClientTokenUsageUnit is its unit.
	MetricClientTokenUsageUnit = "{token}"
	// MetricClientTokenUsageDesc is its description.
	MetricClientTokenUsageDesc = "Measures number of input and output tokens used"

	// MetricClientOperationDuration is the histogram of call durations.
	MetricClientOperationDuration = "gen_ai.client.operation.duration"
	// MetricClientOperationDurationUnit is its unit.
	MetricClientOperationDurationUnit = "s"
	// MetricClientOperationDurationDesc is its description.
	MetricClientOperationDurationDesc = "GenAI operation duration"

	// MetricServerTimeToFirstToken is the histogram of times to first token.
	MetricServerTimeToFirstToken = "gen_ai.server.time_to_first_token"
	// MetricServerTimeToFirstTokenUnit is its unit.
	MetricServerTimeToFirstTokenUnit = "s"
	// MetricServerTimeToFirstTokenDesc is its description.
	MetricServerTimeToFirstTokenDesc = "Time to generate first token for successful responses"

	// MetricServerTimePerOutputToken is the histogram of the time per output
	// token after the first one (streams only; not in OpenLIT's output).
	MetricServerTimePerOutputToken = "gen_ai.server.time_per_output_token"
	// MetricServerTimePerOutputTokenUnit is its unit.
	MetricServerTimePerOutputTokenUnit = "s"
	// MetricServerTimePerOutputTokenDesc is its description.
	MetricServerTimePerOutputTokenDesc = "Time per output token generated after the first token for successful responses"

	// MetricClientTimeToFirstChunk is the current conventions' histogram of
	// a stream's time to its first chunk, as the client sees it
	// (ModeLatest; ModeOpenLIT records MetricServerTimeToFirstToken).
	MetricClientTimeToFirstChunk = "gen_ai.client.operation.time_to_first_chunk"
	// MetricClientTimeToFirstChunkUnit is its unit.
	MetricClientTimeToFirstChunkUnit = "s"
	// MetricClientTimeToFirstChunkDesc is its description.
	MetricClientTimeToFirstChunkDesc = "Time to receive the first chunk, measured from when the client issues the generation request to when the first chunk is received in the response stream."
	// MetricClientTimePerOutputChunk is the current conventions' histogram
	// of the time between a stream's chunks, one point per chunk after the
	// first (ModeLatest; ModeOpenLIT records MetricServerTimePerOutputToken).
	MetricClientTimePerOutputChunk = "gen_ai.client.operation.time_per_output_chunk"
	// MetricClientTimePerOutputChunkUnit is its unit.
	MetricClientTimePerOutputChunkUnit = "s"
	// MetricClientTimePerOutputChunkDesc is its description.
	MetricClientTimePerOutputChunkDesc = "Time per output chunk, recorded for each chunk received after the first one, measured as the time elapsed from the end of the previous chunk to the end of the current chunk."

	// MetricUsageCost is the histogram of call costs in USD.
	MetricUsageCost = "gen_ai.usage.cost"
	// MetricUsageCostUnit is its unit.
	MetricUsageCostUnit = "USD"
	// MetricUsageCostDesc is its description.
	MetricUsageCostDesc = "The distribution of GenAI request costs."

	// MetricTotalRequests is the counter of calls.
	MetricTotalRequests = "gen_ai.total.requests"
	// MetricTotalRequestsDesc is its description.
	MetricTotalRequestsDesc = "Number of requests to GenAI"

	// MetricUsageInputTokens is the counter of input (prompt) tokens.
	MetricUsageInputTokens = "gen_ai.usage.input_tokens"
	// MetricUsageInputTokensDesc is its description.
	MetricUsageInputTokensDesc = "Number of prompt tokens processed."

	// MetricUsageOutputTokens is the counter of output (completion) tokens.
	MetricUsageOutputTokens = "gen_ai.usage.output_tokens"
	// MetricUsageOutputTokensDesc is its description.
	MetricUsageOutputTokensDesc = "Number of completion tokens processed."

	// CounterUnit is the unit of the three counters.
	CounterUnit = "1"
)

// Explicit histogram bucket bounds, exactly as the guide prints them. They are
// functions so that no caller can change them for everyone else.

// TokenUsageBuckets returns the bounds of gen_ai.client.token.usage.
func TokenUsageBuckets() []float64 {
	return []float64{1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864}
}

// OperationDurationBuckets returns the bounds of
// gen_ai.client.operation.duration.
func OperationDurationBuckets() []float64 {
	return []float64{0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92}
}

// TimeToFirstTokenBuckets returns the bounds of
// gen_ai.server.time_to_first_token.
func TimeToFirstTokenBuckets() []float64 {
	return []float64{0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0}
}

// CostBuckets returns the bounds of gen_ai.usage.cost.
func CostBuckets() []float64 {
	return []float64{0.0, 5.0, 10.0, 25.0, 50.0, 75.0, 100.0, 250.0, 500.0, 750.0, 1000.0, 2500.0, 5000.0, 7500.0, 10000.0}
}

// TimePerOutputTokenBuckets returns the bounds the OpenTelemetry GenAI
// semantic conventions advise for gen_ai.server.time_per_output_token.
func TimePerOutputTokenBuckets() []float64 {
	return []float64{0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5}
}

// Keys for embeddings, images and audio.
const (
	// GenAIRequestEncodingFormats is "gen_ai.request.encoding_formats".
	GenAIRequestEncodingFormats = otelsemconv.GenAIRequestEncodingFormatsKey
	// GenAIEmbeddingsDimensionCount is "gen_ai.embeddings.dimension.count".
	GenAIEmbeddingsDimensionCount = otelsemconv.GenAIEmbeddingsDimensionCountKey
	// GenAIRequestImageSize is "gen_ai.request.image_size".
	GenAIRequestImageSize = attribute.Key("gen_ai.request.image_size")
	// GenAIRequestImageQuality is "gen_ai.request.image_quality".
	GenAIRequestImageQuality = attribute.Key("gen_ai.request.image_quality")
	// GenAIRequestImageStyle is "gen_ai.request.image_style".
	GenAIRequestImageStyle = attribute.Key("gen_ai.request.image_style")
	// GenAIRequestAudioVoice is "gen_ai.request.audio_voice".
	GenAIRequestAudioVoice = attribute.Key("gen_ai.request.audio_voice")
	// GenAIRequestAudioResponseFormat is "gen_ai.request.audio_response_format".
	GenAIRequestAudioResponseFormat = attribute.Key("gen_ai.request.audio_response_format")
	// GenAIRequestAudioSpeed is "gen_ai.request.audio_speed".
	GenAIRequestAudioSpeed = attribute.Key("gen_ai.request.audio_speed")
	// GenAIRequestAudioLanguage is "gen_ai.request.audio_language".
	GenAIRequestAudioLanguage = attribute.Key("gen_ai.request.audio_language")
	// GenAIAudioDuration is "gen_ai.audio.duration", in seconds.
	GenAIAudioDuration = attribute.Key("gen_ai.audio.duration")
)
