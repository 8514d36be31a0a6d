package openlitopenai

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"go.opentelemetry.io/otel/codes"

	"github.com/openlit/openlit-go/replay"
	"github.com/openlit/openlit-go/semconv"
)

// outcome is what a caller saw: the result's bytes (the completion's JSON,
// or the stream's chunks) and the error's text and type.
type outcome struct {
	result  string
	err     string
	errType string
}

func outcomeOf(res string, err error) outcome {
	o := outcome{result: res}
	if err != nil {
		// Ephemeral ports differ between the two clients' connections.
		o.err = ephemeralPort.ReplaceAllString(err.Error(), "127.0.0.1:PORT")
		o.errType = fmt.Sprintf("%T", err)
	}
	return o
}

var ephemeralPort = regexp.MustCompile(`127\.0\.0\.1:\d+`)

// providerFault is a misbehaving provider and what the span must say.
type providerFault struct {
	name      string
	handler   http.HandlerFunc
	stream    bool
	opts      []option.RequestOption
	ctx       func() (context.Context, context.CancelFunc)
	midStream func(cancel context.CancelFunc, chunk int) // called after each chunk
	status    codes.Code
	errorType string // "" : no error.type
}

func statusHandler(status int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("retry-after-ms", "1")
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"error":{"message":"fault %d","type":"test","param":null,"code":"test"}}`, status)
	}
}

func sseHandler(events ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		for _, e := range events {
			fmt.Fprint(w, e)
			w.(http.Flusher).Flush()
		}
	}
}

func recordedChunks(n int) []string {
	_, sse := replay.Recorded("/chat/completions")
	parts := strings.SplitAfter(string(sse), "\n\n")
	return parts[:n]
}

func providerFaults() []providerFault {
	var faults []providerFault
	for _, st := range []int{400, 401, 403, 404, 409, 422, 429, 500, 503} {
		faults = append(faults, providerFault{
			name: fmt.Sprintf("HTTP %d", st), handler: statusHandler(st),
			opts: []option.RequestOption{option.WithMaxRetries(1)}, status: codes.Error, errorType: fmt.Sprint(st),
		})
		faults = append(faults, providerFault{
			name: fmt.Sprintf("HTTP %d stream", st), handler: statusHandler(st), stream: true,
			opts: []option.RequestOption{option.WithMaxRetries(1)}, status: codes.Error, errorType: fmt.Sprint(st),
		})
	}
	slow := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	}
	faults = append(faults,
		providerFault{name: "timeout", handler: slow, status: codes.Error, errorType: "context.DeadlineExceeded",
			opts: []option.RequestOption{option.WithRequestTimeout(50 * time.Millisecond), option.WithMaxRetries(0)}},
		providerFault{name: "connection closed mid-body", status: codes.Error,
			opts: []option.RequestOption{option.WithMaxRetries(0)},
			handler: func(w http.ResponseWriter, r *http.Request) {
				// Read the request first, so the close is a clean FIN (the
				// client sees unexpected EOF) and not, by timing, a reset.
				_, _ = io.Copy(io.Discard, r.Body)
				conn, buf, _ := w.(http.Hijacker).Hijack()
				fmt.Fprint(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"id\":\"chatcmpl-x\",\"choi")
				_ = buf.Flush()
				_ = conn.Close()
			}},
		providerFault{name: "truncated JSON", status: codes.Error,
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprint(w, `{"id":"chatcmpl-x","object":"chat.completion","choices":[{"index":0,`)
			}},
		// Cut before its finish_reason (and [DONE]): the caller sees no
		// error, as with the plain client; the span says the answer is
		// not whole.
		providerFault{name: "stream stops without [DONE]", stream: true, status: codes.Error, errorType: "stream_incomplete",
			handler: sseHandler(recordedChunks(10)...)},
		providerFault{name: "stream with a malformed line", stream: true, status: codes.Error,
			handler: sseHandler(append(recordedChunks(3), "data: {not json\n\n")...)},
		providerFault{name: "stream with an error event", stream: true, status: codes.Error,
			handler: sseHandler(append(recordedChunks(3), `data: {"error":{"message":"overloaded","type":"server_error"}}`+"\n\n")...)},
		providerFault{name: "context cancelled before", status: codes.Error, errorType: "context.Canceled",
			handler: statusHandler(200),
			ctx: func() (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancel(context.Background())
				cancel()
				return ctx, cancel
			}},
		providerFault{name: "context cancelled during", status: codes.Error, errorType: "context.Canceled",
			handler: slow,
			ctx: func() (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancel(context.Background())
				time.AfterFunc(30*time.Millisecond, cancel)
				return ctx, cancel
			}},
		providerFault{name: "context cancelled mid-stream", stream: true, status: codes.Error, errorType: "context.Canceled",
			// Four chunks, then nothing until the client cancels: what the
			// client has buffered when it cancels is the same every run, so
			// both clients see the same chunks (a server still sending could
			// put a different number in the buffer each time).
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/event-stream")
				for _, e := range recordedChunks(50)[:4] {
					fmt.Fprint(w, e)
				}
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
			},
			ctx: func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) },
			midStream: func(cancel context.CancelFunc, chunk int) {
				if chunk == 3 {
					cancel()
				}
			}},
		providerFault{name: "context cancelled after", status: codes.Ok,
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write(replay.ChatCompletionJSON())
			},
			ctx: func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) }},
	)
	return faults
}

// TestProviderFaults: for every fault the caller gets exactly what the
// plain client gives, one span ends with the right status and error.type,
// and no token or cost metric comes from invented data.
func TestProviderFaults(t *testing.T) {
	for _, f := range providerFaults() {
		t.Run(f.name, func(t *testing.T) {
			srv := httptest.NewServer(f.handler)
			defer srv.Close()
			h := newHarnessFor(t, nil, []option.RequestOption{option.WithBaseURL(srv.URL + "/v1/")})
			run := func(chat func(context.Context, openai.ChatCompletionNewParams, ...option.RequestOption) (*openai.ChatCompletion, error),
				stream func(context.Context, openai.ChatCompletionNewParams, ...option.RequestOption) streamLike) outcome {
				ctx, cancel := context.Background(), context.CancelFunc(func() {})
				if f.ctx != nil {
					ctx, cancel = f.ctx()
				}
				defer cancel()
				if !f.stream {
					res, err := chat(ctx, userPrompt("hi"), f.opts...)
					cancel() // "after": cancelling once the call returned changes nothing
					if res != nil {
						return outcomeOf(res.RawJSON(), err)
					}
					return outcomeOf("", err)
				}
				s := stream(ctx, streamParams(true), f.opts...)
				var chunks []string
				for i := 0; s.Next(); i++ {
					chunks = append(chunks, s.Current().RawJSON())
					if f.midStream != nil {
						f.midStream(cancel, i)
					}
				}
				_ = s.Close()
				return outcomeOf(strings.Join(chunks, "\n"), s.Err())
			}
			got := run(h.client.Chat.Completions.New, func(ctx context.Context, p openai.ChatCompletionNewParams, o ...option.RequestOption) streamLike {
				return h.client.Chat.Completions.NewStreaming(ctx, p, o...)
			})
			want := run(h.plain.Chat.Completions.New, func(ctx context.Context, p openai.ChatCompletionNewParams, o ...option.RequestOption) streamLike {
				return h.plain.Chat.Completions.NewStreaming(ctx, p, o...)
			})
			if got != want {
				t.Fatalf("caller saw\n%+v\nplain client gives\n%+v", got, want)
			}
			spans := h.spans.GetSpans().Snapshots()
			if len(spans) != 1 {
				t.Fatalf("%d spans, want exactly 1", len(spans))
			}
			s := spans[0]
			if s.Status().Code != f.status {
				t.Errorf("status = %v, want %v", s.Status(), f.status)
			}
			et := attrMap(s.Attributes())["error.type"].AsString()
			if f.errorType != "" && et != f.errorType {
				t.Errorf("error.type = %q, want %q", et, f.errorType)
			}
			if f.status == codes.Error && et == "" {
				t.Error("failed call without error.type")
			}
			ms := h.metrics(t)
			if f.status == codes.Error || f.stream {
				for _, name := range []string{semconv.MetricClientTokenUsage, semconv.MetricUsageCost, semconv.MetricUsageInputTokens} {
					if _, ok := ms[name]; ok {
						t.Errorf("%s recorded without usage from the provider", name)
					}
				}
			}
		})
	}
}

type streamLike interface {
	Next() bool
	Current() openai.ChatCompletionChunk
	Err() error
	Close() error
}
