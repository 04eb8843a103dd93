package report

import (
	"fmt"
	"io"

	"github.com/dataaudit/dataaudit/internal/profile"
)

// Verified is one file's verdict of a verification: its Status (ok,
// changed, missing, extra, or unchecked: a manifest file not asked about
// when the inputs were named one by one, counted on the last line only), its Path and what differs (Detail, "" or
// starting with ": " or " (").
type Verified struct {
	Status, Path, Detail string
}

// WriteVerified writes one line per file (with quiet, only those that
// differ) and a last line that says whether they all match the manifest
// of profilePath; it returns how many differ. Paths come from the command
// line and an untrusted manifest: esc makes them safe to print.
func WriteVerified(w io.Writer, res []Verified, profilePath string, quiet bool, esc func(string) string) (differ int, err error) {
	p := printer{w: w}
	checked, unchecked := res[:0:0], 0
	for _, r := range res {
		if r.Status == "unchecked" {
			unchecked++
			continue
		}
		checked = append(checked, r)
	}
	res = checked
	note := ""
	if unchecked > 0 {
		it := "it, its"
		if unchecked > 1 {
			it = "them, their"
		}
		note = fmt.Sprintf(" (%s of the manifest not checked: name %s directory, or no INPUT)", Plural(unchecked, "other file"), it)
	}
	for _, r := range res {
		if r.Status != "ok" {
			differ++
		} else if quiet {
			continue
		}
		p.f("%-8s %s%s\n", r.Status, esc(r.Path), esc(r.Detail))
	}
	switch {
	case differ > 0:
		verb := "differ"
		if differ == 1 {
			verb = "differs"
		}
		p.f("%d of %s %s from the manifest of %s%s\n", differ, Plural(len(res), "file"), verb, esc(profilePath), note)
	case len(res) == 1:
		p.f("the file matches the manifest of %s%s\n", esc(profilePath), note)
	default:
		p.f("all %d files match the manifest of %s%s\n", len(res), esc(profilePath), note)
	}
	return differ, p.err
}

// ProfileLine is the line that says what a profile written to path holds.
func ProfileLine(path string, p *profile.Profile) string {
	return fmt.Sprintf("%s: %s, %s, %s, %s (%s distinct), top %s listed (%.2f%% of tokens)",
		path, nouns(int64(len(p.Manifest)), "file"), nouns(p.Counts.Rows, "row"), nouns(p.Counts.BadRecords, "bad record"),
		nouns(int64(p.Tokens.Total), "token"), commas(*p.Tokens.Distinct.Exact), nouns(int64(len(p.Tokens.Top)), "token"), 100*share(p.Tokens.Total-p.Tokens.Tail.Count, p.Tokens.Total))
}

// MergeLine is the line that says what the merge of n profiles written to
// path holds.
func MergeLine(path string, n int, m *profile.Profile) string {
	exact := "not exact: some shard does not list every token"
	if m.Tokens.Distinct.Exact != nil {
		exact = "exactly " + commas(*m.Tokens.Distinct.Exact)
	}
	return fmt.Sprintf("%s: %s, %s, %s, %s; %s with exact counts (asked: %s); distinct tokens ~%s (%s)",
		path, nouns(int64(n), "profile"), nouns(int64(len(m.Manifest)), "file"), nouns(m.Counts.Rows, "row"),
		nouns(int64(m.Tokens.Total), "token"), nouns(int64(len(m.Tokens.Top)), "top token"), commas(int64(m.Settings.TopN)), commas(m.Tokens.Distinct.Estimate), exact)
}

func share(a, b uint64) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// MergeNote says, when the merged profile m lists fewer tokens than
// asked, that the shards' lists were cut, and how to merge exactly ("":
// nothing to say).
func MergeNote(m *profile.Profile) string {
	n := m.Settings.TopN
	if m.Tokens.Complete || n != 0 && len(m.Tokens.Top) >= n {
		return ""
	}
	have := Plural(len(m.Tokens.Top), "token") + " have"
	if len(m.Tokens.Top) == 1 {
		have = "token has"
	}
	return fmt.Sprintf("the shards do not list every token, so only the first %s certain counts and ranks (asked: %d); profile the shards with --top 0 for an exact merge", have, n)
}
