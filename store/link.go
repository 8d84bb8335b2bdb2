package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/strikes-dev/strikes/model"
)

// The link overlay. Records are kept as imported; what the linker
// (model.Link) decides is written beside them, in four buckets
// (schema.go), and applied when strikes are read:
//
//   - links: one entry per strike shown under another (key: its ID) and
//     per report a person moved (key: home ID + 0x00 + report ID), with
//     the target, the reason and the score.
//   - linked: one entry per strike whose shown reports differ from its
//     record (a target, or a home a person moved a report out of): the
//     keys of the links into it and the summary of the strike as shown,
//     so that Summaries reads no report.
//   - possible: the links the linker found but did not make, under both
//     strikes.
//   - decisions: what people decided (strikes link / unlink), by report
//     ID; the linker's input, never its output.
//
// relink rewrites links, linked and possible from the records and the
// decisions; it runs inside every import's atomic write and on demand
// (Relink). A store written before these buckets lacks them: a missing
// bucket reads as empty, and the first relink creates them.

// OverlayVersion numbers the overlay's layout and the linker's rules
// (model.Link): a store derived with another, such as a cached demo, is
// stale. strikes link --rebuild refreshes a user's store, and so does its
// next import. 3: figures compared by category, joint assignment,
// citations followed (issue 15). 4: place names spelled two ways matched
// by their skeleton, names of several places by each, and a record told
// as several linked to its one closely agreeing candidate (issue 15's
// tuning). 5: a record placed only near a town (model.PlaceNearTown, UCDP
// GED's where_prec 2) matched to a record within 25 km of the town's
// point (UCDP rows imported before keep village/town until imported
// again).
const OverlayVersion = 5

// ManualReason is the reason of a link a person made.
const ManualReason = "linked by hand"

// LinkStats says what a relink did.
type LinkStats struct {
	// Links counts the strikes shown under another strike, Manual the
	// reports a person moved, Possible the pairs kept as possible links.
	Links, Manual, Possible int
	// Partial says the relink was of an import's days only
	// (relink_days.go); Possible then counts the possible links of the
	// strikes it relinked, Strikes how many it relinked.
	Partial bool
	Strikes int
	// Took is how long the relink took.
	Took time.Duration
}

// Relink runs the linker over the whole store and rewrites the link
// overlay, as one atomic change with a new generation.
func (s *Store) Relink(ctx context.Context) (LinkStats, error) {
	return s.relinkWith(ctx, nil)
}

// Link decides that a report is shown under the strike into (`strikes
// link REPORT STRIKE`), or, when into is "" or the report's own strike,
// that the report's strike is kept apart from every other (`strikes
// unlink REPORT`). The decision is stored, survives re-imports and
// rebuilds, and the store is relinked at once.
func (s *Store) Link(ctx context.Context, report, into string) (LinkStats, error) {
	return s.relinkWith(ctx, &decideReq{report: report, into: into})
}

// Unlink is Link(ctx, report, "").
func (s *Store) Unlink(ctx context.Context, report string) (LinkStats, error) {
	return s.Link(ctx, report, "")
}

// RejectPossible decides that the strikes a and b are not one strike: the
// possible link between them is no longer offered (strikes link --review,
// x in the dashboard's review). Making the link later (LinkStrike) takes
// the rejection back. The decision is stored and survives rebuilds.
func (s *Store) RejectPossible(ctx context.Context, a, b string) (LinkStats, error) {
	if a == b {
		return LinkStats{}, fmt.Errorf("strike %s cannot be rejected as a link to itself", a)
	}
	return s.relinkWith(ctx, &decideReq{reject: [2]string{a, b}})
}

// PossibleLinks returns every possible link left to a person, each once,
// best first (of equal scores, by their strikes' IDs).
func (s *Store) PossibleLinks(ctx context.Context) ([]model.LinkCandidate, error) {
	var out []model.LinkCandidate
	seen := map[[2]string]bool{}
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketPossible)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			cs, err := decodePossible(v)
			if err != nil {
				return damaged(err, "possible links of strike %s", k)
			}
			for _, c := range cs {
				if pair := [2]string{c.From, c.To}; !seen[pair] {
					seen[pair] = true
					out = append(out, c)
				}
			}
			return nil
		})
	})
	slices.SortStableFunc(out, func(x, y model.LinkCandidate) int {
		return cmp.Or(cmp.Compare(y.Score, x.Score), cmp.Compare(x.From, y.From), cmp.Compare(x.To, y.To))
	})
	return out, err
}

