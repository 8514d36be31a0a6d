package langfuse_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/openlit/openlit-go/langfuse"
)

// hostile serves a dataset whose item pages come from page(n), counting the
// item requests.
func hostile(t *testing.T, page func(n int) string) (*langfuse.Client, *atomic.Int64) {
	t.Helper()
	var pages atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.HasPrefix(r.URL.Path, "/api/public/v2/datasets/"):
			_, _ = io.WriteString(w, `{"id":"ds","name":"qa"}`)
		case r.URL.Path == "/api/public/dataset-items":
			pages.Add(1)
			n, _ := strconv.Atoi(r.URL.Query().Get("page"))
			_, _ = io.WriteString(w, page(n))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	c, err := langfuse.New(langfuse.WithKeys("pk", "sk"), langfuse.WithHost(srv.URL), langfuse.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return c, &pages
}

// No JSON a server sends makes GetDataset panic or page forever.
func TestGetDatasetHostilePages(t *testing.T) {
	for _, tc := range []struct {
		name      string
		page      func(n int) string
		wantItems int
		wantErr   error
		maxPages  int64
	}{
		{"null item", func(int) string { return `{"data":[null],"meta":{"page":1,"totalPages":1}}` }, 0, nil, 1},
		{"null among items", func(int) string {
			return `{"data":[{"id":"a"},null,{"id":"b"}],"meta":{"page":1,"totalPages":1}}`
		}, 2, nil, 1},
		{"always one more page, same items", func(n int) string {
			return fmt.Sprintf(`{"data":[{"id":"a"}],"meta":{"page":%d,"totalPages":%d}}`, n, n+1)
		}, 1, nil, 2},
		{"always one more page, new items", func(n int) string {
			return fmt.Sprintf(`{"data":[{"id":"i%d"}],"meta":{"page":%d,"totalPages":%d}}`, n, n, n+1)
		}, langfuse.MaxDatasetPages, langfuse.ErrTooManyPages, langfuse.MaxDatasetPages},
		{"empty page with more announced", func(n int) string {
			return `{"data":[],"meta":{"page":1,"totalPages":1000000}}`
		}, 0, nil, 1},
		{"no meta", func(n int) string { return `{"data":[{"id":"x"}]}` }, 1, nil, 1},
		{"data not a list", func(n int) string { return `{"data":{"id":"x"}}` }, 0, errAny, 1},
		{"garbage", func(n int) string { return `]]]` }, 0, errAny, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, pages := hostile(t, tc.page)
			ds, err := c.GetDataset(context.Background(), "qa")
			switch {
			case tc.wantErr == errAny:
				if err == nil {
					t.Fatal("no error")
				}
				return
			case tc.wantErr != nil:
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
			case err != nil:
				t.Fatal(err)
			}
			if len(ds.Items) != tc.wantItems {
				t.Errorf("%d items, want %d", len(ds.Items), tc.wantItems)
			}
			if n := pages.Load(); n > tc.maxPages {
				t.Errorf("%d pages requested, want at most %d", n, tc.maxPages)
			}
		})
	}
}

var errAny = errors.New("any error")

// A hanging server costs one time budget per call, not retries × the HTTP
// timeout, and the context's deadline wins when sooner.
func TestTimeBudget(t *testing.T) {
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-done:
		}
	}))
	defer srv.Close()
	defer close(done)
	c, err := langfuse.New(langfuse.WithKeys("pk", "sk"), langfuse.WithHost(srv.URL),
		langfuse.WithTimeout(300*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := c.GetDataset(context.Background(), "qa"); err == nil {
		t.Fatal("no error from a hanging server")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("GetDataset took %v with a 300 ms budget", d)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start = time.Now()
	if err := c.AuthCheck(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("AuthCheck: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("AuthCheck took %v with a 100 ms context", d)
	}
}

// A DatasetItem that did not come from GetDataset gives an error, not a
// panic.
func TestZeroDatasetItem(t *testing.T) {
	var item langfuse.DatasetItem
	if err := item.Link(context.Background(), "trace", "run", nil); err == nil {
		t.Error("zero item linked")
	}
	var nilItem *langfuse.DatasetItem
	if err := nilItem.Link(context.Background(), "trace", "run", nil); err == nil {
		t.Error("nil item linked")
	}
}

// An error answer's message is quoted bounded and valid.
func TestErrorMessageBounded(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, `{"message":"`+strings.Repeat("é", 500)+"\xff"+`"}`)
	}))
	defer srv.Close()
	c, _ := langfuse.New(langfuse.WithKeys("pk", "sk"), langfuse.WithHost(srv.URL))
	err := c.AuthCheck(context.Background())
	if err == nil || len(err.Error()) > 400 || !strings.Contains(err.Error(), "HTTP 400") {
		t.Fatalf("error %q", err)
	}
	if s := err.Error(); strings.ToValidUTF8(s, "?") != s {
		t.Errorf("error not valid UTF-8: %q", s)
	}
}

// A host with user info is refused without echoing it.
func TestHostSecretNotInError(t *testing.T) {
	_, err := langfuse.New(langfuse.WithKeys("pk", "sk"), langfuse.WithHost("ftp://user:PASSWORD@host/?token=TOKEN"))
	if err == nil || strings.Contains(err.Error(), "PASSWORD") || strings.Contains(err.Error(), "TOKEN") {
		t.Fatalf("error %v", err)
	}
}

// A Client not made by New returns errors, never panics.
func TestZeroClient(t *testing.T) {
	ctx := context.Background()
	for _, c := range []*langfuse.Client{nil, {}} {
		if err := c.AuthCheck(ctx); err == nil {
			t.Error("AuthCheck succeeded")
		}
		if _, err := c.GetDataset(ctx, "qa"); err == nil {
			t.Error("GetDataset succeeded")
		}
		if _, err := c.Score(ctx, "t", "s", langfuse.Numeric(1), ""); err == nil {
			t.Error("Score succeeded")
		}
		_ = c.Flush(ctx)
		_ = c.Shutdown(ctx)
		_ = c.Host()
	}
}
