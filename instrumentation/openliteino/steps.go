package openliteino

import (
	"context"

	"github.com/cloudwego/eino/callbacks"
	"github.com/cloudwego/eino/components/retriever"
	"github.com/cloudwego/eino/components/tool"
	"github.com/cloudwego/eino/compose"

	"github.com/openlit/openlit-go/openlittrace"
)

func (h *Handler) startTool(ctx context.Context, info *callbacks.RunInfo, input callbacks.CallbackInput) (context.Context, *openlittrace.Span) {
	t := openlittrace.Tool{Name: runName(info), CallID: compose.GetToolCallID(ctx)}
	if in := tool.ConvCallbackInput(input); in != nil && in.ArgumentsInJSON != "" {
		t.Arguments = in.ArgumentsInJSON
	}
	return openlittrace.ExecuteTool(ctx, t, h.spans...)
}

func recordToolResult(span *openlittrace.Span, output callbacks.CallbackOutput) {
	out := tool.ConvCallbackOutput(output)
	switch {
	case out == nil:
		if output != nil {
			span.SetResult(output)
		}
	case out.ToolOutput != nil:
		span.SetResult(out.ToolOutput)
	default:
		span.SetResult(out.Response)
	}
}

func (h *Handler) startRetrieval(ctx context.Context, info *callbacks.RunInfo, input callbacks.CallbackInput) (context.Context, *openlittrace.Span) {
	r := openlittrace.Retrieval{DataSource: runName(info)}
	if in := retriever.ConvCallbackInput(input); in != nil {
		r.Query, r.TopK = in.Query, in.TopK
	}
	return openlittrace.Retrieve(ctx, r, h.spans...)
}

// document is a retrieved document as recorded.
type document struct {
	ID      string  `json:"id,omitempty"`
	Content string  `json:"content"`
	Score   float64 `json:"score,omitempty"`
}

func recordDocuments(span *openlittrace.Span, output callbacks.CallbackOutput) {
	out := retriever.ConvCallbackOutput(output)
	if out == nil {
		return
	}
	docs := make([]document, 0, len(out.Docs))
	for _, d := range out.Docs {
		if d != nil {
			docs = append(docs, document{ID: d.ID, Content: d.Content, Score: d.Score()})
		}
	}
	span.SetResult(docs)
	span.SetMetadata("documents", len(docs))
}
