package ui

import (
	"context"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/strikes-dev/strikes/model"
)

// Minimum terminal size the dashboard draws at; below it, it says so.
const (
	minWidth  = 20
	minHeight = 5
)

// Model is the dashboard as a bubbletea model. It forwards input only to
// the focused screen and owns loading, polling and navigation.
type Model struct{ r *root }

var _ tea.Model = Model{}

type root struct {
	ctx   context.Context
	src   Source
	opts  Options
	keys  KeyMap
	st    *Styles
	help  help.Model
	w, h  int
	stack []screenID
	// ask is the question the footer puts to the person, nil when none.
	ask *question

	list    *listScreen
	detail  *detailScreen
	compare *compareScreen
	helpScr *helpScreen
	review  *reviewScreen
	assess  *assessScreen  // the desk (desk.go)
	history *historyScreen // the desk (desk.go)
	input   *deskLine      // the footer's line for a note or tags, nil when none
	viewAt  int            // the saved view v showed last (views.go), -1 none
	columns *columnsScreen // the column chooser (columns.go)

	timeline  *timelineScreen
	breakdown *breakdownScreen
	mapScr    *mapScreen

	gen     uint64
	loading bool
	note    string
	noteErr bool
}

// New returns the dashboard over src, ready to run or to drive in tests;
// its reads run under ctx.
func New(ctx context.Context, src Source, opts Options) Model {
	r := &root{ctx: ctx, src: src, opts: opts, keys: DefaultKeyMap(), stack: []screenID{screenList}}
	st := NewStyles(DarkTheme())
	if opts.NoColor {
		st = PlainStyles()
	}
	r.st = &st
	r.help = help.New()
	r.help.Styles = st.Help
	open := opts.OpenURL
	if open == nil {
		open = openInBrowser
	}
	c := common{ctx: ctx, st: r.st, keys: &r.keys}
	r.list = newList(c, src.Label(), opts.Query, opts.debounce())
	r.detail = newDetail(c, open)
	r.compare = newCompare(c)
	r.helpScr = newHelpScreen(c)
	r.review = newReview(c, src.Strike)
	r.timeline = newTimeline(c)
	r.breakdown = newBreakdown(c)
	loc, _ := src.(Locator)
	r.mapScr = newMapScreen(c, loc)
	r.assess, r.history = newAssess(c), newHistory(c)
	r.columns = newColumns(c)
	r.list.set = columnsNamed(opts.Columns)
	r.list.o, r.viewAt = order{key: opts.Sort, reverse: opts.Reverse}, -1
	return Model{r: r}
}

// Init asks the terminal for its background, loads the strikes and starts
// polling for changes.
func (m Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.r.load(), m.r.pollLater())
}

func (r *root) load() tea.Cmd {
	r.loading = true
	ctx, src := r.ctx, r.src
	if st, ok := src.(Streamer); ok {
		return stream(ctx, st)
	}
	return func() tea.Msg {
		sums, gen, err := src.Summaries(ctx)
		if err != nil {
			return loadedMsg{err: err}
		}
		c := corpusOf(sums, gen)
		c.prepare()
		return loadedMsg{c: c}
	}
}

// loads numbers the streams, for corpus.load.
var loads atomic.Uint64

// firstChunk is how many summaries a stream hands over before the first
// screen: a screenful and some.
const firstChunk = 200

// progressEvery is how often a stream says how much it has read.
const progressEvery = 250 * time.Millisecond

