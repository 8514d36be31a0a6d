package guard_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/guard"
)

// Hostile texts: megabytes of invalid UTF-8 with secrets in them, a
// judge replying megabytes of junk. The pipeline stays fast and bounded,
// every value it records is valid UTF-8 and bounded, and the text past
// the scan bound comes back unchanged.
func TestHostileTexts(t *testing.T) {
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	junk := strings.Repeat("\xff\xfe jane@example.com \xc3", 100_000) // 2 MB
	judge := guard.JudgeFunc(func(context.Context, string, string) (string, error) {
		return `{"score":1,"verdict":"yes","classification":"` + strings.Repeat("\xff", 1<<20) + `","explanation":"` + junk + `"}`, nil
	})
	p := guard.New([]guard.Guard{guard.PII(), guard.PromptInjection(), guard.Custom("c", guard.Warn, guard.Rule{Label: "x", Keywords: []string{"jane"}}),
		guard.Moderation(judge, guard.WithJudgeAction(guard.Warn))})
	ctx, span := tp.Tracer("t").Start(context.Background(), "chat")
	start := time.Now()
	v, err := p.Check(ctx, guard.Preflight, junk)
	span.End()
	if err != nil || v.Action != guard.Redact {
		t.Fatalf("Check = %s, %v", v.Action, err)
	}
	if r := v.Results[len(v.Results)-1]; r.Guard != "moderation" || !errors.Is(r.Err, guard.ErrMalformedVerdict) {
		t.Errorf("the junk reply: %+v", r)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
	if !strings.HasSuffix(v.Text, junk[guard.DefaultMaxScanLength:]) {
		t.Error("the text past the scan bound changed")
	}
	for _, e := range spans.GetSpans()[0].Events {
		for _, kv := range e.Attributes {
			if s := kv.Value.Emit(); !utf8.ValidString(s) || len(s) > 8<<10 {
				t.Errorf("%s: %d bytes, valid %v", kv.Key, len(s), utf8.ValidString(s))
			}
		}
	}
}
