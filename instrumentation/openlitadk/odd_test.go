package openlitadk_test

import (
	"context"
	"errors"
	"iter"
	"strings"
	"testing"
	"unicode/utf8"

	"google.golang.org/adk/model"
	"google.golang.org/genai"

	"github.com/openlit/openlit-go/instrumentation/openlitadk"
)

// fakeModel yields its responses and errors as given.
type fakeModel struct {
	resps []*model.LLMResponse
	errs  []error
}

func (fakeModel) Name() string { return "\xffodd-model" }

func (f fakeModel) GenerateContent(context.Context, *model.LLMRequest, bool) iter.Seq2[*model.LLMResponse, error] {
	return func(yield func(*model.LLMResponse, error) bool) {
		for i, r := range f.resps {
			var err error
			if i < len(f.errs) {
				err = f.errs[i]
			}
			if !yield(r, err) {
				return
			}
		}
	}
}

// Outside an ADK agent the wrapper starts its own chat span. Odd and
// hostile answers (nil responses, invalid UTF-8, 1 MB texts, absurd
// usage, an early stop, an error) neither panic nor leave a span open, and
// every value recorded is valid and bounded; the caller gets what the
// model yields.
func TestOddModels(t *testing.T) {
	huge := strings.Repeat("\xfe\xff a", 300_000)
	boom := errors.New("model down")
	cases := []struct {
		name  string
		model fakeModel
		stop  int // the caller stops after this many responses (0: never)
		err   bool
	}{
		{name: "nil responses", model: fakeModel{resps: []*model.LLMResponse{nil, nil}}},
		{name: "hostile final", model: fakeModel{resps: []*model.LLMResponse{{Content: genai.NewContentFromText(huge, genai.RoleModel),
			FinishReason: genai.FinishReason(huge), ModelVersion: huge,
			UsageMetadata: &genai.GenerateContentResponseUsageMetadata{PromptTokenCount: 1 << 30, CandidatesTokenCount: -7}}}}},
		{name: "early stop", stop: 1, model: fakeModel{resps: []*model.LLMResponse{
			{Content: genai.NewContentFromText("a", genai.RoleModel), Partial: true},
			{Content: genai.NewContentFromText("ab", genai.RoleModel)}}}},
		{name: "error", err: true, model: fakeModel{resps: []*model.LLMResponse{nil}, errs: []error{boom}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			spans.Reset()
			m := openlitadk.WrapModel(tc.model, openlitadk.WithTracerProvider(provider), openlitadk.WithMeterProvider(meters),
				openlitadk.WithCaptureMessageContent(true))
			if m.Name() != tc.model.Name() {
				t.Errorf("Name = %q", m.Name())
			}
			n := 0
			for r, err := range m.GenerateContent(context.Background(), &model.LLMRequest{Contents: []*genai.Content{genai.NewContentFromText(huge, genai.RoleUser)}}, true) {
				if r != tc.model.resps[n] || (err != nil) != tc.err {
					t.Errorf("response %d changed: %v, %v", n, r, err)
				}
				n++
				if n == tc.stop {
					break
				}
			}
			got := spans.GetSpans()
			if len(got) != 1 {
				t.Fatalf("%d spans", len(got))
			}
			s := got[0]
			if (s.Status.Code.String() == "Error") != tc.err {
				t.Errorf("status %v", s.Status)
			}
			for _, kv := range s.Attributes {
				if v := kv.Value.Emit(); !utf8.ValidString(v) || len(v) > 128<<10 {
					t.Errorf("%s: %d bytes, valid %v", kv.Key, len(v), utf8.ValidString(v))
				}
			}
			if !utf8.ValidString(s.Name) {
				t.Errorf("span name %q", s.Name)
			}
		})
	}
	if openlitadk.WrapModel(nil) != nil {
		t.Error("WrapModel(nil) is not nil")
	}
}