// stream loads the summaries from a Streamer: the list gets a partial
// corpus with the first of them, then a new one each time what is read
// has doubled (so that sorting them costs no more than sorting the whole
// once), a word of how much is read every progressEvery, and at last the
// whole load. The summaries go into the columns of one model.Index as
// they come (model.IndexBuilder); a partial corpus holds the index of
// those read so far, which later reads never touch.
func stream(ctx context.Context, st Streamer) tea.Cmd {
	msgs := make(chan chunkMsg, 1)
	go func() {
		defer close(msgs)
		b := model.NewIndexBuilder()
		load := loads.Add(1)
		last, lastLen := time.Now(), 0
		send := func(m chunkMsg) bool {
			select {
			case msgs <- m:
				return true
			case <-ctx.Done():
				return false
			}
		}
		gen, err := st.StreamSummaries(ctx, func(chunk []model.Summary, total int) error {
			b.Add(chunk)
			read := b.Len()
			total = max(total, read+1)
			if lastLen > 0 && time.Since(last) < progressEvery {
				return nil
			}
			last = time.Now()
			m := chunkMsg{read: read, total: total}
			if lastLen == 0 || read >= 2*lastLen {
				lastLen = read
				m.c = newCorpus(b.Index(), 0)
				m.c.total, m.c.load = total, load
				m.c.sorted(defaultOrder)
			}
			// A full channel means the screen is still busy with the last
			// word: skip this one rather than wait, unless it has a corpus.
			if m.c == nil {
				select {
				case msgs <- m:
				default:
				}
				return ctx.Err()
			}
			if !send(m) {
				return ctx.Err()
			}
			return nil
		})
		if err != nil {
			send(chunkMsg{err: err, done: true, read: b.Len()})
			return
		}
		c := newCorpus(b.Index(), gen)
		c.load = load
		c.prepare()
		send(chunkMsg{c: c, done: true, read: c.len(), total: c.len()})
	}()
	var next tea.Cmd
	next = func() tea.Msg {
		m, ok := <-msgs
		if !ok {
			return nil
		}
		m.next = next
		return m
	}
	return next
}

func (r *root) pollLater() tea.Cmd {
	d := r.opts.poll()
	if d < 0 {
		return nil
	}
	return tea.Tick(d, func(time.Time) tea.Msg { return pollMsg{} })
}

func (r *root) fetch(id string, to screenID, refresh bool) tea.Cmd {
	ctx, src := r.ctx, r.src
	return func() tea.Msg {
		s, err := src.Strike(ctx, id)
		var desk []model.DeskEntry
		if d, ok := src.(Desk); ok && err == nil {
			desk, _, err = d.DeskOf(ctx, s.ID)
		}
		return strikeMsg{id: id, to: to, refresh: refresh, strike: s, desk: desk, err: err}
	}
}

func (r *root) top() screenID { return r.stack[len(r.stack)-1] }

// linker is the source as people may change its links through, or nil,
// having said so, when they may not.
func (r *root) linker() Linker {
	l, ok := r.src.(Linker)
	if !ok {
		r.note, r.noteErr = "links cannot be changed in this data", true
		return nil
	}
	return l
}

func (r *root) focused() component {
	switch r.top() {
	case screenDetail:
		return r.detail
	case screenCompare:
		return r.compare
	case screenHelp:
		return r.helpScr
	case screenReview:
		return r.review
	case screenTimeline:
		return r.timeline
	case screenBreakdown:
		return r.breakdown
	case screenMap:
		return r.mapScr
	case screenAssess:
		return r.assess
	case screenHistory:
		return r.history
	case screenColumns:
		return r.columns
	}
	return r.list
}

func (r *root) push(s screenID) {
	if r.top() != s {
		r.stack = append(r.stack, s)
	}
	r.closeQuestion()
}

func (r *root) pop() {
	if len(r.stack) > 1 {
		r.stack = r.stack[:len(r.stack)-1]
	}
	r.closeQuestion()
}

// back leaves the focused screen. Leaving the review for the strike it
// came from reads that strike again: a link made or rejected there may
// have changed it (moved it under another).
func (r *root) back() tea.Cmd {
	from := r.top()
	r.pop()
	if from == screenReview && (r.top() == screenDetail || r.top() == screenCompare) && r.detail.strikeID() != "" {
		return r.fetch(r.detail.strikeID(), r.top(), true)
	}
	return nil
}

