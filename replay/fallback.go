package replay

import (
	"fmt"
	"io"
	"os"

	"github.com/openai/openai-go/v3/option"
)

// Fallback is how the examples run without an account: when OPENAI_API_KEY
// is not set it starts a replay server, says so on w, and returns the
// request options that point a client at it, and a function that stops it.
// With a key it returns no options: the client uses the real API (or
// OPENAI_BASE_URL).
func Fallback(w io.Writer, opts Options) ([]option.RequestOption, func()) {
	base, stop := FallbackURL(w, opts)
	if base == "" {
		return nil, stop
	}
	return []option.RequestOption{option.WithBaseURL(base), option.WithAPIKey("replay")}, stop
}

// FallbackURL is Fallback for any client: without OPENAI_API_KEY it starts a
// replay server, says so on w, and returns its base URL ("http://…/v1/")
// and a function that stops it; with a key it returns "" and the client
// uses the real API.
func FallbackURL(w io.Writer, opts Options) (baseURL string, stop func()) {
	return FallbackFor(w, "OPENAI_API_KEY", opts)
}

// FallbackFor is FallbackURL for the provider whose key is in the
// environment variable keyVar (ANTHROPIC_API_KEY for the Anthropic
// examples): the replay answers that provider's API too.
func FallbackFor(w io.Writer, keyVar string, opts Options) (baseURL string, stop func()) {
	if os.Getenv(keyVar) != "" {
		return "", func() {}
	}
	srv := NewServer(opts)
	fmt.Fprintf(w, "%s is not set: answering from a local replay of recorded responses at %s\n", keyVar, srv.BaseURL())
	return srv.BaseURL(), srv.Close
}
