package openlitopenai

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
)

// coverage is how each model-calling method of openai.Client is traced. A
// method is model-calling when a parameter names a model or it returns a
// stream; TestCoverageTable finds them by reflection, so an openai-go
// upgrade that adds one fails until it is listed here.
//
//	typed: the wrapper's shadowing method traces it (and Middleware does,
//	       for a client that is not wrapped)
//	wire:  only the wire path (Middleware, which Wrap installs) traces it
//	none:  not traced, with the reason
var coverage = map[string]string{
	"Chat.Completions.New":          "typed",
	"Chat.Completions.NewStreaming": "typed",
	"Responses.New":                 "typed",
	"Responses.NewStreaming":        "typed",
	"Embeddings.New":                "typed",
	"Images.Generate":               "typed",
	"Images.Edit":                   "typed",
	"Images.NewVariation":           "typed",
	"Audio.Speech.New":              "typed",
	"Audio.Transcriptions.New":      "typed",
	"Audio.Translations.New":        "typed",

	"Completions.New":                              "wire",
	"Completions.NewStreaming":                     "wire",
	"Moderations.New":                              "wire",
	"Images.GenerateStreaming":                     "wire",
	"Images.EditStreaming":                         "wire",
	"Audio.Transcriptions.NewStreaming":            "wire",
	"Responses.GetStreaming":                       "wire",
	"Responses.Compact":                            "wire",
	"Decisions.New":                                "wire",
	"Beta.Responses.New":                           "wire",
	"Beta.Responses.NewStreaming":                  "wire",
	"Beta.Responses.GetStreaming":                  "wire",
	"Beta.Responses.Compact":                       "wire",
	"Beta.Threads.NewAndRun":                       "wire",
	"Beta.Threads.NewAndRunStreaming":              "wire",
	"Beta.Threads.Runs.New":                        "wire",
	"Beta.Threads.Runs.NewStreaming":               "wire",
	"Videos.New":                                   "wire",
	"Videos.NewAndPoll":                            "wire",
	"Chat.Completions.List":                        "none: lists stored completions (GET)",
	"Chat.Completions.ListAutoPaging":              "none: lists stored completions (GET)",
	"Responses.InputTokens.Count":                  "none: counts tokens, calls no model",
	"Beta.Responses.InputTokens.Count":             "none: counts tokens, calls no model",
	"FineTuning.Jobs.New":                          "none: starts a fine-tuning job",
	"Beta.Agents.New":                              "none: stores an agent definition",
	"Beta.Agents.Update":                           "none: stores an agent definition",
	"Beta.Agents.Sessions.NewStreaming":            "none: beta agent sessions (agents are issue 18's)",
	"Beta.Agents.Sessions.Events.StreamStreaming":  "none: beta agent sessions (agents are issue 18's)",
	"Beta.Assistants.New":                          "none: stores an assistant definition",
	"Beta.Assistants.Update":                       "none: stores an assistant definition",
	"Beta.Threads.Runs.SubmitToolOutputsStreaming": "none: continues a run; its request names no model",
}

// modelMethods lists the model-calling methods of the services of t, by
// path from the client.
func modelMethods(t reflect.Type, path string, out map[string]reflect.Method) {
	pt := reflect.PointerTo(t)
	for i := 0; i < pt.NumMethod(); i++ {
		m := pt.Method(i)
		model := false
		for j := 1; j < m.Type.NumIn(); j++ {
			if in := m.Type.In(j); in.Kind() == reflect.Struct {
				if _, ok := in.FieldByName("Model"); ok {
					model = true
				}
			}
		}
		for j := 0; j < m.Type.NumOut(); j++ {
			if strings.Contains(m.Type.Out(j).String(), "ssestream.Stream") {
				model = true
			}
		}
		if model && path != "" {
			out[path+"."+m.Name] = m
		}
	}
	for i := 0; i < t.NumField(); i++ {
		if f := t.Field(i); f.IsExported() && f.Type.Kind() == reflect.Struct {
			p := f.Name
			if path != "" {
				p = path + "." + f.Name
			}
			modelMethods(f.Type, p, out)
		}
	}
}