// closeQuestion closes the question when the person is no longer on the
// screen that asked it.
func (r *root) closeQuestion() {
	if r.ask != nil && r.ask.owner != r.top() {
		r.ask = nil
	}
}

func (r *root) resize(w, h int) {
	r.w, r.h = w, h
	bh := max(0, h-1)
	for _, c := range []component{r.list, r.detail, r.compare, r.helpScr, r.review, r.timeline, r.breakdown, r.mapScr, r.assess, r.history, r.columns} {
		c.SetSize(w, bh)
	}
	if r.hasTabs() { // the saved views' line above the list (views.go)
		r.list.SetSize(w, max(0, bh-1))
	}
	r.help.SetWidth(w)
}

func (r *root) restyle(dark bool) {
	if r.opts.NoColor {
		return
	}
	t := LightTheme()
	if dark {
		t = DarkTheme()
	}
	*r.st = NewStyles(t)
	r.help.Styles = r.st.Help
	r.detail.rebuild()
	r.compare.rebuild()
}

// Update routes a message: input to the focused screen, data to its owner.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	return m, m.r.update(msg)
}

func (r *root) update(msg tea.Msg) tea.Cmd {
	if cmd, ok := r.updateDesk(msg); ok { // the desk (desk.go)
		return cmd
	}
	if cmd, ok := r.updateColumns(msg); ok { // the column chooser (columns.go)
		return cmd
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		r.resize(msg.Width, msg.Height)
		if r.top() == screenMap && r.mapScr.ready {
			return r.mapScr.replace(nil) // a map of the new size, fitted again
		}
	case tea.BackgroundColorMsg:
		r.restyle(msg.IsDark())
	case tea.KeyPressMsg:
		r.note = ""
		return r.key(msg)
	case tea.PasteMsg:
		if r.input != nil {
			r.input.line.Update(msg)
			return nil
		}
		if r.focused().Capturing() {
			return r.focused().Update(msg)
		}
	case tea.MouseClickMsg:
		if r.top() == screenList && r.hasTabs() { // below the saved views' line (views.go)
			msg.Y--
		}
		return r.focused().Update(msg)
	case tea.MouseWheelMsg:
		return r.focused().Update(msg)
	case openMsg:
		return r.fetch(msg.id, msg.to, false)
	case strikeMsg:
		return r.gotStrike(msg)
	case queryMsg:
		r.stack = r.stack[:1]
		return r.list.SetQuery(msg.text)
	case unlinkMsg:
		l := r.linker()
		if l == nil {
			return nil
		}
		ctx := r.ctx
		r.note, r.noteErr = clean("unlinking "+msg.report+"… (the whole store is relinked)"), false
		return func() tea.Msg { return unlinkedMsg{report: msg.report, err: l.Unlink(ctx, msg.report)} }
	case linkStrikeMsg:
		l := r.linker()
		if l == nil {
			return nil
		}
		ctx := r.ctx
		r.note, r.noteErr = clean("linking "+msg.from+" into "+msg.into+"… (the whole store is relinked)"), false
		return func() tea.Msg {
			return linkedStrikeMsg{from: msg.from, into: msg.into, err: l.LinkStrike(ctx, msg.from, msg.into)}
		}
	case reviewStrikeMsg:
		return r.review.Update(msg)
	case rejectMsg:
		l := r.linker()
		if l == nil {
			return nil
		}
		ctx := r.ctx
		r.note, r.noteErr = clean("rejecting the possible link of "+msg.a+" and "+msg.b+"… (the whole store is relinked)"), false
		return func() tea.Msg { return rejectedMsg{a: msg.a, b: msg.b, err: l.RejectPossible(ctx, msg.a, msg.b)} }
	case rejectedMsg:
		if msg.err != nil {
			r.note, r.noteErr = clean("could not reject the possible link: "+msg.err.Error()), true
			return nil
		}
		r.note, r.noteErr = clean("kept apart: "+msg.a+" and "+msg.b+" are not offered as one strike again (strikes link --strike makes the link)"), false
		if r.loading {
			return nil
		}
		return r.load()
	case linkedStrikeMsg:
		if msg.err != nil {
			r.note, r.noteErr = clean("could not link "+msg.from+" into "+msg.into+": "+msg.err.Error()), true
			return nil
		}
		r.note, r.noteErr = clean("linked by hand: "+msg.from+" is shown under "+msg.into+" (u on one of its reports there keeps that report apart)"), false
		if r.loading {
			return nil
		}
		return r.load()
	case unlinkedMsg:
		if msg.err != nil {
			r.note, r.noteErr = clean("could not unlink "+msg.report+": "+msg.err.Error()), true
			return nil
		}
		r.note, r.noteErr = clean("unlinked "+msg.report+": its strike is kept apart (strikes link REPORT STRIKE undoes it)"), false
		if r.loading {
			return nil
		}
		return r.load()
	case askMsg:
		if msg.q.owner == r.top() && len(msg.q.choices) > 0 {
			r.ask = &msg.q
		}
	case backMsg:
		return r.back()
	case noteMsg:
		r.note, r.noteErr = clean(msg.text), msg.err
	case exportedMsg: // views.go
		r.exported(msg)
	case openURLMsg: // views.go
		return openCmd(r.detail.open, msg.url)
	case chunkMsg:
		r.list.read, r.list.total = msg.read, msg.total
		if msg.err != nil || msg.done {
			return r.update(loadedMsg{c: msg.c, err: msg.err})
		}
		if msg.c == nil {
			return msg.next
		}
		return tea.Batch(r.list.setCorpus(msg.c), msg.next)
	case loadedMsg:
		r.loading = false
		if msg.err != nil {
			r.list.setSourceError(msg.err.Error())
			return nil
		}
		r.list.setSourceError("")
		r.gen = msg.c.gen
		cmds := []tea.Cmd{r.list.setCorpus(msg.c)}
		if r.top() == screenDetail || r.top() == screenCompare || r.top() == screenReview {
			id := r.detail.strikeID()
			if r.top() == screenReview && r.review.s != nil {
				id = r.review.s.ID
			}
			cmds = append(cmds, r.fetch(id, r.top(), true))
		}
		return tea.Batch(cmds...)
	case pollMsg:
		ctx, src := r.ctx, r.src
		return func() tea.Msg {
			g, err := src.Generation(ctx)
			return genMsg{gen: g, err: err}
		}
	case genMsg:
		next := r.pollLater()
		if msg.err != nil {
			r.list.setSourceError(msg.err.Error())
			return next
		}
		if msg.gen != r.gen && !r.loading {
			return tea.Batch(r.load(), next)
		}
		return next
	case filterMsg, debounceMsg:
		return tea.Batch(r.list.Update(msg), r.refreshView())
	case viewMsg:
		r.push(msg.to)
		return r.refreshView()
	case timelineMsg:
		return r.timeline.Update(msg)
	case breakdownMsg:
		return r.breakdown.Update(msg)
	case placesMsg, mapMsg:
		return r.mapScr.Update(msg)
	default:
		if r.top() == screenAssess { // the form's own messages
			return r.assess.Update(msg)
		}
	}
	return nil
}

