package consoleview

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/semconv"
)

// maxEvents is how many events a span shows, one line each.
const maxEvents = 6

// render appends trace id's tree: the spans whose parent is not among
// spans are its roots, children ordered by start time.
func (v *View) render(out []byte, id trace.TraceID, spans []sdktrace.ReadOnlySpan, continued bool) []byte {
	if len(spans) == 0 {
		return out
	}
	have := make(map[trace.SpanID]bool, len(spans))
	for _, s := range spans {
		have[s.SpanContext().SpanID()] = true
	}
	children := map[trace.SpanID][]sdktrace.ReadOnlySpan{}
	var roots []sdktrace.ReadOnlySpan
	for _, s := range spans {
		if p := s.Parent(); p.IsValid() && have[p.SpanID()] {
			children[p.SpanID()] = append(children[p.SpanID()], s)
		} else {
			roots = append(roots, s)
		}
	}
	byStart := func(a, b sdktrace.ReadOnlySpan) int { return a.StartTime().Compare(b.StartTime()) }
	slices.SortStableFunc(roots, byStart)
	for _, c := range children {
		slices.SortStableFunc(c, byStart)
	}
	header := "trace " + id.String()
	if continued {
		header += " (continued)"
	}
	out = v.style.dim(out, header)
	out = append(out, '\n')
	seen := make(map[trace.SpanID]bool, len(spans))
	for _, r := range roots {
		out = v.span(out, r, children, seen, "", "")
	}
	// Spans no root reaches (parent links that loop, from forged ids) are
	// shown as roots, each once.
	slices.SortStableFunc(spans, byStart)
	for _, s := range spans {
		if !seen[s.SpanContext().SpanID()] {
			out = v.span(out, s, children, seen, "", "")
		}
	}
	return out
}

// span appends s (its line and its events) and its children, unless seen
// holds it already (each span is shown once). lead is what goes before s's
// own line, indent what goes before the lines under it.
func (v *View) span(out []byte, s sdktrace.ReadOnlySpan, children map[trace.SpanID][]sdktrace.ReadOnlySpan, seen map[trace.SpanID]bool, lead, indent string) []byte {
	id := s.SpanContext().SpanID()
	if seen[id] {
		return out
	}
	seen[id] = true
	out = append(out, lead...)
	out = v.style.bold(out, oneLine(s.Name(), contentWidth))
	out = append(out, "  "...)
	out = append(out, duration(s.EndTime().Sub(s.StartTime()))...)
	var f spanFacts
	f.read(s.Attributes())
	out = v.facts(out, s, &f)
	out = append(out, '\n')
	kids := children[id]
	bar := indent
	if len(kids) > 0 {
		bar += "│ "
	} else {
		bar += "  "
	}
	out = v.content(out, s, &f, bar)
	for i, k := range kids {
		if i == len(kids)-1 {
			out = v.span(out, k, children, seen, indent+"└─ ", indent+"   ")
		} else {
			out = v.span(out, k, children, seen, indent+"├─ ", indent+"│  ")
		}
	}
	return out
}

// facts appends what a reader looks for on a model span: the model that
// answered, tokens, cost, time to first token, a vector store operation's
// top-k, vectors and rows, tool call ids, and the error.
func (v *View) facts(out []byte, s sdktrace.ReadOnlySpan, f *spanFacts) []byte {
	sep := func() { out = append(out, "  "...) }
	if f.respModel != "" && f.respModel != f.reqModel {
		sep()
		out = v.style.cyan(out, oneLine(f.respModel, idWidth))
	}
	switch {
	case f.operation == semconv.OperationEmbeddings && f.hasIn && (!f.hasOut || f.out == 0):
		// An embedding has no output tokens: "28 tokens", not "28→0".
		sep()
		out = append(out, tokens(f.in, true)...)
		out = append(out, " tokens"...)
	case f.hasIn || f.hasOut:
		sep()
		out = append(out, tokens(f.in, f.hasIn)...)
		out = append(out, "→"...)
		out = append(out, tokens(f.out, f.hasOut)...)
		out = append(out, " tokens"...)
	}
	if f.hasCost {
		sep()
		out = append(out, usd(f.cost)...)
	}
	if f.ttft > 0 {
		sep()
		out = append(out, "ttft "...)
		out = append(out, seconds(f.ttft)...)
	}
	for _, n := range []struct {
		label string
		v     int64
	}{{"top_k ", f.topK}, {"vectors ", f.vectors}, {"rows ", f.rows}} {
		if n.v >= 0 {
			sep()
			out = append(out, n.label...)
			out = strconv.AppendInt(out, n.v, 10)
		}
	}
	if len(f.toolCalls) > 0 {
		sep()
		out = append(out, "tool calls "...)
		out = append(out, oneLine(strings.Join(f.toolCalls, ", "), contentWidth)...)
	}
	if st := s.Status(); st.Code == codes.Error || f.errType != "" {
		sep()
		msg := "ERROR"
		if f.errType != "" {
			msg += " " + oneLine(f.errType, idWidth)
		}
		if st.Description != "" {
			msg += ": " + oneLine(st.Description, statusWidth)
		}
		out = v.style.red(out, msg)
	}
	return out
}

func tokens(n int64, ok bool) string {
	if !ok {
		return "?"
	}
	return strconv.FormatInt(n, 10)
}

