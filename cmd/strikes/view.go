package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/strikes-dev/strikes/model"
	"github.com/strikes-dev/strikes/store"
	"github.com/strikes-dev/strikes/ui"
	"github.com/strikes-dev/strikes/ui/plain"
)

// Saved views, the dashboard's last filter and sort of each store and the
// list's columns live in the user's config file,
// $XDG_CONFIG_HOME/strikes/config.json (~/.config/strikes/config.json),
// never in the store: they are the person's, not the data's.

// config is the config file.
type config struct {
	Views []viewJSON          `json:"views,omitempty"`
	Last  map[string]viewJSON `json:"last,omitempty"` // by the store's absolute path
	// Columns are the list's columns, in the person's order (C in the
	// dashboard); none is every column. The dashboard passes over names
	// it does not know.
	Columns []string `json:"columns,omitempty"`
}

// viewJSON is a saved view, or a store's last filter and sort.
type viewJSON struct {
	Name    string `json:"name,omitempty"`
	Query   string `json:"query"`
	Sort    string `json:"sort,omitempty"`
	Reverse bool   `json:"reverse,omitempty"`
}

func configPath() (string, error) {
	dir := os.Getenv("XDG_CONFIG_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("cannot find the config folder (no home directory: %w); set XDG_CONFIG_HOME", err)
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "strikes", "config.json"), nil
}

// parseConfig reads a config file, checking every view: a name, a query
// that parses, a sort strikes knows.
func parseConfig(b []byte, path string) (*config, error) {
	c := &config{}
	if len(bytes.TrimSpace(b)) == 0 {
		return c, nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(c); err != nil {
		return nil, fmt.Errorf("%s is not a strikes config file (%v); fix it or remove it", path, strings.TrimPrefix(err.Error(), "json: "))
	}
	seen := map[string]bool{}
	for i, v := range c.Views {
		if err := checkView(v, true); err != nil {
			return nil, fmt.Errorf("%s: view %d: %w", path, i+1, err)
		}
		if seen[strings.ToLower(v.Name)] {
			return nil, fmt.Errorf("%s: the view %q is there twice", path, v.Name)
		}
		seen[strings.ToLower(v.Name)] = true
	}
	for store, v := range c.Last {
		if err := checkView(v, false); err != nil {
			return nil, fmt.Errorf("%s: the last view of %s: %w", path, store, err)
		}
	}
	return c, nil
}

func checkView(v viewJSON, named bool) error {
	if named {
		if strings.TrimSpace(v.Name) == "" || strings.ContainsFunc(v.Name, func(r rune) bool { return r < ' ' || r == 0x7f }) {
			return fmt.Errorf("a view needs a name without control characters")
		}
	}
	if _, err := model.ParseQuery(v.Query); err != nil {
		return fmt.Errorf("the query %q: %w", v.Query, err)
	}
	if v.Sort != "" {
		if _, err := model.ParseSortKey(v.Sort); err != nil {
			return err
		}
	}
	return nil
}

func readConfig() (*config, string, error) {
	path, err := configPath()
	if err != nil {
		return nil, "", err
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return &config{}, path, nil
	}
	if err != nil {
		return nil, path, fmt.Errorf("cannot read the config file: %w", err)
	}
	c, err := parseConfig(b, path)
	return c, path, err
}

// writeConfig replaces the config file whole (a temporary file renamed
// over it).
func writeConfig(c *config, path string) error {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("cannot write the config file: %w", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("cannot write the config file: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("cannot write the config file: %w", err)
	}
	return nil
}

// uiView is a view as the dashboard takes it (checked by parseConfig).
func uiView(v viewJSON) ui.View {
	k, _ := model.ParseSortKey(cmpOr(v.Sort, "date"))
	return ui.View{Name: v.Name, Query: v.Query, Sort: k, Reverse: v.Reverse}
}

func cmpOr(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func (a *app) viewCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "view",
		Short: "Saved views: a name for a query and a sort, shown as tabs in the dashboard (v)",
		Long: `Saved views: a name for a query and a sort, kept in your config file
($XDG_CONFIG_HOME/strikes/config.json), not in the store. The dashboard shows
them as tabs along the top of the list; v moves to the next.`,
	}
	var sortBy string
	var reverse bool
	save := &cobra.Command{
		Use:     "save NAME QUERY...",
		Short:   "Save a query (and a sort) under a name; a view of that name is replaced",
		Example: "  strikes view save review 'link:possible status:pending'\n  strikes view save raqqa-deadliest city:raqqa --sort killed",
		Args:    cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			v := viewJSON{Name: strings.TrimSpace(args[0]), Query: strings.Join(args[1:], " "), Sort: sortBy, Reverse: reverse}
			if err := checkView(v, true); err != nil {
				return usagef("%v; nothing was saved", err)
			}
			c, path, err := readConfig()
			if err != nil {
				return err
			}
			replaced := false
			for i := range c.Views {
				if strings.EqualFold(c.Views[i].Name, v.Name) {
					c.Views[i], replaced = v, true
				}
			}
			if !replaced {
				c.Views = append(c.Views, v)
			}
			if err := writeConfig(c, path); err != nil {
				return err
			}
			fmt.Fprintf(a.out, "saved the view %s (%s) in %s\n", plain.Inert(v.Name), plain.Inert(v.Query), path)
			return nil
		},
	}
	save.Flags().StringVar(&sortBy, "sort", "", strings.Join(model.SortKeyNames(), ", "))
	save.Flags().BoolVar(&reverse, "reverse", false, "reverse the sort")
	var asJSON bool
	list := &cobra.Command{
		Use:   "list",
		Short: "List the saved views",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, _, err := readConfig()
			if err != nil {
				return err
			}
			for _, v := range c.Views {
				if asJSON {
					b, _ := json.Marshal(v)
					fmt.Fprintln(a.out, string(b))
					continue
				}
				sort := cmpOr(v.Sort, "date")
				if v.Reverse {
					sort += ", reversed"
				}
				fmt.Fprintf(a.out, "%s\t%s\t(by %s)\n", plain.Inert(v.Name), plain.Inert(v.Query), sort)
			}
			if len(c.Views) == 0 && !asJSON {
				fmt.Fprintln(a.out, "no saved views yet: strikes view save NAME QUERY makes one")
			}
			return nil
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "one view a line, as JSON")
	del := &cobra.Command{
		Use:   "delete NAME",
		Short: "Delete a saved view",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, path, err := readConfig()
			if err != nil {
				return err
			}
			n := len(c.Views)
			c.Views = deleteView(c.Views, args[0])
			if len(c.Views) == n {
				return fmt.Errorf("there is no view named %q; strikes view list lists them", args[0])
			}
			return writeConfig(c, path)
		},
	}
	cmd.AddCommand(save, list, del)
	return cmd
}

