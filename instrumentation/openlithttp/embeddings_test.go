package openlithttp

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/openlit/openlit-go/replay"
)

// TestEmbeddingDimensions: the dimension count is the embedding's, however
// large the answer: a small one is kept as it came, a large one (a batch)
// is shortened for decoding, and the shortened array keeps its length.
func TestEmbeddingDimensions(t *testing.T) {
	for _, tc := range []struct{ vectors, dims int }{{1, 4}, {1, 1536}, {1, 3072}, {40, 1536}, {8, 3072}} {
		t.Run(fmt.Sprintf("%d×%d", tc.vectors, tc.dims), func(t *testing.T) {
			var b strings.Builder
			b.WriteString(`{"object":"list","data":[`)
			for v := range tc.vectors {
				if v > 0 {
					b.WriteByte(',')
				}
				b.WriteString(`{"object":"embedding","index":` + fmt.Sprint(v) + `,"embedding":[`)
				for d := range tc.dims {
					if d > 0 {
						b.WriteByte(',')
					}
					b.WriteString("-0.006929283495992422")
				}
				b.WriteString(`]}`)
			}
			b.WriteString(`],"model":"text-embedding-3-small","usage":{"prompt_tokens":8,"total_tokens":8}}`)
			answer := b.String()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(answer))
			}))
			defer srv.Close()
			r := newRig(t, replay.Options{})
			got := post(t, r.traced, srv.URL+"/v1/embeddings", `{"model":"text-embedding-3-small","input":"What is LLM observability?"}`)
			if string(got) != answer {
				t.Fatal("the answer changed through the transport")
			}
			a := attrs(r.only(t).Attributes())
			if a["gen_ai.embeddings.dimension.count"] != fmt.Sprint(tc.dims) || a["gen_ai.usage.input_tokens"] != "8" ||
				a["gen_ai.response.model"] != "text-embedding-3-small" {
				t.Errorf("%d bytes: dimensions %s, input tokens %s, model %s", len(answer),
					a["gen_ai.embeddings.dimension.count"], a["gen_ai.usage.input_tokens"], a["gen_ai.response.model"])
			}
		})
	}
}
