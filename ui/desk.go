package ui

import (
	"os"
	"os/exec"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/strikes-dev/strikes/model"
)

// The analyst's desk in the dashboard: A assesses (a form, assess.go), w
// writes a note (a line in the footer, or $EDITOR with ctrl+e for a long
// one), # sets the tags, b toggles the bookmark, from the list, the
// detail and the comparison; H shows the history (history.go). The root
// reads the strike's entry before each, and the change goes to the
// source (Desk), which records who and when; the new generation reloads
// the list and the strike.

// deskOpenMsg asks the root to read a strike's desk and open what kind
// says: "assess", "note", "tags", "bookmark" or "history".
type deskOpenMsg struct{ kind, id string }

// deskReadMsg carries a strike's desk, read for kind.
type deskReadMsg struct {
	kind, id string
	entries  []model.DeskEntry
	history  []model.Change
	err      error
}

// deskChangeMsg asks the root to make one change at the desk.
type deskChangeMsg struct {
	id, what string
	change   func(e *model.DeskEntry) error
}

// deskChangedMsg says how a change went.
type deskChangedMsg struct {
	id, what string
	err      error
}

// editorDoneMsg says the note's editor has exited.
type editorDoneMsg struct {
	id, path, before string
	err              error
}

// deskLine is the line the footer edits a note or the tags on.
type deskLine struct {
	kind, id string
	line     queryLine
	before   string
}

// desk is the source as the desk reads and changes it through, or nil,
// having said so.
func (r *root) desk() Desk {
	d, ok := r.src.(Desk)
	if !ok {
		r.note, r.noteErr = "this data keeps no desk: notes and assessments need a store of your own (strikes import FILE)", true
		return nil
	}
	return d
}

// deskKey handles the desk's keys on the list, the detail and the
// comparison; ok is false when msg is none of them.
func (r *root) deskKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	top := r.top()
	if top != screenList && top != screenDetail && top != screenCompare {
		return nil, false
	}
	k := &r.keys
	kind := ""
	switch {
	case key.Matches(msg, k.Assess):
		kind = "assess"
	case key.Matches(msg, k.Note):
		kind = "note"
	case key.Matches(msg, k.Tags):
		kind = "tags"
	case key.Matches(msg, k.Bookmark):
		kind = "bookmark"
	case key.Matches(msg, k.History) && top == screenDetail:
		kind = "history"
	case key.Matches(msg, k.CopyID):
		kind = "copy"
	default:
		return nil, false
	}
	id := r.detail.strikeID()
	if top == screenList {
		id = r.list.currentID()
	}
	if id == "" {
		return nil, true
	}
	if kind == "copy" {
		return tea.Batch(tea.SetClipboard(id), send(noteMsg{text: "copied " + id})), true
	}
	return send(deskOpenMsg{kind: kind, id: id}), true
}

// updateDesk handles the desk's messages; ok is false for any other.
func (r *root) updateDesk(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case deskOpenMsg:
		d := r.desk()
		if d == nil {
			return nil, true
		}
		ctx := r.ctx
		return func() tea.Msg {
			es, h, err := d.DeskOf(ctx, msg.id)
			return deskReadMsg{kind: msg.kind, id: msg.id, entries: es, history: h, err: err}
		}, true
	case deskReadMsg:
		if msg.err != nil {
			r.note, r.noteErr = clean("could not read the desk of "+msg.id+": "+msg.err.Error()), true
			return nil, true
		}
		own := ownEntry(msg.entries, msg.id)
		switch msg.kind {
		case "assess":
			cmd := r.assess.open(msg.id, own.Assessment, r.opts.NoColor)
			r.push(screenAssess)
			return cmd, true
		case "history":
			r.history.SetHistory(msg.id, msg.history)
			r.push(screenHistory)
			return nil, true
		case "bookmark":
			on := !own.Bookmark
			return send(deskChangeMsg{id: msg.id, what: "bookmark", change: func(e *model.DeskEntry) error { e.Bookmark = on; return nil }}), true
		case "note":
			if strings.Contains(own.Note, "\n") {
				return r.editNote(msg.id, own.Note), true
			}
			r.input = &deskLine{kind: "note", id: msg.id, before: own.Note,
				line: queryLine{keys: &r.keys, focused: true, width: r.w, prompt: "note: "}}
			r.input.line.SetValue(own.Note)
		case "tags":
			before := strings.Join(own.Tags, " ")
			r.input = &deskLine{kind: "tags", id: msg.id, before: before,
				line: queryLine{keys: &r.keys, focused: true, width: r.w, prompt: "tags: "}}
			r.input.line.SetValue(before)
		}
		return nil, true
	case deskChangeMsg:
		d := r.desk()
		if d == nil {
			return nil, true
		}
		ctx, who := r.ctx, r.who()
		r.note, r.noteErr = clean("recording the "+msg.what+" on "+msg.id+"…"), false
		return func() tea.Msg {
			return deskChangedMsg{id: msg.id, what: msg.what, err: d.ChangeDesk(ctx, who, msg.id, msg.what, msg.change)}
		}, true
	case deskChangedMsg:
		if msg.err != nil {
			r.note, r.noteErr = clean("could not record the "+msg.what+" on "+msg.id+": "+msg.err.Error()), true
			return nil, true
		}
		r.note, r.noteErr = clean(msg.what+" on "+msg.id+" recorded as "+r.who()+"'s (H in the detail shows the history)"), false
		if r.loading {
			return nil, true
		}
		return r.load(), true
	case editorDoneMsg:
		defer os.Remove(msg.path)
		if msg.err != nil {
			r.note, r.noteErr = clean("the editor failed: "+msg.err.Error()+"; the note is as it was"), true
			return nil, true
		}
		b, err := os.ReadFile(msg.path)
		if err != nil {
			r.note, r.noteErr = clean("could not read the note back: "+err.Error()), true
			return nil, true
		}
		text := strings.TrimRight(string(b), "\n\r\t ")
		if text == msg.before {
			r.note, r.noteErr = "the note is unchanged", false
			return nil, true
		}
		return send(deskChangeMsg{id: msg.id, what: "note", change: func(e *model.DeskEntry) error { e.Note = text; return nil }}), true
	}
	return nil, false
}

