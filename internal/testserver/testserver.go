// Package testserver starts the real servers some integration tests run
// against (Postgres with pgvector through PGlite, Chroma): Node programs
// from npm packages pinned in the test's testdata directory, installed
// there with npm ci on first use, each on a free loopback port.
package testserver

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Required reports whether a server that cannot start must fail the test
// rather than skip it: .ci/run sets OPENLIT_REQUIRE_TEST_SERVERS.
func Required() bool { return os.Getenv("OPENLIT_REQUIRE_TEST_SERVERS") != "" }

// Server is a running server.
type Server struct {
	// Addr is its host:port on loopback.
	Addr string
	cmd  *exec.Cmd
	// stdin is held open for the server's life: a server may exit when its
	// input closes, and an unreferenced pipe would be closed by the garbage
	// collector.
	stdin io.WriteCloser
	done  chan struct{}
	once  sync.Once
}

// Start installs dir's npm packages when marker (a path under
// dir/node_modules) is missing, then runs name with args in dir, where
// "{port}" in an argument is replaced by a free port, and waits until the
// port accepts connections (at most timeout). The program's output goes
// to standard error.
func Start(dir, marker string, timeout time.Duration, name string, args ...string) (*Server, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", marker)); err != nil {
		npm, err := exec.LookPath("npm")
		if err != nil {
			return nil, fmt.Errorf("npm is needed to install the server: %w", err)
		}
		cmd := exec.Command(npm, "ci", "--no-audit", "--no-fund")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("npm ci in %s: %v\n%s", dir, err, out)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	for i, a := range args {
		args[i] = strings.ReplaceAll(a, "{port}", port)
	}
	if !strings.Contains(name, "/") {
		if _, err := exec.LookPath(name); err != nil {
			return nil, fmt.Errorf("%s is needed to run the server: %w", name, err)
		}
	}
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &Server{Addr: "127.0.0.1:" + port, cmd: cmd, stdin: stdin, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(s.done) }()
	deadline := time.Now().Add(timeout)
	for {
		c, err := net.DialTimeout("tcp", s.Addr, time.Second)
		if err == nil {
			c.Close()
			return s, nil
		}
		select {
		case <-s.done:
			return nil, errors.New(name + " exited before it accepted connections")
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.Stop()
			return nil, fmt.Errorf("%s did not accept connections within %v", name, timeout)
		}
	}
}

// Stop stops the server: an interrupt, then a kill after 5 s.
func (s *Server) Stop() {
	if s == nil {
		return
	}
	s.once.Do(func() {
		_ = s.cmd.Process.Signal(os.Interrupt)
		_ = s.stdin.Close()
		select {
		case <-s.done:
		case <-time.After(5 * time.Second):
			_ = s.cmd.Process.Kill()
			<-s.done
		}
	})
}
