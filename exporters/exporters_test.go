package exporters

import (
	"bytes"
	"context"
	"strings"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

func TestParseHeaders(t *testing.T) {
	tests := []struct {
		in      string
		want    map[string]string
		wantErr bool
	}{
		{"", map[string]string{}, false},
		{"a=1", map[string]string{"a": "1"}, false},
		{" a = 1 , b=2,,", map[string]string{"a": "1", "b": "2"}, false},
		{"Authorization=Basic%20cGs6c2s%3D", map[string]string{"Authorization": "Basic cGs6c2s="}, false},
		{"k=v=w", map[string]string{"k": "v=w"}, false},
		{"novalue", nil, true},
		{"=v", nil, true},
		{"a=%zz", nil, true},
		{"Authorization Bearer sk-X=1", nil, true},
		{"Authorization=Bearer%20sk-X%0D%0AX-Injected:%201", nil, true},
		{"Authorization=Bearer sk-X\nX: 1", nil, true},
		{"bad key\x00=1", nil, true},
	}
	for _, tt := range tests {
		got, err := ParseHeaders(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseHeaders(%q) err = %v", tt.in, err)
			continue
		}
		if tt.wantErr {
			if strings.Contains(err.Error(), "zz") || strings.Contains(err.Error(), "sk-X") {
				t.Errorf("error echoes the value: %v", err)
			}
			continue
		}
		if len(got) != len(tt.want) {
			t.Errorf("ParseHeaders(%q) = %v, want %v", tt.in, got, tt.want)
		}
		for k, v := range tt.want {
			if got[k] != v {
				t.Errorf("ParseHeaders(%q)[%s] = %q, want %q", tt.in, k, got[k], v)
			}
		}
	}
}

func TestConsoleWhenNoEndpoint(t *testing.T) {
	var buf bytes.Buffer
	exp, err := NewSpanExporter(context.Background(), WithWriter(&buf))
	if err != nil {
		t.Fatal(err)
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	_, span := tp.Tracer("t").Start(context.Background(), "printed")
	span.End()
	_ = tp.Shutdown(context.Background())
	if !strings.Contains(buf.String(), `"Name": "printed"`) {
		t.Fatalf("console output: %s", buf.String())
	}
}

func TestInvalidEndpoint(t *testing.T) {
	for _, u := range []string{"localhost:4318", "ftp://x", "http://", "://", "http://h:99999", "http://h:0",
		"http://h:-1", "http://\xff", "http://h/" + strings.Repeat("p", 5000)} {
		if _, err := NewSpanExporter(context.Background(), WithEndpointURL(u)); err == nil {
			t.Errorf("span exporter accepted %q", u)
		}
		if _, err := NewMetricExporter(context.Background(), WithEndpointURL(u)); err == nil {
			t.Errorf("metric exporter accepted %q", u)
		}
	}
}

// FuzzParseHeaders: any header string parses or fails without panicking,
// and an error never echoes a value.
func FuzzParseHeaders(f *testing.F) {
	f.Add("Authorization=Basic%20cGs6c2s%3D,x-tenant=acme")
	f.Add("a=%zzSECRET")
	f.Add(",,=,")
	f.Fuzz(func(t *testing.T, s string) {
		h, err := ParseHeaders(s)
		if err != nil {
			if strings.Contains(s, "SECRETVALUE") && strings.Contains(err.Error(), "SECRETVALUE") {
				t.Fatalf("error echoes a value: %v", err)
			}
			return
		}
		for k := range h {
			if k == "" {
				t.Fatal("empty key accepted")
			}
		}
	})
}
