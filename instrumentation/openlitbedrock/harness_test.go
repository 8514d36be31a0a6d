package openlitbedrock

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime/types"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/openlit/openlit-go/internal/spantest"
	"github.com/openlit/openlit-go/replay"
)

// secret is the AWS secret key the tests sign with: it must never show in
// telemetry.
const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY-SECRET"

// harness is an instrumented and a plain Bedrock Runtime client of one
// replay server, signing with static credentials.
type harness struct {
	srv    *replay.Server
	spans  *tracetest.InMemoryExporter
	reader *sdkmetric.ManualReader
	client *bedrockruntime.Client
	plain  *bedrockruntime.Client
	tp     *sdktrace.TracerProvider
	mp     *sdkmetric.MeterProvider
	base   http.RoundTripper
}

func newHarness(t testing.TB, ro replay.Options, opts ...Option) *harness {
	t.Helper()
	srv := replay.NewServer(ro)
	t.Cleanup(srv.Close)
	tp, exp, mp, reader := spantest.Providers(t)
	base := &http.Transport{}
	t.Cleanup(base.CloseIdleConnections)
	plain := newClient(srv.URL, base)
	client := newClient(srv.URL, base, Instrument(append([]Option{WithTracerProvider(tp), WithMeterProvider(mp)}, opts...)...))
	return &harness{srv: srv, spans: exp, reader: reader, client: client, plain: plain, tp: tp, mp: mp, base: base}
}

// newClient is a Bedrock Runtime client of the replay at url, with static
// credentials and retries without back-off.
func newClient(url string, rt http.RoundTripper, optFns ...func(*bedrockruntime.Options)) *bedrockruntime.Client {
	cfg := aws.Config{
		Region:      "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", secret, ""),
		HTTPClient:  &http.Client{Transport: rt},
		Retryer: func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts = 3
				o.Backoff = noBackoff{}
				o.RateLimiter = noRateLimit{}
			})
		},
	}
	return bedrockruntime.NewFromConfig(cfg, append([]func(*bedrockruntime.Options){func(o *bedrockruntime.Options) {
		o.BaseEndpoint = aws.String(url)
	}}, optFns...)...)
}

type noBackoff struct{}

func (noBackoff) BackoffDelay(int, error) (time.Duration, error) { return 0, nil }

type noRateLimit struct{}

func (noRateLimit) GetToken(context.Context, uint) (func() error, error) {
	return func() error { return nil }, nil
}
func (noRateLimit) AddTokens(uint) error { return nil }

func (h *harness) only(t *testing.T) sdktrace.ReadOnlySpan {
	t.Helper()
	return spantest.Only(t, h.spans)
}

func attrs(s sdktrace.ReadOnlySpan) map[string]string { return spantest.Attrs(s) }

func check(t *testing.T, a map[string]string, want map[string]string) {
	t.Helper()
	spantest.Check(t, a, want)
	for k, v := range a {
		if strings.Contains(v, "SECRET") || strings.Contains(v, "AKIDEXAMPLE") {
			t.Errorf("%s holds a credential: %q", k, v)
		}
	}
}

const claude = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"

func converseInput() *bedrockruntime.ConverseInput {
	return &bedrockruntime.ConverseInput{
		ModelId:         aws.String(claude),
		System:          []types.SystemContentBlock{&types.SystemContentBlockMemberText{Value: "Be brief."}},
		Messages:        []types.Message{{Role: types.ConversationRoleUser, Content: []types.ContentBlock{&types.ContentBlockMemberText{Value: "What is LLM Observability?"}}}},
		InferenceConfig: &types.InferenceConfiguration{MaxTokens: aws.Int32(1024), Temperature: aws.Float32(0.2), StopSequences: []string{"END"}},
	}
}
