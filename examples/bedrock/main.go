// Command bedrock asks Claude on AWS Bedrock "What is LLM Observability?"
// through an instrumented Bedrock Runtime client, once with Converse and
// once with ConverseStream, and prints the answers; each call is traced as
// "chat us.anthropic.claude-sonnet-4-5-20250929-v1:0" with its tokens and
// its cost (priced as the model the inference profile names).
//
// Without AWS credentials and a region in the environment it answers from a
// local replay of recorded Bedrock answers (the requests are still signed,
// with static test credentials), and with no OTEL_EXPORTER_OTLP_ENDPOINT it
// prints the telemetry to the console, so it runs anywhere:
//
//	cd examples/bedrock && go run .
//
// With AWS_REGION and credentials (AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY, or AWS_PROFILE) set it asks the real Bedrock;
// BEDROCK_MODEL_ID picks another model.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime/types"

	openlit "github.com/openlit/openlit-go"
	"github.com/openlit/openlit-go/instrumentation/openlitbedrock"
	"github.com/openlit/openlit-go/replay"
)

func main() {
	if err := run(context.Background(), os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bedrock:", err)
		os.Exit(1)
	}
}

// configured reports whether the environment names an AWS region and
// credentials.
func configured() bool {
	region := os.Getenv("AWS_REGION") != "" || os.Getenv("AWS_DEFAULT_REGION") != ""
	creds := os.Getenv("AWS_ACCESS_KEY_ID") != "" || os.Getenv("AWS_PROFILE") != "" || os.Getenv("AWS_WEB_IDENTITY_TOKEN_FILE") != ""
	return region && creds
}

func run(ctx context.Context, stdout, stderr io.Writer) error {
	model := os.Getenv("BEDROCK_MODEL_ID")
	if model == "" {
		model = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
	}
	var (
		cfg      aws.Config
		endpoint string
		err      error
	)
	if configured() {
		if cfg, err = config.LoadDefaultConfig(ctx); err != nil {
			return err
		}
	} else {
		srv := replay.NewServer(replay.Options{})
		defer srv.Close()
		fmt.Fprintf(stderr, "AWS_REGION and credentials are not set: answering from a local replay of recorded Bedrock answers at %s\n", srv.URL)
		cfg = aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKIDREPLAY", "replay-secret", "")}
		endpoint = srv.URL
	}

	otl, err := openlit.Init(ctx, openlit.WithDisableBatch(true), openlit.WithConsoleWriter(stdout))
	if err != nil {
		return err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := otl.Shutdown(ctx); err != nil {
			fmt.Fprintln(stderr, "bedrock: flushing telemetry:", err)
		}
	}()

	client := bedrockruntime.NewFromConfig(cfg, openlitbedrock.Instrument(), func(o *bedrockruntime.Options) {
		if endpoint != "" {
			o.BaseEndpoint = aws.String(endpoint)
		}
	})
	system := []types.SystemContentBlock{&types.SystemContentBlockMemberText{Value: "You explain observability to Go developers."}}
	ask := func(q string) []types.Message {
		return []types.Message{{Role: types.ConversationRoleUser, Content: []types.ContentBlock{&types.ContentBlockMemberText{Value: q}}}}
	}
	inference := &types.InferenceConfiguration{MaxTokens: aws.Int32(1024)}

	res, err := client.Converse(ctx, &bedrockruntime.ConverseInput{ModelId: aws.String(model), System: system,
		Messages: ask("What is LLM Observability?"), InferenceConfig: inference})
	if err != nil {
		return err
	}
	if m, ok := res.Output.(*types.ConverseOutputMemberMessage); ok {
		for _, b := range m.Value.Content {
			if t, ok := b.(*types.ContentBlockMemberText); ok {
				fmt.Fprintln(stdout, t.Value)
			}
		}
	}

	out, err := client.ConverseStream(ctx, &bedrockruntime.ConverseStreamInput{ModelId: aws.String(model), System: system,
		Messages: ask("And in one sentence?"), InferenceConfig: inference})
	if err != nil {
		return err
	}
	stream := out.GetStream()
	var text strings.Builder
	for ev := range stream.Events() {
		if d, ok := ev.(*types.ConverseStreamOutputMemberContentBlockDelta); ok {
			if t, ok := d.Value.Delta.(*types.ContentBlockDeltaMemberText); ok {
				text.WriteString(t.Value)
			}
		}
	}
	// Closing the stream ends its span (the SDK requires the Close).
	if err := stream.Close(); err != nil {
		return err
	}
	fmt.Fprintln(stdout, text.String())
	return nil
}
