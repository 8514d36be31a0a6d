package langfuse_test

import (
	"context"
	"fmt"
	"log"

	"github.com/openlit/openlit-go/langfuse"
	"github.com/openlit/openlit-go/langfuse/langfusetest"
)

// A text prompt's variables compiled, as Langfuse's SDKs compile them.
func ExamplePrompt_Compile() {
	p := langfuse.Prompt{Name: "answer", Text: "Answer {{ question }} in {{style}}."}
	fmt.Println(p.Compile(map[string]string{"question": "What is LLM Observability?", "style": "one line"}))
	// Output:
	// Answer What is LLM Observability? in one line.
}

// The experiment id Langfuse derives for a run, the same from Go, Python
// and TypeScript.
func ExampleExperimentID() {
	fmt.Println(langfuse.ExperimentID("proj-1", "ds-1", "baseline"))
	// Output:
	// d204699c2688c40c
}

// A dataset read from a Langfuse (here the package's offline fake).
func ExampleClient_GetDataset() {
	srv := langfusetest.New("capitals", "France", "Japan")
	defer srv.Close()
	c, err := langfuse.New(langfuse.WithHost(srv.URL), langfuse.WithKeys(langfusetest.PublicKey, langfusetest.SecretKey))
	if err != nil {
		log.Fatal(err)
	}
	defer c.Shutdown(context.Background())
	ds, err := c.GetDataset(context.Background(), "capitals")
	if err != nil {
		log.Fatal(err)
	}
	for _, it := range ds.Items {
		fmt.Println(it.ID, it.Input)
	}
	// Output:
	// item-1 France
	// item-2 Japan
}
