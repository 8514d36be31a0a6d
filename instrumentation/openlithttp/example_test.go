package openlithttp_test

import (
	"fmt"
	"io"
	"log"
	"net/http"
	"strings"

	"github.com/openlit/openlit-go/instrumentation/openlithttp"
	"github.com/openlit/openlit-go/replay"
)

// Any HTTP client: give it the transport, and its model calls are traced;
// every other request passes through untouched.
func ExampleNewTransport() {
	srv := replay.NewServer(replay.Options{}) // stands in for api.openai.com
	defer srv.Close()

	client := &http.Client{Transport: openlithttp.NewTransport(nil)}
	res, err := client.Post(srv.BaseURL()+"chat/completions", "application/json",
		strings.NewReader(`{"model":"gpt-4o","messages":[{"role":"user","content":"What is LLM Observability?"}]}`))
	if err != nil {
		log.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body) // the span ends when the body has been read
	fmt.Println(res.StatusCode, strings.Contains(string(body), "LLM Observability"))
	// Output: 200 true
}
