package openlit

import (
	"context"

	"go.opentelemetry.io/otel/attribute"

	"github.com/openlit/openlit-go/internal/ctxattr"
)

// ContextAttributes describe who and what a piece of work is for, as
// OpenLIT's using_attributes does. Put them on a context with
// ContextWithAttributes; every span started under that context carries them
// (every span of the tracer provider Init builds; the model call spans on any
// provider): user.id, session.id and gen_ai.conversation.id always, and with
// the Langfuse preset also langfuse.user.id, langfuse.session.id (the
// session, else the conversation), langfuse.trace.name, langfuse.trace.tags
// and one langfuse.trace.metadata.{key} per metadata entry. Attributes are
// recorded as given. None of them goes on metric points (their cardinality
// is unbounded) unless OnMetrics is set.
type ContextAttributes struct {
	UserID         string
	SessionID      string
	ConversationID string
	// TraceName, Tags and Metadata are Langfuse's trace name, tags and
	// metadata (recorded with the Langfuse preset only).
	TraceName string
	Tags      []string
	Metadata  map[string]string
	// Attributes are the app's own span attributes.
	Attributes []attribute.KeyValue
	// OnMetrics also puts UserID, SessionID, ConversationID and Attributes
	// on the metric points of model calls. Each distinct combination is a
	// series of its own: opt in only for bounded values (a tenant, a plan),
	// never per user at scale. The SDK's cardinality limit still applies.
	OnMetrics bool
}

// ContextWithAttributes returns ctx carrying a, merged over what ctx
// already carries: set fields win, tags and attributes are added, metadata
// keys merged. Strings are made valid UTF-8 and bounded (1 KiB each; at
// most 128 tags, 64 metadata keys and 64 attributes).
func ContextWithAttributes(ctx context.Context, a ContextAttributes) context.Context {
	if ctx == nil {
		ctx = context.Background()
	}
	return ctxattr.With(ctx, ctxattr.Attributes{
		UserID: a.UserID, SessionID: a.SessionID, ConversationID: a.ConversationID,
		TraceName: a.TraceName, Tags: a.Tags, Metadata: a.Metadata, Extra: a.Attributes, OnMetrics: a.OnMetrics,
	})
}
