package genai

import (
	"context"
	"encoding/json"
	"strings"

	"go.opentelemetry.io/otel/attribute"

	"github.com/openlit/openlit-go/internal/ctxattr"
	"github.com/openlit/openlit-go/internal/sanitize"
	"github.com/openlit/openlit-go/pricing"
	"github.com/openlit/openlit-go/semconv"
)

// This file holds what a model span records for Langfuse when the Langfuse
// attributes are on (settings.Langfuse), in either semconv mode: the keys
// of Langfuse's ingestion that win over its reading of the GenAI ones.

// requestPrefix is the prefix of the request parameter keys.
const requestPrefix = "gen_ai.request."

// forLangfuse appends the model parameters the request set, the cost
// details (nil: none) and the prompt the context links.
func (c *Call) forLangfuse(attrs []attribute.KeyValue, details map[string]float64) []attribute.KeyValue {
	attrs = append(attrs, semconv.LangfuseModelParameters.String(modelParameters(c.req.Attributes)))
	if len(details) > 0 {
		if b, err := json.Marshal(details); err == nil {
			attrs = append(attrs, semconv.LangfuseCostDetails.String(string(b)))
		}
	}
	if name, version, ok := ctxattr.Prompt(&c.ctx); ok {
		attrs = append(attrs, semconv.LangfusePromptName.String(sanitize.String(name, sanitize.MaxAttributeLength)),
			semconv.LangfusePromptVersion.Int(version))
	}
	return attrs
}

// modelParameters is the JSON object of the request parameters as the
// caller set them: every gen_ai.request.* attribute but the model and the
// tools, under its name without the prefix. Langfuse reads it instead of
// every gen_ai.request.* key, so ModeOpenLIT's placeholders for unset
// parameters stay on the span but off Langfuse's view.
func modelParameters(set []attribute.KeyValue) string {
	params := make(map[string]any, len(set))
	for _, kv := range set {
		k := string(kv.Key)
		if !strings.HasPrefix(k, requestPrefix) || kv.Key == semconv.GenAIRequestModel || kv.Key == semconv.GenAIRequestTools {
			continue
		}
		params[strings.TrimPrefix(k, requestPrefix)] = kv.Value.AsInterface()
	}
	b, err := json.Marshal(params)
	if err != nil {
		return "{}"
	}
	return sanitize.String(string(b), sanitize.MaxAttributeLength)
}

// costDetails is the call's cost split as Langfuse splits its usage: the
// input not cached, cache reads, cache writes, the output but reasoning,
// the reasoning, and the total. nil when the cost was not priced by tokens
// (SetCost) or the model is not priced.
func (c *Call) costDetails(d *pricing.CostDetails, m measurements) map[string]float64 {
	if d == nil || !m.hasCost {
		return nil
	}
	out := map[string]float64{"input": d.Input, "output": d.Output, "total": m.cost}
	if d.CacheRead > 0 {
		out["input_cached_tokens"] = d.CacheRead
	}
	if d.CacheWrite > 0 {
		out["input_cache_creation"] = d.CacheWrite
	}
	if r, o := c.usage.ReasoningTokens, m.usage.output; r > 0 && o > 0 && r <= o {
		reasoning := d.Output * float64(r) / float64(o)
		out["output_reasoning_tokens"] = reasoning
		out["output"] = d.Output - reasoning
	}
	return out
}

type toolSpanKey struct{}

// WithToolSpan marks ctx as inside a tool call's span (execute_tool), so a
// span started under it for the same call (an MCP client request) can tell
// Langfuse it is a step of that tool, not a tool of its own.
func WithToolSpan(ctx context.Context) context.Context {
	return context.WithValue(ctx, toolSpanKey{}, true)
}

// InToolSpan reports whether ctx is inside a span WithToolSpan marked.
func InToolSpan(ctx context.Context) bool {
	v, _ := ctx.Value(toolSpanKey{}).(bool)
	return v
}
