package openlittrace

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/sanitize"
	"github.com/openlit/openlit-go/internal/settings"
	"github.com/openlit/openlit-go/semconv"
)

// The conventions' attributes this package records.
const (
	agentName         = semconv.GenAIAgentName
	agentID           = semconv.GenAIAgentID
	agentDescription  = semconv.GenAIAgentDescription
	conversationID    = semconv.GenAIConversationID
	toolName          = semconv.GenAIToolName
	toolCallID        = semconv.GenAIToolCallID
	toolType          = semconv.GenAIToolType
	toolDescription   = semconv.GenAIToolDescription
	toolCallArguments = semconv.GenAIToolCallArguments
	toolCallResult    = semconv.GenAIToolCallResult

	// OperationInvokeAgent and OperationExecuteTool are the
	// gen_ai.operation.name of agent and tool spans.
	OperationInvokeAgent = "invoke_agent"
	OperationExecuteTool = "execute_tool"
)

// Agent describes an agent run by InvokeAgent. Only Name is needed.
type Agent struct {
	Name        string
	ID          string
	Description string
	// ConversationID ties the runs of one conversation (a thread, a
	// session) together.
	ConversationID string
	// System is the provider of the agent's model (gen_ai.system), when
	// there is one.
	System string
	// Input is what the agent was asked (JSON unless a string), recorded
	// as the span's input when content capture is on.
	Input any
}

// InvokeAgent starts the span of an agent run, "invoke_agent {name}"; End
// it when the run ends. The model calls and tools run with the returned
// context nest under it. SetResult records the agent's answer.
func InvokeAgent(ctx context.Context, a Agent, opts ...Option) (context.Context, *Span) {
	attrs := []attribute.KeyValue{semconv.GenAIOperationName.String(OperationInvokeAgent)}
	attrs = appendNonEmpty(attrs, agentName, a.Name)
	attrs = appendNonEmpty(attrs, agentID, a.ID)
	attrs = appendNonEmpty(attrs, agentDescription, a.Description)
	attrs = appendNonEmpty(attrs, conversationID, a.ConversationID)
	attrs = appendNonEmpty(attrs, semconv.GenAISystem, a.System)
	ctx, s := start(ctx, spanName(OperationInvokeAgent, a.Name), observation(attrs, "agent"), opts)
	if a.Input != nil {
		s.SetInput(a.Input)
	}
	return ctx, s
}

// Tool describes a tool call run by ExecuteTool. Only Name is needed.
type Tool struct {
	Name string
	// CallID is the id the model gave the tool call (the chat span's
	// gen_ai.tool.call.id): it links the call to this span.
	CallID string
	// Type is "function" (the default), "extension" or "datastore".
	Type        string
	Description string
	// Arguments are the call's arguments (JSON unless a string), recorded
	// when content capture is on.
	Arguments any
}

// ExecuteTool starts the span of a tool call, "execute_tool {name}"; End
// it when the tool returns. SetResult records the tool's result.
func ExecuteTool(ctx context.Context, t Tool, opts ...Option) (context.Context, *Span) {
	typ := t.Type
	if typ == "" {
		typ = "function"
	}
	attrs := []attribute.KeyValue{semconv.GenAIOperationName.String(OperationExecuteTool), toolType.String(typ)}
	attrs = appendNonEmpty(attrs, toolName, t.Name)
	attrs = appendNonEmpty(attrs, toolCallID, t.CallID)
	attrs = appendNonEmpty(attrs, toolDescription, t.Description)
	ctx, s := start(ctx, spanName(OperationExecuteTool, t.Name), observation(attrs, "tool"), opts)
	ctx = genai.WithToolSpan(ctx)
	s.input, s.result = toolCallArguments, toolCallResult
	if t.Arguments != nil {
		s.SetInput(t.Arguments)
	}
	return ctx, s
}

// Retrieval describes a retrieval run by Retrieve: a framework's or the
// app's own retriever searching a knowledge source. All fields are
// optional.
type Retrieval struct {
	// DataSource names the store, index or retriever searched
	// (gen_ai.data_source.id); it names the span.
	DataSource string
	// Query is the text searched for, recorded as
	// gen_ai.retrieval.query.text when content capture is on.
	Query string
	// TopK is how many documents were asked for (gen_ai.request.top_k);
	// zero or less is not recorded.
	TopK int
}

// Retrieve starts the span of a retrieval, "retrieval {data source}"; End
// it when the documents are back. SetResult records them (as
// gen_ai.retrieval.documents, when content capture is on).
func Retrieve(ctx context.Context, r Retrieval, opts ...Option) (context.Context, *Span) {
	attrs := []attribute.KeyValue{semconv.GenAIOperationName.String(semconv.OperationRetrieval)}
	attrs = appendNonEmpty(attrs, semconv.GenAIDataSourceID, r.DataSource)
	if r.TopK > 0 {
		attrs = append(attrs, semconv.GenAIRequestTopK.Int(r.TopK))
	}
	ctx, s := start(ctx, spanName(semconv.OperationRetrieval, r.DataSource), observation(attrs, "retriever"), opts)
	s.input, s.result = semconv.GenAIRetrievalQueryText, semconv.GenAIRetrievalDocuments
	if r.Query != "" {
		s.SetInput(r.Query)
	}
	return ctx, s
}

func spanName(op, name string) string {
	if name == "" {
		return op
	}
	return op + " " + name
}

func appendNonEmpty(attrs []attribute.KeyValue, k attribute.Key, v string) []attribute.KeyValue {
	if v == "" {
		return attrs
	}
	return append(attrs, k.String(v))
}

// observation adds the Langfuse observation type when openlit.Init sends
// to Langfuse, and maps the attributes to the semconv mode's names.
func observation(attrs []attribute.KeyValue, typ string) []attribute.KeyValue {
	st := settings.Load()
	if st.Langfuse {
		attrs = append(attrs, attribute.String(semconv.LangfuseObservationType, typ))
	}
	return st.Mode.SpanAttributes(attrs)
}

// Evaluation is the result of evaluating a model's answer (an LLM judge, a
// heuristic, a human), recorded by RecordEvaluation.
type Evaluation struct {
	// Name is the evaluation's name ("relevance", "toxicity", …).
	Name string
	// Score is its numeric result.
	Score float64
	// Label is its verdict ("relevant", "pass", …), if any.
	Label string
	// Explanation says why, if known.
	Explanation string
	// ResponseID is the gen_ai.response.id of the answer evaluated, when
	// the evaluation is not recorded on that answer's span.
	ResponseID string
}

// RecordEvaluation records e as a "gen_ai.evaluation.result" event on the
// span in ctx (a chat span, an agent's, or a step's), as OpenLIT's
// log_score does. It reports false when ctx holds no recording span.
func RecordEvaluation(ctx context.Context, e Evaluation) bool {
	span := trace.SpanFromContext(ctx)
	if !span.IsRecording() {
		return false
	}
	attrs := []attribute.KeyValue{
		attribute.String("gen_ai.evaluation.name", e.Name),
		attribute.Float64("gen_ai.evaluation.score.value", e.Score),
	}
	attrs = appendNonEmpty(attrs, "gen_ai.evaluation.score.label", e.Label)
	attrs = appendNonEmpty(attrs, "gen_ai.evaluation.explanation", e.Explanation)
	attrs = appendNonEmpty(attrs, semconv.GenAIResponseID, e.ResponseID)
	span.AddEvent("gen_ai.evaluation.result", trace.WithAttributes(sanitize.Attributes(attrs, sanitize.MaxAttributeLength)...))
	return true
}
