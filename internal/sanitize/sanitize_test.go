package sanitize

import (
	"strings"
	"testing"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"
)

func TestString(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		max      int
		want     string
	}{
		{"valid short", "gpt-4o", 10, "gpt-4o"},
		{"invalid byte", "gpt-4o\xff", 0, "gpt-4o\uFFFD"},
		{"truncated rune", "caf\xc3", 0, "caf\uFFFD"},
		{"cut with marker", strings.Repeat("a", 100), 40, strings.Repeat("a", 16) + "…[truncated 84 bytes]"},
		{"cut at rune boundary", "ééééé", 3, "é"},
		{"marker does not fit", strings.Repeat("a", 10), 5, "aaaaa"},
		{"no bound", strings.Repeat("a", 5000), 0, strings.Repeat("a", 5000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := String(tc.in, tc.max)
			if got != tc.want {
				t.Errorf("String(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
			}
		})
	}
}

func TestStringDoesNotAllocateWhenClean(t *testing.T) {
	s := strings.Repeat("model", 10)
	if n := testing.AllocsPerRun(100, func() { _ = String(s, 1024) }); n != 0 {
		t.Errorf("%v allocations for a clean string", n)
	}
}

func TestAttributes(t *testing.T) {
	long := make([]string, MaxSliceLength+10)
	for i := range long {
		long[i] = "x\xff"
	}
	kvs := Attributes([]attribute.KeyValue{
		attribute.String("a", "ok"),
		attribute.String("b", "bad\xfe"),
		attribute.StringSlice("c", long),
		attribute.Int("d", 3),
	}, 16)
	if !Valid(kvs, 16) {
		t.Fatalf("not valid after Attributes: %v", kvs)
	}
	if got := kvs[2].Value.AsStringSlice(); len(got) != MaxSliceLength || got[0] != "x\uFFFD" {
		t.Errorf("slice = %d elements, first %q", len(got), got[0])
	}
	if long[0] != "x\xff" {
		t.Error("the caller's slice was changed")
	}
	// max <= 0 makes strings valid and cuts nothing.
	unbounded := Attributes([]attribute.KeyValue{attribute.StringSlice("c", long)}, 0)
	if got := unbounded[0].Value.AsStringSlice(); len(got) != len(long) || got[0] != "x\uFFFD" || !Valid(unbounded, 0) {
		t.Errorf("unbounded: %d elements, first %q", len(got), got[0])
	}
}

func TestURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://user:PASSWORD@127.0.0.1:badport":   "https://REDACTED@127.0.0.1:badport",
		"http://host:4318/v1/traces?token=SECRET#x": "http://host:4318/v1/traces?REDACTED",
		"http://a@b@host/p@q":                       "http://REDACTED@host/p@q",
		"user:pw@host":                              "REDACTED@host",
		"http://host":                               "http://host",
		"http://host?a=1":                           "http://host?REDACTED",
		"http://\xff":                               "http://\uFFFD",
	} {
		if got := URL(in); got != want {
			t.Errorf("URL(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzString: any input comes out valid UTF-8 within the bound, and clean
// inputs within the bound come out unchanged.
func FuzzString(f *testing.F) {
	f.Add("gpt-4o\xff", 10)
	f.Add(strings.Repeat("é", 100), 7)
	f.Add("", 0)
	f.Fuzz(func(t *testing.T, s string, max int) {
		max = max % 4096
		got := String(s, max)
		if !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8 out: %q", got)
		}
		if max > 0 && len(got) > max {
			t.Fatalf("%d bytes over a bound of %d", len(got), max)
		}
		if utf8.ValidString(s) && (max <= 0 || len(s) <= max) && got != s {
			t.Fatalf("clean %q changed to %q", s, got)
		}
		u := URL(s)
		if !utf8.ValidString(u) || len(u) > maxURLLength {
			t.Fatalf("URL(%q) = %q", s, u)
		}
	})
}

// TestComplexValues: slices and maps of values (OpenTelemetry's complex
// attributes) are checked and cleaned to any depth, and bounded.
func TestComplexValues(t *testing.T) {
	bad := "a\xffb"
	nested := attribute.MapValue(
		attribute.String("ok", "fine"),
		attribute.KeyValue{Key: attribute.Key(bad), Value: attribute.SliceValue(attribute.StringValue(bad), attribute.IntValue(3),
			attribute.MapValue(attribute.String("deep", bad)))},
	)
	kvs := []attribute.KeyValue{{Key: "m", Value: nested}}
	if Valid(kvs, 0) {
		t.Fatal("an invalid string inside a map inside a slice was taken as valid")
	}
	clean := Attributes(kvs, 0)
	if !Valid(clean, 0) {
		t.Fatalf("not cleaned: %s", clean[0].Value.Emit())
	}
	if got := clean[0].Value.Emit(); !strings.Contains(got, "a\uFFFDb") || !strings.Contains(got, "fine") || !strings.Contains(got, "3") {
		t.Errorf("cleaned map lost its content: %s", got)
	}
	good := []attribute.KeyValue{{Key: "s", Value: attribute.SliceValue(attribute.StringValue("x"), attribute.BoolValue(true))}}
	if !Valid(good, 0) || Value(good[0].Value, 0) != good[0].Value {
		t.Error("a valid slice was changed")
	}
	long := make([]attribute.Value, MaxSliceLength+10)
	for i := range long {
		long[i] = attribute.StringValue(strings.Repeat("y", 10))
	}
	v := Value(attribute.SliceValue(long...), 5)
	if n := len(v.AsSlice()); n != MaxSliceLength || len(v.AsSlice()[0].AsString()) > 5 {
		t.Errorf("bounded slice: %d elements, first %q", n, v.AsSlice()[0].AsString())
	}
}
