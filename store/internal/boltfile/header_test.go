package boltfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// boltFile makes a small bbolt file and returns its path and bytes.
func boltFile(t *testing.T) (string, []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "b.db")
	db, err := bolt.Open(path, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("b"))
		if err != nil {
			return err
		}
		return b.Put([]byte("k"), []byte(strings.Repeat("v", 10000)))
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, data
}

func TestReadHeader(t *testing.T) {
	_, good := boltFile(t)
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	both := append([]byte(nil), good...)
	both[pageHeaderSize+40] ^= 1 // each high-water mark: the checksums fail
	both[4096+pageHeaderSize+40] ^= 1
	hw, err := HighWater(write("hw", good))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, path string
		kind       error
		detail     string
		dir        bool
	}{
		{"missing", filepath.Join(dir, "none.db"), ErrMissing, "", false},
		{"directory", dir, ErrForeign, "", true},
		{"empty", write("empty", nil), ErrForeign, "the file is empty", false},
		{"text", write("text", []byte(strings.Repeat("id,date\n", 1000))), ErrForeign, "", false},
		{"short", write("short", []byte("x")), ErrForeign, "the file is only 1 bytes", false},
		{"truncated", write("cut", good[:hw-4096]), ErrDamaged, "truncated", false},
		{"both headers", write("both", both), ErrDamaged, "both of its header pages are unreadable", false},
		{"sound", write("good", good), nil, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ReadHeader(tc.path)
			if tc.kind == nil {
				if err != nil || m.PageSize != 4096 || m.PGID < 4 {
					t.Fatalf("got %+v, %v; want a sound header", m, err)
				}
				return
			}
			var fe *FileError
			if !errors.As(err, &fe) || !errors.Is(err, tc.kind) {
				t.Fatalf("got %v, want a FileError of kind %v", err, tc.kind)
			}
			if !strings.Contains(fe.Detail, tc.detail) || fe.Dir != tc.dir {
				t.Errorf("got detail %q (dir %v), want %q (dir %v)", fe.Detail, fe.Dir, tc.detail, tc.dir)
			}
		})
	}
}

func TestCheckHeaderPages(t *testing.T) {
	path, good := boltFile(t)
	for page := range 2 {
		bad := append([]byte(nil), good...)
		bad[page*4096+pageHeaderSize+40] ^= 1 // its high-water mark: the checksum fails
		if err := os.WriteFile(path, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		err = CheckHeaderPages(f, 4096)
		f.Close()
		if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "header page") {
			t.Errorf("header page %d damaged: got %v", page+1, err)
		}
	}
}

func TestWalkPages(t *testing.T) {
	path, good := boltFile(t)
	if problems, err := WalkPages(path); err != nil || len(problems) != 0 {
		t.Fatalf("a sound file: %v, %v", problems, err)
	}
	m, _ := ReadHeader(path)
	bad := append([]byte(nil), good...)
	clear(bad[m.Root*4096 : m.Root*4096+4096]) // the root bucket's page
	os.WriteFile(path, bad, 0o644)
	problems, err := WalkPages(path)
	if err != nil || len(problems) == 0 {
		t.Fatalf("a zeroed root page: %v, %v", problems, err)
	}
	if !strings.Contains(problems[0], "the bbolt file is damaged") {
		t.Errorf("the problem reads %q", problems[0])
	}
}

func TestTryLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "l")
	a, _ := os.Create(path)
	defer a.Close()
	b, _ := os.OpenFile(path, os.O_RDWR, 0)
	defer b.Close()
	if err := TryLock(a, 100*1e6); err != nil {
		t.Fatal(err)
	}
	if err := TryLock(b, 120*1e6); !errors.Is(err, ErrLockTimeout) {
		t.Errorf("a second lock got %v, want ErrLockTimeout", err)
	}
	a.Close()
	if err := TryLock(b, 100*1e6); err != nil {
		t.Errorf("the lock was let go of, yet: %v", err)
	}
}

func TestSet(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s")
	os.WriteFile(path, []byte("left by a crash"), 0o644)
	s, err := OpenSet(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, k := range []string{"b", "a", "b", "c", "a"} {
		added, err := s.Add([]byte(k))
		if want := i < 2 || i == 3; err != nil || added != want {
			t.Errorf("Add(%s) #%d = %v, %v", k, i, added, err)
		}
		if i == 1 {
			if err := s.Commit(); err != nil {
				t.Fatal(err)
			}
		}
	}
	var got []string
	c := s.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		got = append(got, string(k))
	}
	if strings.Join(got, "") != "abc" {
		t.Errorf("the set reads %q", got)
	}
	s.Close()
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Close left the set's file: %v", err)
	}
}

func TestReplace(t *testing.T) {
	tmp, good := boltFile(t)
	hw, err := HighWater(tmp)
	if err != nil || hw >= int64(len(good)) {
		t.Fatalf("the high-water mark %d (%v) should be below the file's %d bytes", hw, err, len(good))
	}
	path := filepath.Join(t.TempDir(), "store.db")
	if err := Replace(tmp, path); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Size() != hw {
		t.Fatalf("the replaced file: %v, %v; want %d bytes", fi, err, hw)
	}
	if _, err := os.Stat(tmp); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the copy is still there: %v", err)
	}
}
