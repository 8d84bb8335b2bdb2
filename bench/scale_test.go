// Package bench holds the scale benchmarks of BENCHMARKS.md: import,
// open to first frame, key presses, filter typing, the compare view,
// memory and check, each at 10k, 100k and 1M synthetic reports
// (internal/synth), and at 5M when STRIKES_BENCH_SIZES names it. They run
// only with -bench; STRIKES_BENCH_SIZES=10k,100k narrows the sizes. See
// BENCHMARKS.md for how to run.
package bench

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/strikes-dev/strikes/cmd/strikesgen/synth"
	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/store"
	"github.com/strikes-dev/strikes/store/ingest"
	"github.com/strikes-dev/strikes/ui"
)

const seed = 1

var sizes = []struct {
	name    string
	reports int
	// asked runs the size only when STRIKES_BENCH_SIZES names it: 5M
	// takes a quarter of an hour to import and 3 GB of disk.
	asked bool
}{{"10k", 10_000, false}, {"100k", 100_000, false}, {"1M", 1_000_000, false}, {"5M", 5_000_000, true}}

// eachSize runs fn as a sub-benchmark per size, honouring
// STRIKES_BENCH_SIZES.
func eachSize(b *testing.B, fn func(b *testing.B, reports int)) {
	want := os.Getenv("STRIKES_BENCH_SIZES")
	for _, s := range sizes {
		named := slices.Contains(strings.Split(want, ","), s.name)
		if (want != "" || s.asked) && !named {
			continue
		}
		b.Run(s.name, func(b *testing.B) { fn(b, s.reports) })
	}
}

var (
	dirOnce sync.Once
	dir     string
	// persistent is $STRIKES_BENCH_DIR, which is not removed.
	persistent string
	mu         sync.Mutex
	files      = map[string]string{}
	stores     = map[int]string{}
)

func TestMain(m *testing.M) {
	code := m.Run()
	if dir != "" && persistent == "" {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// workDir is where stores are built: $STRIKES_BENCH_DIR, kept between
// runs (bench/run.sh uses it so that each size's store is built once), or
// a temporary directory removed at the end.
func workDir(b *testing.B) string {
	dirOnce.Do(func() {
		if d := os.Getenv("STRIKES_BENCH_DIR"); d != "" {
			if err := os.MkdirAll(d, 0o755); err != nil {
				panic(err)
			}
			persistent, dir = d, d
			return
		}
		d, err := os.MkdirTemp("", "strikes-bench-")
		if err != nil {
			panic(err)
		}
		dir = d
	})
	return dir
}

// input returns the path of the generated file of a format (jsonl or
// ucdp) and size, written once into the work directory. Imports stream it
// from there, as strikes import does: a benchmark holding its input in
// memory would measure an import in a process that holds 400 MB more.
func input(b *testing.B, format string, reports int) string {
	mu.Lock()
	defer mu.Unlock()
	k := format + strconv.Itoa(reports)
	if p, ok := files[k]; ok {
		return p
	}
	p := filepath.Join(workDir(b), fmt.Sprintf("input-%s.%s", k, format))
	f, err := os.Create(p)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	g := synth.New(synth.Options{Seed: seed, Reports: reports})
	if format == "jsonl" {
		_, _, err = synth.WriteJSONL(w, g)
	} else {
		_, err = synth.WriteUCDP(w, g)
	}
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		b.Fatal(err)
	}
	files[k] = p
	return p
}

// importFile imports data into a new store at path and returns the rows
// (reports) read.
func importFile(b *testing.B, path, format, input string) int {
	st, err := store.Open(path, store.Options{Create: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	in, err := os.Open(input)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	f := ingest.FormatJSONL
	name := "synthetic"
	if format == "ucdp" {
		f, name = ingest.FormatUCDP, "synthetic-ucdp"
	}
	rd, err := ingest.Open(f, "synthetic."+format, in, ingest.Options{Dataset: name})
	if err != nil {
		b.Fatal(err)
	}
	rows := 0
	next := func() (*model.Strike, error) {
		s, err := rd.Next()
		if err == nil {
			rows += len(s.Reports)
		}
		return s, err
	}
	if _, err := st.Import(context.Background(), store.Dataset{Name: name, Format: f}, next); err != nil {
		b.Fatal(err)
	}
	return rows
}

// storeOf returns the path of a store holding the synthetic JSON Lines of
// this size plus one strike of 12 reports (synth:compare12), built once.
func storeOf(b *testing.B, reports int) string {
	workDir(b) // sets persistent
	mu.Lock()
	p, ok := stores[reports]
	if !ok && persistent != "" {
		// A store kept from an earlier run needs no input.
		p = filepath.Join(persistent, fmt.Sprintf("store-%d.db", reports))
		if _, err := os.Stat(p); err == nil {
			stores[reports], ok = p, true
		}
	}
	mu.Unlock()
	if ok {
		return p
	}
	data := input(b, "jsonl", reports)
	mu.Lock()
	defer mu.Unlock()
	if p, ok := stores[reports]; ok {
		return p
	}
	p = filepath.Join(workDir(b), fmt.Sprintf("store-%d.db", reports))
	importFile(b, p, "jsonl", data)
	st, err := store.Open(p, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := st.PutStrikes(compare12()); err != nil {
		b.Fatal(err)
	}
	st.Close()
	stores[reports] = p
	return p
}

// compare12 is a synthetic strike with 12 reports.
func compare12() *model.Strike {
	g := synth.New(synth.Options{Seed: 99, Reports: 400})
	s := g.Next()
	for len(s.Reports) < 12 {
		t := g.Next()
		s.Reports = append(s.Reports, t.Reports...)
	}
	s.Reports = s.Reports[:12]
	s.ID = "synth:compare12"
	for i := range s.Reports {
		s.Reports[i].ID = fmt.Sprintf("synth:compare12/%d", i+1)
		s.Reports[i].Date, s.Reports[i].Place = s.Date, s.Place
	}
	return s
}

// driver feeds messages to the dashboard and runs its commands
// synchronously, as ui's own tests do.
type driver struct {
	tb testing.TB
	m  tea.Model
}

func opts() ui.Options {
	return ui.Options{NoColor: true, Debounce: -1, Poll: -1, OpenURL: func(string) error { return nil }}
}

func newDriver(tb testing.TB, src ui.Source) *driver {
	d := &driver{tb: tb, m: ui.New(context.Background(), src, opts())}
	d.run(d.m.Init())
	d.send(tea.WindowSizeMsg{Width: 160, Height: 50})
	return d
}

func (d *driver) send(msg tea.Msg) {
	m, cmd := d.m.Update(msg)
	d.m = m
	d.run(cmd)
}

func (d *driver) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			d.run(c)
		}
	default:
		if reflect.TypeOf(msg).PkgPath() == "charm.land/bubbletea/v2" {
			return
		}
		d.send(msg)
	}
}

// waitIndex types a filter and clears it again, so that what a first
// filter does once (folding the index's values) is not in the figures.
func (d *driver) waitIndex() {
	d.step(keyMsg("/"))
	d.step(keyMsg("x"))
	d.step(keyMsg("esc"))
}

func (d *driver) view() string { return d.m.View().Content }

func (d *driver) screen() string { return ansi.Strip(d.view()) }

// step is a key press as the program handles it: Update, the commands it
// starts (run to completion), View.
func (d *driver) step(msg tea.Msg) {
	d.send(msg)
	_ = d.view()
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: string(r)}
}