func deleteView(vs []viewJSON, name string) []viewJSON {
	var out []viewJSON
	for _, v := range vs {
		if !strings.EqualFold(v.Name, name) {
			out = append(out, v)
		}
	}
	return out
}

// dashboardViews adds the saved views, the store's last filter and sort
// and the list's columns to the dashboard's options, and has it remember
// the filter and sort on closing and the columns when they are chosen. A
// config file that cannot be read is said, and the dashboard opens
// without it.
func (a *app) dashboardViews(opts *ui.Options, store string) {
	c, path, err := readConfig()
	if err != nil {
		fmt.Fprintln(a.errOut, "strikes: "+plain.Inert(err.Error())+" (the dashboard opens without saved views)")
		return
	}
	for _, v := range c.Views {
		opts.Views = append(opts.Views, uiView(v))
	}
	key := store
	if abs, err := filepath.Abs(store); err == nil {
		key = abs
	}
	if last, ok := c.Last[key]; ok {
		v := uiView(last)
		opts.Query, opts.Sort, opts.Reverse = v.Query, v.Sort, v.Reverse
	}
	opts.Columns = c.Columns
	opts.SaveColumns = func(names []string) error {
		c, _, err := readConfig() // as it is now
		if err != nil {
			return err
		}
		c.Columns = names
		return writeConfig(c, path)
	}
	opts.Remember = func(query string, sort model.SortKey, reverse bool) {
		c, _, err := readConfig() // as it is now: a view may have been saved meanwhile
		if err != nil {
			return
		}
		if c.Last == nil {
			c.Last = map[string]viewJSON{}
		}
		c.Last[key] = viewJSON{Query: query, Sort: sort.String(), Reverse: reverse}
		if err := writeConfig(c, path); err != nil {
			fmt.Fprintln(a.errOut, "strikes: could not remember the filter for next time: "+plain.Inert(err.Error()))
		}
	}
}

// Export writes the strikes the query matches, as strikes export
// --format jsonl does (the desk section included), to path, which it
// creates and which must not exist (e in the dashboard).
func (s *dashSource) Export(ctx context.Context, query, path string) (int, error) {
	q, err := model.ParseQuery(query)
	if err != nil {
		return 0, err
	}
	st, err := store.Open(s.path, store.Options{ReadOnly: true})
	if err != nil {
		return 0, err
	}
	defer st.Close()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return 0, fmt.Errorf("cannot write the export: %w", err)
	}
	n, err := exportJSONL(ctx, st, q, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return 0, err
	}
	return n, nil
}
