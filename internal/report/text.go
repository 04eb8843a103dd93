package report

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/dataaudit/dataaudit/internal/chat"

	"github.com/dataaudit/dataaudit/internal/comparison"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/stats"
	"github.com/dataaudit/dataaudit/internal/termsafe"
)

// TextOptions shapes the terminal summary.
type TextOptions struct {
	TopTokens       int // token rows to show (the JSON has all of them)
	ExamplesPerKind int // finding rows to show per kind
}

// WriteText renders the document as a summary for a terminal.
//
// It writes the summary to w at once, in one Write for a summary of up
// to textBuffer bytes: its lines, table cells and escaped values were a
// Write each, so a write(2) each to stdout, 442 for the default audit of
// the 200 MB mail corpus (strace), on one thread after every analysis
// had finished and before the process could exit. BenchmarkWriteText (to
// the null device, 6 runs at load 4-7): 290 to 148 µs, p=0.009; to a
// pipe or a terminal each write(2) costs more.
func WriteText(w io.Writer, d *Document, o TextOptions) error {
	// Escaped before the buffer, as unbuffered: once, whether or not w
	// escapes already.
	bw := bufio.NewWriterSize(termsafe.Raw(w), textBuffer)
	err := writeText(termsafe.NewWriter(bw), d, o)
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return err
}

// textBuffer is the bytes WriteText gathers before it writes: the
// default audit's summary of the 200 MB mail corpus is 24 KB.
const textBuffer = 32 << 10