// refreshView hands the open view (timeline, breakdown) the list's
// filtered strikes when they changed, so that it follows the filter live.
func (r *root) refreshView() tea.Cmd {
	d := r.list.viewData()
	switch r.top() {
	case screenTimeline:
		if !r.timeline.data.same(d) {
			return r.timeline.setData(d)
		}
	case screenBreakdown:
		if !r.breakdown.data.same(d) {
			return r.breakdown.setData(d)
		}
	case screenMap:
		if !r.mapScr.data.same(d) || !r.mapScr.ready {
			return r.mapScr.setData(d)
		}
	}
	return nil
}

func (r *root) key(msg tea.KeyPressMsg) tea.Cmd {
	k := &r.keys
	switch {
	case key.Matches(msg, k.ForceQuit):
		return tea.Quit
	case r.ask != nil: // y or n, nothing else
		done, cmd := r.ask.answer(msg, k)
		if done {
			r.ask = nil
		}
		return cmd
	case r.input != nil: // the desk's line (desk.go)
		return r.inputKey(msg)
	case r.focused().Capturing():
		return r.focused().Update(msg)
	}
	if cmd, ok := r.deskKey(msg); ok { // the desk (desk.go)
		return cmd
	}
	if cmd, ok := r.viewKey(msg); ok { // saved views (views.go)
		return cmd
	}
	switch {
	case key.Matches(msg, k.Help) && r.top() != screenHelp:
		r.helpScr.show(r.focused())
		r.push(screenHelp)
		return nil
	case r.top() != screenList && (key.Matches(msg, k.Back) || r.top() == screenHelp && key.Matches(msg, k.Help)):
		return r.back()
	}
	return r.focused().Update(msg)
}

