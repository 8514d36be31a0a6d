package vectordb

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

type failingBody struct {
	r      io.Reader
	err    error
	closed bool
}

func (f *failingBody) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		return n, f.err
	}
	return n, err
}
func (f *failingBody) Close() error { f.closed = true; return nil }

// TestReadAnswer: the client reads exactly what came, a read error where
// it happened, and closing reaches the real body.
func TestReadAnswer(t *testing.T) {
	cut := errors.New("connection reset")
	for _, tc := range []struct {
		name    string
		body    *failingBody
		length  int64
		want    string
		wantErr error
		read    bool
	}{
		{"whole", &failingBody{r: strings.NewReader(`{"ids":[1]}`), err: io.EOF}, -1, `{"ids":[1]}`, nil, true},
		{"cut", &failingBody{r: strings.NewReader(`{"ids":[`), err: cut}, -1, `{"ids":[`, cut, false},
		{"declared too large", &failingBody{r: strings.NewReader(`{}`), err: io.EOF}, MaxBody + 1, `{}`, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := &http.Response{Body: tc.body, ContentLength: tc.length}
			got := ReadAnswer(resp)
			if (got != nil) != tc.read {
				t.Errorf("read %q", got)
			}
			b, err := io.ReadAll(resp.Body)
			if string(b) != tc.want || !errors.Is(err, tc.wantErr) {
				t.Errorf("client read %q, %v; want %q, %v", b, err, tc.want, tc.wantErr)
			}
			_ = resp.Body.Close()
			if !tc.body.closed {
				t.Error("Close did not reach the body")
			}
		})
	}
}

// TestRequestBody: read through GetBody, never consuming the request.
func TestRequestBody(t *testing.T) {
	req, _ := http.NewRequest(http.MethodPost, "http://x/", bytes.NewReader([]byte(`{"n_results":3}`)))
	if got := RequestBody(req); string(got) != `{"n_results":3}` {
		t.Errorf("body %q", got)
	}
	if b, _ := io.ReadAll(req.Body); string(b) != `{"n_results":3}` {
		t.Errorf("request consumed: %q left", b)
	}
	req, _ = http.NewRequest(http.MethodPost, "http://x/", io.NopCloser(strings.NewReader("x")))
	req.GetBody = nil
	if RequestBody(req) != nil {
		t.Error("a body without GetBody was read")
	}
	if b, _ := io.ReadAll(req.Body); string(b) != "x" {
		t.Error("request consumed")
	}
}

func TestURLPort(t *testing.T) {
	for _, tc := range []struct {
		scheme, port string
		want         int
	}{{"http", "", 80}, {"https", "", 443}, {"http", "8080", 8080}, {"ftp", "", 0}, {"http", "x", 80}} {
		if got := URLPort(tc.scheme, tc.port); got != tc.want {
			t.Errorf("URLPort(%q, %q) = %d", tc.scheme, tc.port, got)
		}
	}
}
