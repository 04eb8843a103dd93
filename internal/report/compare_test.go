package report

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/dataaudit/dataaudit/internal/comparison"
)

// hostileCompare is a compare report whose tokens, labels and paths try to
// break out of the page: a script, an attribute, bidi controls, pipes.
func hostileCompare() *comparison.Report {
	r := &comparison.Report{Schema: comparison.ReportSchema, SchemaVersion: comparison.ReportVersion}
	r.Tool.Version = "test"
	r.A = comparison.Side{Source: `pre"train<1>.jsonl`, Kind: "data", Rows: 10, Tokens: 100, Distinct: 50, Complete: true}
	r.B = comparison.Side{Source: "fine|tune\u202e.jsonl", Kind: "profile", Rows: 5, Tokens: 60, Distinct: 30, DistinctIsEstimate: true}
	r.Settings = comparison.CompareSettings{Tokenizer: "words/v1: rule", TopN: 100}
	r.Tokens = comparison.TokenShift{TopN: 100, Bins: 40, MassA: 0.9, MassB: 0.8, JSDistance: 0.3, PSI: 0.2}
	r.OverInB = []comparison.Driver{
		{Token: "<script>alert(1)</script>", CountB: 9, PerMillionB: 150000, LogOdds: 2, Z: 5.5, AtMostA: true},
		{Token: `x" onload="alert(1)`, CountB: 3, PerMillionB: 50000, LogOdds: 1, Z: 2.1},
	}
	r.OverInA = []comparison.Driver{{Token: "\u202eevil|pipe`tick\u200f", CountA: 7, PerMillionA: 70000, LogOdds: -1.5, Z: -3}}
	r.Lengths.Bytes = comparison.LengthShift{MeanA: 10, MeanB: 20, KS: 0.5,
		QuantilesA: []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 2000},
		QuantilesB: []uint64{5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25}}
	r.Vocabulary = comparison.Vocabulary{BasisA: "all tokens", BasisB: "top 30 tokens", OOVRate: 0.1, OOVRateMax: 0.2, OOVTypes: 0.3}
	r.Labels = &comparison.LabelShift{Classes: []comparison.LabelShare{
		{Label: "<img src=x onerror=alert(1)>", RowsA: 4, RowsB: 1, ShareA: 0.4, ShareB: 0.2},
		{Label: "\u200fham|spam", RowsA: 6, RowsB: 4, ShareA: 0.6, ShareB: 0.8}}, JSDistance: 0.2, TotalVariation: 0.2}
	r.Overlap = &comparison.Overlap{RowsB: 5, Exact: 1, Near: 1, Total: 2, Rate: 0.4, Normalization: "nfkc-casefold-space",
		Rows: []comparison.OverlapRow{{B: "b<i>.jsonl:1", A: "a|x.jsonl:3", Kind: "exact"}, {B: "b.jsonl:2", A: "a.jsonl:9", Kind: "near", Jaccard: 0.9}}}
	r.Domain = &comparison.Domain{AUC: 0.75, Folds: 5}
	r.Notes = []string{"a <note>"}
	r.Gates = []comparison.GateResult{{Gate: "overlap_rows>0", Value: 2, Reached: true}, {Gate: "psi>1", Value: 0.2}}
	return r
}

