package main

import (
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/dataaudit/dataaudit/internal/audit"
	"github.com/dataaudit/dataaudit/internal/cli"
	"github.com/dataaudit/dataaudit/internal/outfile"
	"github.com/dataaudit/dataaudit/internal/profile"
	"github.com/dataaudit/dataaudit/internal/report"
)

// mergeUsage is the help of 'dataaudit merge', printed before its flags.
//
//go:embed help/merge.txt
var mergeUsage string

func runMerge(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("merge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "write the merged profile (JSON) or merged first pass to `FILE` (- for stdout); required for profiles")
	var mo cli.ReportPaths
	fs.StringVar(&mo.JSON, "json", "", "state files of scan --shard: write the JSON report to `FILE` (- for stdout)")
	fs.StringVar(&mo.HTML, "html", "", "state files of scan --shard: write the HTML report to `FILE` (- for stdout)")
	fs.StringVar(&mo.Markdown, "markdown", "", "state files of scan --shard: write the Markdown report to `FILE` (- for stdout)")
	maxBad := fs.Int64("max-bad-records", -1, "state files of scan --shard: exit with code 3 when more than `N` records are bad (-1: no limit)")
	paths, done, err := cli.Parse(fs, args, stdout, mergeUsage, nil)
	if done || err != nil {
		return err
	}
	if len(paths) == 0 {
		return audit.UsageError{Err: errors.New("no PROFILE given"), Hint: hintUsage}
	}
	if states, err := audit.AllStateFiles(paths); err != nil || states {
		if err != nil {
			return err
		}
		outs := []outfile.Path{{Flag: "-o", Path: *out}, {Flag: "--json", Path: mo.JSON}, {Flag: "--html", Path: mo.HTML}, {Flag: "--markdown", Path: mo.Markdown}}
		res, err := audit.MergeStates(ctx, &audit.MergeConfig{Profiles: paths, Outputs: outs, ToolVersion: version}, audit.Hooks{})
		if err != nil {
			return err
		}
		return cli.WriteMerged(ctx, res, *out, mo, *maxBad, stdout, stderr)
	}
	// The profiles are read first, so that one that cannot be read says
	// so before a usage error about the flags.
	m, err := audit.Merge(ctx, &audit.MergeConfig{Profiles: paths, Outputs: []outfile.Path{{Flag: "-o", Path: *out}}, ToolVersion: version})
	if err != nil {
		return err
	}
	if mo != (cli.ReportPaths{}) || *maxBad >= 0 {
		return audit.UsageError{Err: errors.New("profiles merge into a profile, written to -o: --json, --html, --markdown and --max-bad-records are for the report of a scan's states"), Hint: hintUsage}
	}
	if *out == "" {
		return audit.UsageError{Err: errors.New("no -o given: name the merged profile's file with -o FILE (-o - writes its JSON to stdout)"), Hint: hintUsage}
	}
	if err := cli.WriteProfile(ctx, *out, stdout, stderr, m, func(name string) string { return report.MergeLine(name, len(paths), m) }); err != nil {
		return err
	}
	if note := report.MergeNote(m); note != "" {
		fmt.Fprintf(stderr, "dataaudit merge: %s\n", note)
	}
	for _, w := range profile.SameContent(m.Manifest) {
		fmt.Fprintf(stderr, "dataaudit merge: warning: %s (same SHA-256 and size): its rows count twice unless the corpus holds both copies\n", w)
	}
	// The exit status of profile over the whole (an unreadable input,
	// say), as a merge of profile states returns it.
	return audit.ProfileVerdict(m)
}
