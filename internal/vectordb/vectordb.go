package vectordb

import (
	"context"
	"errors"
	"fmt"
	"net"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/internal/ctxattr"
	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/sanitize"
	"github.com/openlit/openlit-go/internal/settings"
	"github.com/openlit/openlit-go/semconv"
)

// Config configures a Telemetry. Nil providers are the OpenTelemetry
// globals in force at each operation.
type Config struct {
	TracerProvider trace.TracerProvider
	MeterProvider  metric.MeterProvider
	// ScopeName and ScopeVersion name the instrumentation scope.
	ScopeName, ScopeVersion string
	// CaptureContent, when non-nil, overrides Init's content capture.
	CaptureContent *bool
}

// Telemetry records the operations of one instrumented client.
type Telemetry struct {
	cfg  Config
	inst atomic.Pointer[boundInstruments]
}

type boundInstruments struct {
	mp       metric.MeterProvider
	duration metric.Float64Histogram
	requests metric.Int64Counter
}

// New returns a Telemetry for cfg.
func New(cfg Config) *Telemetry { return &Telemetry{cfg: cfg} }

func (t *Telemetry) tracer() trace.Tracer {
	tp := t.cfg.TracerProvider
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	return tp.Tracer(t.cfg.ScopeName, trace.WithInstrumentationVersion(t.cfg.ScopeVersion))
}

// instruments are those of the configured meter provider, or of the global
// one in force now, made once per provider.
func (t *Telemetry) instruments() *boundInstruments {
	mp := t.cfg.MeterProvider
	if mp == nil {
		mp = otel.GetMeterProvider()
	}
	if b := t.inst.Load(); b != nil && sameProvider(b.mp, mp) {
		return b
	}
	m := mp.Meter(semconv.MetricsScopeName, metric.WithInstrumentationVersion(semconv.MetricsScopeVersion))
	b := &boundInstruments{mp: mp}
	var err1, err2 error
	b.duration, err1 = m.Float64Histogram(semconv.MetricDBClientOperationDuration,
		metric.WithUnit(semconv.MetricDBClientOperationDurationUnit),
		metric.WithDescription(semconv.MetricDBClientOperationDurationDesc),
		metric.WithExplicitBucketBoundaries(semconv.DBOperationDurationBuckets()...))
	b.requests, err2 = m.Int64Counter(semconv.MetricDBRequests,
		metric.WithUnit(semconv.CounterUnit), metric.WithDescription(semconv.MetricDBRequestsDesc))
	if err := errors.Join(err1, err2); err != nil {
		otel.Handle(fmt.Errorf("openlit: creating vector store metric instruments: %w", err))
	}
	t.inst.Store(b)
	return b
}

// Operation is what an integration knows of an operation before it runs.
type Operation struct {
	// System is db.system.name (qdrant, postgresql, …).
	System string
	// Name is db.operation.name (semconv.DBOperationQuery, …).
	Name string
	// Collection is db.collection.name; Namespace db.namespace.
	Collection, Namespace string
	// ServerAddress and ServerPort are the host the client called.
	ServerAddress string
	ServerPort    int
	// TopK is db.vector.query.top_k, recorded when above zero.
	TopK int
	// VectorCount is db.vector.count, recorded when above zero.
	VectorCount int
	// Filter and QueryText are content: recorded only when content is
	// captured.
	Filter, QueryText string
}

// Span is one operation in flight. Its methods are not safe for
// concurrent use; End acts once.
type Span struct {
	t       *Telemetry
	ctx     context.Context
	span    trace.Span
	start   time.Time
	op      Operation
	st      *settings.Settings
	rows    int
	hasRows bool
	vectors int
	status  string
	ended   bool
}

