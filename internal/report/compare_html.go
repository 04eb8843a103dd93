package report

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"
	"sync"

	"github.com/dataaudit/dataaudit/internal/comparison"
	"github.com/dataaudit/dataaudit/internal/report/svg"
	"github.com/dataaudit/dataaudit/internal/verdict"
)

// WriteCompareHTML renders a compare report as one self-contained HTML
// page, like WriteHTML: inline SVG, no script, no network asset, and a
// Content-Security-Policy that forbids both should anything slip through.
// Tokens, labels and paths are untrusted: html/template escapes them, and
// shown() makes invisible and bidi characters visible.
func WriteCompareHTML(w io.Writer, r *comparison.Report, o CompareOptions) error {
	return comparePage().Execute(w, newCompareView(r, o.withDefaults()))
}

type lengthRow struct {
	Name, MeanA, MeanB, MedianA, MedianB, KS, WassersteinNorm, PSI string
	CDF                                                            *svg.CDF
}

func newCDFPlot(unit string, qa, qb []uint64) *svg.CDF {
	if len(qa) != comparison.LengthQuantileSteps+1 || len(qb) != len(qa) {
		return nil
	}
	return svg.NewCDF(unit+" per row", qa, qb, commas)
}

type overlapRow struct {
	B, A, Kind string
}

type labelRow struct {
	Label, RowsA, ShareA, RowsB, ShareB string
}

type compareView struct {
	R                *comparison.Report
	SourceA, SourceB string // the paths given, shown()
	A, B             string // the sides, described
	Verdict          verdict.Verdict
	VerdictWord      string
	Cards            []headline
	Drivers          svg.Diverging
	NoDrivers        bool
	Lengths          []lengthRow
	Labels           svg.Chart
	LabelRows        []labelRow
	Overlap          []overlapRow
	OverlapMore      string
	OverlapLine      string
	Tokenizer        string
}

// divergingChart draws the top k tokens over-represented each way by their
// z-score, on one scale.
func divergingChart(overB, overA []comparison.Driver, k int) svg.Diverging {
	items := func(ds []comparison.Driver) []svg.DivItem {
		var is []svg.DivItem
		for _, d := range ds[:min(k, len(ds))] {
			is = append(is, svg.DivItem{Label: shown(DriverToken(d, 24), 24), Value: fmt.Sprintf("%.1f", d.Z), Size: math.Abs(d.Z),
				Title: fmt.Sprintf("%s: %s per million tokens in A, %s in B; log-odds %.2f, z %.1f",
					shown(DriverToken(d, 80), 80), perMillion(d.PerMillionA, d.AtMostA), perMillion(d.PerMillionB, d.AtMostB), d.LogOdds, d.Z)})
		}
		return is
	}
	return svg.DivergingChart(items(overB), items(overA))
}

// labelChart draws each label's share of the labelled rows in A and in B.
func labelChart(l *comparison.LabelShift) svg.Chart {
	var pairs []svg.Pair
	for _, cl := range l.Classes[:min(30, len(l.Classes))] {
		pairs = append(pairs, svg.Pair{Label: shown(cl.Label, 28), A: cl.ShareA, B: cl.ShareB,
			ValueA: fmt.Sprintf("%s (%s)", pct(cl.ShareA), commas(cl.RowsA)), ValueB: fmt.Sprintf("%s (%s)", pct(cl.ShareB), commas(cl.RowsB))})
	}
	return svg.PairedChart("Share of labelled rows: A (blue), B (orange)", pairs)
}

func newCompareView(r *comparison.Report, o CompareOptions) *compareView {
	v := &compareView{R: r, Cards: compareHeadlines(r), Tokenizer: strings.SplitN(r.Settings.Tokenizer, ":", 2)[0]}
	side := func(s comparison.Side) string {
		d := commas(s.Distinct)
		if s.DistinctIsEstimate {
			d = "~" + d
		}
		return fmt.Sprintf("%s · %s · %s · %s distinct", s.Kind, nouns(s.Rows, "row"), nouns(int64(s.Tokens), "token"), d)
	}
	v.A, v.B = side(r.A), side(r.B)
	v.SourceA, v.SourceB = shown(r.A.Source, 200), shown(r.B.Source, 200)
	v.Verdict = compareVerdictOf(r)
	v.VerdictWord = verdictWord(v.Verdict)
	v.Drivers = divergingChart(r.OverInB, r.OverInA, o.Tokens)
	v.NoDrivers = len(r.OverInA)+len(r.OverInB) == 0
	for _, l := range lengthRows(r.Lengths) {
		v.Lengths = append(v.Lengths, lengthRow{Name: l.Name, MeanA: fmt.Sprintf("%.1f", l.S.MeanA), MeanB: fmt.Sprintf("%.1f", l.S.MeanB),
			MedianA: median(l.S.QuantilesA), MedianB: median(l.S.QuantilesB), CDF: newCDFPlot(l.Name, l.S.QuantilesA, l.S.QuantilesB),
			KS: fmt.Sprintf("%.3f", l.S.KS), WassersteinNorm: fmt.Sprintf("%.3f", l.S.WassersteinNorm), PSI: fmt.Sprintf("%.3f", l.S.PSI)})
	}
	if r.Labels != nil {
		v.Labels = labelChart(r.Labels)
		for _, c := range r.Labels.Classes {
			v.LabelRows = append(v.LabelRows, labelRow{Label: shown(c.Label, 80), RowsA: commas(c.RowsA), ShareA: pct(c.ShareA), RowsB: commas(c.RowsB), ShareB: pct(c.ShareB)})
		}
	}
	if ov := r.Overlap; ov != nil {
		v.OverlapLine = overlapSentence(ov) + "."
		n := min(o.OverlapRows, len(ov.Rows))
		for _, row := range ov.Rows[:n] {
			v.Overlap = append(v.Overlap, overlapRow{B: shownName(row.B, 120), A: shownName(row.A, 120), Kind: overlapKind(row)})
		}
		if more := ov.Total - int64(n); more > 0 {
			v.OverlapMore = commas(more)
		}
	}
	return v
}

