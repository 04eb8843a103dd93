package report

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/stats"
)

// WriteHTML renders the document as one self-contained HTML page: no
// script, no network asset, so it opens from disk and can be attached to a
// review. Charts are inline SVG computed here from the document's numbers.
// html/template escapes every value from the data in its context, and
// shown() makes invisible and control characters visible.
func WriteHTML(w io.Writer, d *Document) error {
	return htmlPage.Execute(w, newHTMLView(d))
}

type bar struct {
	Label, Value string
	Y, W         float64 // position and length in the chart's units
	Class        string  // an extra CSS class: the series of a paired chart
}

type chart struct {
	Title  string
	Height float64
	Bars   []bar
}

type findingGroup struct {
	Kind     string
	Count    int64
	Examples []findingRow
	Doc      finding.KindDoc // empty for a kind without one
}

type findingRow struct {
	Where, Subkind, Evidence string
	Score                    string
	Excerpt                  string
}

type htmlView struct {
	D          *Document
	Verdict    string
	VerdictBad bool
	Cards      [][2]string
	Tokens     chart
	RankPlot   template.HTML // an SVG polyline, numbers only
	Lengths    []chart
	Labels     chart
	Kinds      chart
	Findings   []findingGroup
	Tokenizer  string
	Splits     *htmlSplits
}

func barChart(title string, labels []string, values []float64, format func(float64) string) chart {
	c := chart{Title: title, Height: float64(len(labels))*18 + 4}
	top := 0.0
	for _, v := range values {
		top = math.Max(top, v)
	}
	for i, l := range labels {
		w := 0.0
		if top > 0 {
			w = 300 * values[i] / top
		}
		c.Bars = append(c.Bars, bar{Label: shown(l, 28), Value: format(values[i]), Y: float64(i)*18 + 2, W: math.Max(w, 0.5)})
	}
	return c
}

func newHTMLView(d *Document) *htmlView {
	v := &htmlView{D: d, Tokenizer: strings.SplitN(d.Settings.Tokenizer, ":", 2)[0], Splits: newHTMLSplits(d.Splits)}
	s := d.Summary
	// The verdict: gates first, then what needs a look.
	reached := reachedGates(d.Gates)
	switch {
	case len(reached) > 0:
		v.Verdict, v.VerdictBad = "Gates reached: "+strings.Join(reached, ", "), true
	case s.UnreadableInputs > 0:
		v.Verdict, v.VerdictBad = nouns(int64(s.UnreadableInputs), "input")+" could not be read to the end", true
	case len(s.FindingsByKind) > 0:
		var parts []string
		for _, k := range sortedKeys(s.FindingsByKind) {
			parts = append(parts, fmt.Sprintf("%s %s", commas(s.FindingsByKind[k]), k))
		}
		v.Verdict = "Findings: " + strings.Join(parts, ", ")
		v.VerdictBad = s.BadRecords > 0
	default:
		v.Verdict = "No findings"
	}
	v.Cards = [][2]string{
		{"rows", commas(s.Rows)},
		{"bad records", fmt.Sprintf("%s (%s)", commas(s.BadRecords), pct(s.BadRecordRate))},
		{"tokens", commas(int64(s.Tokens))},
		{"distinct tokens", commas(int64(s.DistinctTokens))},
		{"empty texts", commas(s.EmptyTexts)},
		{"invalid UTF-8", commas(s.InvalidUTF8Texts)},
	}
	if dd := d.Duplicates; dd != nil && dd.Exact != nil {
		v.Cards = append(v.Cards, [2]string{"duplicate rate", pct(dd.Exact.Rate)})
	}
	if dd := d.Duplicates; dd != nil && dd.Near != nil {
		v.Cards = append(v.Cards, [2]string{"near-duplicate clusters", commas(dd.Near.Clusters)})
	}
	if d.Outliers != nil {
		v.Cards = append(v.Cards, [2]string{"outliers", commas(d.Outliers.Outliers)})
	}
	if d.RepeatedSpans != nil {
		v.Cards = append(v.Cards, [2]string{"rows with a repeated span", commas(d.RepeatedSpans.RowsWithSpan)})
	}

	var labels []string
	var vals []float64
	for _, tc := range d.Tokens.Top[:min(30, len(d.Tokens.Top))] {
		labels = append(labels, TokenText(tc, 40))
		vals = append(vals, float64(tc.Count))
	}
	v.Tokens = barChart("Top "+Plural(len(labels), "token"), labels, vals, func(x float64) string { return commas(int64(x)) })
	v.RankPlot = rankPlot(d.Tokens.Top)

	for _, l := range []struct {
		name string
		s    stats.LengthStats
	}{{"bytes", d.Lengths.Bytes}, {"tokens", d.Lengths.Tokens}} {
		var ls []string
		var vs []float64
		for _, b := range l.s.Histogram {
			if b.Count == 0 && len(ls) == 0 {
				continue
			}
			ls = append(ls, fmt.Sprintf("%d–%d", b.Lo, b.Hi-1))
			vs = append(vs, float64(b.Count))
		}
		v.Lengths = append(v.Lengths, barChart("Rows by length in "+l.name, ls, vs, func(x float64) string { return commas(int64(x)) }))
	}
	if ls := d.Labels; ls != nil {
		var names []string
		var vs []float64
		for _, c := range ls.Classes[:min(30, len(ls.Classes))] {
			names = append(names, c.Label)
			vs = append(vs, float64(c.Rows))
		}
		v.Labels = barChart("Rows per label", names, vs, func(x float64) string { return commas(int64(x)) })
	}
	var kinds []string
	var counts []float64
	for _, k := range sortedKeys(s.FindingsByKind) {
		kinds = append(kinds, k)
		counts = append(counts, float64(s.FindingsByKind[k]))
	}
	v.Kinds = barChart("Findings by kind", kinds, counts, func(x float64) string { return commas(int64(x)) })

	byKind := groupByKind(d.Findings)
	for _, k := range sortedKeys(s.FindingsByKind) {
		g := findingGroup{Kind: k, Count: s.FindingsByKind[k]}
		g.Doc, _ = finding.Doc(k)
		for _, f := range byKind[k][:min(25, len(byKind[k]))] {
			r := findingRow{Subkind: f.Subkind, Evidence: shown(f.Evidence, 300), Excerpt: shown(f.Excerpt, 0)}
			if len(f.Rows) > 0 {
				r.Where = shown(f.Rows[0].ID, 80)
				if len(f.Rows) > 1 {
					r.Where += fmt.Sprintf(" (+%d)", len(f.Rows)-1)
				}
			}
			if f.Score != 0 {
				r.Score = fmt.Sprintf("%.2f", f.Score)
			}
			g.Examples = append(g.Examples, r)
		}
		v.Findings = append(v.Findings, g)
	}
	return v
}

