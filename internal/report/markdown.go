package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/dataaudit/dataaudit/internal/finding"
)

// WriteMarkdown renders the document as GitHub-flavoured Markdown, for a
// pull-request comment or a dataset card: the headline numbers, top tokens,
// lengths, labels and the findings by kind with a few examples each. Every
// value from the data is escaped: table pipes, backticks and HTML cannot
// break out, and invisible or control characters are shown as escapes.
func WriteMarkdown(w io.Writer, d *Document, o TextOptions) error {
	if o.TopTokens <= 0 {
		o.TopTokens = 20
	}
	if o.ExamplesPerKind <= 0 {
		o.ExamplesPerKind = 5
	}
	p := &printer{w: w}
	s := d.Summary
	var paths []string
	for _, in := range d.Inputs {
		paths = append(paths, mdCodeMax(in.Path, 0)) // whole: cut, a path loses its file name
	}
	v := verdictOf(d)
	p.f("## dataaudit %s: %s\n\n", d.Command, verdictWord(v))
	writeVerdictMarkdown(p, v)
	p.f("%s (%s, %s) · %s · tool %s · report schema %d\n\n", Plural(len(d.Inputs), "input"), strings.Join(paths, ", "),
		humanBytes(storedBytes(d)), nouns(s.Rows, "row"), mdText(d.Tool.Version), d.SchemaVersion)

	p.f("| | count | rate |\n|---|---:|---:|\n")
	row := func(name string, n int64, of int64) {
		r := ""
		if of > 0 {
			r = pct(float64(n) / float64(of))
		}
		p.f("| %s | %s | %s |\n", name, commas(n), r)
	}
	row("records read", s.RecordsRead, 0)
	row("usable rows", s.Rows, s.RecordsRead)
	row("bad records", s.BadRecords, s.RecordsRead)
	if s.UnreadableInputs > 0 {
		row("**unreadable inputs**", s.UnreadableInputs, 0)
	}
	row("empty texts", s.EmptyTexts, s.Rows)
	row("whitespace-only texts", s.WhitespaceOnlyTexts, s.Rows)
	row("invalid UTF-8 texts", s.InvalidUTF8Texts, s.Rows)
	if dd := d.Duplicates; dd != nil && dd.Exact != nil {
		row("redundant exact duplicates", dd.Exact.Redundant, s.Rows)
	}
	if dd := d.Duplicates; dd != nil && dd.Near != nil {
		row("rows in near-duplicate clusters", dd.Near.RowsInClusters, s.Rows)
	}
	if d.Outliers != nil {
		row("outliers (of "+nouns(d.Outliers.Rows, "row")+" scored)", d.Outliers.Outliers, d.Outliers.Rows) // as the text summary's "of N rows"
	}
	if d.RepeatedSpans != nil {
		row("rows with a repeated span", d.RepeatedSpans.RowsWithSpan, s.Rows)
	}
	row("tokens", int64(d.Tokens.Total), 0)
	row("distinct tokens", int64(d.Tokens.Distinct), 0)
	p.f("\n")

	writeGatesMarkdown(p, d.Gates)

	if n := min(o.TopTokens, len(d.Tokens.Top)); n > 0 {
		p.f("<details><summary>Top %s (of %d in the JSON report; tokenizer %s)</summary>\n\n", Plural(n, "token"), len(d.Tokens.Top), mdText(shortTokenizer(d.Settings.Tokenizer)))
		p.f("| rank | token | count | share |\n|---:|---|---:|---:|\n")
		for i, tc := range d.Tokens.Top[:n] {
			tok := mdCode(tc.Token)
			if tc.ID != nil {
				tok = fmt.Sprintf("%d %s", *tc.ID, mdCode(TokenText(tc, 40)))
			}
			p.f("| %d | %s | %s | %s |\n", i+1, tok, commas(int64(tc.Count)), pct(tc.Freq))
		}
		p.f("\n</details>\n\n")
	}

	p.f("**Lengths per row**\n\n| | min | p50 | p95 | p99 | max | mean |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for _, l := range []struct {
		name string
		q    map[string]uint64
		min  uint64
		max  uint64
		mean float64
	}{
		{"bytes", d.Lengths.Bytes.Quantiles, d.Lengths.Bytes.Min, d.Lengths.Bytes.Max, d.Lengths.Bytes.Mean},
		{"characters", d.Lengths.Chars.Quantiles, d.Lengths.Chars.Min, d.Lengths.Chars.Max, d.Lengths.Chars.Mean},
		{"tokens", d.Lengths.Tokens.Quantiles, d.Lengths.Tokens.Min, d.Lengths.Tokens.Max, d.Lengths.Tokens.Mean},
	} {
		p.f("| %s | %d | %d | %d | %d | %d | %.1f |\n", l.name, l.min, l.q["p50"], l.q["p95"], l.q["p99"], l.max, l.mean)
	}
	p.f("\n")

	if ls := d.Labels; ls != nil {
		p.f("**Labels** (%s): %d distinct, %s without a label\n\n", mdCode(d.Settings.Label), ls.Distinct, nouns(ls.NullLabels, "row"))
		p.f("| label | rows | share | top tokens |\n|---|---:|---:|---|\n")
		for i, c := range ls.Classes {
			if i == 20 {
				p.f("| … %d more | | | |\n", len(ls.Classes)-20)
				break
			}
			var top []string
			for _, tc := range c.Top[:min(6, len(c.Top))] {
				top = append(top, mdText(TokenText(tc, 24)))
			}
			p.f("| %s | %s | %s | %s |\n", mdCode(c.Label), commas(c.Rows), pct(c.Share), strings.Join(top, " "))
		}
		for _, note := range ls.Notes {
			p.f("\n_%s_\n", mdText(note))
		}
		p.f("\n")
	}

	if d.Splits != nil {
		writeSplitsMarkdown(p, d.Splits)
	}

	if len(s.FindingsByKind) == 0 {
		p.f("**Findings:** none\n")
		return p.err
	}
	p.f("**Findings**\n\n| kind | count | examples |\n|---|---:|---|\n")
	byKind := groupByKind(d.Findings, o.ExamplesPerKind)
	for _, k := range sortedKeys(s.FindingsByKind) {
		var ex []string
		for _, f := range byKind[k][:min(o.ExamplesPerKind, len(byKind[k]))] {
			where := ""
			if len(f.Rows) > 0 {
				where = mdCodeMax(rowName(f.Rows[0], 80), 0) + " "
				if place := badPlace(&f); place != "" {
					where += "(" + mdCodeMax(place, 0) + ") "
				}
			}
			sub := ""
			if f.Subkind != "" {
				sub = "[" + mdText(f.Subkind) + "] "
			}
			e := where + sub + mdText(shown(f.Evidence, 120))
			if f.Excerpt != "" {
				// A code span: the row's own text, shown as it is, with no
				// address in it made a link.
				e += "<br>&gt; " + mdCodeMax(f.Excerpt, 1<<20)
			}
			ex = append(ex, e)
		}
		p.f("| %s | %s | %s |\n", mdText(k), kindCount(s, k), strings.Join(ex, "<br>"))
	}
	p.f("\n")
	for _, k := range sortedKeys(s.FindingsByKind) {
		if doc, ok := finding.Doc(k); ok {
			p.f("- %s: %s **What to do:** %s\n", mdCode(k), mdText(doc.Explanation), mdText(doc.Advice))
		}
	}
	return p.err
}

