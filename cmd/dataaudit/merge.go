package main

import (
	"context"
	_ "embed"
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

// mergeUsage is the help of 'dataaudit merge', printed before its flags.
//
//go:embed help/merge.txt
var mergeUsage string

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