// BenchmarkImport imports the synthetic data into a new store, from the
// UCDP-shaped CSV (one strike per row) and from JSON Lines (strikes of
// 1-6 reports), parsing included.
func BenchmarkImport(b *testing.B) {
	for _, format := range []string{"ucdp", "jsonl"} {
		b.Run(format, func(b *testing.B) {
			eachSize(b, func(b *testing.B, reports int) {
				data := input(b, format, reports)
				b.ResetTimer() // generating the file is not the import
				rows := 0
				for i := 0; i < b.N; i++ {
					p := filepath.Join(workDir(b), fmt.Sprintf("import-%d.db", i))
					rows += importFile(b, p, format, data)
					b.StopTimer()
					os.Remove(p)
					os.Remove(p + ".lock")
					b.StartTimer()
				}
				b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
				b.ReportMetric(0, "ns/op")
				b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/import")
			})
		})
	}
}

// BenchmarkFirstFrame is the time from opening an existing store to the
// first full list View.
func BenchmarkFirstFrame(b *testing.B) {
	eachSize(b, func(b *testing.B, reports int) {
		p := storeOf(b, reports)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			d := newDriver(b, store.NewFileSource(p))
			if s := d.screen(); !strings.Contains(s, "synthetic") {
				b.Fatalf("no rows on the first frame:\n%s", s)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/open")
	})
}

// percentiles reports the mean, p50 and p99 of the samples, in ms.
func percentiles(b *testing.B, ds []time.Duration, unit string) {
	slices.Sort(ds)
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	ms := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }
	b.ReportMetric(ms(sum/time.Duration(len(ds))), "ms/"+unit)
	b.ReportMetric(ms(ds[len(ds)/2]), "p50-ms")
	b.ReportMetric(ms(ds[len(ds)*99/100]), "p99-ms")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkKey is one key press in the list (Update plus View).
func BenchmarkKey(b *testing.B) {
	for _, k := range []string{"j", "pgdown"} {
		b.Run(k, func(b *testing.B) {
			eachSize(b, func(b *testing.B, reports int) {
				d := newDriver(b, store.NewFileSource(storeOf(b, reports)))
				msg := keyMsg(k)
				ds := make([]time.Duration, 0, b.N)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					t := time.Now()
					d.step(msg)
					ds = append(ds, time.Since(t))
					if i%2000 == 1999 {
						d.step(keyMsg("g"))
					}
				}
				percentiles(b, ds, "key")
			})
		})
	}
}

