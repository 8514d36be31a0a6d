package openliteino_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sync/atomic"

	"github.com/cloudwego/eino/callbacks"
	"github.com/cloudwego/eino/components/model"
	"github.com/cloudwego/eino/schema"
)

// chatModel is a tool-calling chat model that triggers its own callbacks
// as eino-ext's models do. It answers turns in order, from memory, or, with
// client set, by posting each request to url (an OpenAI-compatible API)
// and answering what comes back.
type chatModel struct {
	turns  []*schema.Message
	usage  []*model.TokenUsage
	n      *atomic.Int32
	tools  []*schema.ToolInfo
	fail   error
	client *http.Client
	url    string
}

func newChatModel(turns []*schema.Message, usage []*model.TokenUsage) *chatModel {
	return &chatModel{turns: turns, usage: usage, n: new(atomic.Int32)}
}

func (m *chatModel) IsCallbacksEnabled() bool { return true }
func (m *chatModel) GetType() string          { return "OpenAI" }

func (m *chatModel) WithTools(tools []*schema.ToolInfo) (model.ToolCallingChatModel, error) {
	c := *m
	c.tools = tools
	return &c, nil
}

func (m *chatModel) start(ctx context.Context, in []*schema.Message) context.Context {
	return callbacks.OnStart(ctx, &model.CallbackInput{Messages: in, Tools: m.tools,
		Config: &model.Config{Model: "gpt-4o-mini", Temperature: 0.2}})
}

// answer is the next turn and its usage.
func (m *chatModel) answer(ctx context.Context, in []*schema.Message) (*schema.Message, *model.TokenUsage, error) {
	if m.fail != nil {
		return nil, nil, m.fail
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	if m.client != nil {
		return m.ask(ctx, in)
	}
	i := int(m.n.Add(1)) - 1
	if i >= len(m.turns) {
		i = len(m.turns) - 1
	}
	var u *model.TokenUsage
	if i < len(m.usage) {
		u = m.usage[i]
	}
	return m.turns[i], u, nil
}

// ask posts the conversation to the OpenAI-compatible API at m.url.
func (m *chatModel) ask(ctx context.Context, in []*schema.Message) (*schema.Message, *model.TokenUsage, error) {
	type msg struct {
		Role    string `json:"role"`
		Content string `json:"content"`
	}
	req := struct {
		Model    string `json:"model"`
		Messages []msg  `json:"messages"`
	}{Model: "gpt-4o-mini"}
	for _, x := range in {
		req.Messages = append(req.Messages, msg{Role: string(x.Role), Content: x.Content})
	}
	body, _ := json.Marshal(req)
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, m.url+"chat/completions", bytes.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	hr.Header.Set("Content-Type", "application/json")
	resp, err := m.client.Do(hr)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, nil, err
	}
	var out struct {
		Choices []struct {
			Message struct {
				Content   string `json:"content"`
				ToolCalls []struct {
					ID       string `json:"id"`
					Function struct {
						Name      string `json:"name"`
						Arguments string `json:"arguments"`
					} `json:"function"`
				} `json:"tool_calls"`
			} `json:"message"`
		} `json:"choices"`
		Usage struct {
			PromptTokens     int `json:"prompt_tokens"`
			CompletionTokens int `json:"completion_tokens"`
		} `json:"usage"`
	}
	if err := json.Unmarshal(b, &out); err != nil || len(out.Choices) == 0 {
		return nil, nil, errors.New("bad answer: " + string(b))
	}
	answer := &schema.Message{Role: schema.Assistant, Content: out.Choices[0].Message.Content}
	for _, tc := range out.Choices[0].Message.ToolCalls {
		answer.ToolCalls = append(answer.ToolCalls, schema.ToolCall{ID: tc.ID, Type: "function",
			Function: schema.FunctionCall{Name: tc.Function.Name, Arguments: tc.Function.Arguments}})
	}
	return answer, &model.TokenUsage{PromptTokens: out.Usage.PromptTokens, CompletionTokens: out.Usage.CompletionTokens}, nil
}

func (m *chatModel) Generate(ctx context.Context, in []*schema.Message, _ ...model.Option) (*schema.Message, error) {
	ctx = m.start(ctx, in)
	msg, usage, err := m.answer(ctx, in)
	if err != nil {
		callbacks.OnError(ctx, err)
		return nil, err
	}
	callbacks.OnEnd(ctx, &model.CallbackOutput{Message: msg, TokenUsage: usage, Config: &model.Config{Model: "gpt-4o-mini"}})
	return msg, nil
}

// Stream answers in chunks: the content a few bytes at a time, a tool call
// whole, the usage on the last chunk.
func (m *chatModel) Stream(ctx context.Context, in []*schema.Message, _ ...model.Option) (*schema.StreamReader[*schema.Message], error) {
	ctx = m.start(ctx, in)
	msg, usage, err := m.answer(ctx, in)
	if err != nil {
		callbacks.OnError(ctx, err)
		return nil, err
	}
	var chunks []*model.CallbackOutput
	if len(msg.ToolCalls) > 0 {
		chunks = append(chunks, &model.CallbackOutput{Message: msg})
	}
	for c := msg.Content; c != ""; {
		n := min(4, len(c))
		chunks = append(chunks, &model.CallbackOutput{Message: &schema.Message{Role: schema.Assistant, Content: c[:n]}})
		c = c[n:]
	}
	chunks = append(chunks, &model.CallbackOutput{Message: &schema.Message{Role: schema.Assistant,
		ResponseMeta: &schema.ResponseMeta{FinishReason: "stop"}}, TokenUsage: usage})
	_, sr := callbacks.OnEndWithStreamOutput(ctx, schema.StreamReaderFromArray(chunks))
	return schema.StreamReaderWithConvert(sr, func(o *model.CallbackOutput) (*schema.Message, error) { return o.Message, nil }), nil
}
