// Package openlitbedrock instruments the AWS Bedrock Runtime client
// (github.com/aws/aws-sdk-go-v2/service/bedrockruntime) through the SDK's
// own extension points, filling the shared core so its spans, events,
// metrics and cost look like OpenAI's:
//
//	client := bedrockruntime.NewFromConfig(cfg, openlitbedrock.Instrument())
//
// Traced: Converse and ConverseStream ("chat {model}", from the SDK's typed
// input and output), InvokeModel and InvokeModelWithResponseStream for the
// common body formats (Anthropic Claude, Amazon Nova, Meta Llama, Mistral,
// Cohere Command: "chat {model}"; Titan and Cohere embeddings:
// "embeddings {model}"; another family: "invoke {model}" with Bedrock's own
// token counts). gen_ai.system is aws.bedrock; gen_ai.request.model is the
// model id as given (a foundation model, a cross-region inference profile
// such as "us.anthropic.claude-…", or an ARN), priced as the foundation
// model it names; server.address is the regional endpoint the request went
// to.
//
// # How
//
// An initialize-step middleware spans each operation: one span per logical
// call, across the SDK's retries, reading the typed input and output. A
// deserialize-step middleware records the endpoint of each attempt and
// Bedrock's token-count headers. A stream's events are observed as the SDK
// decodes them, by wrapping the client's protocol (Options.Protocol): no
// second parse of the event stream. The span of a stream ends when the
// stream ends, fails or is closed; as the SDK requires, close it.
//
// Instrument installs both (a client option, also usable per call).
// AppendMiddlewares installs only the middleware, for every client made
// from an aws.Config (cfg.APIOptions): there, a stream's span covers the
// whole stream but has no usage, content or time to first token, because
// the protocol is a client option; add Instrument to the client for those.
// Installing both is safe: each call is traced once.
//
// This is a nested module (github.com/openlit/openlit-go/instrumentation/openlitbedrock):
// the AWS SDK is downloaded only by programs that import it.
package openlitbedrock