// TestCoverageTable: every model-calling method of openai.Client is in the
// table, and every method the table lists exists.
func TestCoverageTable(t *testing.T) {
	found := map[string]reflect.Method{}
	modelMethods(reflect.TypeFor[openai.Client](), "", found)
	var missing []string
	for name := range found {
		if _, ok := coverage[name]; !ok {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	for _, name := range missing {
		t.Errorf("openai.Client.%s calls a model and is not in the coverage table: decide how it is traced", name)
	}
	for name := range coverage {
		if _, ok := found[name]; !ok {
			t.Errorf("coverage lists %s, which openai.Client no longer has", name)
		}
	}
}

// TestCoverageTraced calls every method of the table on a plain client with
// Middleware, against a server answering {} to everything, and checks that
// the methods marked typed or wire record one span and the others none.
func TestCoverageTraced(t *testing.T) {
	var mu sync.Mutex
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		mu.Lock()
		paths = append(paths, r.Method+" "+r.URL.Path)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"x","status":"completed"}`)
	}))
	defer srv.Close()
	found := map[string]reflect.Method{}
	modelMethods(reflect.TypeFor[openai.Client](), "", found)
	names := make([]string, 0, len(coverage))
	for n := range coverage {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		m, ok := found[name]
		if !ok {
			continue
		}
		t.Run(name, func(t *testing.T) {
			client, spans, _ := middlewareClient(t, &replayURL{srv.URL + "/v1/"})
			mu.Lock()
			paths = paths[:0]
			mu.Unlock()
			callByReflection(t, client, name, m)
			mu.Lock()
			sent := append([]string(nil), paths...)
			mu.Unlock()
			n := len(spans.GetSpans())
			want := 0
			if c := coverage[name]; c == "typed" || c == "wire" {
				want = 1
			}
			if len(sent) == 0 {
				t.Fatalf("the SDK sent no request for zero-valued arguments: the table cannot be checked")
			}
			if n != want {
				t.Errorf("%s (%s, sent %v): %d spans, want %d", name, coverage[name], sent, n, want)
			}
		})
	}
}

// callByReflection calls the method at path on client with a background
// context, "x" for every string argument, and zero parameters naming the
// model "test-model"; a stream or response it returns is drained and
// closed.
func callByReflection(t *testing.T, client openai.Client, path string, m reflect.Method) {
	t.Helper()
	svc := reflect.ValueOf(&client).Elem()
	parts := strings.Split(path, ".")
	for _, p := range parts[:len(parts)-1] {
		svc = svc.FieldByName(p)
	}
	args := []reflect.Value{svc.Addr()}
	for j := 1; j < m.Type.NumIn(); j++ {
		in := m.Type.In(j)
		switch {
		case m.Type.IsVariadic() && j == m.Type.NumIn()-1:
			args = append(args, reflect.ValueOf(option.WithMaxRetries(0)))
		case in.String() == "context.Context":
			args = append(args, reflect.ValueOf(context.Background()))
		case in.Kind() == reflect.String:
			args = append(args, reflect.ValueOf("x").Convert(in))
		default:
			v := reflect.New(in).Elem()
			if in.Kind() == reflect.Struct {
				if f := v.FieldByName("Model"); f.IsValid() && f.Kind() == reflect.String && f.CanSet() {
					f.SetString("test-model")
				}
			}
			args = append(args, v)
		}
	}
	defer func() {
		if r := recover(); r != nil {
			t.Logf("%s panicked with zero arguments: %v", path, r)
		}
	}()
	for _, out := range m.Func.Call(args) {
		if !out.IsValid() || (out.Kind() == reflect.Pointer && out.IsNil()) {
			continue
		}
		switch v := out.Interface().(type) {
		case interface {
			Next() bool
			Close() error
		}:
			for v.Next() {
			}
			_ = v.Close()
		case *http.Response:
			_ = v.Body.Close()
		}
	}
}

// replayURL stands in for a replay server where middlewareClient wants
// one.
type replayURL struct{ url string }

func (r *replayURL) BaseURL() string { return r.url }
