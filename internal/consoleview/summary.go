package consoleview

import (
	"context"
	"math"
	"slices"
	"strings"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/openlit/openlit-go/semconv"
)

// maxModels bounds the models the totals keep apart; the rest are added
// up under "other models".
const maxModels = 64

const otherModels = "other models"

// totals are one model's figures.
type totals struct {
	calls, errors, in, out int64
	cost                   float64
	p50, p95               float64 // seconds; NaN when unknown
}

// tally adds up the model spans, for the totals when no metrics were
// recorded (WithDisableMetrics, or a meter provider of the app's own).
type tally struct {
	models map[string]*spanTotals
}

type spanTotals struct {
	totals
	durations []float64 // seconds, the first maxDurations
}

const maxDurations = 10000

func (t *tally) add(s sdktrace.ReadOnlySpan) {
	var f spanFacts
	f.read(s.Attributes())
	if f.reqModel == "" && f.respModel == "" {
		return
	}
	if t.models == nil {
		t.models = map[string]*spanTotals{}
	}
	m := t.get(modelKey(f.reqModel, f.respModel))
	m.calls++
	if s.Status().Code == codes.Error || f.errType != "" {
		m.errors++
	}
	m.in += f.in
	m.out += f.out
	m.cost += f.cost
	if len(m.durations) < maxDurations {
		m.durations = append(m.durations, s.EndTime().Sub(s.StartTime()).Seconds())
	}
}

func (t *tally) get(model string) *spanTotals {
	return perModel(t.models, model, func() *spanTotals { return &spanTotals{} })
}

// perModel is model's entry of m, made by newT when it has none: past
// maxModels models, the entry of otherModels.
func perModel[T any](m map[string]*T, model string, newT func() *T) *T {
	if v, ok := m[model]; ok {
		return v
	}
	if len(m) >= maxModels {
		model = otherModels
		if v, ok := m[model]; ok {
			return v
		}
	}
	v := newT()
	m[model] = v
	return v
}

func modelKey(req, resp string) string {
	if req != "" {
		return req
	}
	if resp != "" {
		return resp
	}
	return "(no model)"
}

// histograms are the totals per model from the last metric collection.
type histograms struct {
	models map[string]*histTotals
}

type histTotals struct {
	totals
	bounds   []float64
	counts   []uint64
	min, max float64
}

// MetricExporter returns the exporter that keeps the figures the totals
// are made of.
func (v *View) MetricExporter() sdkmetric.Exporter { return metricExporter{v} }

type metricExporter struct{ v *View }

// Temporality is cumulative: every collection holds the totals so far.
func (metricExporter) Temporality(sdkmetric.InstrumentKind) metricdata.Temporality {
	return metricdata.CumulativeTemporality
}

// Aggregation is the SDK's default.
func (metricExporter) Aggregation(k sdkmetric.InstrumentKind) sdkmetric.Aggregation {
	return sdkmetric.DefaultAggregationSelector(k)
}

// Export keeps the model totals of rm (copied: the reader reuses rm).
func (e metricExporter) Export(_ context.Context, rm *metricdata.ResourceMetrics) error {
	h := &histograms{models: map[string]*histTotals{}}
	get := func(attrs attribute.Set) *histTotals {
		req, _ := attrs.Value(semconv.GenAIRequestModel)
		resp, _ := attrs.Value(semconv.GenAIResponseModel)
		return perModel(h.models, modelKey(req.Emit(), resp.Emit()), func() *histTotals {
			return &histTotals{min: math.Inf(1), max: math.Inf(-1)}
		})
	}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			switch m.Name {
			case semconv.MetricClientOperationDuration:
				if d, ok := m.Data.(metricdata.Histogram[float64]); ok {
					for _, p := range d.DataPoints {
						get(p.Attributes).addDuration(p)
					}
				}
			case semconv.MetricClientTokenUsage:
				if d, ok := m.Data.(metricdata.Histogram[int64]); ok {
					for _, p := range d.DataPoints {
						t, _ := p.Attributes.Value(semconv.GenAITokenType)
						switch t.Emit() {
						case "input":
							get(p.Attributes).in += p.Sum
						case "output":
							get(p.Attributes).out += p.Sum
						}
					}
				}
			case semconv.MetricUsageInputTokens, semconv.MetricUsageOutputTokens:
				// OpenLIT's counters (the default conventions); the
				// latest conventions have the token type on token.usage.
				if d, ok := m.Data.(metricdata.Sum[int64]); ok {
					for _, p := range d.DataPoints {
						if m.Name == semconv.MetricUsageInputTokens {
							get(p.Attributes).in += p.Value
						} else {
							get(p.Attributes).out += p.Value
						}
					}
				}
			case semconv.MetricUsageCost:
				if d, ok := m.Data.(metricdata.Histogram[float64]); ok {
					for _, p := range d.DataPoints {
						get(p.Attributes).cost += p.Sum
					}
				}
			}
		}
	}
	e.v.mu.Lock()
	e.v.hist = h
	e.v.mu.Unlock()
	return nil
}

