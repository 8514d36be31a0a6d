package openlitbedrock_test

import (
	"context"
	"fmt"
	"log"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime/types"

	"github.com/openlit/openlit-go/instrumentation/openlitbedrock"
	"github.com/openlit/openlit-go/replay"
)

// Instrument is a client option: every Converse, ConverseStream,
// InvokeModel and InvokeModelWithResponseStream call of the client is
// traced. Here the client talks to a local replay of recorded answers.
func ExampleInstrument() {
	srv := replay.NewServer(replay.Options{})
	defer srv.Close()
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKID", "secret", "")}
	client := bedrockruntime.NewFromConfig(cfg, openlitbedrock.Instrument(), func(o *bedrockruntime.Options) {
		o.BaseEndpoint = aws.String(srv.URL)
	})
	res, err := client.Converse(context.Background(), &bedrockruntime.ConverseInput{
		ModelId:  aws.String("us.anthropic.claude-sonnet-4-5-20250929-v1:0"),
		Messages: []types.Message{{Role: types.ConversationRoleUser, Content: []types.ContentBlock{&types.ContentBlockMemberText{Value: "What is LLM Observability?"}}}},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(*res.Usage.InputTokens, *res.Usage.OutputTokens, res.StopReason)
	// Output: 16 38 end_turn
}

// AppendMiddlewares traces every Bedrock Runtime client made from a
// config (streams without their events: add Instrument for those).
func ExampleAppendMiddlewares() {
	cfg := aws.Config{Region: "us-east-1"}
	openlitbedrock.AppendMiddlewares(&cfg.APIOptions)
	client := bedrockruntime.NewFromConfig(cfg)
	_ = client
}
