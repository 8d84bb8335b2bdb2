package ingest

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/strikes-dev/strikes/model"
)

// airwarsSources is the Airwars sources file loaded into memory, keyed by
// incident code (about 13 MB of text for 66k rows; loaded once).
//
// Rows with kind "source" and "api_link:content.rendered" (the outlets
// named in the case text, such as RS0232's Facebook post) are the
// incident's citations; other "api_link:" rows are links: those under
// "acf.belligerents[i]" belong to the i-th belligerent's report, the rest
// (victim pages, declassified assessments, press releases) to Airwars'.
type airwarsSources map[string][]airwarsSource

type airwarsSource struct {
	order      int
	cite       bool // a citation; otherwise a link only
	belligeren int  // index into belligerent_details_json, -1 for none
	citation   model.Citation
}

// sourcesPath decides which sources file to read; "" means none.
func sourcesPath(incidents string, opts Options) (string, error) {
	switch opts.SourcesPath {
	case "none":
		return "", nil
	case "":
		p := filepath.Join(filepath.Dir(incidents), "syria-sources.csv")
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("no Airwars sources file beside %s (looked for %s); name it with the sources option, or say \"none\" to import the incidents without their sources", incidents, p)
		}
		return p, nil
	}
	return opts.SourcesPath, nil
}

// loadAirwarsSources reads the sources file at path.
func loadAirwarsSources(path string, opts Options) (airwarsSources, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening the Airwars sources file: %w", err)
	}
	defer f.Close()
	return readAirwarsSources(path, f, opts)
}

func readAirwarsSources(path string, r io.Reader, opts Options) (airwarsSources, error) {
	br, err := skipBOM(r)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	src, err := newCSVSource(path, br, opts)
	if err != nil {
		return nil, err
	}
	c, err := src.columns("Airwars sources", []string{"code", "kind", "url"},
		[]string{"order", "name", "date", "language", "archive_url"})
	if err != nil {
		return nil, err
	}
	out := airwarsSources{}
	for {
		err := src.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err == nil {
			err = out.add(src, c)
		}
		if err != nil {
			if err = src.rj.reject(err); err != nil {
				return nil, err
			}
		}
	}
	for _, list := range out {
		slices.SortStableFunc(list, func(a, b airwarsSource) int { return a.order - b.order })
	}
	return out, nil
}

func (out airwarsSources) add(src *csvSource, c map[string]int) error {
	code := src.cell(c["code"])
	if code == "" {
		return src.errf(c["code"], "is empty; every source row needs the code of its incident")
	}
	s := airwarsSource{belligeren: -1}
	if v := src.cell(c["order"]); v != "" {
		n, err := src.number(c["order"], v)
		if err != nil {
			return err
		}
		s.order = int(n)
	}
	kind := src.cell(c["kind"])
	s.citation = model.Citation{URL: src.cell(c["url"]), Archive: src.cell(c["archive_url"])}
	switch {
	case kind == "source":
		s.cite = true
		s.citation.Name = src.cell(c["name"])
		s.citation.Date = src.cell(c["date"])
		s.citation.Language = strings.Join(strings.Fields(src.cell(c["language"])), " ")
	case kind == "api_link:content.rendered":
		s.cite = true
		s.citation.Name = src.cell(c["name"])
	case strings.HasPrefix(kind, "api_link:acf.belligerents["):
		rest := kind[len("api_link:acf.belligerents["):]
		if i := strings.IndexByte(rest, ']'); i > 0 {
			if n, err := strconv.Atoi(rest[:i]); err == nil {
				s.belligeren = n
			}
		}
	case strings.HasPrefix(kind, "api_link:"):
	default:
		return src.errf(c["kind"], "%q is not a kind of source (want source or api_link:...)", kind)
	}
	if !s.cite && s.citation.URL == "" {
		return nil
	}
	out[code] = append(out[code], s)
	return nil
}

// of returns the sources of an incident: by its full code, else by its
// first code.
func (out airwarsSources) of(code string, codes []string) []airwarsSource {
	if l, ok := out[code]; ok {
		return l
	}
	for _, c := range codes {
		if l, ok := out[c]; ok {
			return l
		}
	}
	return nil
}