// spanFacts are the attributes facts shows.
type spanFacts struct {
	reqModel, respModel, errType string
	operation                    string
	in, out                      int64
	hasIn, hasOut, hasCost       bool
	cost, ttft                   float64
	toolCalls                    []string
	input, output                string
	// A vector store operation's top-k, vectors and rows (-1: not set).
	topK, vectors, rows int64
}

func (f *spanFacts) read(attrs []attribute.KeyValue) {
	f.topK, f.vectors, f.rows = -1, -1, -1
	for _, kv := range attrs {
		switch kv.Key {
		case semconv.DBVectorQueryTopK:
			f.topK = kv.Value.AsInt64()
		case semconv.DBVectorCount:
			f.vectors = kv.Value.AsInt64()
		case semconv.DBResponseReturnedRows:
			f.rows = kv.Value.AsInt64()
		case semconv.GenAIOperationName:
			f.operation = kv.Value.Emit()
		case semconv.GenAIRequestModel:
			f.reqModel = kv.Value.Emit()
		case semconv.GenAIResponseModel:
			f.respModel = kv.Value.Emit()
		case semconv.GenAIUsageInputTokens:
			f.in, f.hasIn = kv.Value.AsInt64(), kv.Value.Type() == attribute.INT64
		case semconv.GenAIUsageOutputTokens:
			f.out, f.hasOut = kv.Value.AsInt64(), kv.Value.Type() == attribute.INT64
		case semconv.GenAIUsageCost:
			f.cost, f.hasCost = kv.Value.AsFloat64(), kv.Value.Type() == attribute.FLOAT64
		case semconv.GenAIServerTimeToFirstToken, semconv.GenAIResponseTimeToFirstChunk:
			if kv.Value.Type() == attribute.FLOAT64 {
				f.ttft = kv.Value.AsFloat64()
			}
		case semconv.ErrorType:
			f.errType = kv.Value.Emit()
		case semconv.GenAIToolCallID:
			switch kv.Value.Type() {
			case attribute.STRING:
				f.toolCalls = append(f.toolCalls, kv.Value.AsString())
			case attribute.STRINGSLICE:
				f.toolCalls = append(f.toolCalls, kv.Value.AsStringSlice()...)
			}
		case semconv.GenAIInputMessages:
			f.input = kv.Value.Emit()
		case semconv.GenAIOutputMessages:
			f.output = kv.Value.Emit()
		}
	}
}

// content appends the span's content, one line per event (and, in the
// latest conventions, per message attribute), at most maxEvents lines.
func (v *View) content(out []byte, s sdktrace.ReadOnlySpan, f *spanFacts, indent string) []byte {
	shown := 0
	line := func(label, text string) {
		if text == "" && label != "exception" {
			return
		}
		shown++
		if shown > maxEvents {
			return
		}
		out = append(out, indent...)
		out = v.style.dim(out, label+": ")
		out = append(out, oneLine(text, contentWidth)...)
		out = append(out, '\n')
	}
	if f.input != "" {
		line("input", messagesText(f.input))
	}
	if f.output != "" {
		line("output", messagesText(f.output))
	}
	for _, e := range s.Events() {
		label, text := eventText(e)
		line(label, text)
	}
	if n := shown - maxEvents; n > 0 {
		out = append(out, indent...)
		out = v.style.dim(out, "… "+plural(int64(n), "more line"))
		out = append(out, '\n')
	}
	return out
}

// eventText is how an event shows: a short label and its main text.
func eventText(e sdktrace.Event) (label, text string) {
	find := func(keys ...attribute.Key) string {
		for _, k := range keys {
			for _, kv := range e.Attributes {
				if kv.Key == k {
					return kv.Value.Emit()
				}
			}
		}
		return ""
	}
	switch e.Name {
	case semconv.EventContentPrompt:
		return "prompt", find(semconv.GenAIPrompt)
	case semconv.EventContentCompletion:
		return "completion", find(semconv.GenAICompletion)
	case semconv.EventException:
		t, m := find("exception.type"), find("exception.message")
		if t != "" && m != "" {
			return "exception", t + ": " + m
		}
		return "exception", t + m
	}
	if t := find(semconv.GenAIInputMessages, semconv.GenAIOutputMessages); t != "" {
		return oneLine(e.Name, idWidth), messagesText(t)
	}
	for _, kv := range e.Attributes {
		if kv.Value.Type() == attribute.STRING {
			return oneLine(e.Name, idWidth), kv.Value.AsString()
		}
	}
	return oneLine(e.Name, idWidth), ""
}

// messagesText is the conventions' JSON messages as "role: text" joined by
// " | ", or the JSON itself when it is not that shape.
func messagesText(j string) string {
	var msgs []struct {
		Role  string `json:"role"`
		Parts []struct {
			Type    string          `json:"type"`
			Content json.RawMessage `json:"content"`
			Name    string          `json:"name"`
		} `json:"parts"`
	}
	if json.Unmarshal([]byte(j), &msgs) != nil || len(msgs) == 0 {
		return j
	}
	var b strings.Builder
	for i, m := range msgs {
		if i > 0 {
			b.WriteString(" | ")
		}
		b.WriteString(m.Role)
		b.WriteString(":")
		for _, p := range m.Parts {
			b.WriteByte(' ')
			var s string
			switch {
			case json.Unmarshal(p.Content, &s) == nil:
				b.WriteString(s)
			case p.Type == "tool_call":
				b.WriteString("[tool call " + p.Name + "]")
			default:
				b.WriteString("[" + p.Type + "]")
			}
		}
		if b.Len() > 4*contentWidth {
			break
		}
	}
	return b.String()
}
