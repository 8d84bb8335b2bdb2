// Package store owns every byte strikes keeps on disk: one bbolt file per
// store. It imports the model and nothing of the ui; the dashboard reads
// it through ui.Source, which FileSource implements.
//
// One job per file:
//
//	schema.go            every bucket and key layout, the version each arrived in, upgrades, creating a store
//	store.go             opening (locks, header checks, the schema), closing, guarded read transactions
//	errors.go            the sentinel errors and the sentences that wrap them
//	read.go              the reads: counts, a strike, the summaries (whole, streamed a chunk at a time, or scanned), every record, the datasets
//	list.go              the list: every shown strike's summary, newest first; its walk, build and upkeep
//	own_summary.go       a strike's own summary, kept once: in its list entry, else in the own bucket
//	compress.go          records compressed with s2 over the shipped dictionaries (dicts/); sameRecord
//	compress_store.go    a dataset's own dictionary, trained on its first import's records
//	hugepages_*.go       the hint that a large slice about to be filled be backed by huge pages
//	codec.go, summary.go the strike and summary record codecs (versioned, checksummed)
//	dataset.go           the Dataset record and its codec
//	index.go             the dataset index (by_dataset) and the relink index (relink)
//	tx.go                the two write paths, in place and on a copy, and why both are atomic
//	import.go, apply.go  imports: reading and encoding batches, and writing them
//	spool.go             an import into an empty store: its own summaries, kept on disk for the list's build
//	arena.go             the blocks an import's records, summaries and keys are carved from
//	link.go              the public link API: Relink, Link, Unlink, LinkStrike, Decisions
//	relink*.go           the relink: scan the records, plan, build merged summaries;
//	                     relink_days.go relinks only the strikes an import's changes can touch,
//	                     relink_days_find.go finds them, relink_days_read.go reads them
//	overlay_*.go         the link overlay's records, writing it, reading strikes through it
//	check.go, check_links.go  strikes check: records, summaries, indexes, counts, the overlay
//	source.go            FileSource, the dashboard's source (reads, and the two link writes)
//	desk.go              the analyst's desk: entries, history, merge, resolving entries through the overlay
//	desk_codec.go        the desk's records; desk_source.go FileSource's desk (ui.Desk)
//
// What knows bbolt's file format rather than strikes (header and page
// checks, the memory-map dropper, locks, the scratch set of IDs, the
// atomic replace) lives behind a wall in internal/boltfile; the s2 block
// encoder for short records with a dictionary, in internal/s2dict.
package store