// Rejected returns the pairs of strikes people said are not one strike,
// the lesser ID first.
func (s *Store) Rejected() ([][2]string, error) {
	var out [][2]string
	err := s.view(func(tx *bolt.Tx) error {
		set, err := readRejected(tx)
		for p := range set {
			out = append(out, p)
		}
		return err
	})
	slices.SortFunc(out, func(x, y [2]string) int { return cmp.Or(cmp.Compare(x[0], y[0]), cmp.Compare(x[1], y[1])) })
	return out, err
}

// LinkStrike decides that every report the strike from was imported with
// is shown under the strike into: Link of each, in one relink. It is how
// a person makes a possible link.
func (s *Store) LinkStrike(ctx context.Context, from, into string) (LinkStats, error) {
	if from == into {
		return LinkStats{}, fmt.Errorf("strike %s cannot be linked into itself", from)
	}
	return s.relinkWith(ctx, &decideReq{strike: from, into: into})
}

func (s *Store) relinkWith(ctx context.Context, req *decideReq) (LinkStats, error) {
	if err := s.writable(); err != nil {
		return LinkStats{}, err
	}
	var st LinkStats
	err := s.updateInPlace(func(tx *bolt.Tx) error {
		var err error
		if st, err = relink(ctx, tx, req, false, nil, nil, req == nil); err != nil {
			return err
		}
		meta := tx.Bucket(bucketMeta)
		gen, _ := getUint64(meta.Get(metaGeneration))
		return meta.Put(metaGeneration, putUint64(gen+1))
	})
	return st, err
}

// decideReq is a decision to store before relinking: on one report, on
// every report of a strike's record, or the rejection of a possible link.
type decideReq struct {
	report, strike, into string
	reject               [2]string
}

// decides says whether req decides on reports (a link or an unlink), not
// only on a pair of strikes (a rejection).
func (req *decideReq) decides() bool { return req != nil && req.reject[0] == "" }

// movedWith names, for an unlink of a report a person moved (strikes
// link, or a possible link made by hand, which moves every report of its
// strike), the other reports moved from the same strike into the same
// one: an unlink undoes the whole move, so that no report of it is left
// behind "linked by hand".
func (req *decideReq) movedWith(decided map[string]model.Decision) []string {
	d, ok := decided[req.report]
	if req.into != "" || req.report == "" || !ok || d.Into == "" || d.Into == d.Home {
		return nil
	}
	var out []string
	for _, x := range decided {
		if x.Report != d.Report && x.Home == d.Home && x.Into == d.Into {
			out = append(out, x.Report)
		}
	}
	slices.Sort(out)
	return out
}

// reports names the reports req decides on.
func (req *decideReq) reports(strikes *bolt.Bucket) ([]string, error) {
	if req.strike == "" {
		return []string{req.report}, nil
	}
	rec := strikes.Get([]byte(req.strike))
	if rec == nil {
		return nil, storeErr(ErrNotFound, nil, "no strike with ID %s", req.strike)
	}
	st, err := decodeForLink(rec, nil, true)
	if err != nil {
		return nil, damaged(err, "strike %s", req.strike)
	}
	var ids []string
	for i := range st.Reports {
		ids = append(ids, st.Reports[i].ID)
	}
	if len(ids) == 0 {
		return nil, storeErr(ErrNotFound, nil, "strike %s holds no report to link", req.strike)
	}
	return ids, nil
}

// Decisions returns every decision people made, by report ID.
func (s *Store) Decisions() ([]model.Decision, error) {
	var out []model.Decision
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketDecisions)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			d, err := decodeDecision(k, v)
			if err != nil {
				return damaged(err, "decision on report %s", k)
			}
			out = append(out, d)
			return nil
		})
	})
	return out, err
}
