package semconv

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
)

// guideMetrics is the metrics dump printed in the OpenLIT/Langfuse guide
// (real output of OpenLIT 1.34.1), copied from the contract.
type guideMetrics struct {
	ResourceMetrics []struct {
		Resource struct {
			Attributes map[string]any `json:"attributes"`
		} `json:"resource"`
		ScopeMetrics []struct {
			Scope struct {
				Name    string `json:"name"`
				Version string `json:"version"`
			} `json:"scope"`
			Metrics []struct {
				Name        string `json:"name"`
				Description string `json:"description"`
				Unit        string `json:"unit"`
				Data        struct {
					DataPoints []struct {
						Attributes     map[string]any `json:"attributes"`
						ExplicitBounds []float64      `json:"explicit_bounds"`
					} `json:"data_points"`
				} `json:"data"`
			} `json:"metrics"`
		} `json:"scope_metrics"`
	} `json:"resource_metrics"`
}

func TestMatchesGuide(t *testing.T) {
	raw, err := os.ReadFile("../internal/testdata/guide/metrics.json")
	if err != nil {
		t.Fatal(err)
	}
	var g guideMetrics
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	sm := g.ResourceMetrics[0].ScopeMetrics[0]
	if sm.Scope.Name != MetricsScopeName || sm.Scope.Version != MetricsScopeVersion {
		t.Errorf("scope = %s %s, want %s %s", sm.Scope.Name, sm.Scope.Version, MetricsScopeName, MetricsScopeVersion)
	}
	type want struct {
		unit, desc string
		bounds     []float64
	}
	wants := map[string]want{
		MetricClientTokenUsage:        {MetricClientTokenUsageUnit, MetricClientTokenUsageDesc, TokenUsageBuckets()},
		MetricClientOperationDuration: {MetricClientOperationDurationUnit, MetricClientOperationDurationDesc, OperationDurationBuckets()},
		MetricServerTimeToFirstToken:  {MetricServerTimeToFirstTokenUnit, MetricServerTimeToFirstTokenDesc, TimeToFirstTokenBuckets()},
		MetricUsageCost:               {MetricUsageCostUnit, MetricUsageCostDesc, CostBuckets()},
		MetricTotalRequests:           {CounterUnit, MetricTotalRequestsDesc, nil},
		MetricUsageInputTokens:        {CounterUnit, MetricUsageInputTokensDesc, nil},
		MetricUsageOutputTokens:       {CounterUnit, MetricUsageOutputTokensDesc, nil},
	}
	if len(sm.Metrics) != len(wants) {
		t.Errorf("guide has %d metrics, semconv names %d", len(sm.Metrics), len(wants))
	}
	pointKeys := []string{
		string(TelemetrySDKName), string(ServiceName), string(DeploymentEnvironment),
		string(GenAIOperationName), string(GenAISystem), string(GenAIRequestModel),
		string(ServerAddress), string(ServerPort), string(GenAIResponseModel),
	}
	for _, m := range sm.Metrics {
		w, ok := wants[m.Name]
		if !ok {
			t.Errorf("guide metric %q has no constant", m.Name)
			continue
		}
		if m.Unit != w.unit || m.Description != w.desc {
			t.Errorf("%s: unit/desc = %q/%q, want %q/%q", m.Name, w.unit, w.desc, m.Unit, m.Description)
		}
		dp := m.Data.DataPoints[0]
		if !slices.Equal(dp.ExplicitBounds, w.bounds) {
			t.Errorf("%s: bounds = %v, guide has %v", m.Name, w.bounds, dp.ExplicitBounds)
		}
		var keys []string
		for k := range dp.Attributes {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		wantKeys := slices.Sorted(slices.Values(pointKeys))
		if !slices.Equal(keys, wantKeys) {
			t.Errorf("%s: point attributes %v, want %v", m.Name, keys, wantKeys)
		}
	}
}

func TestSpanNamesMatchGuide(t *testing.T) {
	raw, err := os.ReadFile("../internal/testdata/guide/span.json")
	if err != nil {
		t.Fatal(err)
	}
	var span struct {
		Attributes map[string]any `json:"attributes"`
		Events     []struct {
			Name       string         `json:"name"`
			Attributes map[string]any `json:"attributes"`
		} `json:"events"`
	}
	if err := json.Unmarshal(raw, &span); err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, k := range []string{
		string(TelemetrySDKName), string(GenAIOperationName), string(GenAISystem), string(GenAIRequestModel),
		string(GenAIRequestSeed), string(ServerPort), string(GenAIRequestFrequencyPenalty), string(GenAIRequestMaxTokens),
		string(GenAIRequestPresencePenalty), string(GenAIRequestStopSequences), string(GenAIRequestTemperature),
		string(GenAIRequestTopP), string(GenAIResponseID), string(GenAIResponseModel), string(GenAIUsageInputTokens),
		string(GenAIUsageOutputTokens), string(ServerAddress), string(GenAIRequestServiceTier), string(GenAIResponseServiceTier),
		string(GenAIResponseSystemFingerprint), string(DeploymentEnvironment), string(ServiceName), string(GenAIRequestUser),
		string(GenAIRequestIsStream), string(GenAIUsageTotalTokens), string(GenAIUsageCost), string(GenAIServerTimeToFirstToken),
		string(GenAISDKVersion), string(GenAIResponseFinishReasons), string(GenAIOutputType),
	} {
		known[k] = true
	}
	for k := range span.Attributes {
		if !known[k] {
			t.Errorf("guide span attribute %q has no constant", k)
		}
	}
	if len(span.Events) != 2 || span.Events[0].Name != EventContentPrompt || span.Events[1].Name != EventContentCompletion {
		t.Fatalf("guide events differ from constants: %+v", span.Events)
	}
	if _, ok := span.Events[0].Attributes[string(GenAIPrompt)]; !ok {
		t.Errorf("prompt event lacks %s", GenAIPrompt)
	}
	if _, ok := span.Events[1].Attributes[string(GenAICompletion)]; !ok {
		t.Errorf("completion event lacks %s", GenAICompletion)
	}
}
