// Package ctxattr carries the attributes an app puts on a context (user,
// session, conversation, trace name, tags, metadata, its own attributes) to
// every span started under it: a span processor for the providers Init
// builds, and the core for the spans of model calls on any provider.
package ctxattr

import (
	"context"
	"maps"
	"slices"
	"sort"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/openlit/openlit-go/internal/sanitize"
	"github.com/openlit/openlit-go/internal/settings"
	"github.com/openlit/openlit-go/semconv"
)

// Bounds on what one context may carry.
const (
	maxTags     = sanitize.MaxSliceLength
	maxMetadata = 64
	maxExtra    = 64
)

// Attributes are what a context carries. The zero value carries nothing.
type Attributes struct {
	UserID, SessionID, ConversationID, TraceName string
	Tags                                         []string
	Metadata                                     map[string]string
	Extra                                        []attribute.KeyValue
	// OnMetrics puts the user, session and conversation ids and Extra on
	// the metric points of model calls too (cardinality: opt-in).
	OnMetrics bool
	// PromptName and PromptVersion name the Langfuse prompt the model
	// calls under the context were made from (version 0: none).
	PromptName    string
	PromptVersion int
}

type key struct{}

// With returns ctx carrying a merged over what ctx already carries: set
// fields win, tags and extra attributes are appended, metadata keys merged.
func With(ctx context.Context, a Attributes) context.Context {
	// Copies: the caller may reuse its slices and map.
	a.Tags, a.Extra, a.Metadata = slices.Clone(a.Tags), slices.Clone(a.Extra), maps.Clone(a.Metadata)
	if parent, ok := ctx.Value(key{}).(*Attributes); ok {
		a = merge(*parent, a)
	}
	return context.WithValue(ctx, key{}, &a)
}

func merge(p, a Attributes) Attributes {
	m := p
	for _, f := range []struct {
		dst *string
		v   string
	}{
		{&m.UserID, a.UserID}, {&m.SessionID, a.SessionID}, {&m.ConversationID, a.ConversationID}, {&m.TraceName, a.TraceName},
	} {
		if f.v != "" {
			*f.dst = f.v
		}
	}
	if a.PromptName != "" {
		m.PromptName, m.PromptVersion = a.PromptName, a.PromptVersion
	}
	m.Tags = append(slices.Clip(p.Tags), a.Tags...)
	if len(a.Metadata) > 0 {
		m.Metadata = maps.Clone(p.Metadata)
		if m.Metadata == nil {
			m.Metadata = map[string]string{}
		}
		maps.Copy(m.Metadata, a.Metadata)
	}
	m.Extra = append(slices.Clip(p.Extra), a.Extra...)
	m.OnMetrics = p.OnMetrics || a.OnMetrics
	return m
}

// MetricAttributes are the metric point attributes ctx carries: nil unless
// the app opted in (OnMetrics). Bounded like metric attributes.
func MetricAttributes(ctx context.Context) []attribute.KeyValue {
	a := From(ctx)
	if a == nil || !a.OnMetrics {
		return nil
	}
	var kvs []attribute.KeyValue
	for k, v := range map[attribute.Key]string{semconv.UserID: a.UserID, semconv.SessionID: a.SessionID,
		semconv.GenAIConversationID: a.ConversationID} {
		if v != "" {
			kvs = append(kvs, k.String(v))
		}
	}
	kvs = append(kvs, a.Extra[:min(len(a.Extra), maxExtra)]...)
	return sanitize.Attributes(kvs, sanitize.MaxMetricAttributeLength)
}

// Prompt is the Langfuse prompt ctx links its model calls to.
func Prompt(ctx context.Context) (name string, version int, ok bool) {
	a := From(ctx)
	if a == nil || a.PromptName == "" {
		return "", 0, false
	}
	return a.PromptName, a.PromptVersion, true
}

// From returns what ctx carries, or nil.
func From(ctx context.Context) *Attributes {
	a, _ := ctx.Value(key{}).(*Attributes)
	return a
}

// SpanAttributes are the span attributes ctx carries: the OpenTelemetry
// keys always, the langfuse.* ones when langfuse is true. Strings are
// sanitised and bounded; nil when ctx carries nothing.
func SpanAttributes(ctx context.Context, langfuse bool) []attribute.KeyValue {
	a := From(ctx)
	if a == nil {
		return nil
	}
	var kvs []attribute.KeyValue
	add := func(k attribute.Key, v string) {
		if v != "" {
			kvs = append(kvs, k.String(v))
		}
	}
	add(semconv.UserID, a.UserID)
	add(semconv.SessionID, a.SessionID)
	add(semconv.GenAIConversationID, a.ConversationID)
	if langfuse {
		add(semconv.LangfuseUserID, a.UserID)
		session := a.SessionID
		if session == "" {
			session = a.ConversationID
		}
		add(semconv.LangfuseSessionID, session)
		add(semconv.LangfuseTraceName, a.TraceName)
		if len(a.Tags) > 0 {
			kvs = append(kvs, semconv.LangfuseTraceTags.StringSlice(a.Tags[:min(len(a.Tags), maxTags)]))
		}
		keys := slices.Collect(maps.Keys(a.Metadata))
		sort.Strings(keys)
		for _, k := range keys[:min(len(keys), maxMetadata)] {
			kvs = append(kvs, attribute.String(semconv.LangfuseTraceMetadataPrefix+k, a.Metadata[k]))
		}
	}
	kvs = append(kvs, a.Extra[:min(len(a.Extra), maxExtra)]...)
	return sanitize.Attributes(kvs, sanitize.MaxAttributeLength)
}

// Processor sets the attributes a span's start context carries on the
// span, for every span of the provider it is registered with.
type Processor struct{}

// OnStart sets the context's attributes on s.
func (Processor) OnStart(ctx context.Context, s sdktrace.ReadWriteSpan) {
	if kvs := SpanAttributes(ctx, settings.Load().Langfuse); len(kvs) > 0 {
		s.SetAttributes(kvs...)
	}
}

// OnEnd does nothing.
func (Processor) OnEnd(sdktrace.ReadOnlySpan) {}

// Shutdown does nothing.
func (Processor) Shutdown(context.Context) error { return nil }

// ForceFlush does nothing.
func (Processor) ForceFlush(context.Context) error { return nil }
