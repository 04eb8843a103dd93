package report

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"

	"github.com/dataaudit/dataaudit/internal/comparison"
)

// WriteCompareHTML renders a compare report as one self-contained HTML
// page, like WriteHTML: inline SVG, no script, no network asset, and a
// Content-Security-Policy that forbids both should anything slip through.
// Tokens, labels and paths are untrusted: html/template escapes them, and
// shown() makes invisible and bidi characters visible.
func WriteCompareHTML(w io.Writer, r *comparison.Report, o CompareOptions) error {
	return comparePage.Execute(w, newCompareView(r, o.withDefaults()))
}

// divBar is one bar of a diverging chart: B's tokens to the right of the
// axis, A's to the left, each label on the other side of the axis.
type divBar struct {
	Label, Value, Title      string
	Y, X, W, LabelX, ValueX  float64
	LabelAnchor, ValueAnchor string
	Class                    string
}

type diverging struct {
	Height float64
	Bars   []divBar
}

type lengthRow struct {
	Name, MeanA, MeanB, MedianA, MedianB, KS, WassersteinNorm, PSI string
	CDF                                                            *cdfPlot
}

// cdfPlot overlays the cumulative length distributions of A and B, drawn
// through their quantiles on a log scale.
type cdfPlot struct {
	Title          string
	PointsA        string // SVG polyline points: numbers only
	PointsB        string
	MaxLabel       string
	XAxisY, XRight float64
	Ticks          []tick // powers of ten on the length axis
}

type tick struct {
	X     float64
	Label string
}

const cdfW, cdfH, cdfPad = 320.0, 170.0, 34.0

func newCDFPlot(unit string, qa, qb []uint64) *cdfPlot {
	if len(qa) != comparison.LengthQuantileSteps+1 || len(qb) != len(qa) {
		return nil
	}
	top := math.Log10(1 + float64(max(qa[len(qa)-1], qb[len(qb)-1])))
	if top == 0 {
		top = 1
	}
	x := func(v float64) float64 { return cdfPad + (cdfW-cdfPad-10)*math.Log10(1+v)/top }
	var ticks []tick
	for v := 10.0; math.Log10(1+v) < top*0.9; v *= 10 {
		ticks = append(ticks, tick{X: x(v), Label: commas(int64(v))})
	}
	points := func(q []uint64) string {
		var pts []string
		for k, v := range q {
			px := x(float64(v))
			py := 10 + (cdfH-cdfPad-10)*(1-float64(k)/comparison.LengthQuantileSteps)
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", px, py))
		}
		return strings.Join(pts, " ")
	}
	return &cdfPlot{Title: "Share of rows up to a length in " + unit + ": A (blue), B (orange), log scale",
		PointsA: points(qa), PointsB: points(qb), MaxLabel: commas(int64(max(qa[len(qa)-1], qb[len(qb)-1]))),
		XAxisY: cdfH - cdfPad, XRight: cdfW - 10, Ticks: ticks}
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
	Verdict          string
	VerdictBad       bool
	Cards            []headline
	Drivers          diverging
	NoDrivers        bool
	Lengths          []lengthRow
	Labels           chart
	LabelRows        []labelRow
	Overlap          []overlapRow
	OverlapMore      string
	OverlapLine      string
	Tokenizer        string
}

const (
	divWidth  = 640.0
	divAxis   = 320.0
	divMaxBar = 220.0
	divRow    = 18.0
)

