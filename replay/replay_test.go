package replay

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// Answers are given in order to the requests answered after the failures,
// then the recorded answer.
func TestAnswersInOrder(t *testing.T) {
	srv := NewServer(Options{Fail: []int{429}, Answers: [][]byte{[]byte(`{"n":1}`), []byte(`{"n":2}`)}})
	defer srv.Close()
	var got []string
	for range 4 {
		res, err := http.Post(srv.BaseURL()+"chat/completions", "application/json", strings.NewReader(`{"model":"gpt-4o"}`))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		got = append(got, res.Status[:3]+" "+string(b[:min(len(b), 7)]))
	}
	want := []string{"429 {\"error", "200 {\"n\":1}", "200 {\"n\":2}", "200 {\n  \"id"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("request %d: %q, want %q", i+1, got[i], want[i])
		}
	}
	http.DefaultClient.CloseIdleConnections()
}
