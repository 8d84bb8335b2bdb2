package main

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/strikes-dev/strikes/store"
)

// TestNotAStoreFiles points the binary at files that are no store.
func TestNotAStoreFiles(t *testing.T) {
	dir := env(t)
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	sub := filepath.Join(dir, "folder")
	os.Mkdir(sub, 0o755)
	csv := filepath.Join(dir, "events.csv")
	writeUCDP(t, csv, 0, 10, 0)
	for name, c := range map[string]struct{ path, msg string }{
		"text":       {write("notes.db", []byte(strings.Repeat("not a store\n", 1000))), "is not a strikes store"},
		"empty file": {write("empty.db", nil), "is not a strikes store (the file is empty)"},
		"directory":  {sub, "is a directory, not a strikes store"},
	} {
		before, _ := os.ReadFile(c.path)
		for _, args := range [][]string{{}, {"list"}, {"show", "x"}, {"check"}, {"import", csv}} {
			r := runBinary(t, append([]string{"--db", c.path}, args...)...)
			wantRefusal(t, name+": strikes "+joinArgs(args), r, c.msg)
		}
		if after, _ := os.ReadFile(c.path); string(after) != string(before) {
			t.Errorf("%s: an import wrote over a file that is not a store", name)
		}
	}
}

// asNobody makes cmd run as an unprivileged user, so that permissions
// apply to it even when the tests run as root. The test binary is copied
// where that user can run it.
func asNobody(t *testing.T, dir string, cmd *exec.Cmd) {
	t.Helper()
	bin := filepath.Join(dir, "strikes.test")
	if _, err := os.Stat(bin); err != nil {
		raw, err := os.ReadFile(os.Args[0])
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(bin, raw, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cmd.Path, cmd.Args[0] = bin, bin
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
}

// TestNoPermission runs the binary on a store it may not read, and into a
// folder it may not write. As root, it runs the binary as nobody.
func TestNoPermission(t *testing.T) {
	dir := env(t)
	db, _ := goodStore(t, dir, 10)
	if err := os.Chmod(db, 0o600); err != nil {
		t.Fatal(err)
	}
	// Every folder above must let nobody through.
	for d := dir; d != filepath.Dir(d) && strings.HasPrefix(d, os.TempDir()) && d != os.TempDir(); d = filepath.Dir(d) {
		os.Chmod(d, 0o755)
	}
	run := func(args ...string) result {
		cmd := strikesBin(args...)
		if os.Geteuid() == 0 {
			asNobody(t, dir, cmd)
		} else {
			os.Chmod(db, 0)
			os.Chmod(dir, 0o555)
			t.Cleanup(func() { os.Chmod(dir, 0o755) })
		}
		return runCmd(t, cmd)
	}
	for _, args := range [][]string{{}, {"list"}, {"check"}} {
		wantRefusal(t, "strikes "+joinArgs(args), run(append([]string{"--db", db}, args...)...), "permission denied", db)
	}
	csv := filepath.Join(dir, "events.csv")
	wantRefusal(t, "strikes import", run("--db", db, "import", csv), "permission denied", db)
}

// mountTmpfs mounts a tmpfs of size bytes at a new folder, or skips the
// test when this process may not mount.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "mnt")
	os.Mkdir(dir, 0o755)
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size); err != nil {
		t.Skipf("cannot mount a tmpfs to stand for a full or read-only disk (%v); needs root with CAP_SYS_ADMIN", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	return dir
}

// TestReadOnlyFilesystem reads a store on a read-only filesystem, and
// refuses to import into it with a clear message.
func TestReadOnlyFilesystem(t *testing.T) {
	dir := env(t)
	mnt := mountTmpfs(t, "64m")
	csv := filepath.Join(dir, "events.csv")
	writeUCDP(t, csv, 0, 50, 0)
	db := filepath.Join(mnt, "strikes.db")
	if r := runBinary(t, "--db", db, "import", csv); r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	if err := syscall.Mount("", mnt, "", syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
		t.Skipf("cannot remount read-only: %v", err)
	}
	if r := runBinary(t, "--db", db, "list"); r.code != 0 || !strings.Contains(r.stdout, "ucdp:100001") {
		t.Errorf("list on a read-only filesystem: %+v", r)
	}
	if r := runBinary(t, "--db", db, "check"); r.code != 0 {
		t.Errorf("check on a read-only filesystem: %+v", r)
	}
	wantRefusal(t, "import", runBinary(t, "--db", db, "import", csv), "read-only file system", db)
}

// TestDiskFull imports into a store on a small tmpfs until the disk is
// full, on both write paths: the import fails with a clear message and
// the store is exactly as before.
func TestDiskFull(t *testing.T) {
	dir := env(t)
	small, big := filepath.Join(dir, "small.csv"), filepath.Join(dir, "big.csv")
	writeUCDP(t, small, 0, 50, 0)
	for _, c := range []struct {
		name string
		rows int
		disk string
	}{{"in place", 10000, "4m"}, {"on a copy", 40000, "12m"}} {
		db := filepath.Join(mountTmpfs(t, c.disk), "strikes.db")
		if r := runBinary(t, "--db", db, "import", small); r.code != 0 {
			t.Fatalf("import: %+v", r)
		}
		before := exportSum(t, db)
		writeUCDP(t, big, 1000, c.rows, 0)
		r := runBinary(t, "--db", db, "import", big)
		wantRefusal(t, c.name, r, "the store is as it was", "no space left on device")
		mustBeSound(t, db, c.name)
		if exportSum(t, db) != before {
			t.Errorf("%s: a failed import changed the store", c.name)
		}
		if _, err := os.Stat(db + ".tmp-import"); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: the failed import left its copy behind (%v)", c.name, err)
		}
		// Once there is room again, the import goes through.
		if r := runBinary(t, "--db", db, "import", small); r.code != 0 || !strings.Contains(r.stdout, "nothing changed") {
			t.Errorf("%s: an import after the failure: %+v", c.name, r)
		}
	}
}

// TestStoreInUse holds the store with an import reading a pipe: a second
// import gives up within about a second, a reader is not blocked, and an
// import with --wait queues and runs once the first is done.
func TestStoreInUse(t *testing.T) {
	dir := env(t)
	db := filepath.Join(dir, "strikes.db")
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	writeUCDP(t, a, 0, 100, 0)
	writeUCDP(t, b, 500, 100, 0)
	if r := runBinary(t, "--db", db, "import", a); r.code != 0 {
		t.Fatalf("import: %+v", r)
	}

	first := strikesBin("--db", db, "import", "--format", "ucdp-ged", "--dataset", "piped", "-")
	stdin, err := first.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	defer first.Process.Kill()
	raw, _ := os.ReadFile(b)
	stdin.Write(raw[:len(raw)/2]) // and hold the rest
	deadline := time.Now().Add(10 * time.Second)
	for {
		s, err := store.Open(db, store.Options{Timeout: 10 * time.Millisecond})
		if errors.Is(err, store.ErrInUse) {
			break
		}
		if err == nil {
			s.Close()
		}
		if time.Now().After(deadline) {
			t.Fatalf("the first import never held the store (%v)", err)
		}
		time.Sleep(20 * time.Millisecond)
	}

	start := time.Now()
	r := runBinary(t, "--db", db, "import", b)
	took := time.Since(start)
	wantRefusal(t, "a second import", r, "in use by another strikes process", "--wait")
	if took > 2500*time.Millisecond {
		t.Errorf("the second import gave up after %v, want about a second", took)
	}
	if r := runBinary(t, "--db", db, "list"); r.code != 0 || !strings.Contains(r.stdout, "ucdp:100001") {
		t.Errorf("a reader was blocked by an import: %+v", r)
	}

	waiting := strikesBin("--db", db, "import", "--wait", "--dataset", "waited", "--id-prefix", "w-", b) // b's IDs are piped's
	var out strings.Builder
	waiting.Stdout, waiting.Stderr = &out, &out
	if err := waiting.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- waiting.Wait() }()
	select {
	case err := <-done:
		t.Fatalf("the import with --wait did not wait: %v: %s", err, out.String())
	case <-time.After(500 * time.Millisecond):
	}
	io.WriteString(stdin, string(raw[len(raw)/2:]))
	stdin.Close()
	if err := first.Wait(); err != nil {
		t.Fatalf("the first import: %v", err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the import with --wait: %v: %s", err, out.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the import with --wait never ran")
	}
	r = runBinary(t, "--db", db, "datasets")
	for _, ds := range []string{"ucdp", "piped", "waited"} {
		if !strings.Contains(r.stdout, ds) {
			t.Errorf("datasets lacks %s:\n%s", ds, r.stdout)
		}
	}
	mustBeSound(t, db, "after the queued import")
}
