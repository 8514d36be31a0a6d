package platform

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
)

// PromptQuery asks the prompt hub for a prompt by name or id, at a
// version (the latest when empty).
type PromptQuery struct {
	Name    string
	ID      string
	Version string
	// Variables replace {{name}} in the prompt (the server compiles it).
	Variables map[string]any
	// Raw, when true, asks for the prompt as stored: CompiledPrompt is
	// then the prompt itself.
	Raw bool
	// MetaProperties are recorded by the server with the download.
	MetaProperties map[string]any
}

// Prompt is a prompt of the hub.
type Prompt struct {
	PromptID       string         `json:"promptId"`
	VersionID      string         `json:"versionId"`
	Name           string         `json:"name"`
	Version        string         `json:"version"`
	Tags           []string       `json:"tags"`
	MetaProperties map[string]any `json:"metaProperties"`
	Prompt         string         `json:"prompt"`
	CompiledPrompt string         `json:"compiledPrompt"`
}

// GetPrompt fetches a prompt (POST /api/prompt/get-compiled).
func (c *Client) GetPrompt(ctx context.Context, q PromptQuery) (*Prompt, error) {
	if q.Name == "" && q.ID == "" {
		return nil, fmt.Errorf("platform: GetPrompt: a name or an id is needed")
	}
	body := map[string]any{"source": c.source, "shouldCompile": !q.Raw}
	put(body, "name", q.Name)
	put(body, "id", q.ID)
	put(body, "version", q.Version)
	if len(q.Variables) > 0 {
		body["variables"] = q.Variables
	}
	if len(q.MetaProperties) > 0 {
		body["metaProperties"] = q.MetaProperties
	}
	var out struct {
		Res *Prompt `json:"res"`
	}
	if err := c.post(ctx, "/api/prompt/get-compiled", body, &out); err != nil {
		return nil, err
	}
	if out.Res == nil {
		return nil, fmt.Errorf("%w: /api/prompt/get-compiled: no prompt in the answer", ErrMalformed)
	}
	return out.Res, nil
}

func put(m map[string]any, k, v string) {
	if v != "" {
		m[k] = v
	}
}

// SecretsQuery selects vault secrets by key or tags (all when both are
// empty).
type SecretsQuery struct {
	Key  string
	Tags []string
}

// GetSecrets fetches secrets as key → value (POST /api/vault/get-secrets).
func (c *Client) GetSecrets(ctx context.Context, q SecretsQuery) (map[string]string, error) {
	body := map[string]any{"source": c.source}
	put(body, "key", q.Key)
	if len(q.Tags) > 0 {
		body["tags"] = q.Tags
	}
	var out struct {
		Res map[string]any `json:"res"`
	}
	if err := c.post(ctx, "/api/vault/get-secrets", body, &out); err != nil {
		return nil, err
	}
	secrets := make(map[string]string, len(out.Res))
	for k, v := range out.Res {
		switch x := v.(type) {
		case string:
			secrets[k] = x
		case nil:
			secrets[k] = ""
		default:
			b, _ := json.Marshal(x)
			secrets[k] = string(b)
		}
	}
	return secrets, nil
}

// SetEnv puts secrets into the process environment, as the Python SDK's
// should_set_env does.
func SetEnv(secrets map[string]string) error {
	for k, v := range secrets {
		if err := os.Setenv(k, v); err != nil {
			return fmt.Errorf("platform: setting %s: %w", k, err)
		}
	}
	return nil
}

// RuleQuery asks the rule engine which rules the fields (trace attributes:
// "gen_ai.system": "openai", …) match, for entities of one type:
// "context", "prompt" or "evaluation".
type RuleQuery struct {
	EntityType string
	Fields     map[string]any
	// IncludeEntityData asks for the matched entities' data too (the
	// contexts' text, the prompts compiled with EntityInputs).
	IncludeEntityData bool
	EntityInputs      map[string]any
}

// RuleEntity is an entity a matching rule points to.
type RuleEntity struct {
	RuleID     string `json:"rule_id"`
	EntityType string `json:"entity_type"`
	EntityID   string `json:"entity_id"`
}

