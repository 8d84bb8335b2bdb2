package ingest

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/strikes-dev/strikes/model"
)

// The draft's text: the settings, the columns and the constants, each
// line with what the draft saw, and what it could not place.

// datasetName names a dataset after its file: "raw_yemen_data".
func datasetName(file string) string {
	base := filepath.Base(file)
	if i := strings.IndexByte(base, '['); i > 0 {
		base = base[:i]
	}
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// text writes the draft.
func (d *draft) text() string {
	var b strings.Builder
	name := datasetName(d.src.file)
	fmt.Fprintf(&b, "# A first draft of a map for %s, written by strikes import --draft-map from its\n", commentSafe(filepath.Base(d.src.file)))
	fmt.Fprintf(&b, "# header and first %d rows. Every line is a guess: check it against what the\n", len(d.rows))
	b.WriteString("# publisher says each column means (what a figure counts, what an empty cell means)\n")
	b.WriteString("# and see what it gives before importing:\n")
	fmt.Fprintf(&b, "#   strikes import --map THIS.toml --dry-run %s\n", commentSafe(filepath.Base(strings.SplitN(d.src.file, "[", 2)[0])))
	b.WriteString("# The settings are explained in docs/IMPORTING.md.\n")
	if d.known != "" && d.known != FormatCSV {
		fmt.Fprintf(&b, "#\n# strikes knows this file (%s) and imports it without a map; use this draft only to\n# read it differently.\n", d.known)
	}
	b.WriteString("\n")
	top := []entry{{"dataset", tomlString(name), ""}, {"id_prefix", tomlString(idPrefix(name)), "IDs read \"" + idPrefix(name) + ":...\""}}
	if d.src.sheet {
		top = append(top, entry{"sheet", tomlString(sheetName(d.src.file)), ""})
	}
	if d.src.text != nil && d.src.text.mode == textCP1252 {
		top = append(top, entry{"encoding", `"windows-1252"`, "the file is not UTF-8"})
	}
	if d.dateOrder.key != "" {
		top = append(top, d.dateOrder)
	}
	if d.unreadable.key != "" {
		top = append(top, d.unreadable)
	} else if len(d.killed)+len(d.injured) > 0 {
		top = append(top, entry{"# unreadable", `"note"`, "a count cell that is no count (\"2,2\"): refused (the default), or kept as a note"})
	}
	if len(d.notReported) > 0 {
		q := make([]string, len(d.notReported))
		for i, v := range d.notReported {
			q[i] = tomlString(v)
		}
		top = append(top, entry{"not_reported", "[" + strings.Join(q, ", ") + "]", "seen in the rows read; an empty cell is not reported too"})
	}
	if len(d.group) > 0 {
		top = append(top, entry{"group_by", "[" + tomlString(d.group[0]) + "]", ""})
		if d.sorted {
			top = append(top, entry{"sorted", "true", "the rows of a group are adjacent, so the file streams"})
		}
	}
	top = append(top, entry{"other_columns", `"notes"`, "every column not named below is kept as a note"})
	if len(d.ignore) > 0 {
		q := make([]string, len(d.ignore))
		for i, v := range d.ignore {
			q[i] = tomlString(v)
		}
		top = append(top, entry{"ignore", "[" + strings.Join(q, ", ") + "]", "long text, left out: prose is never copied into a summary"})
	}
	writeEntries(&b, top)
	b.WriteString("\n[columns]\n")
	writeEntries(&b, d.columns)
	if len(d.killed) > 0 {
		b.WriteString("\n[columns.killed]   # category = column, or { min = ..., max = ... }\n")
		writeEntries(&b, d.killed)
	}
	if len(d.injured) > 0 {
		b.WriteString("\n[columns.injured]\n")
		writeEntries(&b, d.injured)
	}
	b.WriteString("\n[constants]\n")
	writeEntries(&b, d.constants)
	b.WriteString("# attackers = [\"...\"]   # if the dataset's scope implies who attacked (no column says),\n")
	b.WriteString("#                       # name it here, with a [[notes]] value saying it is implied\n")
	if len(d.killed)+len(d.injured) == 0 {
		b.WriteString("\n# No column reads as killed or injured figures. Name them under [columns.killed]\n# and [columns.injured] (see docs/IMPORTING.md).\n")
	}
	if len(d.notes) > 0 {
		b.WriteString("\n# Not placed in a field:\n")
		for _, n := range d.notes {
			b.WriteString("#   " + n + "\n")
		}
	}
	return b.String()
}

func writeEntries(b *strings.Builder, es []entry) {
	width := 0
	for _, e := range es {
		width = max(width, len(e.key)+3+len(e.value))
	}
	for _, e := range es {
		line := e.key + " = " + e.value
		if e.comment != "" {
			line += strings.Repeat(" ", max(1, width-len(line)+2)) + "# " + e.comment
		}
		b.WriteString(line + "\n")
	}
}

// idPrefix makes an ID prefix of a dataset name: "raw-yemen-data".
func idPrefix(name string) string {
	p := strings.ReplaceAll(model.Fold(name), " ", "-")
	p = strings.ReplaceAll(p, "_", "-")
	if p == "" {
		return "csv"
	}
	return p
}

func sheetName(file string) string {
	i := strings.LastIndexByte(file, '[')
	if i < 0 {
		return ""
	}
	return strings.TrimSuffix(file[i+1:], "]")
}

// commentSafe makes s fit in a TOML comment, which holds no control
// characters.
func commentSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' || r == 0x7f {
			return '?'
		}
		return r
	}, s)
}