// inputKey edits the footer's line: enter records it, esc leaves it,
// ctrl+e takes a note to $EDITOR.
func (r *root) inputKey(msg tea.KeyPressMsg) tea.Cmd {
	in := r.input
	switch {
	case key.Matches(msg, r.keys.Accept):
		r.input = nil
		text := strings.TrimSpace(in.line.Value())
		if text == in.before {
			return nil
		}
		if in.kind == "note" {
			return send(deskChangeMsg{id: in.id, what: "note", change: func(e *model.DeskEntry) error { e.Note = text; return nil }})
		}
		var tags []string
		for _, w := range strings.Fields(text) {
			t, err := model.ParseTag(w)
			if err != nil {
				r.note, r.noteErr = clean(err.Error()+"; the tags are as they were"), true
				return nil
			}
			tags = append(tags, t)
		}
		return send(deskChangeMsg{id: in.id, what: "tag", change: func(e *model.DeskEntry) error {
			e.Tags = nil
			e.AddTags(tags...)
			return nil
		}})
	case key.Matches(msg, r.keys.Cancel):
		r.input = nil
		r.note, r.noteErr = "nothing changed", false
		return nil
	case in.kind == "note" && key.Matches(msg, r.keys.Editor):
		r.input = nil
		return r.editNote(in.id, in.before)
	}
	in.line.Update(msg)
	return nil
}

// editNote opens $VISUAL or $EDITOR on the note, for a long one.
func (r *root) editNote(id, note string) tea.Cmd {
	ed := os.Getenv("VISUAL")
	if ed == "" {
		ed = os.Getenv("EDITOR")
	}
	if ed == "" {
		r.note, r.noteErr = "set $EDITOR to write a long note (the note has several lines); strikes note ID - reads one from standard input", true
		return nil
	}
	f, err := os.CreateTemp("", "strikes-note-*.md")
	if err != nil {
		r.note, r.noteErr = clean("could not make a file for the note: "+err.Error()), true
		return nil
	}
	_, err = f.WriteString(note + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		r.note, r.noteErr = clean("could not write the note for the editor: "+err.Error()), true
		return nil
	}
	args := strings.Fields(ed)
	c := exec.Command(args[0], append(args[1:], f.Name())...)
	path := f.Name()
	return tea.ExecProcess(c, func(err error) tea.Msg { return editorDoneMsg{id: id, path: path, before: note, err: err} })
}

// who is the name the desk records changes under.
func (r *root) who() string {
	if r.opts.Who != "" {
		return r.opts.Who
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}

// ownEntry is the entry on the strike itself among a strike's entries
// (an empty one when there is none), or, for a strike with none of its
// own, that of the first strike shown under it that holds an assessment.
func ownEntry(es []model.DeskEntry, id string) model.DeskEntry {
	for _, e := range es {
		if !e.Report && e.Target == id {
			return e
		}
	}
	return model.DeskEntry{Target: id}
}

// assessmentOf is the assessment shown for a strike: its own, else that of
// a strike shown under it.
func assessmentOf(es []model.DeskEntry, id string) (*model.Assessment, string) {
	if e := ownEntry(es, id); e.Assessment != nil {
		return e.Assessment, e.By
	}
	for _, e := range es {
		if !e.Report && e.Assessment != nil {
			return e.Assessment, e.By
		}
	}
	return nil, ""
}