func (m *histTotals) addDuration(p metricdata.HistogramDataPoint[float64]) {
	m.calls += int64(p.Count)
	if _, ok := p.Attributes.Value(semconv.ErrorType); ok {
		m.errors += int64(p.Count)
	}
	if m.counts == nil {
		m.bounds = slices.Clone(p.Bounds)
		m.counts = make([]uint64, len(p.BucketCounts))
	}
	if len(p.BucketCounts) == len(m.counts) {
		for i, c := range p.BucketCounts {
			m.counts[i] += c
		}
	}
	if v, ok := p.Min.Value(); ok {
		m.min = min(m.min, v)
	}
	if v, ok := p.Max.Value(); ok {
		m.max = max(m.max, v)
	}
}

// quantile estimates the q-quantile from the buckets, linearly within the
// bucket it falls in, the recorded minimum and maximum bounding the
// outer ones.
func (m *histTotals) quantile(q float64) float64 {
	var n uint64
	for _, c := range m.counts {
		n += c
	}
	if n == 0 {
		return math.NaN()
	}
	target := q * float64(n)
	var cum float64
	for i, c := range m.counts {
		if c == 0 || cum+float64(c) < target {
			cum += float64(c)
			continue
		}
		lo, hi := m.min, m.max
		if i > 0 && i-1 < len(m.bounds) {
			lo = max(lo, m.bounds[i-1])
		}
		if i < len(m.bounds) {
			hi = min(hi, m.bounds[i])
		}
		if math.IsInf(lo, 0) || math.IsInf(hi, 0) || hi < lo {
			return math.NaN()
		}
		return lo + (hi-lo)*(target-cum)/float64(c)
	}
	return m.max
}

// ForceFlush does nothing: Export keeps what it needs.
func (metricExporter) ForceFlush(context.Context) error { return nil }

// Shutdown does nothing: Summary prints.
func (metricExporter) Shutdown(context.Context) error { return nil }

// summary appends the totals per model: from the last metric collection
// when there was one, else from the model spans.
func (v *View) summary(out []byte) []byte {
	rows := map[string]totals{}
	if v.hist != nil && len(v.hist.models) > 0 {
		for name, m := range v.hist.models {
			t := m.totals
			t.p50, t.p95 = m.quantile(0.5), m.quantile(0.95)
			rows[name] = t
		}
	} else {
		for name, m := range v.tally.models {
			t := m.totals
			t.p50, t.p95 = exactQuantile(m.durations, 0.5), exactQuantile(m.durations, 0.95)
			rows[name] = t
		}
	}
	if len(rows) == 0 {
		return out
	}
	names := make([]string, 0, len(rows))
	var calls int64
	var cost float64
	width := 0
	for name, t := range rows {
		names = append(names, name)
		calls += t.calls
		cost += t.cost
		width = max(width, len([]rune(oneLine(name, idWidth))))
	}
	slices.Sort(names)
	out = v.style.dim(out, "openlit: "+plural(calls, "call")+", "+usd(cost))
	out = append(out, '\n')
	for _, name := range names {
		t := rows[name]
		label := oneLine(name, idWidth)
		out = append(out, "  "...)
		out = v.style.bold(out, label)
		out = append(out, strings.Repeat(" ", width-len([]rune(label)))...)
		out = append(out, "  "...)
		out = append(out, plural(t.calls, "call")...)
		if t.errors > 0 {
			out = append(out, ", "...)
			out = v.style.red(out, plural(t.errors, "error"))
		}
		out = append(out, "  "...)
		if t.out == 0 {
			// Embedding models have no output tokens: "35 tokens".
			out = append(out, tokens(t.in, true)+" tokens  "...)
		} else {
			out = append(out, tokens(t.in, true)+"→"+tokens(t.out, true)+" tokens  "...)
		}
		out = append(out, usd(t.cost)...)
		if !math.IsNaN(t.p50) {
			out = append(out, "  p50 "+seconds(t.p50)+"  p95 "+seconds(t.p95)...)
		}
		out = append(out, '\n')
	}
	return out
}

// exactQuantile is the nearest-rank q-quantile of d.
func exactQuantile(d []float64, q float64) float64 {
	if len(d) == 0 {
		return math.NaN()
	}
	s := slices.Clone(d)
	slices.Sort(s)
	i := int(math.Ceil(q*float64(len(s)))) - 1
	return s[max(0, min(i, len(s)-1))]
}
