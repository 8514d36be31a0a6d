package pricing

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
)

// maxDocument bounds how much of a pricing document is read.
const maxDocument = 8 << 20

// Load reads a pricing table from source: an http:// or https:// URL fetched
// with client (http.DefaultClient when nil) under ctx, or else a file path.
// The result holds only what the document says; lay it over [Default] with
// [Table.Merge].
func Load(ctx context.Context, source string, client *http.Client) (*Table, error) {
	if strings.HasPrefix(source, "http://") || strings.HasPrefix(source, "https://") {
		return fetch(ctx, source, client)
	}
	f, err := os.Open(source)
	if err != nil {
		return nil, fmt.Errorf("pricing: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxDocument))
	if err != nil {
		return nil, fmt.Errorf("pricing: reading %s: %w", source, err)
	}
	return Parse(data)
}

func fetch(ctx context.Context, url string, client *http.Client) (*Table, error) {
	if client == nil {
		client = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("pricing: %w", err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("pricing: fetching %s: %w", req.URL.Redacted(), err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("pricing: fetching %s: HTTP %d", req.URL.Redacted(), resp.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxDocument))
	if err != nil {
		return nil, fmt.Errorf("pricing: reading %s: %w", req.URL.Redacted(), err)
	}
	return Parse(data)
}