func TestCompareHTMLEscapesAndDraws(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCompareHTML(&buf, hostileCompare(), CompareOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	// Nothing from the data becomes a tag or an attribute; nothing is
	// fetched (the page's only URL-like text is its CSP).
	for _, bad := range []string{"<script", "<img", "<i>", `" onload=`, "\u202e", "\u200f", "http:", "https:", `src="`, `href="`, "url("} {
		if strings.Contains(out, bad) {
			t.Errorf("the page contains %q", bad)
		}
	}
	for _, want := range []string{
		"&lt;script&gt;alert(1)&lt;/script&gt;",
		`x&#34; onload=&#34;alert(1)`,
		`\u202eevil|pipe`, // the bidi control, visible
		`\u200fham|spam`,  // in the label chart and table
		"gate overlap_rows&gt;0 reached",
		`class="verdict fail"`,
		"Content-Security-Policy",
		"≤0.0", // A's count of the first B driver is a profile's bound
		"2 of B&#39;s 5 rows are in A (40.00%)",
		"A moderate shift",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if n := strings.Count(out, "<svg"); n != 3 {
		t.Errorf("%d charts, want the drivers, the byte lengths' CDFs (the others have no quantiles) and the labels", n)
	}
	for _, want := range []string{`<td class="num">11</td><td class="num">15</td>`, // the medians
		`text-anchor="end">2,000</text>`, `text-anchor="middle">100</text>`} { // the CDF's axis
		if !strings.Contains(out, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if n := strings.Count(out, `<rect x="320"`); n != 2 {
		t.Errorf("%d bars right of the axis, want B's 2 drivers", n)
	}
}

// TestCompareMarkdownRenders renders the Markdown with a GFM renderer
// (goldmark): every table row has its header's cells, nothing from the
// data becomes HTML, bidi controls are shown as escapes.
func TestCompareMarkdownRenders(t *testing.T) {
	var md, html bytes.Buffer
	if err := WriteCompareMarkdown(&md, hostileCompare(), CompareOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(md.String(), "\u202e\u200f") {
		t.Error("a bidi control got into the Markdown")
	}
	if err := goldmark.New(goldmark.WithExtensions(extension.Table)).Convert(md.Bytes(), &html); err != nil {
		t.Fatal(err)
	}
	out := html.String()
	for _, bad := range []string{"<script>", "<img", "<i>"} {
		if strings.Contains(out, bad) {
			t.Errorf("data became HTML (%q):\n%s", bad, out)
		}
	}
	tables := strings.Split(out, "<table>")[1:]
	if len(tables) != 7 {
		t.Errorf("%d tables rendered, want headlines, gates, two driver tables, lengths, labels, overlap:\n%s", len(tables), out)
	}
	checkCells(t, tables)
	for _, want := range []string{"<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>", `<code>\u202eevil|pipe`, "<code>a|x.jsonl:3</code>", "near (Jaccard 0.90)", "<strong>reached</strong>"} {
		if !strings.Contains(out, want) {
			t.Errorf("rendered HTML lacks %q:\n%s", want, out)
		}
	}
}

// TestCompareWithoutOptionalParts: a comparison against a profile has no
// labels, overlap or domain; the renderings leave those parts out.
func TestCompareWithoutOptionalParts(t *testing.T) {
	r := hostileCompare()
	r.Labels, r.Overlap, r.Domain, r.Gates = nil, nil, nil, nil
	r.OverInA, r.OverInB = []comparison.Driver{}, []comparison.Driver{}
	var md, html bytes.Buffer
	if err := WriteCompareMarkdown(&md, r, CompareOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteCompareHTML(&html, r, CompareOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{md.String(), html.String()} {
		for _, absent := range []string{"overlap rate", "domain AUC", "label JS distance", "Gates", "gate "} {
			if strings.Contains(s, absent) {
				t.Errorf("the rendering has %q without that part:\n%.2000s", absent, s)
			}
		}
	}
	if !strings.Contains(html.String(), "No token is over-represented either way") {
		t.Error("the HTML does not say there are no drivers")
	}
}

// TestCompareShowNone: a negative count shows no drivers (compare --show
// 0), zero the default.
func TestCompareShowNone(t *testing.T) {
	for _, tc := range []struct {
		tokens int
		want   bool
	}{{-1, false}, {0, true}, {1, true}} {
		var md bytes.Buffer
		if err := WriteCompareMarkdown(&md, hostileCompare(), CompareOptions{Tokens: tc.tokens}); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(md.String(), "| 5.5 |"); got != tc.want { // the first driver's z
			t.Errorf("Tokens %d: a driver shown = %v, want %v", tc.tokens, got, tc.want)
		}
	}
}

// failingWriter accepts n bytes, then fails every write, as a full disk
// or a closed pipe does.
type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) <= w.n {
		w.n -= len(p)
		return len(p), nil
	}
	k := w.n
	w.n = 0
	return k, errors.New("no space left on device")
}

// TestCompareTextWriteError checks that the text summary reports a failed
// write: a compare whose summary was lost on a full disk must not exit 0.
func TestCompareTextWriteError(t *testing.T) {
	for _, n := range []int{0, 10, 300, 1000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			if err := WriteCompareText(&failingWriter{n: n}, hostileCompare(), 5); err == nil {
				t.Errorf("WriteCompareText(writer failing after %d bytes) = nil, want an error", n)
			}
		})
	}
	var buf bytes.Buffer
	if err := WriteCompareText(&buf, hostileCompare(), 5); err != nil {
		t.Errorf("WriteCompareText(buffer) = %v, want nil", err)
	}
}