// divergingChart draws the top k tokens over-represented each way by their
// z-score, on one scale.
func divergingChart(overB, overA []comparison.Driver, k int) diverging {
	overB, overA = overB[:min(k, len(overB))], overA[:min(k, len(overA))]
	top := 0.0
	for _, d := range overB {
		top = math.Max(top, math.Abs(d.Z))
	}
	for _, d := range overA {
		top = math.Max(top, math.Abs(d.Z))
	}
	var c diverging
	y := 22.0 // under the two headings
	add := func(d comparison.Driver, inB bool) {
		w := 0.5
		if top > 0 {
			w = math.Max(0.5, divMaxBar*math.Abs(d.Z)/top)
		}
		b := divBar{Label: shown(DriverToken(d, 24), 24), Value: fmt.Sprintf("%.1f", d.Z), Y: y, W: w,
			Title: fmt.Sprintf("%s: %s per million tokens in A, %s in B; log-odds %.2f, z %.1f",
				shown(DriverToken(d, 80), 80), perMillion(d.PerMillionA, d.AtMostA), perMillion(d.PerMillionB, d.AtMostB), d.LogOdds, d.Z)}
		if inB {
			b.X, b.LabelX, b.ValueX, b.LabelAnchor, b.ValueAnchor, b.Class = divAxis, divAxis-6, divAxis+w+4, "end", "start", "bar b"
		} else {
			b.X, b.LabelX, b.ValueX, b.LabelAnchor, b.ValueAnchor, b.Class = divAxis-w, divAxis+6, divAxis-w-4, "start", "end", "bar"
		}
		c.Bars = append(c.Bars, b)
		y += divRow
	}
	for _, d := range overB {
		add(d, true)
	}
	y += 8
	for _, d := range overA {
		add(d, false)
	}
	c.Height = y + 4
	return c
}

// labelChart draws each label's share of the labelled rows in A and in B.
func labelChart(l *comparison.LabelShift) chart {
	c := chart{Title: "Share of labelled rows: A (blue), B (orange)"}
	top := 0.0
	for _, cl := range l.Classes {
		top = math.Max(top, math.Max(cl.ShareA, cl.ShareB))
	}
	y := 2.0
	for _, cl := range l.Classes[:min(30, len(l.Classes))] {
		for i, s := range []struct {
			share float64
			rows  int64
		}{{cl.ShareA, cl.RowsA}, {cl.ShareB, cl.RowsB}} {
			b := bar{Y: y, W: 0.5, Value: fmt.Sprintf("%s (%s)", pct(s.share), commas(s.rows))}
			if top > 0 {
				b.W = math.Max(0.5, 250*s.share/top)
			}
			if i == 0 {
				b.Label = shown(cl.Label, 28)
			} else {
				b.Class = "b"
			}
			c.Bars = append(c.Bars, b)
			y += 16
		}
		y += 6
	}
	c.Height = y + 2
	return c
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
	gates := compareGates(r.Gates)
	if reached := reachedGates(gates); len(reached) > 0 {
		v.Verdict, v.VerdictBad = "Gates reached: "+strings.Join(reached, ", "), true
	} else if len(gates) > 0 {
		v.Verdict = fmt.Sprintf("No gate reached (%s checked)", Plural(len(gates), "gate"))
	}
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
			v.Overlap = append(v.Overlap, overlapRow{B: shown(row.B, 120), A: shown(row.A, 120), Kind: overlapKind(row)})
		}
		if more := ov.Total - int64(n); more > 0 {
			v.OverlapMore = commas(more)
		}
	}
	return v
}

