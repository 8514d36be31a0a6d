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

// pointSets caches the attribute sets of metric points: a service sees few
// distinct combinations, and building a set sorts and allocates. Past its
// bound, sets are built each time.
var pointSets = boundedcache.New[pointKey, attribute.Set](maxCachedSets)

// maxCachedSets bounds the span name and point set caches.
const maxCachedSets = 4096

// set returns the key's attribute set. Every string of k was sanitized by
// End (or Init, for the service and environment).
func (k pointKey) set() attribute.Set {
	if v, ok := pointSets.Load(k); ok {
		return v
	}
	kvs := k.mode.MetricPointAttributes(k.service, k.env, k.op, k.system, k.reqModel, k.respModel, k.addr, k.port)
	if k.errType != "" {
		kvs = append(kvs, semconv.ErrorType.String(k.errType))
	}
	s := attribute.NewSet(kvs...)
	pointSets.Store(k, s)
	return s
}

type measurements struct {
	duration, ttft, tpot float64
	usage                recordedUsage
	cost                 float64
	hasCost              bool
}

// instruments are the metrics of one meter provider, created for each
// Telemetry that records on it (the SDK returns the same instruments for the
// same names, so the points are shared).
type instruments struct {
	tokenUsage metric.Int64Histogram
	duration   metric.Float64Histogram
	ttft       metric.Float64Histogram
	tpot       metric.Float64Histogram
	cost       metric.Float64Histogram
	requests   metric.Int64Counter
	inTokens   metric.Int64Counter
	outTokens  metric.Int64Counter
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
// duration, time to first token, time per output token and cost.
func (in *instruments) recordCommon(ctx context.Context, rec []metric.RecordOption, m measurements) {
	in.duration.Record(ctx, m.duration, rec...)
	if m.ttft > 0 {
		in.ttft.Record(ctx, m.ttft, rec...)
	}
	if m.tpot > 0 {
		in.tpot.Record(ctx, m.tpot, rec...)
	}
	if m.hasCost {
		in.cost.Record(ctx, m.cost, rec...)
	}
}
