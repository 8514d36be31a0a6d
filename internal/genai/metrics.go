package genai

import (
	"context"
	"errors"
	"fmt"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/openlit/openlit-go/internal/boundedcache"
	"github.com/openlit/openlit-go/semconv"
)

// pointKey identifies a metric point's attribute set.
type pointKey struct {
	mode                                                semconv.Mode
	service, env, op, system, reqModel, respModel, addr string
	port                                                int
	errType                                             string
}

// points are a metric point set and the options that record on it, built
// once per set: a metric.WithAttributeSet option and the slices that pass it
// would otherwise be allocated on every call.
type points struct {
	set attribute.Set
	rec []metric.RecordOption
	add []metric.AddOption
	// in and out record token usage per token type (ModeLatest).
	in, out []metric.RecordOption
}

func newPoints(mode semconv.Mode, set attribute.Set) *points {
	opt := metric.WithAttributeSet(set)
	p := &points{set: set, rec: []metric.RecordOption{opt}, add: []metric.AddOption{opt}}
	if mode == semconv.ModeLatest {
		kvs := set.ToSlice()
		p.in = []metric.RecordOption{metric.WithAttributeSet(attribute.NewSet(append(kvs, semconv.GenAITokenType.String("input"))...))}
		p.out = []metric.RecordOption{metric.WithAttributeSet(attribute.NewSet(append(kvs[:len(kvs):len(kvs)], semconv.GenAITokenType.String("output"))...))}
	}
	return p
}

// pointCache caches the points of each key: a service sees few distinct
// combinations, and building a set sorts and allocates. Past its bound,
// points are built each time.
var pointCache = boundedcache.New[pointKey, *points](maxCachedSets)

// maxCachedSets bounds the span name and point caches.
const maxCachedSets = 4096

// points returns the key's points. Every string of k was sanitized by End
// (or Init, for the service and environment).
func (k pointKey) points() *points {
	if v, ok := pointCache.Load(k); ok {
		return v
	}
	kvs := k.mode.MetricPointAttributes(k.service, k.env, k.op, k.system, k.reqModel, k.respModel, k.addr, k.port)
	if k.errType != "" {
		kvs = append(kvs, semconv.ErrorType.String(k.errType))
	}
	p := newPoints(k.mode, attribute.NewSet(kvs...))
	pointCache.Store(k, p)
	return p
}

type measurements struct {
	duration, ttft, tpot float64
	// streamed is true when ttft is a stream's first chunk.
	streamed bool
	// chunkGaps are the times between a stream's chunks (ModeLatest).
	chunkGaps []float64
	usage     recordedUsage
	cost      float64
	hasCost   bool
}

// instruments are the metrics of one meter provider, created for each
// Telemetry that records on it (the SDK returns the same instruments for the
// same names, so the points are shared).
type instruments struct {
	tokenUsage metric.Int64Histogram
	duration   metric.Float64Histogram
	ttft       metric.Float64Histogram
	tpot       metric.Float64Histogram
	// ttfc is the client's time to first chunk of the current conventions
	// (ModeLatest), where ttft is a model server's.
	ttfc metric.Float64Histogram
	// tpoc is the client's time per output chunk (ModeLatest).
	tpoc      metric.Float64Histogram
	cost      metric.Float64Histogram
	requests  metric.Int64Counter
	inTokens  metric.Int64Counter
	outTokens metric.Int64Counter
}

