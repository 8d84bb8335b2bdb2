package ingest

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/strikes-dev/strikes/model"
)

// checkJSONRoundTrip checks encode(decode(encode(s))) == encode(s) for
// every strike, and that the stream decodes to as many strikes.
func checkJSONRoundTrip(t *testing.T, ss []*model.Strike) {
	t.Helper()
	var first bytes.Buffer
	for _, s := range ss {
		if err := EncodeJSON(&first, s); err != nil {
			t.Fatalf("encoding %s: %v", s.ID, err)
		}
	}
	r, err := Open(FormatAuto, "roundtrip.jsonl", bytes.NewReader(first.Bytes()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Format() != FormatJSONL {
		t.Errorf("auto chose %q for JSON Lines", r.Format())
	}
	var second bytes.Buffer
	n := 0
	for {
		s, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("decoding: %v", err)
		}
		n++
		if err := EncodeJSON(&second, s); err != nil {
			t.Fatal(err)
		}
	}
	if n != len(ss) {
		t.Errorf("decoded %d strikes, want %d", n, len(ss))
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		a, b := first.Bytes(), second.Bytes()
		i := 0
		for i < len(a) && i < len(b) && a[i] == b[i] {
			i++
		}
		lo := max(0, i-200)
		t.Errorf("round trip differs at byte %d:\nfirst:  %s\nsecond: %s", i, a[lo:min(len(a), i+100)], b[lo:min(len(b), i+100)])
	}
}
