package pricing

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/openlit/openlit-go/internal/sanitize"
)

// MaxDocumentSize bounds a pricing document, in bytes: a larger file or
// answer is rejected as too large, not read in part.
const MaxDocumentSize = 8 << 20

// Load reads a pricing table from source: an http:// or https:// URL fetched
// with client (http.DefaultClient when nil) under ctx, or else the path of a
// regular file (a FIFO, device or directory is rejected without being
// opened for reading, so Load never blocks on one). The result holds only
// what the document says; lay it over [Default] with [Table.Merge]. Errors
// quote a URL without its user info or query.
func Load(ctx context.Context, source string, client *http.Client) (*Table, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if strings.HasPrefix(source, "http://") || strings.HasPrefix(source, "https://") {
		return fetch(ctx, source, client)
	}
	name := sanitize.String(source, 200)
	fi, err := os.Stat(source)
	if err != nil {
		return nil, fmt.Errorf("pricing: %w", pathError(err))
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("pricing: %q is not a regular file (%v)", name, fi.Mode().Type())
	}
	if fi.Size() > MaxDocumentSize {
		return nil, fmt.Errorf("pricing: %q is too large: %d bytes, the limit is %d (8 MiB)", name, fi.Size(), MaxDocumentSize)
	}
	f, err := os.Open(source)
	if err != nil {
		return nil, fmt.Errorf("pricing: %w", pathError(err))
	}
	defer f.Close()
	data, err := readBounded(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("pricing: reading %q: %w", name, err)
	}
	return Parse(data)
}

// pathError is err with its path made valid and bounded.
func pathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s %q: %w", pe.Op, sanitize.String(pe.Path, 200), pe.Err)
	}
	return err
}

// readBounded reads r to the end, failing when it holds more than
// MaxDocumentSize bytes or ctx ends.
func readBounded(ctx context.Context, r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(ctxReader{ctx, r}, MaxDocumentSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxDocumentSize {
		return nil, fmt.Errorf("too large: more than %d bytes (8 MiB)", MaxDocumentSize)
	}
	return data, nil
}

// ctxReader stops reading when ctx ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

// Read reads from the underlying reader unless ctx has ended.
func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

func fetch(ctx context.Context, source string, client *http.Client) (*Table, error) {
	if client == nil {
		client = http.DefaultClient
	}
	name := sanitize.URL(source)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, source, nil)
	if err != nil {
		return nil, fmt.Errorf("pricing: invalid URL %q", name)
	}
	resp, err := client.Do(req)
	if err != nil {
		// url.Error quotes the URL with its query: keep only the reason.
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return nil, fmt.Errorf("pricing: fetching %q: %s", name, sanitize.String(err.Error(), 300))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("pricing: fetching %q: HTTP %d", name, resp.StatusCode)
	}
	if resp.ContentLength > MaxDocumentSize {
		return nil, fmt.Errorf("pricing: fetching %q: too large: %d bytes, the limit is %d (8 MiB)", name, resp.ContentLength, MaxDocumentSize)
	}
	data, err := readBounded(ctx, resp.Body)
	if err != nil {
		return nil, fmt.Errorf("pricing: reading %q: %w", name, err)
	}
	return Parse(data)
}
