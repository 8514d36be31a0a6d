package ctxattr

import (
	"context"
	"fmt"
	"testing"

	"go.opentelemetry.io/otel/attribute"
)

func TestMergeAndBounds(t *testing.T) {
	tags := []string{"a"}
	ctx := With(context.Background(), Attributes{UserID: "u1", SessionID: "s1", Tags: tags,
		Metadata: map[string]string{"k": "v1"}, Extra: []attribute.KeyValue{attribute.String("x", "1")}})
	tags[0] = "changed" // the context keeps its own copy
	ctx = With(ctx, Attributes{UserID: "u2", Tags: []string{"b"}, Metadata: map[string]string{"k": "v2", "j": "w"}})
	got := map[attribute.Key]attribute.Value{}
	for _, kv := range SpanAttributes(ctx, true) {
		got[kv.Key] = kv.Value
	}
	for k, want := range map[attribute.Key]string{"user.id": "u2", "session.id": "s1", "langfuse.user.id": "u2",
		"langfuse.trace.metadata.k": "v2", "langfuse.trace.metadata.j": "w", "x": "1"} {
		if got[k].AsString() != want {
			t.Errorf("%s = %q, want %q", k, got[k].AsString(), want)
		}
	}
	if tg := got["langfuse.trace.tags"].AsStringSlice(); fmt.Sprint(tg) != "[a b]" {
		t.Errorf("tags %v", tg)
	}
	if kvs := SpanAttributes(ctx, false); len(kvs) != 3 {
		t.Errorf("without Langfuse: %v", kvs)
	}
	if MetricAttributes(ctx) != nil {
		t.Error("metric attributes without opting in")
	}
	if SpanAttributes(context.Background(), true) != nil {
		t.Error("attributes from an empty context")
	}

	many := map[string]string{}
	for i := range 200 {
		many[fmt.Sprint(i)] = "v"
	}
	kvs := SpanAttributes(With(context.Background(), Attributes{Metadata: many, Tags: make([]string, 500)}), true)
	if len(kvs) != 1+maxMetadata {
		t.Errorf("%d attributes for 200 metadata keys and 500 tags", len(kvs))
	}
}