var comparePage = template.Must(template.Must(htmlPage.Clone()).New("compare").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dataaudit compare report</title>
{{template "style"}}
<style>
code,svg .lbl{unicode-bidi:isolate}svg .bar.b{fill:#f58518}svg .cdf{fill:none;stroke-width:1.8}svg .cdf.a{stroke:#4c78a8}svg .cdf.b{stroke:#f58518}.grid.cdfs{grid-template-columns:repeat(auto-fit,minmax(300px,1fr))}svg.cdf{max-width:360px}svg.wide{max-width:640px}svg .head{font-size:12px;fill:#5b6475}
.card p{margin:4px 0 0;color:#5b6475;font-size:12px}
dl.sides{display:grid;grid-template-columns:max-content 1fr;gap:2px 10px;margin:8px 0}dl.sides dt{font-weight:600}dl.sides dd{margin:0}
</style>
</head><body>
<h1>dataaudit compare</h1>
<dl class="sides"><dt>A (reference)</dt><dd><code>{{.SourceA}}</code> {{.A}}</dd><dt>B (compared)</dt><dd><code>{{.SourceB}}</code> {{.B}}</dd></dl>
<div class="meta">tool {{.R.Tool.Version}} · report schema {{.R.SchemaVersion}} · tokenizer {{.Tokenizer}} · top {{plural .R.Settings.TopN "token"}}</div>
{{if .Verdict}}<div class="verdict{{if .VerdictBad}} bad{{end}}" id="verdict">{{.Verdict}}</div>{{end}}
<div class="cards">{{range .Cards}}<div class="card"><b>{{.Value}}</b><span>{{.Name}}</span><p>{{.Reading}}</p></div>{{end}}</div>
{{if .R.Gates}}<h2>Gates</h2>
<table><tr><th>gate</th><th>value</th><th></th></tr>
{{range .R.Gates}}<tr><td><code>{{.Gate}}</code></td><td class="num">{{printf "%.4g" .Value}}</td><td>{{if .Reached}}<b>reached</b>{{else}}ok{{end}}</td></tr>{{end}}
</table>{{end}}

<h2>Tokens that drive the difference</h2>
{{if .NoDrivers}}<p>No token is over-represented either way.</p>{{else}}<figure><figcaption>z-score of the log-odds ratio (informative Dirichlet prior): to the right what B has more of (for a subset selected from A: what the selection favours), to the left what A has more of (what it leaves out)</figcaption>
<svg class="chart wide" viewBox="0 0 640 {{.Drivers.Height}}" role="img" aria-label="tokens over-represented in B and in A">
<text x="314" y="12" class="head" text-anchor="end">← more in A</text><text x="326" y="12" class="head">more in B →</text>
<line x1="320" y1="18" x2="320" y2="{{.Drivers.Height}}" class="axis"/>
{{range .Drivers.Bars}}<g><title>{{.Title}}</title><text x="{{.LabelX}}" y="{{.Y}}" dy="12" class="lbl" text-anchor="{{.LabelAnchor}}">{{.Label}}</text><rect x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="14" class="{{.Class}}"/><text x="{{.ValueX}}" y="{{.Y}}" dy="12" class="val" text-anchor="{{.ValueAnchor}}">{{.Value}}</text></g>
{{end}}</svg></figure>{{end}}

<h2>Length drift (A → B)</h2>
<table><tr><th>per row</th><th>mean A</th><th>mean B</th><th>median A</th><th>median B</th><th>KS</th><th>Wasserstein / sd(A)</th><th>PSI</th></tr>
{{range .Lengths}}<tr><td>{{.Name}}</td><td class="num">{{.MeanA}}</td><td class="num">{{.MeanB}}</td><td class="num">{{.MedianA}}</td><td class="num">{{.MedianB}}</td><td class="num">{{.KS}}</td><td class="num">{{.WassersteinNorm}}</td><td class="num">{{.PSI}}</td></tr>{{end}}
</table>
<p class="meta">KS: the largest gap between the two cumulative distributions (0 to 1). Wasserstein: how far lengths moved, in A's standard deviations. PSI over A's deciles.</p>
<div class="grid cdfs">{{range .Lengths}}{{with .CDF}}<figure><figcaption>{{.Title}}</figcaption>
<svg class="chart cdf" viewBox="0 0 320 170" role="img" aria-label="{{.Title}}">
<line x1="34" y1="10" x2="34" y2="{{.XAxisY}}" class="axis"/><line x1="34" y1="{{.XAxisY}}" x2="{{.XRight}}" y2="{{.XAxisY}}" class="axis"/>
<polyline points="{{.PointsA}}" class="cdf a"/><polyline points="{{.PointsB}}" class="cdf b"/>
<text x="30" y="14" class="tick" text-anchor="end">100%</text><text x="30" y="{{.XAxisY}}" class="tick" text-anchor="end">0%</text>
<text x="34" y="{{add .XAxisY 14}}" class="tick">0</text>{{$y := .XAxisY}}{{range .Ticks}}<line x1="{{.X}}" y1="{{$y}}" x2="{{.X}}" y2="{{add $y 4}}" class="axis"/><text x="{{.X}}" y="{{add $y 14}}" class="tick" text-anchor="middle">{{.Label}}</text>{{end}}<text x="{{.XRight}}" y="{{add .XAxisY 14}}" class="tick" text-anchor="end">{{.MaxLabel}}</text>
</svg></figure>{{end}}{{end}}</div>
{{with .R.Labels}}
<h2>Label shift</h2>
<p>Jensen-Shannon distance {{printf "%.4f" .JSDistance}}, PSI {{printf "%.4f" .PSI}}, total variation {{printf "%.4f" .TotalVariation}}</p>
<div class="grid">{{template "bars" $.Labels}}
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
