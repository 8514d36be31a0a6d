package openlitbedrock

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"

	"github.com/openlit/openlit-go/replay"
)

// TestRegionalEndpoint: with no endpoint configured the SDK resolves the
// region's (bedrock-runtime.{region}.amazonaws.com:443), which the span
// records; the connection is dialled to a local TLS replay instead.
func TestRegionalEndpoint(t *testing.T) {
	h := newHarness(t, replay.Options{})
	srv := replay.NewTLSServer(replay.Options{})
	defer srv.Close()
	base := &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, srv.Listener.Addr().String())
		},
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, //nolint:gosec // a local test server
	}
	defer base.CloseIdleConnections()
	client := bedrockruntime.NewFromConfig(aws.Config{Region: "eu-west-3", HTTPClient: &http.Client{Transport: base},
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", secret, "")},
		Instrument(WithTracerProvider(h.tp), WithMeterProvider(h.mp)))
	if _, err := client.Converse(context.Background(), converseInput()); err != nil {
		t.Fatal(err)
	}
	check(t, attrs(h.only(t)), map[string]string{
		"server.address": "bedrock-runtime.eu-west-3.amazonaws.com", "server.port": "443", "gen_ai.system": "aws.bedrock",
	})
}