// rankPlot draws token rank against count on log-log axes: a straight line
// is Zipf's law; a kink or a flat head shows boilerplate or injected text.
func rankPlot(top []stats.TokenCount) template.HTML {
	if len(top) < 2 || top[0].Count == 0 {
		return ""
	}
	const w, h, pad = 320.0, 200.0, 30.0
	maxX := math.Log10(float64(len(top)))
	maxY := math.Log10(float64(top[0].Count))
	minY := math.Log10(math.Max(1, float64(top[len(top)-1].Count)))
	if maxY == minY {
		maxY = minY + 1
	}
	var pts []string
	for i, tc := range top {
		if tc.Count == 0 {
			break
		}
		x := pad + (w-pad-10)*math.Log10(float64(i+1))/math.Max(maxX, 1e-9)
		y := 10 + (h-pad-10)*(maxY-math.Log10(float64(tc.Count)))/(maxY-minY)
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, y))
	}
	// Only numbers go into this markup, so it is safe as it is.
	return template.HTML(fmt.Sprintf(`<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-label="rank-frequency plot">
<line x1="%.0f" y1="10" x2="%.0f" y2="%.0f" class="axis"/><line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" class="axis"/>
<polyline points="%s" class="line"/>
<text x="%.0f" y="%.0f" class="tick">rank 1</text><text x="%.0f" y="%.0f" class="tick" text-anchor="end">rank %d</text>
<text x="2" y="16" class="tick">%s</text><text x="2" y="%.0f" class="tick">%s</text>
</svg>`, w, h, pad, pad, h-pad, pad, h-pad, w-10, h-pad, strings.Join(pts, " "),
		pad, h-pad+14, w-10, h-pad+14, len(top), commas(int64(top[0].Count)), h-pad, commas(int64(top[len(top)-1].Count))))
}

