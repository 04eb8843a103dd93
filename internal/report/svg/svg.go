// Package svg draws the inline SVG charts of the HTML reports: bar charts
// (plain and paired), the diverging chart of compare's token drivers, the
// rank-frequency plot and the length CDFs with their tick placement. It
// knows geometry and markup only: every label and value arrives already
// made visible (report's shown()) and formatted by package report, and
// html/template escapes it here in the same context as in the page. Charts
// are sized in viewBox units whose text is 11px, so a page shown at most
// that wide keeps its text's size.
package svg

import (
	"fmt"
	"html/template"
	"math"
	"sort"
	"strings"
	"sync"
)

// Bar is one bar of a Chart.
type Bar struct {
	Label, Value string
	Y, W         float64 // position and length in the chart's units
	Class        string  // an extra CSS class: the series of a paired chart
}

// Chart is a horizontal bar chart: labels right-aligned at LabelX, bars
// from BarX, each value after its bar, in a viewBox ChartW wide that the
// page shows at most that many pixels wide, so its text keeps its size.
type Chart struct {
	Title        string
	Height       float64
	LabelX, BarX float64
	Bars         []Bar
}

const (
	// ChartW is the width of a Chart's viewBox.
	ChartW = 520.0
	// CharW is the most a character of the charts' 11px text takes
	// (digits and most letters take less): label columns are sized by it.
	CharW = 6.6
)

// layout sizes a chart's label column for its longest label and returns
// the longest bar that leaves room for the widest value after it.
func (c *Chart) layout(labels, values []string) float64 {
	longest, widest := 0, 0
	for _, l := range labels {
		longest = max(longest, len([]rune(l)))
	}
	for _, v := range values {
		widest = max(widest, len([]rune(v)))
	}
	c.LabelX = math.Min(200, math.Max(40, float64(longest)*CharW+4))
	c.BarX = c.LabelX + 6
	return math.Max(60, ChartW-c.BarX-10-float64(widest)*CharW)
}

// BarChart draws one bar per label, sized by its value against the
// largest; values are the texts written after the bars.
func BarChart(title string, labels, values []string, sizes []float64) Chart {
	c := Chart{Title: title, Height: float64(len(labels))*18 + 4}
	longest := c.layout(labels, values)
	top := 0.0
	for _, v := range sizes {
		top = math.Max(top, v)
	}
	for i := range labels {
		w := 0.0
		if top > 0 {
			w = longest * sizes[i] / top
		}
		c.Bars = append(c.Bars, Bar{Label: labels[i], Value: values[i], Y: float64(i)*18 + 2, W: math.Max(w, 0.5)})
	}
	return c
}

// Pair is one label of a PairedChart: the sizes of its two series and the
// texts written after their bars.
type Pair struct {
	Label          string
	A, B           float64
	ValueA, ValueB string
}