// writeText is WriteText without the buffer.
func writeText(w io.Writer, d *Document, o TextOptions) error {
	if o.TopTokens <= 0 {
		o.TopTokens = 20
	}
	o.ExamplesPerKind = TextExamples(o.ExamplesPerKind)
	// Values from the data are escaped where they are printed (so that a
	// tab or newline in one cannot break the layout); the Writer makes
	// sure no control character reaches the terminal whatever is missed.
	w = termsafe.NewWriter(w)
	p := &printer{w: w}
	s := d.Summary
	formats := map[string]bool{}
	for _, in := range d.Inputs {
		formats[in.Format] = true
	}
	p.f("dataaudit %s: %s, %s (%s); %s in %.2fs (%.0f MB/s of input)\n",
		d.Command, Plural(len(d.Inputs), "file"), humanBytes(storedBytes(d)), strings.Join(sortedKeys(formats), ", "),
		nouns(s.Rows, "row"), d.Run.Seconds, d.Run.InputMBps)
	writeVerdictText(p, verdictOf(d))
	if n := len(d.SkippedInputs); n > 0 {
		var parts []string
		for _, sk := range d.SkippedInputs[:min(n, 3)] {
			parts = append(parts, fmt.Sprintf("%s (%s)", termsafe.Escape(sk.Path), sk.Reason))
		}
		more := ""
		if n > 3 {
			more = fmt.Sprintf(", and %d more (skipped_inputs in the JSON report)", n-3)
		}
		p.f("skipped %s in the directories given: %s%s\n", Plural(n, "file"), strings.Join(parts, ", "), more)
	}

	p.f("\nRecords   %s read, %s usable, %s bad (%s)\n", commas(s.RecordsRead), commas(s.Rows), commas(s.BadRecords), pct(s.BadRecordRate))
	if len(s.BadByKind) > 0 {
		var parts []string
		changed := false
		for _, k := range sortedKeys(s.BadByKind) {
			if k == "input_changed" {
				// It stands for no row: what was lost or gained is unknown.
				changed = true
				continue
			}
			if k == "file_encoding" {
				// It stands for no row (its lines are counted as bad
				// records of their own): the verdict says it.
				continue
			}
			parts = append(parts, fmt.Sprintf("%s %s", k, commas(s.BadByKind[k])))
		}
		if len(parts) > 0 {
			p.f("          bad: %s\n", strings.Join(parts, ", "))
		}
		if changed {
			// A change during the first read leaves counts of neither
			// version; one after it leaves the counts of the version read,
			// and only what was read again (label checks, excerpts) may be
			// of another. The findings' evidence says which.
			p.f("          CHANGED: an input changed during the scan: while it was read (its counts are of neither version) or after (what was read again, label checks and excerpts, may be of another); see the input_changed findings\n")
		}
	}
	if s.UnreadableInputs > 0 {
		p.f("          UNREADABLE: %s could not be read to the end; their lost records are not counted\n", nouns(int64(s.UnreadableInputs), "input"))
	}
	if s.BlankLines > 0 {
		p.f("          %s skipped\n", nouns(s.BlankLines, "blank line"))
	}
	p.f("Texts     %s empty, %s whitespace only, %s without any word, %s not valid UTF-8\n",
		commas(s.EmptyTexts), commas(s.WhitespaceOnlyTexts), commas(s.NoTokenTexts), commas(s.InvalidUTF8Texts))
	writeChatText(p, d.Chat)
	if dd := d.Duplicates; dd != nil && dd.Exact != nil {
		p.f("Dupes     %s in %s (%s of rows; largest %s), compared %s\n",
			nouns(dd.Exact.Redundant, "exact duplicate row"), nouns(dd.Exact.Clusters, "cluster"), pct(dd.Exact.Rate), commas(dd.Exact.Largest), dd.Exact.Normalization)
		if dd.Export != nil {
			p.f("          wrote %s: %s kept, %s dropped\n", termsafe.Escape(dd.Export.Path), nouns(dd.Export.RowsKept, "row"), nouns(dd.Export.RowsDropped, "redundant row"))
		}
	}
	if dd := d.Duplicates; dd != nil && dd.Near != nil {
		p.f("Near-dups %s in %s (of %s of 8+ words; word Jaccard >= %.2f and pair Jaccard >= %.2f)\n",
			nouns(dd.Near.RowsInClusters, "row"), nouns(dd.Near.Clusters, "cluster"), nouns(dd.Near.RowsScored, "row"), dd.Near.WordJ, dd.Near.PairJ)
	}
	if ol := d.Outliers; ol != nil {
		p.f("Outliers  %s of %s at robust z >= %.0f\n", commas(ol.Outliers), nouns(ol.Rows, "row"), ol.Threshold)
	}
	if rs := d.RepeatedSpans; rs != nil {
		p.f("Spans     %s hold a span of %d+ tokens found in another row (%s), %s\n", nouns(rs.RowsWithSpan, "row"), rs.Tokens, pct(rs.Rate), nouns(rs.Spans, "span"))
		if rs.Approximate != "" {
			p.f("          %s\n", rs.Approximate)
		}
	}
	if d.Evasions != nil {
		var parts []string
		for _, k := range sortedKeys(d.Evasions) {
			parts = append(parts, fmt.Sprintf("%s %s", k, commas(d.Evasions[k])))
		}
		if len(parts) == 0 {
			parts = []string{"none"}
		}
		p.f("Evasions  %s\n", strings.Join(parts, ", "))
	}
	p.f("Tokens    %s in all, %s distinct; the top %d cover %s\n",
		commas(int64(d.Tokens.Total)), commas(int64(d.Tokens.Distinct)), len(d.Tokens.Top), pct(d.Tokens.TopMass))
	p.f("          tokenizer: %s\n", termsafe.Escape(d.Settings.Tokenizer))

	if len(d.Tokens.Top) > 0 {
		n := min(o.TopTokens, len(d.Tokens.Top))
		p.f("\nTop %s", Plural(n, "token"))
		if n < len(d.Tokens.Top) {
			p.f(" (of %d in the JSON report)", len(d.Tokens.Top))
		}
		p.f("\n")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		if d.Tokens.Top[0].ID != nil {
			// LLM tokens: the id, and the text quoted, since leading spaces
			// are part of it.
			fmt.Fprintf(tw, "rank\tid\ttoken\tcount\tfreq\t\n")
			for i, tc := range d.Tokens.Top[:n] {
				fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t\n", i+1, *tc.ID, TokenText(tc, 24), commas(int64(tc.Count)), pct(tc.Freq))
			}
		} else {
			fmt.Fprintf(tw, "rank\ttoken\tcount\tfreq\t\n")
			for i, tc := range d.Tokens.Top[:n] {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t\n", i+1, shown(tc.Token, 24), commas(int64(tc.Count)), pct(tc.Freq))
			}
		}
		tw.Flush()
	}

	p.f("\nLengths per row\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "\tmin\tp1\tp5\tp25\tp50\tp75\tp95\tp99\tmax\tmean\t\n")
	for _, l := range []struct {
		name string
		s    stats.LengthStats
	}{{"bytes", d.Lengths.Bytes}, {"chars", d.Lengths.Chars}, {"tokens", d.Lengths.Tokens}} {
		q := l.s.Quantiles
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%.1f\t\n", l.name, l.s.Min,
			q["p1"], q["p5"], q["p25"], q["p50"], q["p75"], q["p95"], q["p99"], l.s.Max, l.s.Mean)
	}
	tw.Flush()

	if ls := d.Labels; ls != nil {
		p.f("\nLabels (%s): %d distinct; rows without a label: %s\n", termsafe.Escape(d.Settings.Label), ls.Distinct, commas(ls.NullLabels))
		for _, note := range ls.Notes {
			p.f("  note: %s\n", termsafe.Escape(note))
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "  label\trows\tshare\ttokens\ttop tokens\n")
		for i, c := range ls.Classes {
			if i == 30 {
				fmt.Fprintf(tw, "  … %s more in the JSON report\t\t\t\t\n", nouns(int64(len(ls.Classes)-30), "label"))
				break
			}
			var top []string
			for _, tc := range c.Top[:min(8, len(c.Top))] {
				top = append(top, TokenText(tc, 24))
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", shown(c.Label, 24), commas(c.Rows), pct(c.Share), commas(int64(c.Tokens)), shown(strings.Join(top, " "), 60))
		}
		tw.Flush()
	}
	if lc := d.LabelChecks; lc != nil {
		if lc.Note != "" {
			p.f("\nLabel checks: %s\n", termsafe.Escape(lc.Note))
		} else {
			p.f("\nLabel checks: %s scored out of fold (%d folds), accuracy against the given labels %s\n",
				nouns(lc.RowsScored, "row"), lc.Folds, pct(lc.Accuracy))
			read := "read"
			if lc.TriggeredOther == 1 {
				read = "reads"
			}
			p.f("  %s (confident learning); %s, carried by %s (%s %s like another label without them)\n",
				nouns(lc.LabelErrors, "likely label error"), nouns(lc.TriggerCandidates, "trigger candidate"), nouns(lc.TriggeredRows, "row"),
				commas(lc.TriggeredOther), read)
		}
	}

	if bd := d.Backdoors; bd != nil && bd.Pairs > 0 {
		p.f("\nBackdoors: %s of prompt and response; %s, %s, carried by %s\n", nouns(bd.Pairs, "row"),
			nouns(bd.PayloadCandidates, "payload candidate"), nouns(bd.TriggerCandidates, "trigger candidate"), nouns(bd.TriggeredRows, "row"))
	}
	if ps := d.Poison; ps != nil {
		if ps.Note != "" {
			p.f("\nPoisoned text: %s\n", termsafe.Escape(ps.Note))
		} else {
			found := "no trigger candidate"
			if ps.TriggerCandidates > 0 {
				found = nouns(int64(ps.TriggerCandidates), "trigger candidate") + ", carried by " + nouns(int64(ps.TriggeredRows), "row")
			}
			p.f("\nPoisoned text: %s of candidates scored in %s; %s\n", nouns(ps.Scored, "occurrence"), nouns(ps.Documents, "document"), found)
		}
	}
	if d.Splits != nil {
		writeSplitsText(p, w, d.Splits)
	}

	p.f("\nFindings")
	if len(s.FindingsByKind) == 0 {
		p.f(": none\n")
		return p.err
	}
	p.f("\n")
	byKind := groupByKind(d.Findings, o.ExamplesPerKind)
	for _, k := range sortedKeys(s.FindingsByKind) {
		p.f("  %s: %s\n", k, kindCount(s, k))
		if doc, ok := finding.Doc(k); ok {
			p.f("    %s\n    What to do: %s\n", doc.Explanation, doc.Advice)
		}
		fs := byKind[k]
		for i, f := range fs {
			if i == o.ExamplesPerKind {
				break
			}
			where := ""
			if len(f.Rows) > 0 {
				where = rowName(f.Rows[0], 0)
				if place := badPlace(&f); place != "" {
					where += " (" + termsafe.Escape(place) + ")" // named by its id, found at its line
				}
				if len(f.Rows) > 1 {
					where += " (+" + nouns(int64(len(f.Rows)-1), "row") + ")"
				}
			}
			sub := ""
			if f.Subkind != "" {
				sub = "[" + f.Subkind + "] "
			}
			p.f("    %s  %s%s\n", where, sub, shown(f.Evidence, 160))
			if f.Excerpt != "" {
				p.f("      > %s\n", shown(f.Excerpt, 0)) // already cut; Clip would count its escapes twice
			}
		}
		if more := s.FindingsByKind[k] - int64(min(o.ExamplesPerKind, len(fs))); more > 0 {
			p.f("    … %s\n", moreFindings(more, d.Unlisted[k]))
		}
	}
	return p.err
}

// moreFindings says where the more findings of a kind the text report
// does not show are: in the JSON report, but for the unlisted ones
// (past --max-examples, counted in findings_unlisted), which only the
// --findings export has.
func moreFindings(more, unlisted int64) string {
	switch listed := more - unlisted; {
	case unlisted <= 0:
		return commas(more) + " more in the JSON report (--json)"
	case listed <= 0:
		return commas(more) + " more in the --findings export (past --max-examples: not in the JSON report)"
	default:
		return commas(more) + " more: " + commas(listed) + " in the JSON report (--json), all in the --findings export"
	}
}

// TextExamples is the findings of each kind WriteText shows when asked
// for perKind (TextOptions.ExamplesPerKind): 10 when perKind is not
// positive.
func TextExamples(perKind int) int {
	if perKind <= 0 {
		return 10
	}
	return perKind
}

// TextShown returns, in order, the indexes of the findings of fs that
// WriteText shows with TextOptions.ExamplesPerKind perKind: the first
// TextExamples(perKind) of each kind, in the order of fs.
func TextShown(fs []finding.Finding, perKind int) []int {
	n := TextExamples(perKind)
	seen := map[string]int{}
	var out []int
	// A run of one kind at a time (fs comes sorted by kind): one map
	// look-up a run, not a finding.
	for i := 0; i < len(fs); {
		j := kindRun(fs, i)
		k := fs[i].Kind
		for x := i; x < j && seen[k] < n; x++ {
			seen[k]++
			out = append(out, x)
		}
		i = j
	}
	return out
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) f(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// nouns says n, with thousands separators, and noun, adding an s unless
// n is 1: "1 row", "1,234 rows". Every count a renderer puts before a noun
// goes through it (or Plural), so that no report says "1 rows".
func nouns(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return commas(n) + " " + noun + "s"
}

// Plural says n word, adding an s unless n is 1: "1 file", "2 files".
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// kindCount is the count a findings heading shows for kind k: its
// findings; for bad_record, when they are not as many as the bad records
// (a file_encoding or input_changed record stands for none, a Parquet
// stretch for many), the records they stand for too: "4 findings for 3
// bad records".
func kindCount(s Summary, k string) string {
	n := s.FindingsByKind[k]
	if k != finding.KindBadRecord || n == s.BadRecords {
		return commas(n)
	}
	return nouns(n, "finding") + " for " + nouns(s.BadRecords, "bad record")
}

// commas formats an integer with thousands separators.
func commas(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func pct(f float64) string {
	switch {
	case f == 0:
		return "0%"
	case f < 0.0001:
		return fmt.Sprintf("%.4f%%", f*100)
	case f < 0.01:
		return fmt.Sprintf("%.3f%%", f*100)
	}
	return fmt.Sprintf("%.2f%%", f*100)
}

// storedBytes is the size of the inputs as stored (inputs[].bytes), which
// the summaries show. input_bytes is what was read: for Parquet, only the
// column chunks of the columns read.
func storedBytes(d *Document) int64 {
	var n int64
	for _, in := range d.Inputs {
		n += in.Bytes
	}
	return n
}

func humanBytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}

// TokenText shows a top-list token in at most max characters: a word as
// it is, an LLM token (it has an id) quoted, since its leading spaces are
// part of it; invalid bytes are written \xNN either way.
func TokenText(tc stats.TokenCount, max int) string {
	if tc.ID == nil {
		return tc.Token
	}
	if tc.Hex != "" {
		// Token already spells its broken bytes as \xNN.
		return `"` + termsafe.Escape(tc.Token) + `"`
	}
	return `"` + shown(tc.Token, max) + `"`
}

// DriverToken shows a token of compare's drivers like TokenText: a word
// as it is; a model tokenizer's token, which the profiles key by id, by
// its text, quoted.
func DriverToken(d comparison.Driver, max int) string {
	if d.Text == "" && d.Hex == "" {
		return d.Token
	}
	id64, _ := strconv.ParseUint(d.Token, 10, 32)
	id := uint32(id64)
	return TokenText(stats.TokenCount{ID: &id, Token: d.Text, Hex: d.Hex}, max)
}

// shown makes a value safe and short for a terminal: control, format
// (zero-width, bidi) and other invisible characters are written as escapes
// such as \x00 or \u200b, and long values are cut with an ellipsis. See
// termsafe.Clip.
func shown(s string, max int) string {
	return termsafe.Clip(s, max)
}

// writeChatText writes the chat section: the shape, then prompt, response
// and per-role counts, one line each.
func writeChatText(p *printer, c *chat.Result) {
	if c == nil {
		return
	}
	var parts []string
	for _, k := range sortedKeys(c.Shapes) {
		parts = append(parts, fmt.Sprintf("%s %s", k, commas(c.Shapes[k])))
	}
	p.f("Shape     %s (rows: %s)\n", c.Shape, strings.Join(parts, ", "))
	line := func(name string, ps *chat.PartStats, unit string) {
		if ps == nil {
			return
		}
		p.f("          %-9s %s, %s, median %s\n", name, nouns(ps.Count, unit), nouns(int64(ps.Tokens), "token"), nouns(int64(ps.Lengths.Tokens.Quantiles["p50"]), "token"))
	}
	line("prompt", c.Prompt, "row")
	line("response", c.Response, "row")
	for _, r := range sortedKeys(c.Roles) {
		ps := c.Roles[r]
		line(r, &ps, "turn")
	}
}