var htmlPage = template.Must(template.New("page").Funcs(template.FuncMap{
	"add":    func(a, b float64) float64 { return a + b },
	"mul100": func(a float64) float64 { return a * 100 },
	"plural": Plural,
}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dataaudit {{.D.Command}} report</title>
{{template "style"}}
</head><body>
<h1>dataaudit {{.D.Command}}</h1>
<div class="meta">{{plural (len .D.Inputs) "input"}}: {{range $i, $in := .D.Inputs}}{{if $i}}, {{end}}<code>{{$in.Path}}</code>{{end}} · tool {{.D.Tool.Version}} · report schema {{.D.SchemaVersion}} · tokenizer {{.Tokenizer}}</div>
<div class="verdict{{if .VerdictBad}} bad{{end}}" id="verdict">{{.Verdict}}</div>
<div class="cards">{{range .Cards}}<div class="card"><b>{{index . 1}}</b><span>{{index . 0}}</span></div>{{end}}</div>

<h2>Token distribution</h2>
<div class="grid">
{{template "bars" .Tokens}}
{{if .RankPlot}}<figure><figcaption>Rank and count, log-log (a straight line is Zipf's law)</figcaption>{{.RankPlot}}</figure>{{end}}
</div>

<h2>Lengths</h2>
<div class="grid">{{range .Lengths}}{{template "bars" .}}{{end}}</div>
{{if .D.Labels}}
<h2>Labels</h2>
<div class="grid">{{template "bars" .Labels}}
<table><tr><th>label</th><th>rows</th><th>share</th><th>top tokens</th></tr>
{{range .D.Labels.Classes}}<tr><td><code>{{.Label}}</code></td><td class="num">{{.Rows}}</td><td class="num">{{printf "%.2f%%" (mul100 .Share)}}</td><td>{{range $i, $t := .Top}}{{if lt $i 8}}{{$t.Token}} {{end}}{{end}}</td></tr>{{end}}
</table></div>
{{end}}
{{with .Splits}}<h2>Splits</h2>
<p>{{.Headline}}</p>
<table><tr><th>split</th><th>role</th><th>files</th><th>rows</th><th>bad</th><th>tokens</th><th>copies of train</th><th>labels</th></tr>
{{range .Rows}}<tr><td><code>{{.Name}}</code></td><td>{{.Role}}</td><td class="num">{{.Files}}</td><td class="num">{{.Rows}}</td><td class="num">{{.Bad}}</td><td class="num">{{.Tokens}}</td><td class="num">{{.Overlap}}</td><td>{{.Labels}}</td></tr>{{end}}
</table>
{{end}}<h2>Findings</h2>
{{if .Findings}}<div class="grid">{{template "bars" .Kinds}}</div>
{{range .Findings}}<h3>{{.Kind}} <span class="meta">({{.Count}})</span></h3>
{{if .Doc.Explanation}}<p class="meta">{{.Doc.Explanation}} <b>What to do:</b> {{.Doc.Advice}}</p>
{{end}}<table class="findings"><tr><th>row</th><th>subkind</th><th>score</th><th>evidence</th><th>excerpt</th></tr>
{{range .Examples}}<tr><td><code>{{.Where}}</code></td><td>{{.Subkind}}</td><td class="num">{{.Score}}</td><td class="ev">{{.Evidence}}</td><td class="ev">{{.Excerpt}}</td></tr>{{end}}
</table>{{end}}{{else}}<p>No findings.</p>{{end}}
</body></html>
{{define "bars"}}<figure><figcaption>{{.Title}}</figcaption>
<svg class="chart" viewBox="0 0 520 {{.Height}}" role="img" aria-label="{{.Title}}">
{{range .Bars}}<text x="150" y="{{.Y}}" dy="12" class="lbl" text-anchor="end">{{.Label}}</text><rect x="156" y="{{.Y}}" width="{{.W}}" height="14" class="bar{{with .Class}} {{.}}{{end}}"/><text x="{{add .W 160}}" y="{{.Y}}" dy="12" class="val">{{.Value}}</text>
{{end}}</svg></figure>{{end}}
{{define "style"}}<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2430;max-width:1100px;margin:24px auto;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #e3e7ee;padding-bottom:4px}
.meta{color:#5b6475;font-size:13px}
.verdict{padding:10px 14px;border-radius:6px;margin:14px 0;background:#e8f5ec;border:1px solid #b7dfc3}
.verdict.bad{background:#fdecec;border-color:#f3b7b7}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:10px}
.card{border:1px solid #e3e7ee;border-radius:6px;padding:8px 10px}.card b{display:block;font-size:18px}
.card span{color:#5b6475;font-size:12px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:18px}
svg.chart{width:100%;max-width:520px;height:auto}
svg .bar{fill:#4c78a8}svg .lbl,svg .val,svg .tick{font-size:11px;fill:#1d2430}svg .axis{stroke:#8a93a3}
svg .line{fill:none;stroke:#e45756;stroke-width:1.5}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #eef1f5;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f6f8fb}td.num{text-align:right;font-variant-numeric:tabular-nums}
code,.ev{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px;word-break:break-all}
@media print{body{margin:0;max-width:none}.grid{grid-template-columns:1fr 1fr}h2{break-after:avoid}table{break-inside:auto}}
</style>{{end}}
`))
