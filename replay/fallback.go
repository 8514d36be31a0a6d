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
	if os.Getenv("OPENAI_API_KEY") != "" {
		return nil, func() {}
	}
	srv := NewServer(opts)
	fmt.Fprintf(w, "OPENAI_API_KEY is not set: answering from a local replay of recorded OpenAI responses at %s\n", srv.BaseURL())
	return []option.RequestOption{option.WithBaseURL(srv.BaseURL()), option.WithAPIKey("replay")}, srv.Close
}
