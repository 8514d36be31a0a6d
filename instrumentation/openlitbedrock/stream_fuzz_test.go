package openlitbedrock

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"

	"github.com/openlit/openlit-go/internal/errcapture"
	"github.com/openlit/openlit-go/replay"
)

// converseEvents are the ConverseStream event types a fuzzed line picks
// from by its first byte.
var converseEvents = []string{"messageStart", "contentBlockStart", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata", "throttlingException"}

// FuzzConverseStream serves any ConverseStream events, in the AWS
// event-stream framing, to a plain and an instrumented client: both see
// the same number of events and the same failure or success, exactly one
// span ends with valid UTF-8 strings, and nothing panics. Each line of
// events is one event: its first byte picks the type, the rest is the JSON
// payload.
func FuzzConverseStream(f *testing.F) {
	f.Add([]byte("\x00{\"role\":\"assistant\"}\n\x02{\"contentBlockIndex\":0,\"delta\":{\"text\":\"hi\"}}\n\x04{\"stopReason\":\"end_turn\"}\n\x05{\"usage\":{\"inputTokens\":3,\"outputTokens\":1,\"totalTokens\":4},\"metrics\":{\"latencyMs\":5}}"))
	f.Add([]byte("\x02{\"contentBlockIndex\":-1,\"delta\":{\"toolUse\":{\"input\":\"\xff\"}}}\n\x05{\"usage\":{\"inputTokens\":9223372036854775807}}"))
	f.Add([]byte("\x01{\"contentBlockIndex\":99999,\"start\":{\"toolUse\":{\"name\":\"t\",\"toolUseId\":\"\xfe\"}}}\n\x06{\"message\":\"slow down\"}"))
	f.Fuzz(func(t *testing.T, events []byte) {
		errs := errcapture.Capture(t)
		var msgs []replay.EventStreamMessage
		for _, line := range bytes.Split(events, []byte("\n")) {
			if len(line) == 0 || len(msgs) >= 64 {
				continue
			}
			typ := converseEvents[int(line[0])%len(converseEvents)]
			msgs = append(msgs, replay.EventStreamMessage{Event: typ, Payload: line[1:], Exception: strings.HasSuffix(typ, "Exception")})
		}
		h := newHarness(t, replay.Options{Events: msgs})
		var n [2]int
		var failed [2]bool
		for i, client := range []*bedrockruntime.Client{h.plain, h.client} {
			s, err := converseStream(context.Background(), client)
			if err != nil {
				failed[i] = true
				continue
			}
			var derr error
			n[i], derr = drain(s)
			failed[i] = derr != nil
		}
		if n[0] != n[1] || failed[0] != failed[1] {
			t.Fatalf("plain %d events (failed %v), instrumented %d (failed %v)", n[0], failed[0], n[1], failed[1])
		}
		h.waitSpans(t, 1)
		spans := h.spans.GetSpans()
		if len(spans) != 1 {
			t.Fatalf("%d spans", len(spans))
		}
		for _, kv := range spans[0].Attributes {
			if !utf8.ValidString(kv.Value.Emit()) {
				t.Fatalf("%s not valid UTF-8", kv.Key)
			}
		}
		for _, m := range errs.Messages() {
			if strings.Contains(m, "panic") {
				t.Fatalf("instrumentation panicked: %s", m)
			}
		}
	})
}
