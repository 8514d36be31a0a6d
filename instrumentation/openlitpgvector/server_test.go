package openlitpgvector_test

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// pgliteServer is a Postgres-protocol server with the vector extension:
// PGlite under Node (testdata/pglite), started once for the package's
// tests. Its npm packages are installed by the first run (npm ci).
var pglite struct {
	once sync.Once
	addr string
	err  error
	stop func()
}

// requireServers makes a server that cannot start a failure, not a skip:
// .ci/run sets it.
func requireServers() bool { return os.Getenv("OPENLIT_REQUIRE_TEST_SERVERS") != "" }

// postgresAddr returns the server's host:port, starting it if needed, or
// skips (fails in CI) saying why it cannot.
func postgresAddr(t *testing.T) string {
	t.Helper()
	pglite.once.Do(func() { pglite.addr, pglite.stop, pglite.err = startPGlite() })
	if pglite.err != nil {
		if requireServers() {
			t.Fatalf("PGlite server: %v", pglite.err)
		}
		t.Skipf("PGlite server not available (Node and npm needed): %v", pglite.err)
	}
	return pglite.addr
}

func startPGlite() (string, func(), error) {
	dir, err := filepath.Abs(filepath.Join("testdata", "pglite"))
	if err != nil {
		return "", nil, err
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return "", nil, err
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@electric-sql", "pglite-socket")); err != nil {
		npm, err := exec.LookPath("npm")
		if err != nil {
			return "", nil, err
		}
		cmd := exec.Command(npm, "ci", "--no-audit", "--no-fund")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			return "", nil, fmt.Errorf("npm ci in %s: %v\n%s", dir, err, out)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command(node, "server.mjs", fmt.Sprint(port))
	cmd.Dir = dir
	stdin, err := cmd.StdinPipe() // the server exits when this closes
	if err != nil {
		return "", nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() {
		stdin.Close()
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	}
	ready := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "ready") {
				ready <- nil
				for sc.Scan() {
				}
				return
			}
		}
		ready <- fmt.Errorf("server exited before it was ready")
	}()
	select {
	case err := <-ready:
		if err != nil {
			stop()
			return "", nil, err
		}
	case <-time.After(60 * time.Second):
		stop()
		return "", nil, fmt.Errorf("not ready after 60 s")
	}
	return fmt.Sprintf("127.0.0.1:%d", port), stop, nil
}

func TestMain(m *testing.M) {
	code := m.Run()
	if pglite.stop != nil {
		pglite.stop()
	}
	os.Exit(code)
}
