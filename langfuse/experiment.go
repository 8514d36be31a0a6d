package langfuse

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/internal/ctxattr"
	"github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/sanitize"
	"github.com/openlit/openlit-go/internal/settings"
	"github.com/openlit/openlit-go/semconv"
)

// Attributes Langfuse v4 reads to build an experiment (dataset run) from
// spans.
const (
	attrExperimentID          = "langfuse.experiment.id"
	attrExperimentName        = "langfuse.experiment.name"
	attrExperimentDescription = "langfuse.experiment.description"
	attrExperimentDatasetID   = "langfuse.experiment.dataset.id"
	attrExperimentMetadata    = "langfuse.experiment.metadata"
	attrItemID                = "langfuse.experiment.item.id"
	attrItemRootObservationID = "langfuse.experiment.item.root_observation_id"
	attrItemExpectedOutput    = "langfuse.experiment.item.expected_output"
	attrItemVersion           = "langfuse.experiment.item.version"
	attrItemMetadata          = "langfuse.experiment.item.metadata"
	attrEnvironment           = "langfuse.environment"
	attrObservationInput      = "langfuse.observation.input"
	attrObservationOutput     = "langfuse.observation.output"
)

// Task is the application under test: it answers one item's input. ctx
// carries the item's trace; every span started under it (the model calls
// of any openlit-go integration, and, on the tracer provider openlit.Init
// builds, the app's own spans) carries the experiment's attributes, so
// Langfuse adds their cost to the item.
type Task func(ctx context.Context, item *DatasetItem) (output any, err error)

// Evaluation is one score an Evaluator gives an item's output.
type Evaluation struct {
	Name    string
	Value   ScoreValue
	Comment string
}

// Evaluator scores an item's output; its evaluations are posted as scores of
// the item's root observation.
type Evaluator func(ctx context.Context, item *DatasetItem, output any) ([]Evaluation, error)

// ExperimentOption configures RunExperiment.
type ExperimentOption interface {
	applyExperiment(*experimentConfig)
}

type experimentOptionFunc func(*experimentConfig)

func (f experimentOptionFunc) applyExperiment(c *experimentConfig) { f(c) }

type experimentConfig struct {
	description string
	metadata    map[string]any
	concurrency int
	evaluators  []Evaluator
	tp          trace.TracerProvider
}

// WithDescription describes the experiment.
func WithDescription(d string) ExperimentOption {
	return experimentOptionFunc(func(c *experimentConfig) { c.description = d })
}

// WithMetadata sets the experiment's metadata (its model, prompt version,
// …): what the guide passes to Link as run metadata.
func WithMetadata(m map[string]any) ExperimentOption {
	return experimentOptionFunc(func(c *experimentConfig) { c.metadata = m })
}

// WithConcurrency sets how many items run at once (default 4).
func WithConcurrency(n int) ExperimentOption {
	return experimentOptionFunc(func(c *experimentConfig) { c.concurrency = n })
}

// WithEvaluators adds evaluators run on every item's output.
func WithEvaluators(e ...Evaluator) ExperimentOption {
	return experimentOptionFunc(func(c *experimentConfig) { c.evaluators = append(c.evaluators, e...) })
}

// WithExperimentTracerProvider sets the tracer provider of the items'
// root spans (default: the client's, else the global one openlit.Init
// sets).
func WithExperimentTracerProvider(tp trace.TracerProvider) ExperimentOption {
	return experimentOptionFunc(func(c *experimentConfig) { c.tp = tp })
}

// ItemResult is what one item of an experiment gave.
type ItemResult struct {
	Item *DatasetItem
	// TraceID and ObservationID are the hex ids of the item's trace and
	// root span.
	TraceID, ObservationID string
	Output                 any
	// Err is the task's error, or the first evaluator or scoring error.
	Err         error
	Evaluations []Evaluation
}

// ExperimentEnvironment is the environment of experiment traces
// (langfuse.environment), as Langfuse's own SDKs record them: Langfuse
// keeps them apart from the app's production traces.
const ExperimentEnvironment = "sdk-experiment"

// ExperimentResult summarises an experiment.
type ExperimentResult struct {
	// ID is the experiment (dataset run) id: ExperimentID of the project,
	// the dataset and the run name, so the same run name on the same
	// dataset is one experiment, as with Langfuse's SDKs. When the
	// project cannot be read it is random (and said through the
	// OpenTelemetry error handler).
	ID, Name string
	Items    []ItemResult
	// Failures counts items whose task, evaluators or scores failed.
	Failures int
	// Scores counts the scores posted.
	Scores int
}

