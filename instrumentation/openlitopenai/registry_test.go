package openlitopenai

import (
	"context"
	"go/importer"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/openlit/openlit-go/internal/spantest"
	"github.com/openlit/openlit-go/replay"
	"github.com/openlit/openlit-go/semconv"
)

// registryKeys are the attribute keys the OpenTelemetry semantic
// conventions registry defines, read from the type-checked
// go.opentelemetry.io/otel/semconv/v1.41.0.
func registryKeys(t *testing.T) map[string]bool {
	t.Helper()
	pkg, err := importer.ForCompiler(token.NewFileSet(), "source", nil).Import("go.opentelemetry.io/otel/semconv/v1.41.0")
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, name := range pkg.Scope().Names() {
		c, ok := pkg.Scope().Lookup(name).(*types.Const)
		if ok && c.Exported() && strings.HasSuffix(c.Type().String(), "attribute.Key") {
			v, _ := strconv.Unquote(c.Val().ExactString())
			keys[v] = true
		}
	}
	if len(keys) < 500 {
		t.Fatalf("%d registry keys: the package was not read", len(keys))
	}
	return keys
}

// TestLatestKeysRegistered: every key ModeLatest records in the
// registry's namespaces (on spans, events and metric points, for every
// operation the typed wrapper instruments) is the registry's or one of
// semconv.LatestExtensions, and every extension is still missing from the
// registry.
func TestLatestKeysRegistered(t *testing.T) {
	registered := registryKeys(t)
	seen := map[string]string{}
	note := func(kvs []attribute.KeyValue, where string) {
		for _, kv := range kvs {
			if _, ok := seen[string(kv.Key)]; !ok {
				seen[string(kv.Key)] = where
			}
		}
	}
	for _, op := range everyOperation() {
		t.Run(op.name, func(t *testing.T) {
			spantest.WithMode(t, semconv.ModeLatest)
			h := newHarness(t, replay.Options{})
			if _, err := op.call(context.Background(), h.client); err != nil {
				t.Fatal(err)
			}
			for _, s := range h.spans.GetSpans().Snapshots() {
				note(s.Attributes(), op.name+" span")
				for _, e := range s.Events() {
					note(e.Attributes, op.name+" event "+e.Name)
				}
			}
			var rm metricdata.ResourceMetrics
			if err := h.reader.Collect(context.Background(), &rm); err != nil {
				t.Fatal(err)
			}
			for _, sm := range rm.ScopeMetrics {
				for _, m := range sm.Metrics {
					for _, set := range pointSets(m) {
						note(set.ToSlice(), op.name+" metric "+m.Name)
					}
				}
			}
		})
	}
	if seen["gen_ai.provider.name"] == "" || seen["gen_ai.usage.cost"] == "" || seen["gen_ai.request.stream"] == "" {
		t.Fatalf("latest mode not recorded: keys %v", seen)
	}
	namespaces := []string{"gen_ai.", "server.", "error.", "db."}
	for k, where := range seen {
		inScope := slices.ContainsFunc(namespaces, func(ns string) bool { return strings.HasPrefix(k, ns) })
		if inScope && !registered[k] && !slices.Contains(semconv.LatestExtensions, attribute.Key(k)) {
			t.Errorf("latest mode records %s (%s): not in the registry, not a documented extension", k, where)
		}
	}
	for _, k := range semconv.LatestExtensions {
		if registered[string(k)] {
			t.Errorf("%s is in the registry now: remove it from semconv.LatestExtensions", k)
		}
	}
}

// pointSets are the attribute sets of m's points.
func pointSets(m metricdata.Metrics) []attribute.Set {
	var sets []attribute.Set
	switch d := m.Data.(type) {
	case metricdata.Histogram[float64]:
		for _, p := range d.DataPoints {
			sets = append(sets, p.Attributes)
		}
	case metricdata.Histogram[int64]:
		for _, p := range d.DataPoints {
			sets = append(sets, p.Attributes)
		}
	case metricdata.Sum[int64]:
		for _, p := range d.DataPoints {
			sets = append(sets, p.Attributes)
		}
	case metricdata.Sum[float64]:
		for _, p := range d.DataPoints {
			sets = append(sets, p.Attributes)
		}
	}
	return sets
}
