package openlitanthropic

import (
	"context"
	"testing"

	"github.com/openlit/openlit-go/guard"
	"github.com/openlit/openlit-go/replay"
)

// The Anthropic judge drives a model-judged guard: its verdict is parsed,
// and its call is a traced chat span of its own.
func TestJudge(t *testing.T) {
	answer := []byte(`{"id":"msg_judge","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",` +
		`"content":[{"type":"text","text":"{\"score\":0.95,\"verdict\":\"yes\",\"classification\":\"politics\",\"explanation\":\"an election\"}"}],` +
		`"stop_reason":"end_turn","usage":{"input_tokens":120,"output_tokens":30}}`)
	h := newHarness(t, replay.Options{Answers: [][]byte{answer}})
	g := guard.SensitiveTopic(Judge(h.client, "claude-sonnet-4-5"), nil)
	r, err := g.Check(context.Background(), guard.Preflight, "Who should win the election?")
	if err != nil || r.Action != guard.Deny || r.Classification != "politics" {
		t.Fatalf("Check = %+v, %v", r, err)
	}
	if a := attrs(h.only(t)); a["gen_ai.usage.input_tokens"] != "120" || a["gen_ai.system"] != "anthropic" {
		t.Errorf("judge span %v", a)
	}
}
