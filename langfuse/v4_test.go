package langfuse_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"

	"github.com/openlit/openlit-go/internal/errcapture"
	"github.com/openlit/openlit-go/langfuse"
)

// The experiment id is Langfuse's own derivation: the vectors were computed
// with Node.js from the Langfuse server's createStableExperimentId
// (sha256 of JSON.stringify(["langfuse-experiment-v1", project, dataset,
// run]), first 16 hex digits), the second with every character class
// JSON.stringify and encoding/json write differently.
func TestExperimentIDMatchesLangfuse(t *testing.T) {
	for _, tc := range []struct{ project, dataset, run, want string }{
		{"proj-1", "ds-qa", "run-x", "7a9b5a039c1ae23b"},
		{"cl9abc", "clds1", "nightly <eval> & \"quoted\" \\ tab\t nl\n \u0001 \u2028 é 🚀", "5397396d0ee37578"},
	} {
		if got := langfuse.ExperimentID(tc.project, tc.dataset, tc.run); got != tc.want {
			t.Errorf("ExperimentID(%q, %q, %q) = %s, want %s", tc.project, tc.dataset, tc.run, got, tc.want)
		}
	}
}

// The same run name on the same dataset is one experiment; item traces are
// in Langfuse's experiment environment and carry the dataset version they
// were read at.
func TestExperimentStableIDEnvironmentVersion(t *testing.T) {
	c, fake, spans, _ := experimentClient(t, 2)
	ctx := context.Background()
	at := time.Date(2026, 11, 20, 8, 30, 0, 0, time.UTC)
	ds, err := c.GetDataset(ctx, "qa", langfuse.AtVersion(at))
	if err != nil {
		t.Fatal(err)
	}
	sentVersion := false
	for _, ex := range fake.Exchanges() {
		if ex.Request.URL.Path == "/api/public/dataset-items" && ex.Request.URL.Query().Get("version") == "2026-11-20T08:30:00Z" {
			sentVersion = true
		}
	}
	if !sentVersion || !ds.Version.Equal(at) {
		t.Errorf("version not asked for (%v) or not kept (%v)", sentVersion, ds.Version)
	}
	task := func(context.Context, *langfuse.DatasetItem) (any, error) { return "ok", nil }
	first, err := c.RunExperiment(ctx, ds, "nightly", task)
	if err != nil {
		t.Fatal(err)
	}
	second, err := c.RunExperiment(ctx, ds, "nightly", task)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := c.RunExperiment(ctx, ds, "other", task)
	if first.ID != second.ID || first.ID == other.ID || first.ID != langfuse.ExperimentID("proj-1", "ds-1", "nightly") {
		t.Errorf("ids %s, %s, %s", first.ID, second.ID, other.ID)
	}
	for _, s := range spans.GetSpans() {
		a := attribute.NewSet(s.Attributes...)
		env, _ := a.Value("langfuse.environment")
		ver, _ := a.Value("langfuse.experiment.item.version")
		if env.AsString() != langfuse.ExperimentEnvironment || ver.AsString() != "2026-11-20T08:30:00Z" {
			t.Errorf("%s: environment %q, version %q", s.Name, env.AsString(), ver.AsString())
		}
	}
	if p := fake.ExperimentProblems(); len(p) > 0 {
		t.Errorf("Langfuse would reject: %v", p)
	}

	// Read without a version: the version is when the read began.
	before := time.Now().Add(-time.Millisecond)
	latest, err := c.GetDataset(ctx, "qa")
	if err != nil {
		t.Fatal(err)
	}
	if latest.Version.Before(before) || latest.Version.After(time.Now()) {
		t.Errorf("latest read at version %v", latest.Version)
	}
}

// Without the project (keys rejected on that call), the id is random and
// the reason is reported.
func TestExperimentIDWithoutProject(t *testing.T) {
	c, fake, _, _ := experimentClient(t, 1)
	ds, err := c.GetDataset(context.Background(), "qa")
	if err != nil {
		t.Fatal(err)
	}
	errs := errcapture.Capture(t)
	fake.Fail(403)
	res, err := c.RunExperiment(context.Background(), ds, "run", func(context.Context, *langfuse.DatasetItem) (any, error) { return 1, nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(res.ID) != 16 || res.ID == langfuse.ExperimentID("proj-1", "ds-1", "run") {
		t.Errorf("id %q", res.ID)
	}
	if got := strings.Join(errs.Messages(), "\n"); !strings.Contains(got, "random id") || !strings.Contains(got, "HTTP 403") {
		t.Errorf("reported %q", got)
	}
}

// A task's huge output is recorded cut at the content bound, marked, on
// the item's root span (and as the trace's output); the result keeps it
// whole.
func TestExperimentOutputBounded(t *testing.T) {
	c, _, spans, _ := experimentClient(t, 1)
	ds, err := c.GetDataset(context.Background(), "qa")
	if err != nil {
		t.Fatal(err)
	}
	huge := strings.Repeat("x", 10<<20)
	res, err := c.RunExperiment(context.Background(), ds, "big", func(context.Context, *langfuse.DatasetItem) (any, error) { return huge, nil })
	if err != nil || res.Items[0].Output != huge {
		t.Fatal(err)
	}
	for _, s := range spans.GetSpans() {
		for _, kv := range s.Attributes {
			if n := len(kv.Value.Emit()); n > 128<<10+64 {
				t.Errorf("%s: %s is %d bytes", s.Name, kv.Key, n)
			}
			if kv.Key == "langfuse.observation.output" {
				// The marker counts what was cut from the whole JSON
				// (10 MiB and its quotes), not from a first cut.
				out := kv.Value.AsString()
				var n int
				if i := strings.Index(out, "…[truncated "); i < 0 {
					t.Errorf("output cut without the marker")
				} else if _, err := fmt.Sscanf(out[i+len("…[truncated "):], "%d", &n); err != nil || n != len(huge)+2-i {
					t.Errorf("marker says %d bytes cut, %d were", n, len(huge)+2-i)
				}
			}
		}
	}
}

// A task that ignores its context cannot hold RunExperiment past the
// context's deadline.
func TestExperimentDeadlineWithStuckTask(t *testing.T) {
	c, _, _, _ := experimentClient(t, 3)
	ds, err := c.GetDataset(context.Background(), "qa")
	if err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	defer close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	res, err := c.RunExperiment(ctx, ds, "stuck", func(context.Context, *langfuse.DatasetItem) (any, error) {
		<-release // ignores its context
		return nil, nil
	})
	if d := time.Since(start); d > time.Second {
		t.Errorf("returned after %v", d)
	}
	if !errors.Is(err, context.DeadlineExceeded) || res == nil {
		t.Fatalf("err %v", err)
	}
	for _, r := range res.Items {
		if r.Item != nil && !errors.Is(r.Err, context.DeadlineExceeded) {
			t.Errorf("item %s: %v", r.Item.ID, r.Err)
		}
	}
}
