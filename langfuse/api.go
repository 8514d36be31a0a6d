package langfuse

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// BasicAuth is the Authorization header value for a key pair.
func BasicAuth(publicKey, secretKey string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(publicKey+":"+secretKey))
}

// Dataset is a Langfuse dataset with all its items.
type Dataset struct {
	ID          string         `json:"id"`
	Name        string         `json:"name"`
	Description string         `json:"description"`
	Metadata    any            `json:"metadata"`
	Items       []*DatasetItem `json:"-"`
	// Version is the dataset version the items were read at: the one asked
	// for (AtVersion), else the time the read began (the latest version
	// then). RunExperiment records it as each item's version.
	Version time.Time `json:"-"`
}

// DatasetOption configures GetDataset.
type DatasetOption interface {
	applyDataset(*datasetConfig)
}

type datasetOption func(*datasetConfig)

func (f datasetOption) applyDataset(c *datasetConfig) { f(c) }

type datasetConfig struct{ version time.Time }

// AtVersion reads the dataset's items as they were at t (Langfuse's
// dataset versions are timestamps): an experiment over them is reproducible.
func AtVersion(t time.Time) DatasetOption {
	return datasetOption(func(c *datasetConfig) { c.version = t })
}

// DatasetItem is one item of a dataset.
type DatasetItem struct {
	ID             string `json:"id"`
	Status         string `json:"status"`
	Input          any    `json:"input"`
	ExpectedOutput any    `json:"expectedOutput"`
	Metadata       any    `json:"metadata"`
	DatasetID      string `json:"datasetId"`
	DatasetName    string `json:"datasetName"`
	// UpdatedAt is when the item last changed (ISO 8601, as the server
	// sent it).
	UpdatedAt any `json:"updatedAt"`

	client *Client
}

// pageSize is how many items GetDataset asks for per page.
const pageSize = 50

// MaxDatasetPages bounds how many pages of items GetDataset reads
// (MaxDatasetPages × 50 items): a server that keeps announcing one more
// page cannot make it read forever.
const MaxDatasetPages = 2000

// ErrTooManyPages is returned (wrapped) by GetDataset, with the items read
// so far, when a dataset has more than MaxDatasetPages pages of items.
var ErrTooManyPages = errors.New("langfuse: dataset has more pages than MaxDatasetPages")

// errNoClient is returned by the methods of a DatasetItem that did not come
// from GetDataset.
var errNoClient = errors.New("langfuse: dataset item has no client: use the items of Client.GetDataset")

// GetDataset reads a dataset (GET /api/public/v2/datasets/{name}) and all
// its items, page by page (GET /api/public/dataset-items). Paging stops at
// the last page the server announces, at an empty page, at a page that
// repeats items already read, or after MaxDatasetPages pages (then the
// items read so far are returned with an error wrapping ErrTooManyPages).
// Null items are skipped. The whole call, every page and retry included,
// takes at most the client's timeout (WithTimeout). AtVersion reads the
// items as they were at a past version.
func (c *Client) GetDataset(ctx context.Context, name string, opts ...DatasetOption) (*Dataset, error) {
	var cfg datasetConfig
	for _, o := range opts {
		if o != nil {
			o.applyDataset(&cfg)
		}
	}
	ctx, cancel := c.withBudget(ctx)
	defer cancel()
	var ds Dataset
	ds.Version = time.Now().UTC().Truncate(time.Millisecond)
	if err := c.do(ctx, http.MethodGet, "/api/public/v2/datasets/"+url.PathEscape(name), nil, nil, &ds); err != nil {
		return nil, err
	}
	if !cfg.version.IsZero() {
		ds.Version = cfg.version.UTC()
	}
	seen := make(map[string]struct{})
	for page := 1; ; page++ {
		if page > MaxDatasetPages {
			return &ds, fmt.Errorf("%w (%d pages of %d items read)", ErrTooManyPages, MaxDatasetPages, pageSize)
		}
		var res struct {
			Data []*DatasetItem `json:"data"`
			Meta struct {
				Page       int `json:"page"`
				TotalPages int `json:"totalPages"`
			} `json:"meta"`
		}
		q := url.Values{"datasetName": {name}, "page": {strconv.Itoa(page)}, "limit": {strconv.Itoa(pageSize)}}
		if !cfg.version.IsZero() {
			q.Set("version", ds.Version.Format(time.RFC3339Nano))
		}
		if err := c.do(ctx, http.MethodGet, "/api/public/dataset-items", q, nil, &res); err != nil {
			return nil, err
		}
		fresh := 0
		for _, it := range res.Data {
			if it == nil {
				continue
			}
			if it.ID != "" {
				if _, dup := seen[it.ID]; dup {
					continue
				}
				seen[it.ID] = struct{}{}
			}
			fresh++
			it.client = c
			ds.Items = append(ds.Items, it)
		}
		if fresh == 0 || page >= res.Meta.TotalPages {
			return &ds, nil
		}
	}
}

// Link links a trace to the item under a dataset run (POST
// /api/public/dataset-run-items), creating the run on first use. metadata
// describes the run (its model, prompt version, …) and may be nil. An item
// that did not come from GetDataset (a zero DatasetItem) gives an error.
//
// Langfuse's specification marks this endpoint as removed from Langfuse
// Cloud on November 16, 2026 (Langfuse v4); it remains on self-hosted v3.
// On v4 (Cloud), record runs with Client.RunExperiment.
func (i *DatasetItem) Link(ctx context.Context, traceID, runName string, metadata map[string]any) error {
	if i == nil || i.client == nil {
		return errNoClient
	}
	ctx, cancel := i.client.withBudget(ctx)
	defer cancel()
	body := map[string]any{"runName": runName, "datasetItemId": i.ID, "traceId": traceID}
	if metadata != nil {
		body["metadata"] = metadata
	}
	return i.client.do(ctx, http.MethodPost, "/api/public/dataset-run-items", nil, body, nil)
}

// ScoreValue is a score's value and data type: see Numeric, Boolean and
// Categorical.
type ScoreValue struct {
	value    any
	dataType string
}

// Numeric is a NUMERIC score.
func Numeric(v float64) ScoreValue { return ScoreValue{value: v, dataType: "NUMERIC"} }

// Boolean is a BOOLEAN score (sent as 1 or 0, as the API wants).
func Boolean(v bool) ScoreValue {
	n := 0.0
	if v {
		n = 1
	}
	return ScoreValue{value: n, dataType: "BOOLEAN"}
}

// Categorical is a CATEGORICAL score.
func Categorical(v string) ScoreValue { return ScoreValue{value: v, dataType: "CATEGORICAL"} }

// Score scores a trace (POST /api/public/scores) and returns the score's id.
// comment may be empty.
func (c *Client) Score(ctx context.Context, traceID, name string, value ScoreValue, comment string) (string, error) {
	return c.ScoreObservation(ctx, traceID, "", name, value, comment)
}

// ScoreObservation scores one observation (span) of a trace, as experiment
// evaluations are: observationID is the span's hex id ("" scores the
// trace).
func (c *Client) ScoreObservation(ctx context.Context, traceID, observationID, name string, value ScoreValue, comment string) (string, error) {
	body := map[string]any{"traceId": traceID, "name": name, "value": value.value, "dataType": value.dataType}
	if observationID != "" {
		body["observationId"] = observationID
	}
	if comment != "" {
		body["comment"] = comment
	}
	ctx, cancel := c.withBudget(ctx)
	defer cancel()
	var res struct {
		ID string `json:"id"`
	}
	err := c.do(ctx, http.MethodPost, "/api/public/scores", nil, body, &res)
	return res.ID, err
}
