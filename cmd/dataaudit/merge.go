package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/dataaudit/dataaudit/internal/audit"
	"github.com/dataaudit/dataaudit/internal/outfile"
	"github.com/dataaudit/dataaudit/internal/profile"
	"github.com/dataaudit/dataaudit/internal/report"
	"github.com/dataaudit/dataaudit/internal/termsafe"
)

const mergeUsage = `Usage: dataaudit merge [flags] PROFILE... -o profile.json

Merges the profiles of shards (made anywhere with 'dataaudit profile') into
the profile of the whole corpus, for a corpus too large for one machine.
The shards must have been profiled with the same text and label fields and
tokenizer, and must not share files.

What is exact: row, bad-record and token counts, length histograms, labels
and the manifest add exactly. The top tokens: the merged list keeps only
the tokens whose merged counts and ranks are certain, so it is always the
exact head of the whole corpus' list, but may be shorter than --top; when
every shard was profiled with --top 0 (every token listed) the merge is
the profile of the whole, byte for byte. The distinct-token count is a
HyperLogLog union (its error is stated in the profile), and exact as well
when every shard lists every token.

Examples:
  dataaudit merge shard-*.json -o corpus.json
  dataaudit merge a.json b.json -o -

Exit codes: 0 written, 2 usage, input or internal error (profiles that
cannot be merged say why).

Flags:
`

func runMerge(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("merge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "-", "write the merged profile to `FILE` (- for stdout)")
	paths, done, err := parseCommand(fs, args, stdout, mergeUsage, "")
	if done || err != nil {
		return err
	}
	if len(paths) == 0 {
		return audit.UsageError{Err: errors.New("no PROFILE given"), Hint: hintUsage}
	}
	ins := make([]outfile.Path, len(paths))
	for i, p := range paths {
		ins[i] = outfile.Path{Flag: "profile", Path: p}
	}
	if err := outfile.CheckOutputs([]outfile.Path{{Flag: "-o", Path: *out}}, ins); err != nil {
		return audit.UsageError{Err: err}
	}
	var ps []*profile.Profile
	for _, path := range paths {
		p, err := audit.ReadProfile(ctx, path)
		if err != nil {
			return err
		}
		ps = append(ps, p)
	}
	m, err := profile.Merge(ps)
	if err != nil {
		return audit.DataError{Err: err}
	}
	m.Tool.Version = version
	if err := writeFile(ctx, *out, stdout, func(w io.Writer) error { return profile.Write(w, m) }); err != nil {
		return err
	}
	if *out != "-" {
		exact := "not exact: some shard does not list every token"
		if m.Tokens.Distinct.Exact != nil {
			exact = fmt.Sprintf("exactly %d", *m.Tokens.Distinct.Exact)
		}
		fmt.Fprintf(termsafe.NewWriter(stdout), "%s: %s, %s, %s, %s; %s with exact counts (asked: %d); distinct tokens ~%d (%s)\n",
			termsafe.Escape(*out), report.Plural(len(ps), "profile"), report.Plural(len(m.Manifest), "file"), report.Plural(int(m.Counts.Rows), "row"),
			report.Plural(int(m.Tokens.Total), "token"), report.Plural(len(m.Tokens.Top), "top token"), m.Settings.TopN, m.Tokens.Distinct.Estimate, exact)
	}
	if n := m.Settings.TopN; !m.Tokens.Complete && (n == 0 || len(m.Tokens.Top) < n) {
		have := report.Plural(len(m.Tokens.Top), "token") + " have"
		if len(m.Tokens.Top) == 1 {
			have = "token has"
		}
		fmt.Fprintf(stderr, "dataaudit merge: the shards do not list every token, so only the first %s certain counts and ranks (asked: %d); profile the shards with --top 0 for an exact merge\n",
			have, n)
	}
	return nil
}
