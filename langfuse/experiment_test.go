package langfuse_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/langfuse"
	"github.com/openlit/openlit-go/langfuse/langfusetest"
)

func experimentClient(t *testing.T, items int) (*langfuse.Client, *langfusetest.Server, *tracetest.InMemoryExporter, *sdktrace.TracerProvider) {
	t.Helper()
	var inputs []any
	for i := range items {
		inputs = append(inputs, map[string]any{"n": i})
	}
	fake := langfusetest.New("qa", inputs...)
	t.Cleanup(fake.Close)
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	c, err := langfuse.New(langfuse.WithKeys(langfusetest.PublicKey, langfusetest.SecretKey), langfuse.WithHost(fake.URL),
		langfuse.WithTracerProvider(tp))
	if err != nil {
		t.Fatal(err)
	}
	return c, fake, spans, tp
}

// Items run concurrently up to the bound; failures, panics and evaluator
// errors are per item; scores go to each item's root observation.
func TestRunExperiment(t *testing.T) {
	c, fake, spans, tp := experimentClient(t, 6)
	ctx := context.Background()
	ds, err := c.GetDataset(ctx, "qa")
	if err != nil {
		t.Fatal(err)
	}
	var running, peak atomic.Int32
	task := func(ctx context.Context, item *langfuse.DatasetItem) (any, error) {
		n := running.Add(1)
		defer running.Add(-1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		time.Sleep(20 * time.Millisecond)
		_, child := tp.Tracer("app").Start(ctx, "child")
		child.End()
		switch item.ID {
		case "item-2":
			return nil, errors.New("task failed")
		case "item-3":
			panic("task panicked")
		}
		return map[string]any{"answer": item.ID}, nil
	}
	evaluator := func(_ context.Context, item *langfuse.DatasetItem, output any) ([]langfuse.Evaluation, error) {
		if item.ID == "item-4" {
			return nil, errors.New("evaluator failed")
		}
		return []langfuse.Evaluation{{Name: "ok", Value: langfuse.Numeric(1)}}, nil
	}
	res, err := c.RunExperiment(ctx, ds, "run-x", task, langfuse.WithConcurrency(2),
		langfuse.WithEvaluators(evaluator), langfuse.WithDescription("d"), langfuse.WithMetadata(map[string]any{"m": 1}))
	if err != nil {
		t.Fatal(err)
	}
	if peak.Load() > 2 || peak.Load() < 2 {
		t.Errorf("peak concurrency %d, want 2", peak.Load())
	}
	if len(res.Items) != 6 || res.Failures != 3 || res.Scores != 3 || res.ID != langfuse.ExperimentID("proj-1", "ds-1", "run-x") {
		t.Errorf("result: %d items, %d failures, %d scores, id %q", len(res.Items), res.Failures, res.Scores, res.ID)
	}
	roots, children := 0, 0
	for _, s := range spans.GetSpans() {
		a := map[attribute.Key]attribute.Value{}
		for _, kv := range s.Attributes {
			a[kv.Key] = kv.Value
		}
		switch s.Name {
		case "experiment-item-run":
			roots++
			if s.Parent.IsValid() {
				t.Error("item root span has a parent")
			}
			if a["langfuse.experiment.item.root_observation_id"].AsString() != s.SpanContext.SpanID().String() {
				t.Error("root observation id is not the root's span id")
			}
			if a["langfuse.experiment.description"].AsString() != "d" || a["langfuse.experiment.metadata"].AsString() != `{"m":1}` {
				t.Errorf("run attributes %v", a)
			}
		case "child":
			// Spans of a provider openlit.Init did not build get the item
			// attributes only through Init's processor: not here.
			children++
		}
	}
	if roots != 6 || children != 6 {
		t.Errorf("%d roots, %d children", roots, children)
	}
	for _, sc := range fake.Scores() {
		if sc["observationId"] == nil {
			t.Errorf("score without observation id: %v", sc)
		}
	}
}

// A cancelled context stops starting items; nil arguments are errors.
func TestRunExperimentEdges(t *testing.T) {
	c, _, _, _ := experimentClient(t, 3)
	ds, err := c.GetDataset(context.Background(), "qa")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	started := 0
	_, err = c.RunExperiment(ctx, ds, "run", func(context.Context, *langfuse.DatasetItem) (any, error) {
		started++
		return nil, nil
	}, langfuse.WithConcurrency(1))
	if !errors.Is(err, context.Canceled) || started > 1 {
		t.Errorf("err %v, %d started", err, started)
	}
	if _, err := c.RunExperiment(context.Background(), nil, "run", nil); err == nil {
		t.Error("nil dataset and task accepted")
	}
}