// mdText escapes a value for a Markdown table cell: characters Markdown
// or HTML would interpret are backslash- or entity-escaped. An address in
// the data does not become a live link: GFM links "scheme://..." and
// "www.x" as it finds them, so the ':' of "://" and the '.' of "www." are
// written escaped (shown the same; cmark-gfm, GitHub's renderer, and
// goldmark's Linkify then leave the text alone). An e-mail address escapes
// no such way (cmark-gfm joins an escaped '@' back into the text it
// links); excerpts, where addresses are, go in code spans instead
// (WriteMarkdown).
func mdText(s string) string {
	s = shown(s, 1<<20)
	var b strings.Builder
	for i, r := range s {
		switch r {
		case ':':
			if strings.HasPrefix(s[i+1:], "//") {
				b.WriteByte('\\')
			}
			b.WriteByte(':')
		case '.':
			if i >= 3 && strings.EqualFold(s[i-3:i], "www") {
				b.WriteByte('\\')
			}
			b.WriteByte('.')
		case '|', '\\', '`', '*', '_', '[', ']', '#', '~':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mdCode shows a value as inline code: a token, a label, a path. Backticks
// inside are matched by a longer fence; a pipe, which ends a table cell even
// inside code, is written \| (GFM removes the backslash before it parses the
// code span).
func mdCode(s string) string { return mdCodeMax(s, 80) }

// mdCodeMax is mdCode for a value cut to at most max characters (none
// when max <= 0): a path and line shown whole.
func mdCodeMax(s string, max int) string {
	s = shown(s, max)
	s = strings.ReplaceAll(s, "|", `\|`)
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || s == "" {
		pad = " "
	}
	return fmt.Sprintf("%s%s%s%s%s", fence, pad, s, pad, fence)
}

// shortTokenizer names a tokenizer in a few words: "words/v1",
// "tiktoken:cl100k_base", "hf:tokenizer.json".
func shortTokenizer(name string) string {
	if strings.HasPrefix(name, "words") {
		return strings.SplitN(name, ":", 2)[0]
	}
	return strings.SplitN(name, " ", 2)[0]
}