func newInstruments(mp metric.MeterProvider) *instruments {
	m := mp.Meter(semconv.MetricsScopeName, metric.WithInstrumentationVersion(semconv.MetricsScopeVersion))
	var errs []error
	check := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	in := &instruments{}
	var err error
	in.tokenUsage, err = m.Int64Histogram(semconv.MetricClientTokenUsage,
		metric.WithUnit(semconv.MetricClientTokenUsageUnit),
		metric.WithDescription(semconv.MetricClientTokenUsageDesc),
		metric.WithExplicitBucketBoundaries(semconv.TokenUsageBuckets()...))
	check(err)
	in.duration, err = m.Float64Histogram(semconv.MetricClientOperationDuration,
		metric.WithUnit(semconv.MetricClientOperationDurationUnit),
		metric.WithDescription(semconv.MetricClientOperationDurationDesc),
		metric.WithExplicitBucketBoundaries(semconv.OperationDurationBuckets()...))
	check(err)
	in.ttft, err = m.Float64Histogram(semconv.MetricServerTimeToFirstToken,
		metric.WithUnit(semconv.MetricServerTimeToFirstTokenUnit),
		metric.WithDescription(semconv.MetricServerTimeToFirstTokenDesc),
		metric.WithExplicitBucketBoundaries(semconv.TimeToFirstTokenBuckets()...))
	check(err)
	in.tpot, err = m.Float64Histogram(semconv.MetricServerTimePerOutputToken,
		metric.WithUnit(semconv.MetricServerTimePerOutputTokenUnit),
		metric.WithDescription(semconv.MetricServerTimePerOutputTokenDesc),
		metric.WithExplicitBucketBoundaries(semconv.TimePerOutputTokenBuckets()...))
	check(err)
	in.ttfc, err = m.Float64Histogram(semconv.MetricClientTimeToFirstChunk,
		metric.WithUnit(semconv.MetricClientTimeToFirstChunkUnit),
		metric.WithDescription(semconv.MetricClientTimeToFirstChunkDesc),
		metric.WithExplicitBucketBoundaries(semconv.TimeToFirstTokenBuckets()...))
	check(err)
	in.tpoc, err = m.Float64Histogram(semconv.MetricClientTimePerOutputChunk,
		metric.WithUnit(semconv.MetricClientTimePerOutputChunkUnit),
		metric.WithDescription(semconv.MetricClientTimePerOutputChunkDesc),
		metric.WithExplicitBucketBoundaries(semconv.TimePerOutputTokenBuckets()...))
	check(err)
	in.cost, err = m.Float64Histogram(semconv.MetricUsageCost,
		metric.WithUnit(semconv.MetricUsageCostUnit),
		metric.WithDescription(semconv.MetricUsageCostDesc),
		metric.WithExplicitBucketBoundaries(semconv.CostBuckets()...))
	check(err)
	in.requests, err = m.Int64Counter(semconv.MetricTotalRequests,
		metric.WithUnit(semconv.CounterUnit), metric.WithDescription(semconv.MetricTotalRequestsDesc))
	check(err)
	in.inTokens, err = m.Int64Counter(semconv.MetricUsageInputTokens,
		metric.WithUnit(semconv.CounterUnit), metric.WithDescription(semconv.MetricUsageInputTokensDesc))
	check(err)
	in.outTokens, err = m.Int64Counter(semconv.MetricUsageOutputTokens,
		metric.WithUnit(semconv.CounterUnit), metric.WithDescription(semconv.MetricUsageOutputTokensDesc))
	check(err)
	if len(errs) > 0 {
		otel.Handle(fmt.Errorf("openlit: creating metric instruments: %w", errors.Join(errs...)))
	}
	return in
}

// recordCommon records what every mode records for a successful call:
// duration, the stream timings and cost. OpenLIT's names for the timings
// are the gen_ai.server.* ones (every chat, the whole duration as the
// first token of an answer that is not streamed); the current conventions
// (latest) have the client's gen_ai.client.operation.time_to_first_chunk
// and time_per_output_chunk (one point per chunk after the first, as the
// stream observers timed them with Call.Chunk), for streams only.
func (in *instruments) recordCommon(ctx context.Context, rec []metric.RecordOption, m measurements, latest bool) {
	in.duration.Record(ctx, m.duration, rec...)
	switch {
	case latest && m.streamed:
		in.ttfc.Record(ctx, m.ttft, rec...)
		for _, gap := range m.chunkGaps {
			in.tpoc.Record(ctx, gap, rec...)
		}
	case latest:
	default:
		if m.ttft > 0 {
			in.ttft.Record(ctx, m.ttft, rec...)
		}
		if m.tpot > 0 {
			in.tpot.Record(ctx, m.tpot, rec...)
		}
	}
	if m.hasCost {
		in.cost.Record(ctx, m.cost, rec...)
	}
}
