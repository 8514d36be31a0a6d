package openlitgenai

import (
	"context"
	"iter"
	"slices"
	"sync/atomic"

	"google.golang.org/genai"

	"github.com/openlit/openlit-go/internal/wire"
)

// Chats is genai.Chats whose sessions are instrumented.
type Chats struct {
	*genai.Chats
	inst *instrumenter
}

// Create creates a chat session, as genai.Chats.Create does, whose
// messages are traced: each Send or SendStream is one "chat {model}" span
// whose prompt is the session's history and the new message.
func (c *Chats) Create(ctx context.Context, model string, config *genai.GenerateContentConfig, history []*genai.Content) (*Chat, error) {
	if c == nil || c.Chats == nil {
		return nil, ErrNoClient
	}
	chat, err := c.Chats.Create(ctx, model, config, history)
	if err != nil {
		return nil, err
	}
	return &Chat{Chat: chat, inst: c.inst, model: model, config: config}, nil
}

// Chat is a genai.Chat whose Send, SendMessage, SendStream and
// SendMessageStream are instrumented. The Models methods it embeds are the
// SDK's: call the client's Models for traced one-off calls.
type Chat struct {
	*genai.Chat
	inst   *instrumenter
	model  string
	config *genai.GenerateContentConfig
}

// contents is what the session sends with a new message: its curated
// history, then the message.
func (c *Chat) contents(parts []*genai.Part) []*genai.Content {
	return append(slices.Clip(c.History(true)), &genai.Content{Role: genai.RoleUser, Parts: parts})
}

// Send sends a message, as genai.Chat.Send does, inside a "chat {model}"
// span.
func (c *Chat) Send(ctx context.Context, parts ...*genai.Part) (*genai.GenerateContentResponse, error) {
	if c.inst == nil {
		return c.Chat.Send(ctx, parts...)
	}
	ctx, call := c.inst.startChat(ctx, c.model, c.contents(parts), c.config, false)
	res, err := c.Chat.Send(ctx, parts...)
	var answer wire.GeminiAnswer
	c.inst.endChat(call, &answer, c.config, res, err)
	return res, err
}

// SendMessage is Send with parts given by value, as genai.Chat.SendMessage.
func (c *Chat) SendMessage(ctx context.Context, parts ...genai.Part) (*genai.GenerateContentResponse, error) {
	return c.Send(ctx, pointers(parts)...)
}

// SendStream sends a message and streams the answer, as
// genai.Chat.SendStream does; each range over the sequence is one
// "chat {model}" span.
func (c *Chat) SendStream(ctx context.Context, parts ...*genai.Part) iter.Seq2[*genai.GenerateContentResponse, error] {
	if c.inst == nil {
		return c.Chat.SendStream(ctx, parts...)
	}
	// The SDK takes the history and the context when SendStream is called,
	// not when the sequence is ranged over: so does the prompt recorded,
	// and the context it gets shows the span of each range once it starts.
	contents := c.contents(parts)
	late := &lateContext{Context: ctx}
	seq := c.Chat.SendStream(late, parts...)
	return c.inst.stream(ctx, c.model, contents, c.config, func(spanCtx context.Context) iter.Seq2[*genai.GenerateContentResponse, error] {
		late.live.Store(&spanCtx)
		return seq
	})
}

// lateContext is a context whose values are, once live is set, those of
// live (a context derived from it, holding a span): the SDK keeps the
// context a chat stream is created with, and the span starts later.
type lateContext struct {
	context.Context
	live atomic.Pointer[context.Context]
}

// Value is live's value for key once live is set, else the context's.
func (c *lateContext) Value(key any) any {
	if l := c.live.Load(); l != nil {
		return (*l).Value(key)
	}
	return c.Context.Value(key)
}

// SendMessageStream is SendStream with parts given by value, as
// genai.Chat.SendMessageStream.
func (c *Chat) SendMessageStream(ctx context.Context, parts ...genai.Part) iter.Seq2[*genai.GenerateContentResponse, error] {
	return c.SendStream(ctx, pointers(parts)...)
}

func pointers(parts []genai.Part) []*genai.Part {
	p := make([]*genai.Part, len(parts))
	for i := range parts {
		p[i] = &parts[i]
	}
	return p
}
