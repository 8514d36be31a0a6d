package openlitadk_test

import (
	"context"
	"log"

	"google.golang.org/adk/agent/llmagent"
	"google.golang.org/adk/model/gemini"
	"google.golang.org/adk/plugin"
	"google.golang.org/adk/runner"
	"google.golang.org/adk/session"
	"google.golang.org/genai"

	"github.com/openlit/openlit-go/instrumentation/openlitadk"
)

// An agent traced as one tree: the model wrapped, the plugin given to the
// runner. openlit.Init, called before, sets the providers.
func Example() {
	ctx := context.Background()
	m, err := gemini.NewModel(ctx, "gemini-2.5-flash", &genai.ClientConfig{APIKey: "your-key", Backend: genai.BackendGeminiAPI})
	if err != nil {
		log.Fatal(err)
	}
	a, err := llmagent.New(llmagent.Config{Name: "assistant", Model: openlitadk.WrapModel(m)})
	if err != nil {
		log.Fatal(err)
	}
	r, err := runner.New(runner.Config{AppName: "app", Agent: a, SessionService: session.InMemoryService(),
		PluginConfig: runner.PluginConfig{Plugins: []*plugin.Plugin{openlitadk.NewPlugin()}}})
	if err != nil {
		log.Fatal(err)
	}
	_ = r // r.Run(ctx, userID, sessionID, message, agent.RunConfig{})
}
