package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/dataaudit/dataaudit/internal/audit"
	"github.com/dataaudit/dataaudit/internal/comparison"
	"github.com/dataaudit/dataaudit/internal/contam"
	"github.com/dataaudit/dataaudit/internal/profile"
	"github.com/dataaudit/dataaudit/internal/report"
	"github.com/dataaudit/dataaudit/internal/shards"
	"github.com/dataaudit/dataaudit/internal/termsafe"
)

// HintUsage and HintFlags point at a command's help after a usage error
// (audit.UsageError's Hint; %s is the command).
const (
	HintUsage = "\nRun 'dataaudit help %s' for usage."
	HintFlags = "run 'dataaudit help %s' for the flags"
)

// ReportPaths are the outputs of a scan report (Path "" for none, "-"
// for stdout). Findings is written as the run goes (audit.Hooks); it is
// here because on stdout it takes the place of the text summary too.
type ReportPaths struct {
	JSON, HTML, Markdown, Findings string
}

// WriteReport writes a scan report (of scan, or of merge of a scan's
// state files) to its outputs, then its text summary to stdout unless an
// output went there. top is the number of tokens shown in the summary and
// in Markdown, examples the findings of each kind shown in the summary.
func WriteReport(ctx context.Context, stdout io.Writer, doc *report.Document, p ReportPaths, top, examples int) error {
	if err := WriteOutputs(ctx, stdout,
		Output{Path: p.JSON, Write: func(w io.Writer) error { return report.WriteJSON(w, doc) }},
		Output{Path: p.HTML, Write: func(w io.Writer) error { return report.WriteHTML(w, doc) }},
		Output{Path: p.Markdown, Write: func(w io.Writer) error {
			return report.WriteMarkdown(w, doc, report.TextOptions{TopTokens: top, ExamplesPerKind: 5})
		}},
	); err != nil {
		return err
	}
	if WritesStdout(p.JSON, p.Markdown, p.HTML, p.Findings) {
		return nil
	}
	return report.WriteText(stdout, doc, report.TextOptions{TopTokens: top, ExamplesPerKind: examples})
}

// WriteCompare writes a compare report to its outputs (p.Findings
// unused), then its text summary to stdout unless an output went there.
// show is the tokens shown each way, overlapRows the rows of B found in A
// listed; 0 shows none, as in the summary.
func WriteCompare(ctx context.Context, stdout io.Writer, rep *comparison.Report, p ReportPaths, show, overlapRows int) error {
	none := func(n int) int {
		if n == 0 {
			return -1
		}
		return n
	}
	ro := report.CompareOptions{Tokens: none(show), OverlapRows: none(overlapRows)}
	if err := WriteOutputs(ctx, stdout,
		Output{Path: p.JSON, Write: func(w io.Writer) error { return report.WriteCompareJSON(w, rep) }},
		Output{Path: p.HTML, Write: func(w io.Writer) error { return report.WriteCompareHTML(w, rep, ro) }},
		Output{Path: p.Markdown, Write: func(w io.Writer) error { return report.WriteCompareMarkdown(w, rep, ro) }},
	); err != nil {
		return err
	}
	if WritesStdout(p.JSON, p.HTML, p.Markdown) {
		return nil
	}
	return report.WriteCompareText(stdout, rep, show)
}

// WriteContamination writes a contamination report to its outputs, then
// its text summary to stdout unless an output went there; show is the
// findings (and items) shown.
func WriteContamination(ctx context.Context, stdout io.Writer, rep *contam.Report, p ReportPaths, show int) error {
	if err := WriteOutputs(ctx, stdout,
		Output{Path: p.JSON, Write: func(w io.Writer) error { return contam.WriteJSON(w, rep) }},
		Output{Path: p.HTML, Write: func(w io.Writer) error { return contam.WriteHTML(w, rep, show) }},
		Output{Path: p.Markdown, Write: func(w io.Writer) error { return contam.WriteMarkdown(w, rep, show) }},
	); err != nil {
		return err
	}
	if WritesStdout(p.JSON, p.HTML, p.Markdown, p.Findings) {
		return nil
	}
	return contam.WriteText(stdout, rep, show)
}

