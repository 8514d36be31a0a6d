//go:build linux

package openlit_test

import (
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	openlit "github.com/openlit/openlit-go"
)

// openPTY opens a pseudo-terminal: the app writes to tty, the test reads
// what a terminal would show from the returned function once tty is
// closed.
func openPTY(t *testing.T) (tty *os.File, read func() string) {
	t.Helper()
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	t.Cleanup(func() { _ = ptmx.Close() })
	fd := int(ptmx.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Skipf("unlockpt: %v", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		t.Skipf("ptsname: %v", err)
	}
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("open pts: %v", err)
	}
	done := make(chan string, 1)
	go func() {
		b, _ := io.ReadAll(ptmx) // ends with EIO once tty is closed
		done <- strings.ReplaceAll(string(b), "\r\n", "\n")
	}()
	return tty, func() string {
		_ = tty.Close()
		return <-done
	}
}

func TestConsoleTreeOnTerminal(t *testing.T) {
	for _, noColor := range []string{"", "1"} {
		t.Run("NO_COLOR="+noColor, func(t *testing.T) {
			consoleEnv(t)
			t.Setenv("NO_COLOR", noColor)
			tty, read := openPTY(t)
			guideChat(t, tty)
			out := read()
			assertTree(t, strings.NewReplacer("\x1b[1m", "", "\x1b[2m", "", "\x1b[36m", "", "\x1b[0m", "").Replace(out))
			if colored := strings.Contains(out, "\x1b["); colored != (noColor == "") {
				t.Errorf("colour %v with NO_COLOR=%q:\n%q", colored, noColor, out)
			}
		})
	}
}

func TestConsoleJSONForcedOnTerminal(t *testing.T) {
	consoleEnv(t)
	t.Setenv(openlit.EnvConsole, "json")
	tty, read := openPTY(t)
	guideChat(t, tty)
	if out := read(); !strings.Contains(out, `"Name": "chat gpt-4o"`) {
		t.Errorf("OPENLIT_CONSOLE=json on a terminal did not print JSON:\n%s", out)
	}
}
