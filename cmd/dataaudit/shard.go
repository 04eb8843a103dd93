package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/dataaudit/dataaudit/internal/audit"
	"github.com/dataaudit/dataaudit/internal/cli"
	"github.com/dataaudit/dataaudit/internal/outfile"
	"github.com/dataaudit/dataaudit/internal/profile"
	"github.com/dataaudit/dataaudit/internal/report"
	"github.com/dataaudit/dataaudit/internal/shards"
)

// shardOpts are the flags of a run as shard K of N of a job array
// (scan and profile): --shard K/N, and for scan --pass1 FILE and -o FILE.
type shardOpts struct {
	shard, pass1, out string
}

// writeState writes a shard's state file to path (- for stdout).
func writeState(ctx context.Context, path string, stdout io.Writer, state []byte) error {
	if path == "" {
		return audit.UsageError{Err: errors.New("--shard writes a state file: name it with -o FILE")}
	}
	return cli.WriteFile(ctx, path, stdout, func(w io.Writer) error { _, err := w.Write(state); return err })
}

// runScanShard runs scan --shard, or refuses --pass1 and -o without it.
func runScanShard(ctx context.Context, o *scanOpts, stdout io.Writer, hooks audit.Hooks) error {
	if o.shards.shard == "" {
		return audit.UsageError{Err: errors.New("--pass1 and -o write a shard's state: give --shard K/N")}
	}
	sh, err := shards.Parse(o.shards.shard)
	if err != nil {
		return audit.UsageError{Err: fmt.Errorf("--shard %w", err)}
	}
	if o.jsonOut != "" || o.html != "" || o.markdown != "" || o.findingsOut != "" || len(o.Gates) > 0 {
		return audit.UsageError{Err: errors.New("a shard writes its state (-o), not a report: give --json, --html, --markdown, --findings and gates to no shard (merge writes the report)")}
	}
	o.Outputs = append(o.Outputs, outfile.Path{Flag: "-o", Path: o.shards.out})
	o.Reads = append(o.Reads, outfile.Path{Flag: "--pass1", Path: o.shards.pass1})
	var pass1 []byte
	if o.shards.pass1 != "" {
		if pass1, err = os.ReadFile(o.shards.pass1); err != nil {
			return audit.NoReportError{Err: fmt.Errorf("--pass1: %w", err)}
		}
	}
	state, err := audit.ScanShard(ctx, &o.ScanConfig, sh, pass1, o.shards.pass1, hooks)
	if err != nil {
		return err
	}
	return writeState(ctx, o.shards.out, stdout, state)
}

// mergeOutputs are merge's outputs of a scan's report.
type mergeOutputs struct {
	jsonOut, html, markdown string
}

// runMergeStates runs merge on state files: a profile to out, a scan's
// report to the report outputs (the text summary to stdout when none is
// named), or a scan's merged first pass to out.
func runMergeStates(ctx context.Context, paths []string, out string, mo mergeOutputs, stdout, stderr io.Writer) error {
	res, err := audit.MergeStates(ctx, &audit.MergeConfig{Profiles: paths, ToolVersion: version}, audit.Hooks{})
	if err != nil {
		return err
	}
	switch {
	case res.Profile != nil:
		if out == "" {
			return audit.UsageError{Err: errors.New("no -o given: name the merged profile's file with -o FILE (-o - writes its JSON to stdout)"), Hint: hintUsage}
		}
		return cli.WriteFile(ctx, out, stdout, func(w io.Writer) error { return profile.Write(w, res.Profile) })
	case res.First != nil:
		if out == "" || out == "-" {
			return audit.UsageError{Err: errors.New("the scan reads its input twice: name the merged first pass' file with -o FILE, for scan --shard K/N --pass1 FILE")}
		}
		if err := cli.WriteFile(ctx, out, stdout, func(w io.Writer) error { _, err := w.Write(res.First); return err }); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "dataaudit merge: the first pass of %d shards merged into %s; run each shard's second pass with scan --shard K/N --pass1 %s -o STATE, then merge %s and those states\n", res.Shards, out, out, out)
		return nil
	}
	doc := res.Report
	if err := cli.WriteOutputs(ctx, stdout,
		cli.Output{Path: mo.jsonOut, Write: func(w io.Writer) error { return report.WriteJSON(w, doc) }},
		cli.Output{Path: mo.html, Write: func(w io.Writer) error { return report.WriteHTML(w, doc) }},
		cli.Output{Path: mo.markdown, Write: func(w io.Writer) error {
			return report.WriteMarkdown(w, doc, report.TextOptions{TopTokens: 20, ExamplesPerKind: 5})
		}},
	); err != nil {
		return err
	}
	if !cli.WritesStdout(mo.jsonOut, mo.markdown, mo.html) {
		if err := report.WriteText(stdout, doc, report.TextOptions{TopTokens: 20, ExamplesPerKind: 10}); err != nil {
			return err
		}
	}
	return audit.Verdict(doc, -1, "")
}

// allStates reports whether every path is a state file; a mix of state
// files and JSON profiles is a usage error.
func allStates(paths []string) (bool, error) {
	n := 0
	for _, p := range paths {
		ok, err := audit.IsStateFile(p)
		if err != nil {
			return false, audit.NoReportError{Err: err}
		}
		if ok {
			n++
		}
	}
	if n > 0 && n < len(paths) {
		return false, audit.UsageError{Err: errors.New("merge takes state files (from --shard) or JSON profiles, not both")}
	}
	return n > 0, nil
}

// runProfileShard runs profile --shard.
func runProfileShard(ctx context.Context, cfg *audit.ProfileConfig, shard, out string, stdout io.Writer, hooks audit.Hooks) error {
	sh, err := shards.Parse(shard)
	if err != nil {
		return audit.UsageError{Err: fmt.Errorf("--shard %w", err)}
	}
	state, err := audit.ProfileShard(ctx, cfg, sh, hooks)
	if err != nil {
		return err
	}
	return writeState(ctx, out, stdout, state)
}