// RunExperiment runs task over every item of ds the Langfuse v4 way, which
// replaces Link (POST /api/public/dataset-run-items, removed from Langfuse
// Cloud on November 16, 2026): each item runs in a trace of its own whose
// root span, and every span started under it, carries the experiment
// attributes Langfuse reads (experiment id, name, description, metadata,
// dataset id, item id, root observation id, expected output, item version
// and metadata), the root span with the item's input and the task's output.
// Evaluators' scores are posted for the root observation. Items run with
// bounded concurrency (WithConcurrency); a failing item does not stop the
// others. RunExperiment returns by ctx's deadline even when a task or
// evaluator ignores its context (that item fails with the context's error;
// the task goes on in its goroutine, its result dropped). The spans reach Langfuse through openlit.Init's Langfuse preset;
// RunExperiment flushes the tracer provider before it returns. It returns
// an error only when ctx ends; item failures are in the result.
func (c *Client) RunExperiment(ctx context.Context, ds *Dataset, name string, task Task, opts ...ExperimentOption) (*ExperimentResult, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if ds == nil || task == nil {
		return nil, fmt.Errorf("langfuse: RunExperiment needs a dataset and a task")
	}
	cfg := experimentConfig{concurrency: 4}
	for _, o := range opts {
		if o != nil {
			o.applyExperiment(&cfg)
		}
	}
	if cfg.concurrency <= 0 {
		cfg.concurrency = 1
	}
	tp := cfg.tp
	if tp == nil && c != nil {
		tp = c.tp
	}
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	id := newID()
	if project, err := c.ProjectID(ctx); err != nil {
		otel.Handle(fmt.Errorf("langfuse: experiment %q gets a random id (runs under the same name will not be one experiment): %w", sanitize.String(name, 200), err))
	} else {
		id = ExperimentID(project, ds.ID, name)
	}
	res := &ExperimentResult{ID: id, Name: name, Items: make([]ItemResult, len(ds.Items))}
	run := []attribute.KeyValue{
		attribute.String(attrExperimentID, res.ID),
		attribute.String(attrExperimentName, name),
		attribute.String(attrExperimentDatasetID, ds.ID),
		attribute.String(attrEnvironment, ExperimentEnvironment),
	}
	if !ds.Version.IsZero() {
		run = append(run, attribute.String(attrItemVersion, ds.Version.UTC().Format(time.RFC3339Nano)))
	}
	if cfg.description != "" {
		run = append(run, attribute.String(attrExperimentDescription, cfg.description))
	}
	if cfg.metadata != nil {
		run = append(run, attribute.String(attrExperimentMetadata, contentJSON(cfg.metadata)))
	}
	tracer := tp.Tracer("github.com/openlit/openlit-go/langfuse")
	sem := make(chan struct{}, cfg.concurrency)
	var wg sync.WaitGroup
	for i, item := range ds.Items {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			wg.Wait()
			return res, ctx.Err()
		}
		wg.Go(func() {
			defer func() { <-sem }()
			res.Items[i] = c.runItem(ctx, tracer, run, item, task, cfg.evaluators)
		})
	}
	wg.Wait()
	for _, r := range res.Items {
		if r.Err != nil {
			res.Failures++
		}
		res.Scores += len(r.Evaluations)
	}
	if err := ctx.Err(); err != nil {
		// The spans go out with the next batch; flushing now would outlive
		// the deadline.
		return res, err
	}
	if err := c.Flush(ctx); err != nil {
		otel.Handle(fmt.Errorf("langfuse: flushing the experiment's spans: %w", err))
	}
	return res, nil
}