// WriteProfile writes a profile's JSON to path (- for stdout), then
// line's one-line summary where the JSON does not go: stdout, or stderr
// when the JSON went to stdout. line gets the file's name, escaped for
// the terminal. A nil line writes no summary.
func WriteProfile(ctx context.Context, path string, stdout, stderr io.Writer, p *profile.Profile, line func(name string) string) error {
	if err := WriteFile(ctx, path, stdout, func(w io.Writer) error { return profile.Write(w, p) }); err != nil {
		return err
	}
	switch {
	case line == nil:
	case toStdout(path):
		fmt.Fprintln(stderr, line("<stdout>"))
	default:
		if _, err := fmt.Fprintln(termsafe.NewWriter(stdout), line(termsafe.Escape(path))); err != nil {
			return err // the summary lost to a full disk: exit non-zero
		}
	}
	return nil
}

// WriteState writes a shard's state file to path (- for stdout).
func WriteState(ctx context.Context, path string, stdout io.Writer, state []byte) error {
	if path == "" {
		return audit.UsageError{Err: errors.New("--shard writes a state file: name it with -o FILE")}
	}
	return WriteFile(ctx, path, stdout, func(w io.Writer) error { _, err := w.Write(state); return err })
}

// WriteMerged writes what merge of state files made: a profile to out, a
// scan's merged first pass to out, or a scan's report to p (the text
// summary to stdout when none is named), and returns the report's
// verdict (with maxBad, --max-bad-records; a profile's:
// audit.ProfileVerdict).
func WriteMerged(ctx context.Context, res *audit.MergeResult, out string, p ReportPaths, maxBad int64, stdout, stderr io.Writer) error {
	// A flag that does not apply to what was merged is refused, not
	// ignored.
	if res.Report == nil && (p.JSON != "" || p.HTML != "" || p.Markdown != "" || maxBad >= 0) {
		what := "a profile"
		if res.First != nil {
			what = "a scan's merged first pass"
		}
		return audit.UsageError{Err: fmt.Errorf("the states merge into %s, written to -o: --json, --html, --markdown and --max-bad-records are for the report of a scan's states", what), Hint: HintUsage}
	}
	if res.Report != nil && out != "" {
		return audit.UsageError{Err: errors.New("the states merge into a scan's report: write it with --json, --html or --markdown (-o is for a profile or a scan's merged first pass)"), Hint: HintUsage}
	}
	switch {
	case res.Profile != nil:
		if out == "" {
			return audit.UsageError{Err: errors.New("no -o given: name the merged profile's file with -o FILE (-o - writes its JSON to stdout)"), Hint: HintUsage}
		}
		if err := WriteProfile(ctx, out, stdout, stderr, res.Profile, nil); err != nil {
			return err
		}
		// The exit status of profile over the whole, as a scan's merge
		// returns its report's.
		return audit.ProfileVerdict(res.Profile)
	case res.First != nil:
		if out == "" || out == "-" {
			return audit.UsageError{Err: errors.New("the scan reads its input twice: name the merged first pass' file with -o FILE, for scan --shard K/N --pass1 FILE")}
		}
		if err := WriteFile(ctx, out, stdout, func(w io.Writer) error { _, err := w.Write(res.First); return err }); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "dataaudit merge: the first pass of %d shards merged into %s; run each shard's second pass with scan --shard K/N --pass1 %s -o STATE, then merge %s and those states\n", res.Shards, out, out, out)
		return nil
	}
	if err := WriteReport(ctx, stdout, res.Report, p, 20, 10); err != nil {
		return err
	}
	return audit.Verdict(res.Report, maxBad, "--max-bad-records")
}

// ParseShard parses --shard K/N; a malformed one is a usage error.
func ParseShard(s string) (shards.Shard, error) {
	sh, err := shards.Parse(s)
	if err != nil {
		return sh, audit.UsageError{Err: fmt.Errorf("--shard %w", err)}
	}
	return sh, nil
}
