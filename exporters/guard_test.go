package exporters

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

func refusedErr() error {
	return fmt.Errorf("traces export: %w", &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED})
}

// A refused connection is retried within the budget; other errors are not.
func TestRetryRefused(t *testing.T) {
	for _, tc := range []struct {
		name      string
		failures  int
		fail      error
		budget    time.Duration
		wantCalls int32
		wantErr   bool
	}{
		{"refused then up", 3, refusedErr(), 5 * time.Second, 4, false},
		{"refused past the budget", 1000, refusedErr(), 300 * time.Millisecond, 0, true},
		{"other error not retried", 5, errors.New("HTTP 400"), 5 * time.Second, 1, true},
		{"success", 0, nil, time.Second, 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var calls atomic.Int32
			start := time.Now()
			err := retryRefused(context.Background(), nil, tc.budget, func(context.Context) error {
				if int(calls.Add(1)) <= tc.failures {
					return tc.fail
				}
				return nil
			})
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v", err)
			}
			if tc.wantCalls > 0 && calls.Load() != tc.wantCalls {
				t.Errorf("%d calls, want %d", calls.Load(), tc.wantCalls)
			}
			if d := time.Since(start); d > tc.budget+100*time.Millisecond {
				t.Errorf("took %v, budget %v", d, tc.budget)
			}
		})
	}
}

// Retries stop when the context ends.
func TestRetryRefusedHonoursContext(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := retryRefused(ctx, nil, time.Minute, func(context.Context) error { return refusedErr() })
	if err == nil || time.Since(start) > time.Second {
		t.Errorf("err %v after %v", err, time.Since(start))
	}
}

// Shutting the exporter down stops a refused-connection retry at once.
func TestRetryStopsAtShutdown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	exp, err := NewSpanExporter(context.Background(), WithEndpointURL("http://"+addr+"/v1/traces"), WithTimeout(10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() { done <- exp.ExportSpans(context.Background(), tracetest.SpanStubs{{Name: "s"}}.Snapshots()) }()
	time.Sleep(200 * time.Millisecond)
	start := time.Now()
	_ = exp.Shutdown(context.Background())
	select {
	case err := <-done:
		if err == nil {
			t.Error("export to a refusing collector succeeded")
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("export returned %v after Shutdown", d)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("export still retrying 5 s after Shutdown")
	}
}

// Export errors never carry the endpoint's user info or query, and still
// unwrap to the original error.
func TestExportErrorsRedacted(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
	})}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	endpoint := "http://alice:PASSWORD@" + ln.Addr().String() + "/v1/traces?token=TOKEN%2B1"
	exp, err := NewSpanExporter(context.Background(), WithEndpointURL(endpoint), WithoutRetry(), WithTimeout(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer exp.Shutdown(context.Background())
	spans := tracetest.SpanStubs{{Name: "s"}}.Snapshots()
	err = exp.ExportSpans(context.Background(), spans)
	if err == nil {
		t.Fatal("400 not reported")
	}
	for _, secret := range []string{"PASSWORD", "TOKEN", "alice"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("%q in %v", secret, err)
		}
	}
	if !strings.Contains(err.Error(), "400") {
		t.Errorf("the reason is lost: %v", err)
	}
}

// The redactor removes every secret form from an error quoting the URL.
func TestRedactor(t *testing.T) {
	endpoint := "http://alice:PASS%40WORD@host/v1/traces?token=TOK+EN&x=SECOND"
	r := redactor(secretsOf(endpoint))
	inner := fmt.Errorf("post %s: refused (%s, %s): %w", endpoint, "PASS@WORD", "TOK EN", syscall.ECONNREFUSED)
	err := r.err(inner)
	for _, secret := range []string{"PASS", "WORD", "TOK", "SECOND", "alice"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("%q in %q", secret, err)
		}
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Error("the redacted error does not unwrap")
	}
	if r.err(nil) != nil {
		t.Error("nil became an error")
	}
}
