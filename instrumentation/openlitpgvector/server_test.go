package openlitpgvector_test

import (
	"os"
	"sync"
	"testing"
	"time"

	"github.com/openlit/openlit-go/internal/testserver"
)

// pglite is a Postgres-protocol server with the vector extension: PGlite
// under Node (testdata/pglite), started once for the package's tests.
var pglite struct {
	once sync.Once
	srv  *testserver.Server
	err  error
}

// postgresAddr returns the server's host:port, starting it if needed, or
// skips (fails in CI) saying why it cannot.
func postgresAddr(t *testing.T) string {
	t.Helper()
	pglite.once.Do(func() {
		pglite.srv, pglite.err = testserver.Start("testdata/pglite", "@electric-sql/pglite-socket", 60*time.Second,
			"node", "server.mjs", "{port}")
	})
	if pglite.err != nil {
		if testserver.Required() {
			t.Fatalf("PGlite server: %v", pglite.err)
		}
		t.Skipf("PGlite server not available (Node and npm needed): %v", pglite.err)
	}
	return pglite.srv.Addr
}

func TestMain(m *testing.M) {
	code := m.Run()
	pglite.srv.Stop()
	os.Exit(code)
}
