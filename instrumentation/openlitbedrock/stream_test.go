package openlitbedrock

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	"go.opentelemetry.io/otel/codes"

	"github.com/openlit/openlit-go/replay"
)

func converseStream(ctx context.Context, c *bedrockruntime.Client) (*bedrockruntime.ConverseStreamEventStream, error) {
	out, err := c.ConverseStream(ctx, &bedrockruntime.ConverseStreamInput{ModelId: aws.String(claude), Messages: converseInput().Messages})
	if err != nil {
		return nil, err
	}
	return out.GetStream(), nil
}

// drain reads a stream to its end and returns the number of events and
// its error.
func drain(s *bedrockruntime.ConverseStreamEventStream) (int, error) {
	defer s.Close()
	n := 0
	for range s.Events() {
		n++
	}
	return n, s.Err()
}

// waitSpans waits for the stream's span, which ends on the SDK's reader
// goroutine.
func (h *harness) waitSpans(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for len(h.spans.GetSpans()) < n && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
}

// TestStreamFaults: an exception inside the stream, a stream cut short, a
// stream the caller closes early and a cancelled context each end the span
// once, and the caller sees what the plain client shows.
func TestStreamFaults(t *testing.T) {
	start := replay.EventStreamMessage{Event: "messageStart", Payload: []byte(`{"role":"assistant"}`)}
	delta := replay.EventStreamMessage{Event: "contentBlockDelta", Payload: []byte(`{"contentBlockIndex":0,"delta":{"text":"Hel"}}`)}
	t.Run("exception event", func(t *testing.T) {
		h := newHarness(t, replay.Options{Events: []replay.EventStreamMessage{start, delta,
			{Event: "throttlingException", Exception: true, Payload: []byte(`{"message":"Too many tokens, please wait."}`)}}})
		for _, c := range []*bedrockruntime.Client{h.plain, h.client} {
			s, err := converseStream(context.Background(), c)
			if err != nil {
				t.Fatal(err)
			}
			n, err := drain(s)
			var api smithy.APIError
			if n != 2 || !errors.As(err, &api) || api.ErrorCode() != "ThrottlingException" {
				t.Fatalf("%d events, error %v", n, err)
			}
		}
		h.waitSpans(t, 1)
		s := h.only(t)
		if s.Status().Code != codes.Error || attrs(s)["error.type"] != "ThrottlingException" {
			t.Errorf("status %v error.type %q", s.Status(), attrs(s)["error.type"])
		}
	})
	t.Run("cut short", func(t *testing.T) {
		h := newHarness(t, replay.Options{StopAfter: 2})
		var errs [2]error
		for i, c := range []*bedrockruntime.Client{h.plain, h.client} {
			s, err := converseStream(context.Background(), c)
			if err != nil {
				t.Fatal(err)
			}
			_, errs[i] = drain(s)
		}
		if (errs[0] == nil) != (errs[1] == nil) {
			t.Fatalf("plain %v, instrumented %v", errs[0], errs[1])
		}
		h.waitSpans(t, 1)
		s := h.only(t)
		// The SDK reports no error for a stream cut before messageStop; the
		// span does: the answer is not whole.
		if s.Status().Code != codes.Error || attrs(s)["error.type"] != "stream_incomplete" {
			t.Errorf("error %v, status %v, error.type %q", errs[1], s.Status(), attrs(s)["error.type"])
		}
		if attrs(s)["gen_ai.usage.output_tokens"] != "" {
			t.Errorf("usage invented for a cut stream: %v", attrs(s))
		}
	})
	t.Run("closed early", func(t *testing.T) {
		h := newHarness(t, replay.Options{ChunkDelay: 20 * time.Millisecond})
		s, err := converseStream(context.Background(), h.client)
		if err != nil {
			t.Fatal(err)
		}
		<-s.Events()
		<-s.Events()
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		h.waitSpans(t, 1)
		sp := h.only(t)
		if sp.Status().Code != codes.Ok || attrs(sp)["gen_ai.completion"] != "LLM observability is" {
			t.Errorf("status %v attrs %v", sp.Status(), attrs(sp))
		}
	})
	t.Run("abandoned", func(t *testing.T) {
		// Neither read nor closed: the SDK's goroutines keep the stream
		// alive, so its span ends after the idle timeout.
		defer func(d time.Duration) { streamIdleTimeout = d }(streamIdleTimeout)
		streamIdleTimeout = 150 * time.Millisecond
		h := newHarness(t, replay.Options{})
		s, err := converseStream(context.Background(), h.client)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		h.waitSpans(t, 1)
		sp := h.only(t)
		if sp.Status().Code != codes.Error || attrs(sp)["error.type"] != "stream_idle" {
			t.Errorf("status %v attrs %v", sp.Status(), attrs(sp))
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		h := newHarness(t, replay.Options{ChunkDelay: time.Second})
		ctx, cancel := context.WithCancel(context.Background())
		s, err := converseStream(ctx, h.client)
		if err != nil {
			t.Fatal(err)
		}
		<-s.Events()
		cancel()
		start := time.Now()
		_, _ = drain(s)
		if time.Since(start) > 900*time.Millisecond {
			t.Errorf("stream ended %v after the cancel", time.Since(start))
		}
		h.waitSpans(t, 1)
		h.only(t)
	})
}

// TestConfigLevel: AppendMiddlewares (for an aws.Config's APIOptions)
// traces the calls of every client made with it; a stream is spanned from
// request to close, without its events; with Instrument as well, each call
// is traced once.
func TestConfigLevel(t *testing.T) {
	h := newHarness(t, replay.Options{})
	var apiOptions []func(*middleware.Stack) error
	AppendMiddlewares(&apiOptions, WithTracerProvider(h.tp), WithMeterProvider(h.mp))
	withConfig := func(o *bedrockruntime.Options) { o.APIOptions = append(o.APIOptions, apiOptions...) }
	configured := newClient(h.srv.URL, h.base, withConfig)
	both := newClient(h.srv.URL, h.base, withConfig, Instrument(WithTracerProvider(h.tp), WithMeterProvider(h.mp)))

	if _, err := configured.Converse(context.Background(), converseInput()); err != nil {
		t.Fatal(err)
	}
	check(t, attrs(h.only(t)), map[string]string{"gen_ai.usage.output_tokens": "38"})

	h.spans.Reset()
	s, err := converseStream(context.Background(), configured)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := drain(s); n != 6 || err != nil {
		t.Fatalf("%d events, %v", n, err)
	}
	h.waitSpans(t, 1)
	if a := attrs(h.only(t)); a["gen_ai.request.is_stream"] != "true" || a["gen_ai.usage.output_tokens"] != "" {
		t.Errorf("config-level stream span %v", a)
	}

	for _, stream := range []bool{false, true} {
		h.spans.Reset()
		if stream {
			s, err := converseStream(context.Background(), both)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = drain(s)
			h.waitSpans(t, 1)
			time.Sleep(20 * time.Millisecond)
		} else if _, err := both.Converse(context.Background(), converseInput()); err != nil {
			t.Fatal(err)
		}
		check(t, attrs(h.only(t)), map[string]string{"gen_ai.usage.input_tokens": "16"})
	}
}
