package otlpreceiver

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"

	collmetricpb "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	colltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	metricpb "go.opentelemetry.io/proto/otlp/metrics/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

// Receiver collects OTLP/HTTP exports.
type Receiver struct {
	*httptest.Server

	mu      sync.Mutex
	traces  []*tracepb.ResourceSpans
	metrics []*metricpb.ResourceMetrics
	headers []http.Header
	raw     [][]byte
}

// New starts a receiver on a loopback port. Close it when done.
func New() *Receiver {
	r := NewUnstarted()
	r.Server = httptest.NewServer(r.Handler())
	return r
}

// NewUnstarted returns a receiver without a server of its own, for mounting
// its Handler in another server (Server is nil).
func NewUnstarted() *Receiver {
	return &Receiver{}
}

// Handler serves POST /v1/traces and POST /v1/metrics.
func (r *Receiver) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/traces", r.handleTraces)
	mux.HandleFunc("POST /v1/metrics", r.handleMetrics)
	return mux
}

func body(req *http.Request) ([]byte, error) {
	var rd io.Reader = req.Body
	if req.Header.Get("Content-Encoding") == "gzip" {
		gz, err := gzip.NewReader(req.Body)
		if err != nil {
			return nil, err
		}
		defer gz.Close()
		rd = gz
	}
	return io.ReadAll(rd)
}

func (r *Receiver) handleTraces(w http.ResponseWriter, req *http.Request) {
	var msg colltracepb.ExportTraceServiceRequest
	r.handle(w, req, &msg, &colltracepb.ExportTraceServiceResponse{}, func() {
		r.traces = append(r.traces, msg.ResourceSpans...)
	})
}

func (r *Receiver) handleMetrics(w http.ResponseWriter, req *http.Request) {
	var msg collmetricpb.ExportMetricsServiceRequest
	r.handle(w, req, &msg, &collmetricpb.ExportMetricsServiceResponse{}, func() {
		r.metrics = append(r.metrics, msg.ResourceMetrics...)
	})
}

// handle decodes one export request into msg, keeps it (keep runs under the
// lock) with its raw bytes and headers, and answers with reply.
func (r *Receiver) handle(w http.ResponseWriter, req *http.Request, msg, reply proto.Message, keep func()) {
	b, err := body(req)
	if err == nil {
		err = proto.Unmarshal(b, msg)
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	r.mu.Lock()
	r.raw = append(r.raw, b)
	r.headers = append(r.headers, req.Header.Clone())
	keep()
	r.mu.Unlock()
	r.reply(w, reply)
}

func (r *Receiver) reply(w http.ResponseWriter, m proto.Message) {
	b, _ := proto.Marshal(m)
	w.Header().Set("Content-Type", "application/x-protobuf")
	_, _ = w.Write(b)
}

// Spans returns every span received, with its resource attributes.
func (r *Receiver) Spans() []Span {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Span
	for _, rs := range r.traces {
		res := Attrs(rs.GetResource().GetAttributes())
		for _, ss := range rs.ScopeSpans {
			for _, s := range ss.Spans {
				out = append(out, Span{Span: s, Resource: res, Scope: ss.GetScope().GetName()})
			}
		}
	}
	return out
}

// Metrics returns every metric received, by name (the latest export wins).
func (r *Receiver) Metrics() map[string]Metric {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[string]Metric{}
	for _, rm := range r.metrics {
		res := Attrs(rm.GetResource().GetAttributes())
		for _, sm := range rm.ScopeMetrics {
			for _, m := range sm.Metrics {
				out[m.Name] = Metric{Metric: m, Resource: res, Scope: sm.GetScope().GetName()}
			}
		}
	}
	return out
}

// Raw returns the decoded-from bytes of every export request received.
func (r *Receiver) Raw() [][]byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([][]byte(nil), r.raw...)
}

// Headers returns the headers of every export request received.
func (r *Receiver) Headers() []http.Header {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]http.Header(nil), r.headers...)
}

// Span is a received span with its resource attributes.
type Span struct {
	*tracepb.Span
	Resource map[string]any
	Scope    string
}

// Metric is a received metric with its resource attributes.
type Metric struct {
	*metricpb.Metric
	Resource map[string]any
	Scope    string
}

// Attrs turns OTLP attributes into a map of Go values: string, bool, int64,
// float64, []any.
func Attrs(kvs []*commonpb.KeyValue) map[string]any {
	out := make(map[string]any, len(kvs))
	for _, kv := range kvs {
		out[kv.Key] = value(kv.Value)
	}
	return out
}

func value(v *commonpb.AnyValue) any {
	switch x := v.GetValue().(type) {
	case *commonpb.AnyValue_StringValue:
		return x.StringValue
	case *commonpb.AnyValue_BoolValue:
		return x.BoolValue
	case *commonpb.AnyValue_IntValue:
		return x.IntValue
	case *commonpb.AnyValue_DoubleValue:
		return x.DoubleValue
	case *commonpb.AnyValue_ArrayValue:
		var out []any
		for _, e := range x.ArrayValue.GetValues() {
			out = append(out, value(e))
		}
		return out
	}
	return nil
}