// filterQueries are typed one key at a time; each is 12 characters.
var filterQueries = []struct{ name, q string }{
	{"actor", "actor:russia"},
	{"city", "city:sarmada"},
	{"date", "date:2016-03"},
	{"free", "homs monitor"},
	{"figure", "killed>=1000"},
}

// BenchmarkFilterTyping types a 12-character filter one key at a time and
// measures each key until its results are on screen (every key is
// filtered, as if it outlasted the debounce). max-field-ms is the slowest
// key typed after a field's colon or comparison, the indexed filter's
// own target; the keys before it are a free word ("a", "ac", ...), whose
// target is free text's.
func BenchmarkFilterTyping(b *testing.B) {
	for _, fq := range filterQueries {
		b.Run(fq.name, func(b *testing.B) {
			eachSize(b, func(b *testing.B, reports int) {
				d := newDriver(b, store.NewFileSource(storeOf(b, reports)))
				d.waitIndex()
				var ds []time.Duration
				var field time.Duration // the slowest key typed after a field's colon or comparison
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					d.step(keyMsg("/"))
					for k, r := range fq.q {
						t := time.Now()
						d.step(tea.KeyPressMsg{Code: r, Text: string(r)})
						ds = append(ds, time.Since(t))
						if c := strings.IndexAny(fq.q, ":<>="); c >= 0 && k > c {
							field = max(field, time.Since(t))
						}
					}
					b.StopTimer()
					if s := d.screen(); !strings.Contains(s, fq.q) {
						b.Fatalf("the query is not on screen:\n%s", s)
					}
					d.step(keyMsg("esc"))
					b.StartTimer()
				}
				percentiles(b, ds, "key")
				if field > 0 {
					b.ReportMetric(float64(field.Nanoseconds())/1e6, "max-field-ms")
				}
			})
		})
	}
}

// BenchmarkCompare opens the compare view of a strike with 12 reports
// from the list (c: read the strike from the store, render it), then
// scrolls it (l).
func BenchmarkCompare(b *testing.B) {
	eachSize(b, func(b *testing.B, reports int) {
		d := newDriver(b, store.NewFileSource(storeOf(b, reports)))
		d.step(keyMsg("/"))
		for _, r := range "id:synth:compare12" {
			d.step(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
		d.step(keyMsg("enter"))
		var open, scroll []time.Duration
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			t := time.Now()
			d.step(keyMsg("c"))
			open = append(open, time.Since(t))
			t = time.Now()
			d.step(keyMsg("l"))
			scroll = append(scroll, time.Since(t))
			b.StopTimer()
			if i == 0 && !strings.Contains(d.screen(), "Synthetic") {
				b.Fatalf("no compare view:\n%s", d.screen())
			}
			d.step(keyMsg("esc"))
			b.StartTimer()
		}
		percentiles(b, open, "open")
		slices.Sort(scroll)
		b.ReportMetric(float64(scroll[len(scroll)*99/100].Nanoseconds())/1e6, "p99-scroll-ms")
	})
}

func rss() uint64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n << 10
		}
	}
	return 0
}

var keep []tea.Model

// BenchmarkMemory opens the dashboard on a store and reports the Go heap
// in use, and the growth of the process's RSS, per report once the first
// frame is drawn and the query index built (after a GC).
func BenchmarkMemory(b *testing.B) {
	eachSize(b, func(b *testing.B, reports int) {
		p := storeOf(b, reports)
		var heap, grow float64
		for i := 0; i < b.N; i++ {
			keep = nil
			runtime.GC()
			debug.FreeOSMemory()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			r0 := rss()
			d := newDriver(b, store.NewFileSource(p))
			d.waitIndex()
			keep = append(keep, d.m)
			runtime.GC()
			runtime.ReadMemStats(&after)
			heap = float64(after.HeapInuse) - float64(before.HeapInuse)
			grow = float64(rss()) - float64(r0)
		}
		b.ReportMetric(heap/float64(reports), "heap-B/report")
		b.ReportMetric(grow/float64(reports), "rss-B/report")
		b.ReportMetric(0, "ns/op")
		keep = nil
	})
}

// BenchmarkCheck runs the consistency check (strikes check) on the store.
func BenchmarkCheck(b *testing.B) {
	eachSize(b, func(b *testing.B, reports int) {
		p := storeOf(b, reports)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			rep, err := store.Check(p)
			if err != nil {
				b.Fatal(err)
			}
			if !rep.OK() {
				b.Fatal(rep.Problems)
			}
		}
		b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/check")
	})
}
