package spectest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/openlit/openlit-go/langfuse"
	"github.com/openlit/openlit-go/langfuse/langfusetest"
)

var (
	specOnce   sync.Once
	specRouter routers.Router
	specErr    error
)

// router loads Langfuse's OpenAPI specification (a copy of the one the
// product is built against).
func router(t *testing.T) routers.Router {
	t.Helper()
	specOnce.Do(func() {
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromFile("testdata/langfuse-openapi.yml")
		if err != nil {
			specErr = err
			return
		}
		doc.Servers = nil // match any host
		specRouter, specErr = gorillamux.NewRouter(doc)
	})
	if specErr != nil {
		t.Fatal(specErr)
	}
	return specRouter
}

// validate checks every request the client made, and every answer the fake
// gave, against the specification: paths, methods, Basic auth, parameters,
// request and response bodies.
func validate(t *testing.T, fake *langfusetest.Server) {
	t.Helper()
	r := router(t)
	exchanges := fake.Exchanges()
	if len(exchanges) == 0 {
		t.Fatal("no exchanges to validate")
	}
	for _, ex := range exchanges {
		req := ex.Request.Clone(context.Background())
		req.Body = io.NopCloser(bytes.NewReader(ex.RequestBody))
		route, params, err := r.FindRoute(req)
		if err != nil {
			t.Errorf("%s %s: not in the specification: %v", req.Method, req.URL.Path, err)
			continue
		}
		in := &openapi3filter.RequestValidationInput{
			Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: func(_ context.Context, ai *openapi3filter.AuthenticationInput) error {
				if !strings.HasPrefix(ai.RequestValidationInput.Request.Header.Get("Authorization"), "Basic ") {
					return errors.New("no Basic auth")
				}
				return nil
			}},
		}
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			t.Errorf("%s %s: request violates the specification: %v", req.Method, req.URL.Path, err)
		}
		out := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: in, Status: ex.Status, Header: ex.Header,
			Body:    io.NopCloser(bytes.NewReader(ex.ResponseBody)),
			Options: &openapi3filter.Options{IncludeResponseStatus: true},
		}
		if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
			t.Errorf("%s %s: fake's answer violates the specification: %v", req.Method, req.URL.Path, err)
		}
	}
}

func newClient(t *testing.T, fake *langfusetest.Server, opts ...langfuse.Option) *langfuse.Client {
	t.Helper()
	opts = append([]langfuse.Option{langfuse.WithKeys(langfusetest.PublicKey, langfusetest.SecretKey), langfuse.WithHost(fake.URL)}, opts...)
	c, err := langfuse.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Shutdown(context.Background()) })
	return c
}

func TestAuthCheck(t *testing.T) {
	fake := langfusetest.New("qa")
	defer fake.Close()
	ctx := context.Background()
	if err := newClient(t, fake).AuthCheck(ctx); err != nil {
		t.Fatalf("AuthCheck: %v", err)
	}
	bad, err := langfuse.New(langfuse.WithKeys("pk-lf-wrong", "sk-lf-WRONGSECRET"), langfuse.WithHost(fake.URL))
	if err != nil {
		t.Fatal(err)
	}
	err = bad.AuthCheck(ctx)
	if !errors.Is(err, langfuse.ErrUnauthorized) {
		t.Fatalf("wrong keys: err = %v, want ErrUnauthorized", err)
	}
	if strings.Contains(err.Error(), "WRONGSECRET") {
		t.Errorf("secret in error: %v", err)
	}
	validate(t, fake)

	down := langfusetest.New("qa")
	down.Close()
	c, _ := langfuse.New(langfuse.WithKeys("pk", "sk-SECRET"), langfuse.WithHost(down.URL), langfuse.WithMaxRetries(0))
	if err := c.AuthCheck(ctx); err == nil || strings.Contains(err.Error(), "sk-SECRET") {
		t.Errorf("network error = %v", err)
	}
}

func TestNewNeedsKeys(t *testing.T) {
	t.Setenv(langfuse.EnvPublicKey, "")
	t.Setenv(langfuse.EnvSecretKey, "")
	if _, err := langfuse.New(); err == nil || !strings.Contains(err.Error(), langfuse.EnvPublicKey) {
		t.Errorf("err = %v", err)
	}
	if _, err := langfuse.New(langfuse.WithKeys("a", "b"), langfuse.WithHost("cloud.langfuse.com")); err == nil {
		t.Error("host without scheme accepted")
	}
}

