package vectordb

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
)

// MaxBody bounds the request and answer bodies the HTTP integrations read
// to describe an operation (a larger one passes undescribed, unchanged).
const MaxBody = 64 << 20

// RequestBody is a copy of req's body, read through GetBody so the request
// is not consumed, or nil.
func RequestBody(req *http.Request) []byte {
	if req.Body == nil || req.Body == http.NoBody || req.GetBody == nil || req.ContentLength > MaxBody {
		return nil
	}
	rc, err := req.GetBody()
	if err != nil {
		return nil
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, MaxBody))
	if err != nil {
		return nil
	}
	return b
}

// ReadAnswer reads an answer's body whole (up to MaxBody) and puts it back,
// so the client reads exactly what came; a read error is given back to the
// client where it happened. It returns nil for an answer too large or cut.
func ReadAnswer(resp *http.Response) []byte {
	if resp.Body == nil || resp.ContentLength > MaxBody {
		return nil
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody+1))
	rest := resp.Body
	var tail io.Reader = rest
	if err != nil {
		tail = &errReader{err: err}
	}
	resp.Body = &readCloser{Reader: io.MultiReader(bytes.NewReader(b), tail), close: rest.Close}
	if err != nil || len(b) > MaxBody {
		return nil
	}
	return b
}

type readCloser struct {
	io.Reader
	close func() error
}

func (r *readCloser) Close() error { return r.close() }

type errReader struct{ err error }

func (r *errReader) Read([]byte) (int, error) { return 0, r.err }

// URLPort is the port of a request URL: its own, else the scheme's.
func URLPort(scheme, port string) int {
	if p, err := strconv.Atoi(port); err == nil {
		return p
	}
	switch scheme {
	case "https":
		return 443
	case "http":
		return 80
	}
	return 0
}
