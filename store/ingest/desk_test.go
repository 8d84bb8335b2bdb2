package ingest

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/strikes-dev/strikes/model"
)

func TestDeskLineRoundTrip(t *testing.T) {
	a := &model.Assessment{Attackers: []model.Attacker{{Name: "Russia", Key: "russia", Certainty: model.Suspected}},
		Grading: model.GradingFair, Status: model.StatusReviewed}
	a.SetClaim(model.Killed, model.Civilians, model.RangeCount(12, 15))
	a.SetClaim(model.Killed, model.Children, model.AtLeastCount(8))
	a.SetClaim(model.Injured, model.Total, model.Some())
	e := model.DeskEntry{Target: "airwars:RS0232", Assessment: a, Note: "line one\nline two \x1b[31m", Tags: []string{"hospital"},
		Bookmark: true, Updated: time.Date(2026, 3, 1, 9, 0, 1, 5, time.UTC), By: "alice"}
	r := model.DeskEntry{Target: "x/1", Report: true, Home: "x", Flags: []string{model.FlagDoubtful, model.FlagKeySource}}
	c := model.Change{Seq: 3, Target: e.Target, Who: "alice", When: e.Updated, What: "assess", Before: model.DeskEntry{Target: e.Target}, After: e}
	var b bytes.Buffer
	for _, x := range []struct {
		e *model.DeskEntry
		c *model.Change
	}{{&e, nil}, {&r, nil}, {nil, &c}} {
		if err := EncodeDesk(&b, x.e, x.c); err != nil {
			t.Fatal(err)
		}
	}
	if bytes.Contains(b.Bytes(), []byte{0x1b}) {
		t.Error("the desk section carries an escape raw")
	}
	var items []DeskItem
	rd := newJSONL("d.jsonl", newBufReader(b.String()), Options{Desk: func(it DeskItem) { items = append(items, it) }})
	if s, err := rd.Next(); err != io.EOF {
		t.Fatalf("Next = %v, %v; want only desk lines", s, err)
	}
	if len(items) != 3 || items[0].Entry == nil || items[2].Change == nil {
		t.Fatalf("items %+v", items)
	}
	if got := items[0].Entry; !got.SameContent(&e) || !got.Updated.Equal(e.Updated) || got.By != "alice" {
		t.Errorf("entry back:\n%+v\nwant\n%+v", got, e)
	}
	if got := items[1].Entry; !got.SameContent(&r) || got.Home != "x" || !got.Report {
		t.Errorf("report entry back: %+v", got)
	}
	if got := items[2].Change; got.Seq != 3 || !got.After.SameContent(&e) || got.What != "assess" || !got.When.Equal(c.When) {
		t.Errorf("change back: %+v", got)
	}
}

func TestDeskLineErrors(t *testing.T) {
	in := `{"desk":{"target":"a:1","assessment":{"grading":"probable"}}}` + "\n"
	rd := newJSONL("d.jsonl", newBufReader("\n"+in), Options{Desk: func(DeskItem) {}})
	_, err := rd.Next()
	if err == nil || !strings.Contains(err.Error(), `d.jsonl:2: column "desk.assessment.grading": "probable" is not a grading`) {
		t.Errorf("a bad grading: %v", err)
	}
	for _, line := range []string{
		`{"desk":{"target":""}}`,
		`{"desk":{"target":"a","report":true}}`,
		`{"desk":{"target":"a","assessment":{"killed":{"civilians":{"kind":"range","low":9,"high":3}}}}}`,
		`{"desk":{"target":"a","assessment":{"killed":{"babies":{"kind":"exact","value":1}}}}}`,
		`{"desk":{"target":"a","tags":["two words"]}}`,
		`{"desk":{"target":"a","flags":["fake"]}}`,
		`{"desk":{"target":"a","updated":"yesterday"}}`,
		`{"desk":{"target":"a"},"desk_change":{"target":"a"}}`,
		`{"desk_change":{"target":"a","what":"note","when":"x"}}`,
		`{"desk":{"target":"a","colour":"red"}}`,
	} {
		if _, err := ParseDeskLine([]byte(line)); err == nil {
			t.Errorf("%s was accepted", line)
		}
	}
}

func FuzzParseDeskLine(f *testing.F) {
	for _, s := range []string{
		`{"desk":{"target":"airwars:RS0232","assessment":{"attackers":[{"name":"Russia","key":"russia","certainty":"suspected"}],"killed":{"civilians":{"kind":"exact","value":15}},"grading":"fair","status":"reviewed"},"note":"x","tags":["hospital"],"bookmark":true,"updated":"2026-03-01T09:00:01Z","by":"alice"}}`,
		`{"desk":{"target":"x/1","report":true,"home":"x","flags":["doubtful"]}}`,
		`{"desk_change":{"seq":1,"target":"a","who":"alice","when":"2026-03-01T09:00:01Z","what":"note","before":{"target":"a"},"after":{"target":"a","note":"n"}}}`,
		`{"desk":null}`, `{}`, `[]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		it, err := ParseDeskLine(b)
		if err != nil {
			return
		}
		// What is read writes back and reads again the same.
		var buf bytes.Buffer
		if err := EncodeDesk(&buf, it.Entry, it.Change); err != nil {
			t.Fatal(err)
		}
		again, err := ParseDeskLine(bytes.TrimSpace(buf.Bytes()))
		if err != nil {
			t.Fatalf("%s read back: %v", buf.Bytes(), err)
		}
		if it.Entry != nil && (again.Entry == nil || !again.Entry.SameContent(it.Entry)) {
			t.Fatalf("%s: entry changed on its way", b)
		}
		if it.Entry != nil {
			if a := it.Entry.Assessment; a != nil && a.Validate() != nil {
				t.Fatalf("%s: an invalid assessment was read", b)
			}
		}
	})
}

func newBufReader(s string) *bufio.Reader { return bufio.NewReader(strings.NewReader(s)) }