// The dataset workflow of the guide: read every item (paginated), link a
// trace to each under a run, score it.
func TestDatasetWorkflow(t *testing.T) {
	var inputs []any
	for i := range 120 {
		inputs = append(inputs, map[string]any{"text": fmt.Sprintf("question %d", i)})
	}
	fake := langfusetest.New("qa", inputs...)
	defer fake.Close()
	c := newClient(t, fake)
	ctx := context.Background()

	ds, err := c.GetDataset(ctx, "qa")
	if err != nil {
		t.Fatal(err)
	}
	if ds.Name != "qa" || len(ds.Items) != 120 {
		t.Fatalf("dataset %q with %d items", ds.Name, len(ds.Items))
	}
	if in := ds.Items[119].Input.(map[string]any)["text"]; in != "question 119" {
		t.Errorf("last item input = %v", in)
	}
	pages := 0
	for _, ex := range fake.Exchanges() {
		if ex.Request.URL.Path == "/api/public/dataset-items" {
			pages++
		}
	}
	if pages != 3 {
		t.Errorf("%d item pages read, want 3", pages)
	}

	traceID := "0af7651916cd43dd8448eb211c80319c"
	item := ds.Items[0]
	if err := item.Link(ctx, traceID, "run-01", map[string]any{"model": "gpt-4o-mini"}); err != nil {
		t.Fatal(err)
	}
	links := fake.Links()
	if len(links) != 1 || links[0]["runName"] != "run-01" || links[0]["datasetItemId"] != item.ID ||
		links[0]["traceId"] != traceID || links[0]["metadata"].(map[string]any)["model"] != "gpt-4o-mini" {
		t.Errorf("link = %v", links)
	}

	for _, v := range []langfuse.ScoreValue{langfuse.Numeric(0.75), langfuse.Boolean(true), langfuse.Categorical("good")} {
		id, err := c.Score(ctx, traceID, "quality", v, "This is a comment")
		if err != nil || id == "" {
			t.Fatalf("Score: %q, %v", id, err)
		}
	}
	scores := fake.Scores()
	want := []struct {
		value    any
		dataType string
	}{{0.75, "NUMERIC"}, {1.0, "BOOLEAN"}, {"good", "CATEGORICAL"}}
	for i, w := range want {
		if scores[i]["value"] != w.value || scores[i]["dataType"] != w.dataType || scores[i]["traceId"] != traceID ||
			scores[i]["comment"] != "This is a comment" {
			t.Errorf("score %d = %v", i, scores[i])
		}
	}
	if _, err := c.GetDataset(ctx, "missing"); err == nil {
		t.Error("missing dataset: no error")
	}
	validate(t, fake)
}

func TestRetries(t *testing.T) {
	fake := langfusetest.New("qa")
	defer fake.Close()
	c := newClient(t, fake)
	fake.Fail(503, 429, 500)
	start := time.Now()
	if err := c.AuthCheck(context.Background()); err != nil {
		t.Fatalf("after 3 transient failures: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("retries took %v", d)
	}
	fake.Fail(400)
	var apiErr *langfuse.APIError
	if err := c.AuthCheck(context.Background()); !errors.As(err, &apiErr) || apiErr.StatusCode != 400 {
		t.Errorf("400: err = %v", err)
	}
	fake.Fail(503, 503, 503, 503, 503)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := c.AuthCheck(ctx); err == nil {
		t.Error("no error while the server keeps failing")
	}
	_ = http.StatusOK
}

// Prompt management: text and chat prompts by label and version, a name
// with a folder, a new version created; requests and answers in the
// specification's shapes.
func TestPromptWorkflow(t *testing.T) {
	fake := langfusetest.New("qa")
	defer fake.Close()
	c := newClient(t, fake)
	ctx := context.Background()
	fake.AddPrompt("folder/greeting", "Hello {{name}}", map[string]any{"temperature": 0.2}, "production")
	fake.AddPrompt("chat", []map[string]any{{"role": "system", "content": "Be {{tone}}"}, {"type": "placeholder", "name": "history"}}, nil, "production")
	if p, err := c.GetPrompt(ctx, "folder/greeting", langfuse.WithPromptCacheTTL(0)); err != nil || p.Version != 1 {
		t.Fatalf("text prompt: %+v, %v", p, err)
	}
	if p, err := c.GetPrompt(ctx, "chat", langfuse.WithPromptVersion(1), langfuse.WithPromptCacheTTL(0)); err != nil || len(p.Messages) != 2 {
		t.Fatalf("chat prompt: %+v, %v", p, err)
	}
	if _, err := c.CreatePrompt(ctx, langfuse.Prompt{Name: "chat", Type: langfuse.ChatPrompt,
		Messages: []langfuse.ChatMessage{{Role: "system", Content: "Be brief"}}, Labels: []string{"staging"}, CommitMessage: "shorter"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreatePrompt(ctx, langfuse.Prompt{Name: "folder/greeting", Text: "Hi {{name}}"}); err != nil {
		t.Fatal(err)
	}
	if p, err := c.GetPrompt(ctx, "chat", langfuse.WithPromptLabel("staging")); err != nil || p.Version != 2 || p.CommitMessage != "" && p.CommitMessage != "shorter" {
		t.Fatalf("created chat prompt: %+v, %v", p, err)
	}
	validate(t, fake)
}