func (r *root) gotStrike(msg strikeMsg) tea.Cmd {
	if msg.err != nil {
		if !msg.refresh {
			r.note, r.noteErr = clean("could not read strike "+msg.id+": "+msg.err.Error()), true
		}
		return nil
	}
	if msg.refresh && msg.to != screenReview && r.detail.strikeID() != msg.id {
		return nil
	}
	if msg.to == screenReview {
		r.review.SetStrike(&msg.strike)
		if !msg.refresh {
			r.push(msg.to)
		}
		return r.review.fetch()
	}
	r.detail.SetDesk(msg.desk)
	r.compare.SetDesk(msg.desk)
	r.detail.SetStrike(&msg.strike)
	r.compare.SetStrike(&msg.strike)
	if !msg.refresh {
		r.push(msg.to)
		r.ask = nil // another strike: the question was about the last one
		return nil
	}
	if r.ask != nil {
		if s, ok := r.focused().(reasker); ok {
			q, gone := s.reask(*r.ask)
			r.ask = &q
			if gone {
				r.ask = nil
				r.note, r.noteErr = goneNote[q.kind], true
			}
		}
	}
	return nil
}

// goneNote says, by kind of question, that a reload took away what the
// open question asked about.
var goneNote = map[string]string{
	"unlink": "the report asked about is no longer linked here: the store changed",
}

// View renders the focused screen and the footer.
func (m Model) View() tea.View {
	v := tea.NewView(m.r.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "strikes"
	return v
}

func (r *root) render() string {
	if r.w <= 0 || r.h <= 0 {
		return ""
	}
	if r.w < minWidth || r.h < minHeight {
		msg := "strikes needs at least " + strconv.Itoa(minWidth) + "×" + strconv.Itoa(minHeight) +
			" (this is " + strconv.Itoa(r.w) + "×" + strconv.Itoa(r.h) + ")"
		return clip(strings.Join(wrap(msg, r.w, r.h), "\n"), r.w, r.h)
	}
	f := r.focused()
	view := f.View()
	if r.top() == screenList && r.hasTabs() {
		view = r.tabsLine() + "\n" + view
	}
	body := clip(view, r.w, r.h-1)
	if n := strings.Count(body, "\n") + 1; n < r.h-1 {
		body += strings.Repeat("\n", r.h-1-n)
	}
	var footer string
	switch {
	case r.ask != nil:
		footer = r.st.Contested.Render(truncate(r.ask.text(), r.w))
	case r.input != nil:
		r.input.line.width = r.w
		footer = r.input.line.View(r.st, "")
	case r.note != "" && r.noteErr:
		footer = r.st.Error.Render(truncate(r.note, r.w))
	case r.note != "":
		footer = r.st.Title.Render(truncate(r.note, r.w))
	default:
		footer = r.help.ShortHelpView(f.ShortHelp())
	}
	return body + "\n" + clip(footer, r.w, 1)
}
