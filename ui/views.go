package ui

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/strikes-dev/strikes/model"
)

// Saved views (strikes view save NAME QUERY): a name for a query and a
// sort, kept in the user's config file, not in the store. When there are
// any, the list shows them as tabs along its top (as gh-dash shows its
// sections) and v moves to the next, applying its query and sort; the
// tab of the view the list shows is marked.

// View is a saved view: a name, a query and a sort.
type View struct {
	Name    string
	Query   string
	Sort    model.SortKey
	Reverse bool
}

// viewKey handles v (and e, which exports what the list shows) on the
// list; ok is false for any other key.
func (r *root) viewKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if r.top() == screenList && key.Matches(msg, r.keys.Export) {
		return r.export(), true
	}
	if r.top() != screenList || !key.Matches(msg, r.keys.Views) {
		return nil, false
	}
	if len(r.opts.Views) == 0 {
		r.note, r.noteErr = "no saved views yet: strikes view save NAME QUERY makes one", false
		return nil, true
	}
	r.viewAt = (r.viewAt + 1) % len(r.opts.Views)
	v := r.opts.Views[r.viewAt]
	return r.list.applyView(v.Query, order{key: v.Sort, reverse: v.Reverse}), true
}

// applyView shows the list filtered by query in the order o.
func (l *listScreen) applyView(query string, o order) tea.Cmd {
	l.o = o
	return l.SetQuery(query)
}

// tabsLine is the line of saved views above the list: each name, the one
// whose query and sort the list shows marked.
func (r *root) tabsLine() string {
	st := r.st
	var parts []string
	cur := strings.TrimSpace(r.list.input.Value())
	for _, v := range r.opts.Views {
		name := " " + clean(v.Name) + " "
		if strings.TrimSpace(v.Query) == cur && r.list.o == (order{key: v.Sort, reverse: v.Reverse}) {
			parts = append(parts, st.Selected.Reverse(true).Render("["+clean(v.Name)+"]"))
			continue
		}
		parts = append(parts, st.Muted.Render(name))
	}
	return truncate(st.Title.Render("views ")+strings.Join(parts, " ")+st.Muted.Render("  v next"), r.w)
}

// hasTabs says whether the list has the views' line above it.
func (r *root) hasTabs() bool { return len(r.opts.Views) > 0 }

// Final is what the list shows when the dashboard closes, for it to open
// with the same filter and sort the next time.
func (m Model) Final() (query string, sort model.SortKey, reverse bool) {
	l := m.r.list
	return strings.TrimSpace(l.input.Value()), l.o.key, l.o.reverse
}

// exportedMsg says how an export went.
type exportedMsg struct {
	path string
	n    int
	err  error
}

// export writes what the list's query matches to a JSON Lines file in the
// current folder named from the query (strikes-city-raqqa.jsonl; a number
// is added when the name is taken), and says where.
func (r *root) export() tea.Cmd {
	ex, ok := r.src.(Exporter)
	if !ok {
		r.note, r.noteErr = "this data cannot be exported from here; use strikes export", true
		return nil
	}
	q := strings.TrimSpace(r.list.input.Value())
	base := exportName(q)
	path := base + ".jsonl"
	for i := 2; fileExists(path); i++ {
		path = base + "-" + strconv.Itoa(i) + ".jsonl"
	}
	ctx := r.ctx
	r.note, r.noteErr = clean("exporting to "+path+"…"), false
	return func() tea.Msg {
		n, err := ex.Export(ctx, q, path)
		return exportedMsg{path: path, n: n, err: err}
	}
}

// exportName is a file name made from a query: its letters and digits,
// words joined by -, at most 60 characters; "strikes-all" for none.
func exportName(q string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(q) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	if b.Len() == 0 {
		return "strikes-all"
	}
	return "strikes-" + b.String()
}

func fileExists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

func (r *root) exported(msg exportedMsg) {
	if msg.err != nil {
		r.note, r.noteErr = clean("the export failed: "+msg.err.Error()), true
		return
	}
	abs := msg.path
	if a, err := filepath.Abs(msg.path); err == nil {
		abs = a
	}
	r.note, r.noteErr = clean("exported "+strconv.Itoa(msg.n)+" strikes (and your desk on them) to "+abs), false
}

// openURLMsg asks to open one of a report's links (o, when it has several).
type openURLMsg struct{ url string }

// reportURLs are every web link of the selected report: its own, then
// its citations', each once.
func (d *detailScreen) reportURLs() []string {
	if d.s == nil || d.sel >= len(d.s.Reports) {
		return nil
	}
	r := &d.s.Reports[d.sel]
	var out []string
	add := func(raw string) {
		if u, ok := safeURL(raw); ok && !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	for _, u := range r.URLs {
		add(u)
	}
	for _, c := range r.Cites {
		add(c.URL)
	}
	return out
}

// urlQuestion offers each link in turn: y opens the one shown, tab the
// next.
func urlQuestion(urls []string) question {
	q := question{owner: screenDetail, kind: "url", no: "no link opened"}
	for i, u := range urls {
		q.choices = append(q.choices, choice{id: u, yes: openURLMsg{url: u},
			text: "open link " + strconv.Itoa(i+1) + "/" + strconv.Itoa(len(urls)) + "? y opens, tab next, n no: " + u})
	}
	return q
}
