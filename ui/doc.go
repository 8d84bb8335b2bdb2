// Package ui is the strikes dashboard, a Bubble Tea program: a list of
// strikes filtered by the query language, a strike's reports one card each
// (detail), the reports side by side (compare), and a help screen made
// from the live key map.
//
// Data flows one way: a key press reaches the root (model.go), which
// hands it to the focused screen; a screen answers with a tea.Cmd that
// reads through Source off the UI loop, and the result comes back as a
// message that Update stores and View renders. View does no I/O and
// nothing blocks Update: filtering a million strikes runs in a command,
// over a columnar index (corpus.go), and only the rows on screen are
// rendered.
//
// The root owns loading, polling for new data, navigation between
// screens and the one y/n question (prompt.go). Screens embed common
// (context, styles, keys, size), keep the component contract
// (messages.go), and are asked, never read: Capturing says a text field
// has the keys, ShortHelp and FullHelp give the keys the footer and the
// help show. The package never imports the store: it reads through the
// interfaces of source.go, which the store implements and tests fake.
//
// Text from data is shown inert (text.go: clean), colours carry no
// meaning that a symbol or a word does not also carry (theme.go), and
// ui/plain renders the same data as plain text for the CLI.
package ui