// comparePage is parsed the first time a comparison is drawn in HTML.
var comparePage = sync.OnceValue(func() *template.Template {
	return template.Must(newHTMLPage().New("compare").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dataaudit compare report</title>
{{template "style"}}
<style>
code,svg .lbl{unicode-bidi:isolate}svg .bar.b{fill:#f58518}svg .cdf{fill:none;stroke-width:1.8}svg .cdf.a{stroke:#4c78a8}svg .cdf.b{stroke:#f58518}.grid.cdfs{grid-template-columns:repeat(auto-fit,minmax(300px,1fr))}svg.cdf{max-width:none}svg .grid{stroke:#e3e7ee}
.key{display:inline-block;width:14px;height:3px;vertical-align:middle;margin-left:6px}.key.a{background:#4c78a8}.key.b{background:#f58518}svg.wide{max-width:640px}svg .head{font-size:12px;fill:#5b6475}
.card p{margin:4px 0 0;color:#5b6475;font-size:12px}
dl.sides{display:grid;grid-template-columns:max-content 1fr;gap:2px 10px;margin:8px 0}dl.sides dt{font-weight:600}dl.sides dd{margin:0}
</style>
</head><body>
<h1>dataaudit compare</h1>
<dl class="sides"><dt>A (reference)</dt><dd><code>{{.SourceA}}</code> {{.A}}</dd><dt>B (compared)</dt><dd><code>{{.SourceB}}</code> {{.B}}</dd></dl>
<div class="meta">tool {{.R.Tool.Version}} · report schema {{.R.SchemaVersion}} · tokenizer {{.Tokenizer}} · top {{plural .R.Settings.TopN "token"}}</div>
{{template "verdict" .}}
<div class="cards">{{range .Cards}}<div class="card"><b>{{.Value}}</b><span>{{.Name}}</span><p>{{.Reading}}</p></div>{{end}}</div>
{{if .R.Gates}}<h2>Gates</h2>
<table><tr><th>gate</th><th>value</th><th></th></tr>
{{range .R.Gates}}<tr><td><code>{{.Gate}}</code></td><td class="num">{{printf "%.4g" .Value}}</td><td>{{if .Reached}}<b>reached</b>{{else}}ok{{end}}</td></tr>{{end}}
</table>{{end}}

<h2>Tokens that drive the difference</h2>
{{if .NoDrivers}}<p>No token is over-represented either way.</p>{{else}}<figure><figcaption>z-score of the log-odds ratio (informative Dirichlet prior): to the right what B has more of (for a subset selected from A: what the selection favours), to the left what A has more of (what it leaves out)</figcaption>
{{.Drivers.SVG}}</figure>{{end}}

<h2>Length drift (A → B)</h2>
<table><tr><th>per row</th><th>mean A</th><th>mean B</th><th>median A</th><th>median B</th><th>KS</th><th>Wasserstein / sd(A)</th><th>PSI</th></tr>
{{range .Lengths}}<tr><td>{{.Name}}</td><td class="num">{{.MeanA}}</td><td class="num">{{.MeanB}}</td><td class="num">{{.MedianA}}</td><td class="num">{{.MedianB}}</td><td class="num">{{.KS}}</td><td class="num">{{.WassersteinNorm}}</td><td class="num">{{.PSI}}</td></tr>{{end}}
</table>
<p class="meta">KS: the largest gap between the two cumulative distributions (0 to 1). Wasserstein: how far lengths moved, in A's standard deviations. PSI over A's deciles.</p>
<p class="meta">Share of rows up to a length, log scale: <span class="key a"></span> A <span class="key b"></span> B</p>
<div class="grid cdfs">{{range .Lengths}}{{with .CDF}}{{.Figure}}{{end}}{{end}}</div>
{{with .R.Labels}}
<h2>Label shift</h2>
<p>Jensen-Shannon distance {{printf "%.4f" .JSDistance}}, PSI {{printf "%.4f" .PSI}}, total variation {{printf "%.4f" .TotalVariation}}</p>
<div class="grid">{{$.Labels.Figure}}
<table><tr><th>label</th><th>rows A</th><th>share A</th><th>rows B</th><th>share B</th></tr>
{{range $.LabelRows}}<tr><td><code>{{.Label}}</code></td><td class="num">{{.RowsA}}</td><td class="num">{{.ShareA}}</td><td class="num">{{.RowsB}}</td><td class="num">{{.ShareB}}</td></tr>{{end}}
</table></div>
{{end}}
{{with .R.Overlap}}
<h2>Rows of B found in A</h2>
<p>{{$.OverlapLine}}</p>
{{if $.Overlap}}<table><tr><th>row of B</th><th>row of A</th><th>match</th></tr>
{{range $.Overlap}}<tr><td><code>{{.B}}</code></td><td><code>{{.A}}</code></td><td>{{.Kind}}</td></tr>{{end}}
{{if $.OverlapMore}}<tr><td colspan="3">… {{$.OverlapMore}} more (the JSON report lists --overlap-rows of them)</td></tr>{{end}}
</table>{{end}}
{{end}}
{{range .R.Notes}}<p class="meta">Note: {{.}}</p>{{end}}
</body></html>
`))
})
