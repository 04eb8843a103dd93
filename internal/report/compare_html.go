package report

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/dataaudit/dataaudit/internal/comparison"
	"github.com/dataaudit/dataaudit/internal/verdict"
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
// through their quantiles on a log scale from the shortest length (at
// least 1) to the longest.
type cdfPlot struct {
	Title          string
	PointsA        string // SVG polyline points: numbers only
	PointsB        string
	XAxisY, XRight float64
	Ticks          []tick // on the length axis, none overlapping another
}

type tick struct {
	X      float64
	Label  string
	Anchor string // text-anchor: start, middle or end
}

const (
	cdfW, cdfH        = 360.0, 200.0
	cdfLeft, cdfRight = 40.0, 12.0
	cdfTop, cdfBottom = 10.0, 26.0
	cdfTickGap        = 8.0 // the least room between two tick labels
	cdfTickFont       = 11.0
	cdfTickCharW      = 6.6
	cdfPlotW          = cdfW - cdfLeft - cdfRight
	cdfPlotH          = cdfH - cdfTop - cdfBottom
)

// span is the horizontal extent of a tick's label.
func (t tick) span() (lo, hi float64) {
	w := float64(len([]rune(t.Label))) * cdfTickCharW
	switch t.Anchor {
	case "start":
		return t.X, t.X + w
	case "end":
		return t.X - w, t.X
	}
	return t.X - w/2, t.X + w/2
}

// lengthTicks places the tick labels of a log axis from lo to hi (lo <
// hi): both ends, then powers of ten, then 2 and 5 times them, each kept
// only if its label does not come within cdfTickGap of one kept before.
// They are returned left to right.
func lengthTicks(lo, hi float64, x func(float64) float64) []tick {
	ticks := []tick{{X: x(lo), Label: commas(int64(lo)), Anchor: "start"}, {X: x(hi), Label: commas(int64(hi)), Anchor: "end"}}
	fits := func(t tick) bool {
		a, b := t.span()
		for _, o := range ticks {
			c, d := o.span()
			if a < d+cdfTickGap && c < b+cdfTickGap {
				return false
			}
		}
		return true
	}
	for _, m := range []float64{1, 2, 5} {
		for p := 1.0; p*m < hi; p *= 10 {
			if v := p * m; v > lo {
				if t := (tick{X: x(v), Label: commas(int64(v)), Anchor: "middle"}); fits(t) {
					ticks = append(ticks, t)
				}
			}
		}
	}
	sort.Slice(ticks, func(i, j int) bool { return ticks[i].X < ticks[j].X })
	return ticks
}

func newCDFPlot(unit string, qa, qb []uint64) *cdfPlot {
	if len(qa) != comparison.LengthQuantileSteps+1 || len(qb) != len(qa) {
		return nil
	}
	lo := math.Max(1, float64(min(qa[0], qb[0])))
	hi := float64(max(qa[len(qa)-1], qb[len(qb)-1]))
	if hi <= lo {
		hi = lo + 1
	}
	span := math.Log10(hi) - math.Log10(lo)
	x := func(v float64) float64 { // to a tenth of a unit: the markup stays short
		return math.Round(10*(cdfLeft+cdfPlotW*(math.Log10(math.Max(v, lo))-math.Log10(lo))/span)) / 10
	}
	points := func(q []uint64) string {
		var pts []string
		for k, v := range q {
			py := cdfTop + cdfPlotH*(1-float64(k)/comparison.LengthQuantileSteps)
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(float64(v)), py))
		}
		return strings.Join(pts, " ")
	}
	return &cdfPlot{Title: unit + " per row",
		PointsA: points(qa), PointsB: points(qb),
		XAxisY: cdfTop + cdfPlotH, XRight: cdfW - cdfRight, Ticks: lengthTicks(lo, hi, x)}
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
	var names, values []string
	for _, cl := range l.Classes[:min(30, len(l.Classes))] {
		top = math.Max(top, math.Max(cl.ShareA, cl.ShareB))
		names = append(names, shown(cl.Label, 28))
		values = append(values, fmt.Sprintf("%s (%s)", pct(cl.ShareA), commas(cl.RowsA)), fmt.Sprintf("%s (%s)", pct(cl.ShareB), commas(cl.RowsB)))
	}
	longest := c.layout(names, values)
	y := 2.0
	for _, cl := range l.Classes[:min(30, len(l.Classes))] {
		for i, s := range []struct {
			share float64
			rows  int64
		}{{cl.ShareA, cl.RowsA}, {cl.ShareB, cl.RowsB}} {
			b := bar{Y: y, W: 0.5, Value: fmt.Sprintf("%s (%s)", pct(s.share), commas(s.rows))}
			if top > 0 {
				b.W = math.Max(0.5, longest*s.share/top)
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
<p class="meta">Share of rows up to a length, log scale: <span class="key a"></span> A <span class="key b"></span> B</p>
<div class="grid cdfs">{{range .Lengths}}{{with .CDF}}<figure><figcaption>{{.Title}}</figcaption>
<svg class="chart cdf" viewBox="0 0 360 200" role="img" aria-label="share of rows up to a length in {{.Title}}">
<line x1="40" y1="10" x2="40" y2="{{.XAxisY}}" class="axis"/><line x1="40" y1="{{.XAxisY}}" x2="{{.XRight}}" y2="{{.XAxisY}}" class="axis"/>
<line x1="40" y1="92" x2="{{.XRight}}" y2="92" class="grid"/><line x1="40" y1="10" x2="{{.XRight}}" y2="10" class="grid"/>
<polyline points="{{.PointsA}}" class="cdf a"/><polyline points="{{.PointsB}}" class="cdf b"/>
<text x="34" y="14" class="tick" text-anchor="end">100%</text><text x="34" y="96" class="tick" text-anchor="end">50%</text><text x="34" y="{{.XAxisY}}" class="tick" text-anchor="end">0%</text>
{{$y := .XAxisY}}{{range .Ticks}}<line x1="{{.X}}" y1="{{$y}}" x2="{{.X}}" y2="{{add $y 4}}" class="axis"/><text x="{{.X}}" y="{{add $y 16}}" class="tick" text-anchor="{{.Anchor}}">{{.Label}}</text>{{end}}
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
