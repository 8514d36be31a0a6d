package openlitchroma_test

import (
	"os"
	"sync"
	"testing"
	"time"

	"github.com/openlit/openlit-go/internal/testserver"
)

// chromaServer is a real Chroma (chromadb 3.0.10 from npm, testdata/chroma),
// started once for the package's tests on an empty data directory.
var chromaServer struct {
	once sync.Once
	srv  *testserver.Server
	dir  string
	err  error
}

// chromaURL returns the server's base URL, starting it if needed, or skips
// (fails in CI) saying why it cannot.
func chromaURL(t *testing.T) string {
	t.Helper()
	chromaServer.once.Do(func() {
		chromaServer.dir, chromaServer.err = os.MkdirTemp("", "openlit-chroma-")
		if chromaServer.err != nil {
			return
		}
		chromaServer.srv, chromaServer.err = testserver.Start("testdata/chroma", "chromadb-js-bindings-linux-x64-gnu", 60*time.Second,
			"node_modules/.bin/chroma", "run", "--path", chromaServer.dir, "--port", "{port}")
	})
	if chromaServer.err != nil {
		if testserver.Required() {
			t.Fatalf("Chroma server: %v", chromaServer.err)
		}
		t.Skipf("Chroma server not available (Node and npm needed): %v", chromaServer.err)
	}
	return "http://" + chromaServer.srv.Addr
}

func TestMain(m *testing.M) {
	code := m.Run()
	chromaServer.srv.Stop()
	if chromaServer.dir != "" {
		os.RemoveAll(chromaServer.dir)
	}
	os.Exit(code)
}
