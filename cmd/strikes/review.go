package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/strikes-dev/strikes/store"
	"github.com/strikes-dev/strikes/ui/plain"
)

// reviewLinks walks the store's possible links one by one, the two strikes
// side by side, and asks what to do with each: make it, reject it (not the
// same strike; a decision, kept), skip it, or stop. Answers are read a
// line at a time from in, so a script can give them.
func (a *app) reviewLinks(ctx context.Context, st *store.Store, in io.Reader) error {
	cs, err := st.PossibleLinks(ctx)
	if err != nil {
		return err
	}
	if len(cs) == 0 {
		fmt.Fprintln(a.out, "no possible links left to review")
		return nil
	}
	lines := bufio.NewScanner(in)
	made, rejected, skipped := 0, 0, 0
	defer func() {
		fmt.Fprintf(a.out, "%s made, %s rejected, %s skipped\n", plain.Plural(made, "link"), plain.Thousands(rejected), plain.Thousands(skipped))
	}()
	for i, c := range cs {
		from, err := st.Strike(c.From)
		if err != nil {
			return err
		}
		to, err := st.Strike(c.To)
		if err != nil {
			return err
		}
		if from.ID == to.ID {
			continue // an earlier answer joined them already
		}
		fmt.Fprintf(a.out, "\n[%d/%d] ", i+1, len(cs))
		if err := plain.Pair(a.out, &from, &to, c, terminalWidth(a.out)); err != nil {
			return err
		}
	ask:
		fmt.Fprint(a.out, "the same strike? m make the link · x not the same strike · s skip · q stop: ")
		if !lines.Scan() {
			fmt.Fprintln(a.out)
			return lines.Err()
		}
		switch strings.ToLower(strings.TrimSpace(lines.Text())) {
		case "m", "make", "y", "yes":
			if _, err := st.LinkStrike(ctx, c.From, c.To); err != nil {
				return err
			}
			made++
			fmt.Fprintf(a.out, "linked by hand: %s is shown under %s\n", plain.Inert(c.From), plain.Inert(c.To))
		case "x", "reject", "n", "no":
			if _, err := st.RejectPossible(ctx, c.From, c.To); err != nil {
				return err
			}
			rejected++
			fmt.Fprintf(a.out, "kept apart: %s and %s are not offered as one strike again\n", plain.Inert(c.From), plain.Inert(c.To))
		case "s", "skip", "":
			skipped++
		case "q", "quit", "stop":
			return nil
		default:
			goto ask
		}
	}
	return nil
}
