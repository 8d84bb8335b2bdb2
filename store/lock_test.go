package store

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// helperEnv makes the test binary a helper process that holds a store
// (see TestMain): "store PATH" holds it as a writer, "bolt PATH" holds
// the file with bbolt's exclusive lock, as an in-place import does.
const helperEnv = "STRIKES_STORE_TEST_HOLD"

func TestMain(m *testing.M) {
	if v := os.Getenv(helperEnv); v != "" {
		os.Exit(hold(v))
	}
	os.Exit(m.Run())
}

// hold opens the store, says "ready" and keeps it until stdin closes.
func hold(spec string) int {
	mode, path, _ := strings.Cut(spec, " ")
	var closer io.Closer
	switch mode {
	case "store":
		s, err := Open(path, Options{Create: true})
		if err != nil {
			fmt.Println(err)
			return 1
		}
		closer = s
	case "bolt":
		db, err := bolt.Open(path, 0o644, nil)
		if err != nil {
			fmt.Println(err)
			return 1
		}
		closer = db
	}
	fmt.Println("ready")
	io.Copy(io.Discard, os.Stdin)
	closer.Close()
	return 0
}

// startHolder runs a helper process holding path and waits until it has.
func startHolder(t *testing.T, mode, path string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+mode+" "+path)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if line != "ready\n" {
		t.Fatalf("the helper process did not hold the store: %q %v", line, err)
	}
}

func TestLockBetweenProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "strikes.db")
	startHolder(t, "store", path)

	start := time.Now()
	_, err := Open(path, Options{Timeout: time.Second})
	took := time.Since(start)
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("a second writer got %v, want ErrInUse", err)
	}
	if !strings.HasPrefix(err.Error(), "the store "+path+" is in use by another strikes process") {
		t.Errorf("message %q", err)
	}
	if took < 900*time.Millisecond || took > 2*time.Second {
		t.Errorf("gave up after %v, want about 1s", took)
	}

	// A writer that is only holding the store does not block readers.
	r, err := Open(path, Options{ReadOnly: true, Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatalf("a reader was blocked by an idle writer: %v", err)
	}
	r.Close()
}

func TestReaderWaitsForInPlaceWrite(t *testing.T) {
	s, path := newStore(t)
	s.Close()
	startHolder(t, "bolt", path)
	start := time.Now()
	_, err := Open(path, Options{ReadOnly: true, Timeout: 500 * time.Millisecond})
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("got %v, want ErrInUse", err)
	}
	if want := "the store " + path + " is in use by another strikes process"; err.Error() != want {
		t.Errorf("got %q, want %q", err, want)
	}
	if took := time.Since(start); took > 1500*time.Millisecond {
		t.Errorf("gave up after %v", took)
	}
	if _, err := NewFileSource(path).Generation(t.Context()); !errors.Is(err, ErrInUse) {
		t.Errorf("the source got %v, want ErrInUse", err)
	}
}