// Start starts the CLIENT span of op as a child of ctx's span.
func (t *Telemetry) Start(ctx context.Context, op Operation) (context.Context, *Span) {
	if ctx == nil {
		ctx = context.Background()
	}
	st := settings.Load()
	capture := st.CaptureContent
	if t.cfg.CaptureContent != nil {
		capture = *t.cfg.CaptureContent
	}
	op.System, op.Name = attrString(op.System), attrString(op.Name)
	op.Collection, op.Namespace = attrString(op.Collection), attrString(op.Namespace)
	op.ServerAddress = attrString(op.ServerAddress)
	name := op.Name
	if op.Collection != "" {
		name += " " + op.Collection
	}
	attrs := make([]attribute.KeyValue, 0, 20)
	attrs = append(attrs,
		semconv.TelemetrySDKName.String(semconv.SDKName),
		semconv.DBSystemName.String(op.System),
		semconv.DBOperationName.String(op.Name),
		semconv.DBQuerySummary.String(name),
		semconv.ServiceName.String(st.ServiceName),
		semconv.DeploymentEnvironment.String(st.Environment),
	)
	if st.Mode != semconv.ModeLatest {
		// OpenLIT's marker of a vector store span; the registry has no
		// such operation.
		attrs = append(attrs, semconv.GenAIOperationName.String(semconv.OperationVectorDB))
	}
	if st.Langfuse && (op.Name == semconv.DBOperationQuery || op.Name == semconv.DBOperationSearch) {
		// Langfuse shows a search as a RETRIEVER observation.
		attrs = append(attrs, attribute.String(semconv.LangfuseObservationType, "retriever"))
	}
	if op.Collection != "" {
		attrs = append(attrs, semconv.DBCollectionName.String(op.Collection))
	}
	if op.Namespace != "" {
		attrs = append(attrs, semconv.DBNamespace.String(op.Namespace))
	}
	if op.ServerAddress != "" {
		attrs = append(attrs, semconv.ServerAddress.String(op.ServerAddress))
		if op.ServerPort > 0 {
			attrs = append(attrs, semconv.ServerPort.Int(op.ServerPort))
		}
	}
	if op.TopK > 0 {
		attrs = append(attrs, semconv.DBVectorQueryTopK.Int(op.TopK))
	}
	if op.VectorCount > 0 {
		attrs = append(attrs, semconv.DBVectorCount.Int(op.VectorCount))
	}
	if capture {
		limit := st.MaxContentLength
		if limit <= 0 {
			limit = genai.DefaultMaxContentLength
		}
		if op.Filter != "" {
			attrs = append(attrs, semconv.DBFilter.String(sanitize.String(op.Filter, limit)))
		}
		if op.QueryText != "" {
			attrs = append(attrs, semconv.DBQueryText.String(sanitize.String(op.QueryText, limit)))
		}
	}
	attrs = append(attrs, ctxattr.SpanAttributes(ctx, st.Langfuse)...)
	op.Filter, op.QueryText = "", "" // not kept past the span's start
	ctx, span := t.tracer().Start(ctx, name, trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(attrs...))
	return ctx, &Span{t: t, ctx: ctx, span: span, start: time.Now(), op: op, st: st}
}

// SetReturnedRows records db.response.returned_rows.
func (s *Span) SetReturnedRows(n int) {
	if s != nil && n >= 0 {
		s.rows, s.hasRows = n, true
	}
}

// SetVectorCount records db.vector.count when the count is known only
// from the answer (the rows an insert wrote); a count given at Start wins.
func (s *Span) SetVectorCount(n int) {
	if s != nil && n > 0 && s.op.VectorCount <= 0 {
		s.vectors = n
	}
}

// SetStatusCode records db.response.status_code for a failure (the
// store's own code: a gRPC code name, an HTTP status, a SQLSTATE).
func (s *Span) SetStatusCode(code string) {
	if s != nil {
		s.status = attrString(code)
	}
}

// End ends the span and records the metrics; err non-nil marks a failure
// (error.type: the status code when set, else the error's kind).
func (s *Span) End(err error) {
	if s == nil || s.ended {
		return
	}
	s.ended = true
	defer genai.Recover()
	duration := time.Since(s.start).Seconds()
	point := []attribute.KeyValue{
		semconv.TelemetrySDKName.String(semconv.SDKName),
		semconv.ServiceName.String(metricString(s.st.ServiceName)),
		semconv.DeploymentEnvironment.String(metricString(s.st.Environment)),
		semconv.DBSystemName.String(metricString(s.op.System)),
		semconv.DBOperationName.String(metricString(s.op.Name)),
	}
	if s.op.ServerAddress != "" {
		point = append(point, semconv.ServerAddress.String(metricString(s.op.ServerAddress)))
		if s.op.ServerPort > 0 {
			point = append(point, semconv.ServerPort.Int(s.op.ServerPort))
		}
	}
	if s.hasRows {
		s.span.SetAttributes(semconv.DBResponseReturnedRows.Int(s.rows))
	}
	if s.vectors > 0 {
		s.span.SetAttributes(semconv.DBVectorCount.Int(s.vectors))
	}
	if err != nil {
		errType := s.status
		if errType == "" {
			errType = genai.ErrorType(err)
		}
		if s.status != "" {
			s.span.SetAttributes(semconv.DBResponseStatusCode.String(s.status))
		}
		genai.SpanFailed(s.span, errType, err)
		point = append(point, semconv.ErrorType.String(metricString(errType)))
	} else {
		s.span.SetStatus(codes.Ok, "")
	}
	s.span.End()
	point = append(point, ctxattr.MetricAttributes(s.ctx)...)
	set := metric.WithAttributeSet(attribute.NewSet(point...))
	in := s.t.instruments()
	in.duration.Record(s.ctx, duration, set)
	in.requests.Add(s.ctx, 1, set)
}

func attrString(v string) string   { return sanitize.String(v, sanitize.MaxAttributeLength) }
func metricString(v string) string { return sanitize.String(v, sanitize.MaxMetricAttributeLength) }

// GRPCTarget is the host and port of a gRPC connection's target
// ("host:port", "dns:///host:port", "passthrough:///host:port"); the port is
// 0 when the target names none.
func GRPCTarget(target string) (string, int) {
	if i := strings.LastIndex(target, "/"); i >= 0 {
		target = target[i+1:]
	}
	host, p, err := net.SplitHostPort(target)
	if err != nil {
		return target, 0
	}
	port, _ := strconv.Atoi(p)
	return host, port
}

// sameProvider reports whether a and b are the same provider, without
// panicking on a type that is not comparable (never the same then).
func sameProvider(a, b any) bool {
	ta := reflect.TypeOf(a)
	if ta == nil || ta != reflect.TypeOf(b) || !ta.Comparable() {
		return false
	}
	return a == b
}
