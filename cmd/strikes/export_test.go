package main

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/store"
	"github.com/strikes-dev/strikes/store/demo"
)

// openDemo opens the demo store read-only.
func openDemo(t *testing.T) *store.Store {
	t.Helper()
	env(t)
	path, err := demo.Path(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestForEachMatching checks export's batched, parallel filter against
// Query.Match of each strike's summary in the store's order, for batches
// of one, of a few and bigger than the store.
func TestForEachMatching(t *testing.T) {
	st := openDemo(t)
	for _, text := range []string{"", "city:raqqa", "actor:russia -date:2016", "raqqa", "killed>=5", "source:nothing"} {
		q, err := model.ParseQuery(text)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		err = st.ForEach(t.Context(), func(s *model.Strike) error {
			if sum := model.Summarize(s); q.Match(&sum) {
				want = append(want, s.ID)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, size := range []int{1, 7, exportBatch} {
			var got []string
			n, err := forEachMatching(t.Context(), st, q, size, func(s *model.Strike) error {
				got = append(got, s.ID)
				return nil
			})
			if err != nil || n != len(got) || !slices.Equal(got, want) {
				t.Errorf("%q in batches of %d: wrote %d strikes (said %d, %v), want %d in the store's order", text, size, len(got), n, err, len(want))
			}
		}
	}
}

// TestForEachMatchingStops checks that a failed write stops the export
// with the write's error, and so does a cancelled context.
func TestForEachMatchingStops(t *testing.T) {
	st := openDemo(t)
	q, _ := model.ParseQuery("date:2014..")
	full := errors.New("no space left on device")
	calls := 0
	n, err := forEachMatching(t.Context(), st, q, 5, func(s *model.Strike) error {
		calls++
		if calls == 12 {
			return full
		}
		return nil
	})
	if !errors.Is(err, full) || n != 11 || calls != 12 {
		t.Errorf("after a failed write: %d written, %d calls, %v; want 11, 12, %v", n, calls, err, full)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := forEachMatching(ctx, st, q, 5, func(*model.Strike) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("with a cancelled context: %v", err)
	}
}
