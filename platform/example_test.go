package platform_test

import (
	"context"
	"fmt"
	"log"

	"github.com/openlit/openlit-go/platform"
)

// Fetching a prompt of the hub, compiled with its variables (OPENLIT_URL
// and OPENLIT_API_KEY set).
func ExampleClient_GetPrompt() {
	c, err := platform.New()
	if err != nil {
		log.Print(err)
		return
	}
	p, err := c.GetPrompt(context.Background(), platform.PromptQuery{Name: "greeting", Variables: map[string]any{"name": "Ada"}})
	if err != nil {
		log.Print(err)
		return
	}
	fmt.Println(p.CompiledPrompt)
}