func (c *Client) runItem(ctx context.Context, tracer trace.Tracer, run []attribute.KeyValue, item *DatasetItem, task Task, evaluators []Evaluator) (r ItemResult) {
	r.Item = item
	if item == nil {
		r.Err = fmt.Errorf("langfuse: nil dataset item")
		return r
	}
	ctx, span := tracer.Start(ctx, "experiment-item-run", trace.WithNewRoot())
	defer span.End()
	sc := span.SpanContext()
	r.TraceID, r.ObservationID = sc.TraceID().String(), sc.SpanID().String()
	attrs := append(append([]attribute.KeyValue{}, run...),
		attribute.String(attrItemID, item.ID),
		attribute.String(attrItemRootObservationID, r.ObservationID),
		attribute.String(attrItemExpectedOutput, contentJSON(item.ExpectedOutput)),
	)
	if item.Metadata != nil {
		attrs = append(attrs, attribute.String(attrItemMetadata, contentJSON(item.Metadata)))
	}
	span.SetAttributes(attrs...)
	in := contentJSON(item.Input)
	span.SetAttributes(attribute.String(attrObservationInput, in), semconv.LangfuseTraceInput.String(in))
	// Every span under the item carries the experiment and item attributes.
	ctx = ctxattr.With(ctx, ctxattr.Attributes{Extra: attrs})

	output, err := within(ctx, func() (any, error) { return runTask(ctx, task, item) })
	r.Output = output
	if err != nil {
		r.Err = err
		span.SetStatus(codes.Error, err.Error())
		return r
	}
	out := contentJSON(output)
	span.SetAttributes(attribute.String(attrObservationOutput, out), semconv.LangfuseTraceOutput.String(out))
	for _, ev := range evaluators {
		evals, err := within(ctx, func() ([]Evaluation, error) { return runEvaluator(ctx, ev, item, output) })
		if err != nil && r.Err == nil {
			r.Err = err
		}
		for _, e := range evals {
			if _, err := c.ScoreObservation(ctx, r.TraceID, r.ObservationID, e.Name, e.Value, e.Comment); err != nil {
				if r.Err == nil {
					r.Err = err
				}
				continue
			}
			r.Evaluations = append(r.Evaluations, e)
		}
	}
	return r
}

// within runs f and returns its result, or the context's error as soon as
// ctx ends: a task or evaluator that ignores its context cannot hold
// RunExperiment past its deadline (it goes on in its goroutine, its result
// dropped).
func within[T any](ctx context.Context, f func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := f()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		return zero, fmt.Errorf("langfuse: the task or evaluator had not returned when the context ended: %w", ctx.Err())
	}
}

// runTask runs the task, turning a panic into the item's error.
func runTask(ctx context.Context, task Task, item *DatasetItem) (out any, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("langfuse: task panicked: %v", p)
		}
	}()
	return task(ctx, item)
}

func runEvaluator(ctx context.Context, ev Evaluator, item *DatasetItem, output any) (evals []Evaluation, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("langfuse: evaluator panicked: %v", p)
		}
	}()
	return ev(ctx, item, output)
}

// contentJSON is v as JSON, valid UTF-8 and cut at the content bound in
// force (openlit.Init's WithMaxContentLength, 128 KiB by default) with the
// marker every cut content carries: a task's 10 MB output must not make
// one export request too large for the collector, nor hold memory.
func contentJSON(v any) string {
	return genai.BoundText(jsonString(v), settings.Load().MaxContentLength)
}

// jsonString is v as JSON ("null" when it cannot be encoded).
func jsonString(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "null"
	}
	return string(b)
}

// newID is a random experiment id (16 hex digits, the shape of
// ExperimentID's).
func newID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// ExperimentID is the experiment (dataset run) id Langfuse derives for a
// run name on a dataset of a project: the first 16 hex digits of the
// SHA-256 of the JSON array ["langfuse-experiment-v1", projectID,
// datasetID, runName], as JavaScript's JSON.stringify writes it. Langfuse
// v4 answers this id for its SDKs' dataset run items, so an experiment run
// from Go and one run from Python or TypeScript under the same name are
// the same experiment.
func ExperimentID(projectID, datasetID, runName string) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, s := range []string{"langfuse-experiment-v1", projectID, datasetID, runName} {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSString(&b, s)
	}
	b.WriteByte(']')
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:8])
}

// writeJSString writes s as JSON.stringify does: only the quote, the
// backslash and control characters escaped (\b \t \n \f \r, else
// \u00xx in lower-case hex); U+2028, U+2029, '<', '>' and '&' as they
// are, unlike encoding/json. Invalid UTF-8 becomes U+FFFD, as a JavaScript
// string decoded from it would hold.
func writeJSString(b *strings.Builder, s string) {
	const hexDigits = "0123456789abcdef"
	b.WriteByte('"')
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\f':
			b.WriteString(`\f`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 {
				b.WriteString(`\u00`)
				b.WriteByte(hexDigits[r>>4])
				b.WriteByte(hexDigits[r&0xf])
				continue
			}
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
}
