package platform_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/openlit/openlit-go/platform"
)

const key = "openlit-key-123"

// fakeServer answers as the OpenLIT server's route handlers do
// (src/client/src/app/api/…): the prompt hub and the vault answer
// {"err","res"} with 200, a wrong key included; the rule engine and
// offline evaluations answer 401 {"err"} for a wrong key and 400 for bad
// input. mode makes it misbehave: "malformed", "slow", "500".
func fakeServer(t *testing.T, mode string) (*httptest.Server, *map[string]map[string]any) {
	bodies := map[string]map[string]any{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		b, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(b, &body)
		bodies[r.URL.Path] = body
		w.Header().Set("Content-Type", "application/json")
		switch mode {
		case "malformed":
			_, _ = io.WriteString(w, `{"res": {"OPENAI_API_KEY": "sk-secret-value"`)
			return
		case "slow":
			select {
			case <-time.After(5 * time.Second):
			case <-r.Context().Done():
			}
			return
		case "500":
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = io.WriteString(w, `{"err":"boom"}`)
			return
		}
		authorized := r.Header.Get("Authorization") == "Bearer "+key
		switch r.URL.Path {
		case "/api/prompt/get-compiled":
			if !authorized {
				_, _ = io.WriteString(w, `{"err":"No such apiKey exists!","res":null}`)
				return
			}
			if body["name"] != "greeting" && body["id"] != "p-1" {
				_, _ = io.WriteString(w, `{"err":"No such prompt exists or isn't released yet!","res":null}`)
				return
			}
			compiled := "Hello {{name}}!"
			if body["shouldCompile"] == true {
				vars, _ := body["variables"].(map[string]any)
				name, _ := vars["name"].(string)
				compiled = strings.ReplaceAll(compiled, "{{name}}", name)
			}
			_ = json.NewEncoder(w).Encode(map[string]any{"err": nil, "res": map[string]any{"promptId": "p-1", "versionId": "v-3",
				"name": "greeting", "version": "1.2.0", "tags": []string{"onboarding"}, "metaProperties": map[string]any{"model": "gpt-4o"},
				"prompt": "Hello {{name}}!", "compiledPrompt": compiled}})
		case "/api/vault/get-secrets":
			if !authorized {
				_, _ = io.WriteString(w, `{"err":"No such apiKey exists!","res":null}`)
				return
			}
			_, _ = io.WriteString(w, `{"err":null,"res":{"OPENAI_API_KEY":"sk-secret-value","RETRIES":3}}`)
		case "/api/rule-engine/evaluate":
			if !authorized {
				w.WriteHeader(http.StatusUnauthorized)
				_, _ = io.WriteString(w, `{"err":"Unauthorized"}`)
				return
			}
			if body["entity_type"] != "context" {
				w.WriteHeader(http.StatusBadRequest)
				_, _ = io.WriteString(w, `{"err":"entity_type is required and must be one of: context, prompt, evaluation"}`)
				return
			}
			_, _ = io.WriteString(w, `{"matchingRuleIds":["r-1"],"entities":[{"rule_id":"r-1","entity_type":"context","entity_id":"c-9"}],`+
				`"entity_data":{"c-9":{"content":"Refunds within 30 days."}}}`)
		case "/api/evaluation/offline":
			if !authorized {
				w.WriteHeader(http.StatusUnauthorized)
				_, _ = io.WriteString(w, `{"err":"No such apiKey exists!"}`)
				return
			}
			_, _ = io.WriteString(w, `{"success":true,"evaluations":[{"type":"hallucination","score":0.8,"verdict":"yes",`+
				`"classification":"factual_inaccuracy","explanation":"contradicts the context"},{"type":"toxicity","score":0,"verdict":"no",`+
				`"classification":"none","explanation":"polite"}],"context_applied":{"ruleMatched":true,"matchingRuleIds":["r-1"],`+
				`"contextEntityIds":["c-9"],"userContextsCount":1},"metadata":{"run":"nightly"}}`)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &bodies
}

func client(t *testing.T, url, apiKey string, opts ...platform.Option) *platform.Client {
	t.Helper()
	c, err := platform.New(append([]platform.Option{platform.WithURL(url), platform.WithAPIKey(apiKey)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Each route's success, with the request the server reads.
func TestRoutes(t *testing.T) {
	srv, bodies := fakeServer(t, "")
	c := client(t, srv.URL+"/", key)
	ctx := context.Background()

	p, err := c.GetPrompt(ctx, platform.PromptQuery{Name: "greeting", Variables: map[string]any{"name": "Ada"}})
	if err != nil || p.CompiledPrompt != "Hello Ada!" || p.Version != "1.2.0" || p.MetaProperties["model"] != "gpt-4o" || p.Tags[0] != "onboarding" {
		t.Fatalf("GetPrompt = %+v, %v", p, err)
	}
	if p, err = c.GetPrompt(ctx, platform.PromptQuery{ID: "p-1", Raw: true}); err != nil || p.CompiledPrompt != "Hello {{name}}!" {
		t.Fatalf("GetPrompt by id = %+v, %v", p, err)
	}
	if b := (*bodies)["/api/prompt/get-compiled"]; b["id"] != "p-1" || b["shouldCompile"] != false || b["source"] != "go-sdk" {
		t.Errorf("prompt request %v", b)
	}

	s, err := c.GetSecrets(ctx, platform.SecretsQuery{Tags: []string{"prod"}})
	if err != nil || s["OPENAI_API_KEY"] != "sk-secret-value" || s["RETRIES"] != "3" {
		t.Fatalf("GetSecrets = %v, %v", s, err)
	}
	t.Setenv("OPENAI_API_KEY", "")
	if err := platform.SetEnv(s); err != nil {
		t.Fatal(err)
	}

	r, err := c.EvaluateRule(ctx, platform.RuleQuery{EntityType: "context", Fields: map[string]any{"gen_ai.system": "openai"}, IncludeEntityData: true})
	if err != nil || r.MatchingRuleIDs[0] != "r-1" || r.Entities[0].EntityID != "c-9" || !strings.Contains(string(r.EntityData["c-9"]), "Refunds") {
		t.Fatalf("EvaluateRule = %+v, %v", r, err)
	}
	if b := (*bodies)["/api/rule-engine/evaluate"]; b["include_entity_data"] != true {
		t.Errorf("rule request %v", b)
	}

	o, err := c.EvaluateOffline(ctx, platform.OfflineInput{Prompt: "Refund policy?", Response: "90 days.", Contexts: []string{"Refunds within 30 days."}, DoNotStore: true})
	if err != nil || len(o.Evaluations) != 2 || o.Passed() || !o.ContextApplied.RuleMatched || o.ContextApplied.UserContextsCount != 1 {
		t.Fatalf("EvaluateOffline = %+v, %v", o, err)
	}
	if b := (*bodies)["/api/evaluation/offline"]; b["store_results"] != false {
		t.Errorf("offline request %v", b)
	}
}

// Failures: a wrong key (200 with an err, or 401), an unknown prompt, a
// route that is not there (404), a 500, a malformed body (whose secrets
// stay out of the error), a server slower than the timeout; the key is in
// no error.
func TestFailures(t *testing.T) {
	ok, _ := fakeServer(t, "")
	cases := []struct {
		name   string
		mode   string
		apiKey string
		call   func(*platform.Client) error
		is     error
	}{
		{"prompt, wrong key", "", "wrong-key", getPrompt("greeting"), platform.ErrUnauthorized},
		{"vault, wrong key", "", "wrong-key", getSecrets, platform.ErrUnauthorized},
		{"rule engine, wrong key", "", "wrong-key", evaluateRule("context"), platform.ErrUnauthorized},
		{"offline, wrong key", "", "wrong-key", evaluateOffline, platform.ErrUnauthorized},
		{"unknown prompt", "", key, getPrompt("nope"), platform.ErrNotFound},
		{"bad entity type", "", key, evaluateRule("dataset"), nil},
		{"500", "500", key, getSecrets, nil},
		{"malformed", "malformed", key, getSecrets, platform.ErrMalformed},
		{"slow", "slow", key, getSecrets, context.DeadlineExceeded},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			url := ok.URL
			if tc.mode != "" {
				srv, _ := fakeServer(t, tc.mode)
				url = srv.URL
			}
			start := time.Now()
			err := tc.call(client(t, url, tc.apiKey, platform.WithTimeout(200*time.Millisecond)))
			if err == nil || (tc.is != nil && !errors.Is(err, tc.is)) {
				t.Fatalf("err = %v, want %v", err, tc.is)
			}
			if strings.Contains(err.Error(), tc.apiKey) || strings.Contains(err.Error(), "sk-secret-value") {
				t.Errorf("the error leaks a secret: %v", err)
			}
			if time.Since(start) > 2*time.Second {
				t.Errorf("took %v", time.Since(start))
			}
		})
	}
	if _, err := client(t, ok.URL+"/missing", key).GetSecrets(context.Background(), platform.SecretsQuery{}); !errors.Is(err, platform.ErrNotFound) {
		t.Errorf("404: %v", err)
	}
}

func getPrompt(name string) func(*platform.Client) error {
	return func(c *platform.Client) error {
		_, err := c.GetPrompt(context.Background(), platform.PromptQuery{Name: name})
		return err
	}
}

func getSecrets(c *platform.Client) error {
	_, err := c.GetSecrets(context.Background(), platform.SecretsQuery{Key: "OPENAI_API_KEY"})
	return err
}

func evaluateRule(entity string) func(*platform.Client) error {
	return func(c *platform.Client) error {
		_, err := c.EvaluateRule(context.Background(), platform.RuleQuery{EntityType: entity, Fields: map[string]any{"a": 1}})
		return err
	}
}

func evaluateOffline(c *platform.Client) error {
	_, err := c.EvaluateOffline(context.Background(), platform.OfflineInput{Prompt: "p", Response: "r"})
	return err
}

// New reads OPENLIT_URL and OPENLIT_API_KEY, and says which is missing.
func TestNew(t *testing.T) {
	t.Setenv("OPENLIT_URL", "")
	t.Setenv("OPENLIT_API_KEY", "")
	if _, err := platform.New(); !errors.Is(err, platform.ErrConfig) || !strings.Contains(err.Error(), "OPENLIT_URL") {
		t.Errorf("no URL: %v", err)
	}
	t.Setenv("OPENLIT_URL", "http://127.0.0.1:3000")
	if _, err := platform.New(); !errors.Is(err, platform.ErrConfig) || !strings.Contains(err.Error(), "OPENLIT_API_KEY") {
		t.Errorf("no key: %v", err)
	}
	t.Setenv("OPENLIT_API_KEY", key)
	if _, err := platform.New(); err != nil {
		t.Error(err)
	}
}