// PairedChart draws two bars per label, the second of CSS class "b", all
// on one scale.
func PairedChart(title string, pairs []Pair) Chart {
	c := Chart{Title: title}
	top := 0.0
	var names, values []string
	for _, p := range pairs {
		top = math.Max(top, math.Max(p.A, p.B))
		names = append(names, p.Label)
		values = append(values, p.ValueA, p.ValueB)
	}
	longest := c.layout(names, values)
	y := 2.0
	for _, p := range pairs {
		for i, s := range []struct {
			size  float64
			value string
		}{{p.A, p.ValueA}, {p.B, p.ValueB}} {
			b := Bar{Y: y, W: 0.5, Value: s.value}
			if top > 0 {
				b.W = math.Max(0.5, longest*s.size/top)
			}
			if i == 0 {
				b.Label = p.Label
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

// RankPlot draws rank against count on log-log axes (counts in rank
// order, largest first): a straight line is Zipf's law; a kink or a flat
// head shows boilerplate or injected text. format writes a count.
func RankPlot(counts []uint64, format func(int64) string) template.HTML {
	if len(counts) < 2 || counts[0] == 0 {
		return ""
	}
	const w, h = 480.0, 260.0
	// The left margin holds the counts, right-aligned.
	pad := math.Max(44, float64(len(format(int64(counts[0]))))*CharW+8)
	maxX := math.Log10(float64(len(counts)))
	maxY := math.Log10(float64(counts[0]))
	minY := math.Log10(math.Max(1, float64(counts[len(counts)-1])))
	if maxY == minY {
		maxY = minY + 1
	}
	var pts []string
	for i, n := range counts {
		if n == 0 {
			break
		}
		x := pad + (w-pad-10)*math.Log10(float64(i+1))/math.Max(maxX, 1e-9)
		y := 10 + (h-pad-10)*(maxY-math.Log10(float64(n)))/(maxY-minY)
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, y))
	}
	// Only numbers go into this markup, so it is safe as it is.
	return template.HTML(fmt.Sprintf(`<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-label="rank-frequency plot">
<line x1="%.1f" y1="10" x2="%.1f" y2="%.0f" class="axis"/><line x1="%.1f" y1="%.0f" x2="%.0f" y2="%.0f" class="axis"/>
<polyline points="%s" class="line"/>
<text x="%.1f" y="%.0f" class="tick">rank 1</text><text x="%.0f" y="%.0f" class="tick" text-anchor="end">rank %d</text>
<text x="%.1f" y="16" class="tick" text-anchor="end">%s</text><text x="%.1f" y="%.0f" class="tick" text-anchor="end">%s</text>
</svg>`, w, h, pad, pad, h-pad, pad, h-pad, w-10, h-pad, strings.Join(pts, " "),
		pad, h-pad+14, w-10, h-pad+14, len(counts), pad-4, format(int64(counts[0])), pad-4, h-pad, format(int64(counts[len(counts)-1]))))
}

// DivBar is one bar of a diverging chart: B's tokens to the right of the
// axis, A's to the left, each label on the other side of the axis.
type DivBar struct {
	Label, Value, Title      string
	Y, X, W, LabelX, ValueX  float64
	LabelAnchor, ValueAnchor string
	Class                    string
}

// Diverging is a chart of bars either side of one axis.
type Diverging struct {
	Height float64
	Bars   []DivBar
}

// DivItem is what a DivBar shows: its label, the value written after it,
// its tooltip and its size.
type DivItem struct {
	Label, Value, Title string
	Size                float64
}

const (
	divAxis   = 320.0
	divMaxBar = 220.0
	divRow    = 18.0
)

// DivergingChart draws right's items to the right of the axis, then
// left's to the left of it, on one scale.
func DivergingChart(right, left []DivItem) Diverging {
	top := 0.0
	for _, d := range right {
		top = math.Max(top, d.Size)
	}
	for _, d := range left {
		top = math.Max(top, d.Size)
	}
	var c Diverging
	y := 22.0 // under the two headings
	add := func(d DivItem, inB bool) {
		w := 0.5
		if top > 0 {
			w = math.Max(0.5, divMaxBar*d.Size/top)
		}
		b := DivBar{Label: d.Label, Value: d.Value, Y: y, W: w, Title: d.Title}
		if inB {
			b.X, b.LabelX, b.ValueX, b.LabelAnchor, b.ValueAnchor, b.Class = divAxis, divAxis-6, divAxis+w+4, "end", "start", "bar b"
		} else {
			b.X, b.LabelX, b.ValueX, b.LabelAnchor, b.ValueAnchor, b.Class = divAxis-w, divAxis+6, divAxis-w-4, "start", "end", "bar"
		}
		c.Bars = append(c.Bars, b)
		y += divRow
	}
	for _, d := range right {
		add(d, true)
	}
	y += 8
	for _, d := range left {
		add(d, false)
	}
	c.Height = y + 4
	return c
}

// CDF overlays the cumulative length distributions of A and B, drawn
// through their quantiles on a log scale from the shortest length (at
// least 1) to the longest.
type CDF struct {
	Title          string
	PointsA        string // SVG polyline points: numbers only
	PointsB        string
	XAxisY, XRight float64
	Ticks          []Tick // on the length axis, none overlapping another
}

// Tick is a labelled tick of a CDF's length axis.
type Tick struct {
	X      float64
	Label  string
	Anchor string // text-anchor: start, middle or end
}

const (
	cdfW, cdfH        = 360.0, 200.0
	cdfLeft, cdfRight = 40.0, 12.0
	cdfTop, cdfBottom = 10.0, 26.0
	// TickGap is the least room between two tick labels.
	TickGap      = 8.0
	cdfTickCharW = 6.6
	cdfPlotW     = cdfW - cdfLeft - cdfRight
	cdfPlotH     = cdfH - cdfTop - cdfBottom
)

// Span is the horizontal extent of a tick's label.
func (t Tick) Span() (lo, hi float64) {
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
// only if its label does not come within TickGap of one kept before.
// They are returned left to right.
func lengthTicks(lo, hi float64, x func(float64) float64, format func(int64) string) []Tick {
	ticks := []Tick{{X: x(lo), Label: format(int64(lo)), Anchor: "start"}, {X: x(hi), Label: format(int64(hi)), Anchor: "end"}}
	fits := func(t Tick) bool {
		a, b := t.Span()
		for _, o := range ticks {
			c, d := o.Span()
			if a < d+TickGap && c < b+TickGap {
				return false
			}
		}
		return true
	}
	for _, m := range []float64{1, 2, 5} {
		for p := 1.0; p*m < hi; p *= 10 {
			if v := p * m; v > lo {
				if t := (Tick{X: x(v), Label: format(int64(v)), Anchor: "middle"}); fits(t) {
					ticks = append(ticks, t)
				}
			}
		}
	}
	sort.Slice(ticks, func(i, j int) bool { return ticks[i].X < ticks[j].X })
	return ticks
}

// NewCDF draws the quantiles qa and qb (as many each, from the 0th to the
// last, at least two) of A's and B's lengths; format writes a length.
func NewCDF(title string, qa, qb []uint64, format func(int64) string) *CDF {
	steps := float64(len(qa) - 1)
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
			py := cdfTop + cdfPlotH*(1-float64(k)/steps)
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(float64(v)), py))
		}
		return strings.Join(pts, " ")
	}
	return &CDF{Title: title,
		PointsA: points(qa), PointsB: points(qb),
		XAxisY: cdfTop + cdfPlotH, XRight: cdfW - cdfRight, Ticks: lengthTicks(lo, hi, x, format)}
}

