package model

import "strings"

// AliasRow is one row of an alias table as shipped (model/aliases/*.tsv):
// the canonical key, the display name, the other spellings and, for
// places, the Arabic name, the governorate and the key of the town a
// neighbourhood or landmark lies in.
type AliasRow struct {
	Key     string
	Name    string
	Aliases []string
	Arabic  string
	Admin1  string
	In      string
}

// ActorRows returns the rows of the actor alias table, in file order.
func ActorRows() []AliasRow { return aliasRows(actorsTSV) }

// PlaceRows returns the rows of the place alias table, in file order.
func PlaceRows() []AliasRow { return aliasRows(placesTSV) }

// SourceRows returns the rows of the source alias table, in file order.
func SourceRows() []AliasRow { return aliasRows(sourcesTSV) }

func aliasRows(tsv string) []AliasRow {
	var out []AliasRow
	for _, line := range strings.Split(tsv, "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		r := AliasRow{Key: cols[0]}
		if len(cols) > 1 {
			r.Name = cols[1]
		}
		if len(cols) > 2 {
			for _, a := range strings.Split(cols[2], "|") {
				if a = strings.TrimSpace(a); a != "" {
					r.Aliases = append(r.Aliases, a)
				}
			}
		}
		if len(cols) > 3 {
			r.Arabic = cols[3]
		}
		if len(cols) > 4 {
			r.Admin1 = cols[4]
		}
		if len(cols) > 5 {
			r.In = cols[5]
		}
		out = append(out, r)
	}
	return out
}
