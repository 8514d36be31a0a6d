package openlitopenai

import (
	"context"
	"errors"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/openlit/openlit-go/replay"
	"github.com/openlit/openlit-go/semconv"
)

func TestChatErrors(t *testing.T) {
	tests := []struct {
		name      string
		fail      []int
		opts      []option.RequestOption
		wantType  string
		wantCalls int
	}{
		{"401 is not retried", []int{401}, nil, "401", 1},
		{"500 after retries", []int{500, 500, 500}, nil, "500", 3},
		{"500 without retries", []int{500}, []option.RequestOption{option.WithMaxRetries(0)}, "500", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, replay.Options{Fail: tt.fail})
			plainSrv := replay.NewServer(replay.Options{Fail: tt.fail})
			defer plainSrv.Close()
			plain := openai.NewClient(option.WithBaseURL(plainSrv.BaseURL()), option.WithAPIKey(testAPIKey))

			res, err := h.client.Chat.Completions.New(context.Background(), userPrompt("hi"), tt.opts...)
			wantRes, wantErr := plain.Chat.Completions.New(context.Background(), userPrompt("hi"), tt.opts...)
			if (res == nil) != (wantRes == nil) || err == nil || err.Error() != wantErr.Error() {
				t.Fatalf("wrapped (%v, %v), plain (%v, %v)", res, err, wantRes, wantErr)
			}
			var apiErr *openai.Error
			if !errors.As(err, &apiErr) {
				t.Fatalf("error type changed: %T", err)
			}
			if h.srv.Requests() != tt.wantCalls {
				t.Errorf("server saw %d requests, want %d", h.srv.Requests(), tt.wantCalls)
			}
			s := h.onlySpan(t)
			if s.Status().Code != codes.Error {
				t.Errorf("status = %v", s.Status())
			}
			if et := attrMap(s.Attributes())["error.type"].AsString(); et != tt.wantType {
				t.Errorf("error.type = %q, want %q", et, tt.wantType)
			}
			if len(s.Events()) == 0 || s.Events()[len(s.Events())-1].Name != "exception" {
				t.Errorf("no exception event: %v", s.Events())
			}
			noSecret(t, s)
			ms := h.metrics(t)
			req := ms[semconv.MetricTotalRequests].Data.(metricdata.Sum[int64]).DataPoints
			if len(req) != 1 || req[0].Value != 1 {
				t.Errorf("requests = %+v, want one call counted once", req)
			}
			if v, _ := req[0].Attributes.Value(semconv.ErrorType); v.AsString() != tt.wantType {
				t.Errorf("request point error.type = %q", v.AsString())
			}
			for _, name := range []string{semconv.MetricClientTokenUsage, semconv.MetricUsageCost, semconv.MetricServerTimeToFirstToken} {
				if _, ok := ms[name]; ok {
					t.Errorf("%s recorded for a failed call", name)
				}
			}
		})
	}
}

// A 429 answered by the SDK's retry is one call: one span, counted once,
// tokens once.
func TestChatRetryThenSuccess(t *testing.T) {
	h := newHarness(t, replay.Options{Fail: []int{429}})
	res, err := h.client.Chat.Completions.New(context.Background(), userPrompt("hi"))
	if err != nil || res.Usage.TotalTokens != 370 {
		t.Fatalf("res %v err %v", res, err)
	}
	if h.srv.Requests() != 2 {
		t.Fatalf("server saw %d requests, want 2", h.srv.Requests())
	}
	s := h.onlySpan(t)
	if s.Status().Code != codes.Ok {
		t.Errorf("status = %v", s.Status())
	}
	ms := h.metrics(t)
	if v := ms[semconv.MetricTotalRequests].Data.(metricdata.Sum[int64]).DataPoints[0].Value; v != 1 {
		t.Errorf("requests = %d", v)
	}
	if v := ms[semconv.MetricClientTokenUsage].Data.(metricdata.Histogram[int64]).DataPoints[0]; v.Sum != 370 || v.Count != 1 {
		t.Errorf("token usage = %d over %d", v.Sum, v.Count)
	}
	if v := ms[semconv.MetricUsageInputTokens].Data.(metricdata.Sum[int64]).DataPoints[0].Value; v != 14 {
		t.Errorf("input tokens = %d", v)
	}
}

func TestChatContextCancelledBefore(t *testing.T) {
	h := newHarness(t, replay.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := h.client.Chat.Completions.New(ctx, userPrompt("hi"))
	_, wantErr := h.plain.Chat.Completions.New(ctx, userPrompt("hi"))
	if err == nil || wantErr == nil || err.Error() != wantErr.Error() {
		t.Fatalf("wrapped %v, plain %v", err, wantErr)
	}
	s := h.onlySpan(t)
	if et := attrMap(s.Attributes())["error.type"].AsString(); et != "context.Canceled" {
		t.Errorf("error.type = %q", et)
	}
}
