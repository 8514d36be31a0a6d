package semconv

import (
	"os"
	"strconv"
	"strings"

	"go.opentelemetry.io/otel/attribute"
)

// Mode selects the generation of names openlit-go emits. Both mappings live
// here; instrumentation records what a call was and asks its Mode how to say
// it.
type Mode uint8

const (
	// ModeOpenLIT emits exactly what OpenLIT (Python) 1.34 emits: the names
	// of the OpenLIT/Langfuse guide, placeholders for unset request
	// parameters, content in gen_ai.content.* events, and OpenLIT's
	// counters. It is the default.
	ModeOpenLIT Mode = iota
	// ModeLatest emits the current OpenTelemetry GenAI semantic conventions
	// (OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental):
	// gen_ai.provider.name, only the request parameters that were set,
	// content as gen_ai.input.messages / gen_ai.output.messages /
	// gen_ai.system_instructions JSON span attributes, and token usage
	// recorded per gen_ai.token.type. gen_ai.usage.cost is kept as an
	// openlit extension.
	ModeLatest
)

// EnvStabilityOptIn is the OpenTelemetry variable that selects ModeLatest
// when it lists OptInLatest.
const (
	EnvStabilityOptIn = "OTEL_SEMCONV_STABILITY_OPT_IN"
	OptInLatest       = "gen_ai_latest_experimental"
)

// ModeFromEnv returns ModeLatest when OTEL_SEMCONV_STABILITY_OPT_IN lists
// gen_ai_latest_experimental, and ModeOpenLIT otherwise.
func ModeFromEnv() Mode {
	for _, v := range strings.Split(os.Getenv(EnvStabilityOptIn), ",") {
		if strings.TrimSpace(v) == OptInLatest {
			return ModeLatest
		}
	}
	return ModeOpenLIT
}

// String returns "openlit" or "latest".
func (m Mode) String() string {
	if m == ModeLatest {
		return "latest"
	}
	return "openlit"
}

// Keys of the current conventions that OpenLIT does not use.
const (
	// GenAIProviderName is "gen_ai.provider.name" (ModeLatest's gen_ai.system).
	GenAIProviderName = attribute.Key("gen_ai.provider.name")
	// GenAIInputMessages is "gen_ai.input.messages" (JSON).
	GenAIInputMessages = attribute.Key("gen_ai.input.messages")
	// GenAIOutputMessages is "gen_ai.output.messages" (JSON).
	GenAIOutputMessages = attribute.Key("gen_ai.output.messages")
	// GenAISystemInstructions is "gen_ai.system_instructions" (JSON).
	GenAISystemInstructions = attribute.Key("gen_ai.system_instructions")
	// GenAITokenType is "gen_ai.token.type" ("input" or "output") on
	// gen_ai.client.token.usage points in ModeLatest.
	GenAITokenType = attribute.Key("gen_ai.token.type")
	// OpenAIRequestServiceTier is ModeLatest's gen_ai.request.service_tier.
	OpenAIRequestServiceTier = attribute.Key("openai.request.service_tier")
	// OpenAIResponseServiceTier is ModeLatest's gen_ai.response.service_tier.
	OpenAIResponseServiceTier = attribute.Key("openai.response.service_tier")
	// OpenAIResponseSystemFingerprint is ModeLatest's
	// gen_ai.response.system_fingerprint.
	OpenAIResponseSystemFingerprint = attribute.Key("openai.response.system_fingerprint")
)

// latestRename maps OpenLIT keys to the current conventions; an empty value
// drops the attribute (it is OpenLIT's own, or belongs on the resource).
var latestRename = map[attribute.Key]attribute.Key{
	GenAISystem:                    GenAIProviderName,
	GenAIRequestServiceTier:        OpenAIRequestServiceTier,
	GenAIResponseServiceTier:       OpenAIResponseServiceTier,
	GenAIResponseSystemFingerprint: OpenAIResponseSystemFingerprint,
	TelemetrySDKName:               "",
	ServiceName:                    "",
	DeploymentEnvironment:          "",
	GenAIRequestIsStream:           GenAIRequestStream,
	GenAIRequestTools:              "", // gen_ai.tool.definitions carries the tools (content)
	GenAIRequestUser:               "",
	GenAIUsageTotalTokens:          "",
	GenAISDKVersion:                "",
	GenAIServerTimeToFirstToken:    "",
	GenAIServerTimePerOutputToken:  "",
}

