package openlitadk

import (
	"google.golang.org/adk/agent"
	"google.golang.org/adk/plugin"
	"google.golang.org/adk/tool"

	"github.com/openlit/openlit-go/instrumentation/internal/geminiconv"
	core "github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/instrument"
	"github.com/openlit/openlit-go/internal/settings"
	"github.com/openlit/openlit-go/semconv"
)

// PluginName is the name of the plugin NewPlugin returns.
const PluginName = "openlit"

// NewPlugin returns an ADK plugin that completes ADK's execute_tool spans
// as openlit-go's own tool spans are: gen_ai.tool.call.id and
// gen_ai.tool.type from the start, the arguments and the result as
// gen_ai.tool.call.arguments and gen_ai.tool.call.result when content
// capture is on (where Langfuse and the conventions read them), and the
// tool's error. Give it to the runner:
//
//	runner.New(runner.Config{..., PluginConfig: runner.PluginConfig{Plugins: []*plugin.Plugin{openlitadk.NewPlugin()}}})
//
// It changes nothing the tools or the model get or return.
func NewPlugin(opts ...Option) *plugin.Plugin {
	cfg := instrument.New(opts)
	p := &toolPlugin{capture: cfg.Capture}
	// plugin.New reports no error: a Config with callbacks only.
	pl, _ := plugin.New(plugin.Config{
		Name:                PluginName,
		BeforeToolCallback:  p.before,
		AfterToolCallback:   p.after,
		OnToolErrorCallback: p.failed,
	})
	return pl
}

type toolPlugin struct {
	capture *bool
}

func (p *toolPlugin) captureContent() bool {
	if p.capture != nil {
		return *p.capture
	}
	return settings.Load().CaptureContent
}

func (p *toolPlugin) before(ctx agent.ToolContext, _ tool.Tool, args map[string]any) (map[string]any, error) {
	defer core.Recover()
	span := adkSpan(ctx, "execute_tool")
	if span == nil {
		return nil, nil
	}
	span.SetAttributes(semconv.GenAIToolType.String("function"))
	if id := ctx.FunctionCallID(); id != "" {
		span.SetAttributes(semconv.GenAIToolCallID.String(core.BoundText(id, 256)))
	}
	if p.captureContent() {
		span.SetAttributes(semconv.GenAIToolCallArguments.String(core.BoundText(geminiconv.JSONOf(args), settings.Load().MaxContentLength)))
	}
	return nil, nil
}

func (p *toolPlugin) after(ctx agent.ToolContext, _ tool.Tool, _, result map[string]any, err error) (map[string]any, error) {
	defer core.Recover()
	span := adkSpan(ctx, "execute_tool")
	if span == nil {
		return nil, nil
	}
	if err == nil && p.captureContent() {
		span.SetAttributes(semconv.GenAIToolCallResult.String(core.BoundText(geminiconv.JSONOf(result), settings.Load().MaxContentLength)))
	}
	return nil, nil
}

func (p *toolPlugin) failed(ctx agent.ToolContext, _ tool.Tool, _ map[string]any, err error) (map[string]any, error) {
	defer core.Recover()
	if span := adkSpan(ctx, "execute_tool"); span != nil && err != nil {
		span.SetAttributes(semconv.ErrorType.String(core.ErrorType(err)))
	}
	return nil, nil
}
