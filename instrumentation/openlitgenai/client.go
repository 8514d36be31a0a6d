package openlitgenai

import (
	"context"
	"errors"
	"net/url"
	"strings"

	"google.golang.org/genai"

	core "github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/instrument"
	"github.com/openlit/openlit-go/internal/provider"
)

// Client is a genai.Client whose model calls are instrumented: Models and
// Chats shadow the embedded client's; every other service is the embedded
// client's own.
type Client struct {
	*genai.Client
	// Models shadows genai.Client.Models.
	Models *Models
	// Chats shadows genai.Client.Chats.
	Chats *Chats
}

// ErrNoClient is returned by the methods of a Client that wraps no
// genai.Client (Wrap(nil), or a zero Models or Chats).
var ErrNoClient = errors.New("openlitgenai: no genai.Client: Wrap was given nil")

// NewClient creates a genai client with genai.NewClient(ctx, cc), as
// configured by cc and the environment, and instruments it with Wrap.
func NewClient(ctx context.Context, cc *genai.ClientConfig, opts ...Option) (*Client, error) {
	c, err := genai.NewClient(ctx, cc)
	if err != nil {
		return nil, err
	}
	return Wrap(c, opts...), nil
}

// Wrap returns client with its model calls instrumented. The client is
// shared, not copied: its own Models and Chats stay uninstrumented, and
// nothing is installed on its HTTP client. Wrap(nil) gives a Client
// whose instrumented methods (Models' GenerateContent,
// GenerateContentStream and EmbedContent, Chats.Create) return ErrNoClient
// instead of panicking.
func Wrap(client *genai.Client, opts ...Option) *Client {
	if client == nil {
		return &Client{Models: &Models{}, Chats: &Chats{}}
	}
	inst := newInstrumenter(client.ClientConfig(), opts)
	return &Client{
		Client: client,
		Models: &Models{Models: client.Models, inst: inst},
		Chats:  &Chats{Chats: client.Chats, inst: inst},
	}
}

type instrumenter struct {
	tel       *core.Telemetry
	system    string // WithSystem's, or ""
	providers *provider.Resolver
	// backend is gen_ai.system by the client's backend; host and port are
	// its base URL's.
	backend string
	host    string
	port    int
}

func newInstrumenter(cc genai.ClientConfig, opts []Option) *instrumenter {
	c := instrument.New(opts)
	in := &instrumenter{tel: c.Telemetry(ScopeName, Version), system: c.System, providers: c.Resolver(), backend: "gcp.gemini"}
	if cc.Backend == genai.BackendVertexAI || cc.Backend == genai.BackendEnterprise {
		in.backend = "gcp.vertex_ai"
	}
	in.host, in.port = hostPort(cc.HTTPOptions.BaseURL)
	return in
}

// hostPort is the host and port of a base URL ("" and 0 for none).
func hostPort(base string) (string, int) {
	u, err := url.Parse(strings.TrimSpace(base))
	if err != nil || u.Host == "" {
		return "", 0
	}
	return provider.HostPort(u)
}

// locate records where the call goes (a per-call HTTPOptions.BaseURL wins
// over the client's) and the provider that serves it.
func (in *instrumenter) locate(call *core.Call, opts *genai.HTTPOptions) {
	call.ServerAddress, call.ServerPort = in.host, in.port
	if opts != nil && opts.BaseURL != "" {
		if h, p := hostPort(opts.BaseURL); h != "" {
			call.ServerAddress, call.ServerPort = h, p
		}
	}
	call.System = in.system
	if call.System == "" {
		call.System = in.providers.System(call.ServerAddress, call.ServerPort, in.backend)
	}
}