// The charts' markup. Every label, value and title comes from package
// report already shown(): html/template escapes it in its context here as
// it would in the page.
// They are parsed the first time a chart is drawn, not at start (package
// init cost every run 0.11 ms and 34 KB: GODEBUG=inittrace=1).
var markup = sync.OnceValue(func() *template.Template {
	markup := template.Must(template.New("bars").Funcs(template.FuncMap{
		"add": func(a, b float64) float64 { return a + b },
	}).Parse(`<figure><figcaption>{{.Title}}</figcaption>
<svg class="chart" viewBox="0 0 520 {{.Height}}" role="img" aria-label="{{.Title}}">
{{$c := .}}{{range .Bars}}<text x="{{$c.LabelX}}" y="{{.Y}}" dy="12" class="lbl" text-anchor="end">{{.Label}}</text><rect x="{{$c.BarX}}" y="{{.Y}}" width="{{.W}}" height="14" class="bar{{with .Class}} {{.}}{{end}}"/><text x="{{add .W (add $c.BarX 4)}}" y="{{.Y}}" dy="12" class="val">{{.Value}}</text>
{{end}}</svg></figure>`))
	template.Must(markup.New("diverging").Parse(`<svg class="chart wide" viewBox="0 0 640 {{.Height}}" role="img" aria-label="tokens over-represented in B and in A">
<text x="314" y="12" class="head" text-anchor="end">← more in A</text><text x="326" y="12" class="head">more in B →</text>
<line x1="320" y1="18" x2="320" y2="{{.Height}}" class="axis"/>
{{range .Bars}}<g><title>{{.Title}}</title><text x="{{.LabelX}}" y="{{.Y}}" dy="12" class="lbl" text-anchor="{{.LabelAnchor}}">{{.Label}}</text><rect x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="14" class="{{.Class}}"/><text x="{{.ValueX}}" y="{{.Y}}" dy="12" class="val" text-anchor="{{.ValueAnchor}}">{{.Value}}</text></g>
{{end}}</svg>`))
	template.Must(markup.New("cdf").Parse(`<figure><figcaption>{{.Title}}</figcaption>
<svg class="chart cdf" viewBox="0 0 360 200" role="img" aria-label="share of rows up to a length in {{.Title}}">
<line x1="40" y1="10" x2="40" y2="{{.XAxisY}}" class="axis"/><line x1="40" y1="{{.XAxisY}}" x2="{{.XRight}}" y2="{{.XAxisY}}" class="axis"/>
<line x1="40" y1="92" x2="{{.XRight}}" y2="92" class="grid"/><line x1="40" y1="10" x2="{{.XRight}}" y2="10" class="grid"/>
<polyline points="{{.PointsA}}" class="cdf a"/><polyline points="{{.PointsB}}" class="cdf b"/>
<text x="34" y="14" class="tick" text-anchor="end">100%</text><text x="34" y="96" class="tick" text-anchor="end">50%</text><text x="34" y="{{.XAxisY}}" class="tick" text-anchor="end">0%</text>
{{$y := .XAxisY}}{{range .Ticks}}<line x1="{{.X}}" y1="{{$y}}" x2="{{.X}}" y2="{{add $y 4}}" class="axis"/><text x="{{.X}}" y="{{add $y 16}}" class="tick" text-anchor="{{.Anchor}}">{{.Label}}</text>{{end}}
</svg></figure>`))
	return markup
})

func execute(name string, data any) (template.HTML, error) {
	var b strings.Builder
	if err := markup().ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("draw %s chart: %w", name, err)
	}
	return template.HTML(b.String()), nil
}

// Figure is the chart as a figure with its title as caption.
func (c Chart) Figure() (template.HTML, error) { return execute("bars", c) }

// SVG is the diverging chart, with its two headings and its axis.
func (c Diverging) SVG() (template.HTML, error) { return execute("diverging", c) }

// Figure is the CDF plot as a figure with its title as caption.
func (c *CDF) Figure() (template.HTML, error) { return execute("cdf", c) }