// openlitOnlyLatest are keys of the current conventions OpenLIT does not
// emit: ModeOpenLIT drops them.
var openlitOnlyLatest = map[attribute.Key]bool{
	GenAIResponseTimeToFirstChunk: true,
}

// SpanAttributes rewrites attributes recorded as a call really was (request
// parameters only when set, the seed as an int) into the mode's names and
// types. ModeOpenLIT records the seed as a string, as OpenLIT does, and
// drops the current conventions' own keys; ModeLatest renames and drops per
// the current conventions. attrs is rewritten in place and returned.
func (m Mode) SpanAttributes(attrs []attribute.KeyValue) []attribute.KeyValue {
	out := attrs[:0]
	for _, kv := range attrs {
		if m == ModeLatest {
			if to, ok := latestRename[kv.Key]; ok {
				if to == "" {
					continue
				}
				kv.Key = to
			}
		} else if openlitOnlyLatest[kv.Key] {
			continue
		} else if kv.Key == GenAIRequestSeed && kv.Value.Type() == attribute.INT64 {
			kv = GenAIRequestSeed.String(strconv.FormatInt(kv.Value.AsInt64(), 10))
		}
		out = append(out, kv)
	}
	return out
}

// OpenLITChatDefaults are the values OpenLIT records for chat request
// parameters the caller did not set, in the guide's types. The slice is
// shared: callers must not modify it.
func OpenLITChatDefaults() []attribute.KeyValue { return openlitChatDefaults }

var openlitChatDefaults = []attribute.KeyValue{
	GenAIRequestSeed.String(""),
	GenAIRequestFrequencyPenalty.Float64(0),
	GenAIRequestMaxTokens.Int64(-1),
	GenAIRequestPresencePenalty.Float64(0),
	GenAIRequestStopSequences.StringSlice([]string{}),
	GenAIRequestTemperature.Float64(1),
	GenAIRequestTopP.Float64(1),
	GenAIRequestUser.String(""),
	GenAIRequestServiceTier.String("auto"),
}

// WithDefaults returns attrs followed by each default whose key attrs lacks.
// In ModeLatest it returns attrs unchanged: unset parameters are not
// recorded.
func (m Mode) WithDefaults(attrs, defaults []attribute.KeyValue) []attribute.KeyValue {
	if m == ModeLatest {
		return attrs
	}
outer:
	for _, d := range defaults {
		for _, kv := range attrs {
			if kv.Key == d.Key {
				continue outer
			}
		}
		attrs = append(attrs, d)
	}
	return attrs
}

// MetricPointAttributes returns the point attributes of every GenAI metric:
// OpenLIT's nine in ModeOpenLIT, the current conventions' in ModeLatest.
func (m Mode) MetricPointAttributes(serviceName, environment, operation, system, requestModel, responseModel, address string, port int) []attribute.KeyValue {
	if m == ModeLatest {
		return []attribute.KeyValue{
			GenAIOperationName.String(operation),
			GenAIProviderName.String(system),
			GenAIRequestModel.String(requestModel),
			GenAIResponseModel.String(responseModel),
			ServerAddress.String(address),
			ServerPort.Int(port),
		}
	}
	return []attribute.KeyValue{
		TelemetrySDKName.String(SDKName),
		ServiceName.String(serviceName),
		DeploymentEnvironment.String(environment),
		GenAIOperationName.String(operation),
		GenAISystem.String(system),
		GenAIRequestModel.String(requestModel),
		ServerAddress.String(address),
		ServerPort.Int(port),
		GenAIResponseModel.String(responseModel),
	}
}

// LatestExtensions are the keys ModeLatest records that the OpenTelemetry
// registry (semconv v1.41.0) does not define, in its gen_ai.*, server.* and
// error.* namespaces: OpenLIT's own, kept because the registry has no name
// for what they carry.
var LatestExtensions = []attribute.Key{
	GenAIUsageCost,
	GenAIRequestReasoningEffort,
	GenAIRequestImageSize, GenAIRequestImageQuality, GenAIRequestImageStyle,
	GenAIRequestAudioVoice, GenAIRequestAudioResponseFormat, GenAIRequestAudioSpeed,
	GenAIRequestAudioLanguage, GenAIAudioDuration,
}
