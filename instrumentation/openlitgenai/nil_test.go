package openlitgenai

import (
	"context"
	"errors"
	"testing"

	"google.golang.org/genai"
)

// Wrap(nil) and zero values give ErrNoClient, never a panic.
func TestWrapNil(t *testing.T) {
	ctx := context.Background()
	for _, c := range []*Client{Wrap(nil), {Models: &Models{}, Chats: &Chats{}}} {
		if _, err := c.Models.GenerateContent(ctx, "m", genai.Text("hi"), nil); !errors.Is(err, ErrNoClient) {
			t.Errorf("GenerateContent: %v", err)
		}
		if _, err := c.Models.EmbedContent(ctx, "m", genai.Text("hi"), nil); !errors.Is(err, ErrNoClient) {
			t.Errorf("EmbedContent: %v", err)
		}
		for _, err := range c.Models.GenerateContentStream(ctx, "m", genai.Text("hi"), nil) {
			if !errors.Is(err, ErrNoClient) {
				t.Errorf("GenerateContentStream: %v", err)
			}
		}
		if _, err := c.Chats.Create(ctx, "m", nil, nil); !errors.Is(err, ErrNoClient) {
			t.Errorf("Chats.Create: %v", err)
		}
	}
	var m *Models
	if _, err := m.GenerateContent(ctx, "m", nil, nil); !errors.Is(err, ErrNoClient) {
		t.Errorf("nil Models: %v", err)
	}
}