// RuleResult is the rule engine's answer.
type RuleResult struct {
	MatchingRuleIDs []string                   `json:"matchingRuleIds"`
	Entities        []RuleEntity               `json:"entities"`
	EntityData      map[string]json.RawMessage `json:"entity_data,omitempty"`
}

// EvaluateRule asks the rule engine (POST /api/rule-engine/evaluate).
func (c *Client) EvaluateRule(ctx context.Context, q RuleQuery) (*RuleResult, error) {
	body := map[string]any{"source": c.source, "entity_type": q.EntityType, "fields": q.Fields,
		"include_entity_data": q.IncludeEntityData}
	if len(q.EntityInputs) > 0 {
		body["entity_inputs"] = q.EntityInputs
	}
	var out RuleResult
	if err := c.post(ctx, "/api/rule-engine/evaluate", body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// OfflineInput is an answer to evaluate with the evaluation types set up
// on the platform.
type OfflineInput struct {
	Prompt   string
	Response string
	Contexts []string
	// EvalTypes limits the evaluation to these types (all enabled when empty).
	EvalTypes []string
	// ThresholdScore is the score above which a verdict is "yes" (the
	// server's 0.5 when zero).
	ThresholdScore float64
	// DoNotStore asks the server not to store the results.
	DoNotStore bool
	RunID      string
	Metadata   map[string]string
	// Attributes are trace attributes the rule engine matches contexts by.
	Attributes map[string]any
}

// OfflineEvaluation is one evaluation type's result.
type OfflineEvaluation struct {
	Type           string  `json:"type"`
	Score          float64 `json:"score"`
	Verdict        string  `json:"verdict"`
	Classification string  `json:"classification"`
	Explanation    string  `json:"explanation"`
}

// ContextApplied says which contexts the server evaluated against.
type ContextApplied struct {
	RuleMatched       bool     `json:"ruleMatched"`
	MatchingRuleIDs   []string `json:"matchingRuleIds"`
	ContextEntityIDs  []string `json:"contextEntityIds"`
	UserContextsCount int      `json:"userContextsCount"`
}

// OfflineResult is the server's evaluation.
type OfflineResult struct {
	Evaluations    []OfflineEvaluation `json:"evaluations"`
	ContextApplied *ContextApplied     `json:"context_applied"`
	Metadata       map[string]any      `json:"metadata"`
}

// Passed is whether no evaluation found a problem (no "yes" verdict).
func (r *OfflineResult) Passed() bool {
	for _, e := range r.Evaluations {
		if e.Verdict == "yes" {
			return false
		}
	}
	return true
}

// EvaluateOffline runs the platform's evaluations on an answer (POST
// /api/evaluation/offline).
func (c *Client) EvaluateOffline(ctx context.Context, in OfflineInput) (*OfflineResult, error) {
	if in.Prompt == "" || in.Response == "" {
		return nil, fmt.Errorf("platform: EvaluateOffline: the prompt and the response are needed")
	}
	body := map[string]any{"source": c.source, "prompt": in.Prompt, "response": in.Response, "store_results": !in.DoNotStore}
	if len(in.Contexts) > 0 {
		body["contexts"] = in.Contexts
	}
	if len(in.EvalTypes) > 0 {
		body["eval_types"] = in.EvalTypes
	}
	if in.ThresholdScore > 0 {
		body["threshold_score"] = in.ThresholdScore
	}
	put(body, "run_id", in.RunID)
	if len(in.Metadata) > 0 {
		body["metadata"] = in.Metadata
	}
	if len(in.Attributes) > 0 {
		body["attributes"] = in.Attributes
	}
	var out struct {
		Success bool `json:"success"`
		OfflineResult
	}
	if err := c.post(ctx, "/api/evaluation/offline", body, &out); err != nil {
		return nil, err
	}
	if !out.Success {
		return nil, fmt.Errorf("%w: /api/evaluation/offline: success is false", ErrMalformed)
	}
	return &out.OfflineResult, nil
}
