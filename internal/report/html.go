package report

import (
	"fmt"
	"html/template"
	"io"
	"strings"
	"sync"

	"github.com/dataaudit/dataaudit/internal/chat"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/labels"
	"github.com/dataaudit/dataaudit/internal/report/svg"
	"github.com/dataaudit/dataaudit/internal/stats"
	"github.com/dataaudit/dataaudit/internal/verdict"
)

// WriteHTML renders the document as one self-contained HTML page: no
// script, no network asset, so it opens from disk and can be attached to a
// review. Charts are inline SVG computed here from the document's numbers.
// html/template escapes every value from the data in its context, and
// shown() makes invisible and control characters visible.
func WriteHTML(w io.Writer, d *Document) error {
	return htmlPage().Execute(w, newHTMLView(d))
}

type findingGroup struct {
	Kind     string
	Count    string // kindCount: "4 findings for 3 bad records" where they differ
	Examples []findingRow
	Doc      finding.KindDoc // empty for a kind without one
}

type findingRow struct {
	Where, Subkind, Evidence string
	Score                    string
	Excerpt                  string
}

type htmlView struct {
	D           *Document
	Verdict     verdict.Verdict
	VerdictWord string
	Cards       [][2]string
	Tokens      svg.Chart
	RankPlot    template.HTML // an SVG polyline, numbers only
	Lengths     []svg.Chart
	Percentiles []percentileRow
	Labels      svg.Chart
	LabelChecks []keyValue
	Joint       *jointTable
	Detectors   []keyValue // the backdoor and poisoned-text scans
	Chat        *htmlChat
	Kinds       svg.Chart
	Findings    []findingGroup
	Tokenizer   string
	Splits      *htmlSplits
}

// keyValue is one line of a section's summary table.
type keyValue struct{ Key, Value string }

// percentileRow is one row of the length percentiles table: min, p1, p5,
// p25, p50, p75, p95, p99, max, mean.
type percentileRow struct {
	Name   string
	Values []string
}

func newPercentileRow(name string, l stats.LengthStats) percentileRow {
	r := percentileRow{Name: name, Values: []string{commas(int64(l.Min))}}
	for _, q := range []string{"p1", "p5", "p25", "p50", "p75", "p95", "p99"} {
		r.Values = append(r.Values, commas(int64(l.Quantiles[q])))
	}
	r.Values = append(r.Values, commas(int64(l.Max)), fmt.Sprintf("%.1f", l.Mean))
	return r
}

// jointTable is the label checks' confident joint: a row per given label,
// a column per label estimated true.
type jointTable struct {
	Classes []string
	Rows    [][]string
}

// htmlChat is the chat section: the shape and a row per part and role.
type htmlChat struct {
	Shape string
	Parts []chatPart
}

type chatPart struct {
	Name, Count, Tokens, Median, P95 string
}

func newHTMLChat(c *chat.Result) *htmlChat {
	if c == nil {
		return nil
	}
	var shapes []string
	for _, k := range sortedKeys(c.Shapes) {
		shapes = append(shapes, fmt.Sprintf("%s %s", k, commas(c.Shapes[k])))
	}
	h := &htmlChat{Shape: fmt.Sprintf("%s (rows: %s)", c.Shape, strings.Join(shapes, ", "))}
	add := func(name string, ps *chat.PartStats, unit string) {
		if ps == nil {
			return
		}
		q := ps.Lengths.Tokens.Quantiles
		h.Parts = append(h.Parts, chatPart{Name: name, Count: nouns(ps.Count, unit), Tokens: commas(int64(ps.Tokens)),
			Median: commas(int64(q["p50"])), P95: commas(int64(q["p95"]))})
	}
	add("prompt", c.Prompt, "row")
	add("response", c.Response, "row")
	for _, r := range sortedKeys(c.Roles) {
		ps := c.Roles[r]
		add(r, &ps, "turn")
	}
	return h
}

// lengthChart draws the rows per length bin (LengthStats.Bins; the
// power-of-two histogram for a report without them).
func lengthChart(unit string, l stats.LengthStats) svg.Chart {
	bins := l.Bins
	if len(bins) == 0 {
		bins = l.Histogram
	}
	var ls []string
	var vs []float64
	for _, b := range bins {
		if b.Count == 0 && len(ls) == 0 {
			continue
		}
		label := commas(int64(b.Lo))
		if b.Hi-b.Lo > 1 {
			label += "–" + commas(int64(b.Hi-1))
		}
		ls = append(ls, label)
		vs = append(vs, float64(b.Count))
	}
	return barChart("Rows by length in "+unit, ls, vs, func(x float64) string { return commas(int64(x)) })
}

// labelChecks summarises the label checks as the text summary does.
func labelChecks(lc *labels.Result) ([]keyValue, *jointTable) {
	if lc == nil {
		return nil, nil
	}
	if lc.Note != "" {
		return []keyValue{{"note", lc.Note}}, nil
	}
	kv := []keyValue{
		{"rows scored out of fold", fmt.Sprintf("%s (%d folds, seed %d)", commas(lc.RowsScored), lc.Folds, lc.Seed)},
		{"accuracy against the given labels", pct(lc.Accuracy)},
		{"likely label errors", fmt.Sprintf("%s (suggested label at p ≥ %.2f; %s below)", commas(lc.LabelErrors), lc.MinP, commas(lc.BelowMinP))},
		{"trigger candidates", commas(lc.TriggerCandidates)},
		{"rows carrying one", fmt.Sprintf("%s (%s read like another label without them)", commas(lc.TriggeredRows), commas(lc.TriggeredOther))},
		{"classifier", lc.Classifier},
	}
	var jt *jointTable
	if n := len(lc.Classes); n > 0 && n <= 12 && len(lc.ConfidentJoint) == n {
		jt = &jointTable{}
		for _, c := range lc.Classes {
			jt.Classes = append(jt.Classes, shown(c, 28))
		}
		for i, row := range lc.ConfidentJoint {
			cells := []string{shown(lc.Classes[i], 28)}
			for _, x := range row {
				cells = append(cells, commas(x))
			}
			jt.Rows = append(jt.Rows, cells)
		}
	}
	return kv, jt
}

// detectors summarises the backdoor and poisoned-text scans.
func detectors(d *Document) []keyValue {
	var kv []keyValue
	if bd := d.Backdoors; bd != nil {
		if bd.Note != "" {
			kv = append(kv, keyValue{"backdoors", bd.Note})
		} else {
			kv = append(kv, keyValue{"backdoors", fmt.Sprintf("%s of prompt and response; %s, %s, carried by %s", nouns(bd.Pairs, "row"),
				nouns(bd.PayloadCandidates, "payload candidate"), nouns(bd.TriggerCandidates, "trigger candidate"), nouns(bd.TriggeredRows, "row"))})
		}
	}
	if ps := d.Poison; ps != nil {
		if ps.Note != "" {
			kv = append(kv, keyValue{"poisoned text", ps.Note})
		} else {
			found := "no trigger candidate"
			if ps.TriggerCandidates > 0 {
				found = nouns(int64(ps.TriggerCandidates), "trigger candidate") + ", carried by " + nouns(int64(ps.TriggeredRows), "row")
			}
			kv = append(kv, keyValue{"poisoned text", fmt.Sprintf("%s of candidates scored in %s; %s", nouns(ps.Scored, "occurrence"), nouns(ps.Documents, "document"), found)})
		}
	}
	return kv
}

// barChart draws one bar per label (shown) of its value (written by
// format).
func barChart(title string, labels []string, values []float64, format func(float64) string) svg.Chart {
	names := make([]string, len(labels))
	texts := make([]string, len(labels))
	for i, l := range labels {
		names[i], texts[i] = shown(l, 28), format(values[i])
	}
	return svg.BarChart(title, names, texts, values)
}

func newHTMLView(d *Document) *htmlView {
	v := &htmlView{D: d, Tokenizer: strings.SplitN(d.Settings.Tokenizer, ":", 2)[0], Splits: newHTMLSplits(d.Splits),
		Chat: newHTMLChat(d.Chat), Detectors: detectors(d)}
	s := d.Summary
	v.Verdict = verdictOf(d)
	v.VerdictWord = verdictWord(v.Verdict)
	v.LabelChecks, v.Joint = labelChecks(d.LabelChecks)
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

	v.Lengths = []svg.Chart{lengthChart("bytes", d.Lengths.Bytes), lengthChart("tokens", d.Lengths.Tokens)}
	v.Percentiles = []percentileRow{newPercentileRow("bytes", d.Lengths.Bytes), newPercentileRow("characters", d.Lengths.Chars), newPercentileRow("tokens", d.Lengths.Tokens)}
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

	byKind := groupByKind(d.Findings, 25)
	for _, k := range sortedKeys(s.FindingsByKind) {
		g := findingGroup{Kind: k, Count: kindCount(s, k)}
		g.Doc, _ = finding.Doc(k)
		for _, f := range byKind[k][:min(25, len(byKind[k]))] {
			r := findingRow{Subkind: f.Subkind, Evidence: shown(f.Evidence, 300), Excerpt: shown(f.Excerpt, 0)}
			if len(f.Rows) > 0 {
				r.Where = rowName(f.Rows[0], 80)
				if place := badPlace(&f); place != "" {
					r.Where += " (" + shown(place, 0) + ")"
				}
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

// rankPlot draws token rank against count on log-log axes.
func rankPlot(top []stats.TokenCount) template.HTML {
	counts := make([]uint64, len(top))
	for i, tc := range top {
		counts[i] = tc.Count
	}
	return svg.RankPlot(counts, commas)
}

// htmlPage is the page, parsed the first time a report is drawn in HTML
// and not at start: parsing it and the compare page cost every run of
// the binary 0.37 ms and 166 KB of package init (GODEBUG=inittrace=1).
var htmlPage = sync.OnceValue(newHTMLPage)

// newHTMLPage parses the page: the compare page starts from its own copy
// (html/template cannot Clone a template that has executed).
func newHTMLPage() *template.Template {
	return template.Must(template.New("page").Funcs(template.FuncMap{
		"mul100": func(a float64) float64 { return a * 100 },
		"plural": Plural,
		"commas": commas,
	}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dataaudit {{.D.Command}} report</title>
{{template "style"}}
</head><body>
<h1>dataaudit {{.D.Command}}</h1>
<div class="meta">{{plural (len .D.Inputs) "input"}}: {{range $i, $in := .D.Inputs}}{{if $i}}, {{end}}<code>{{$in.Path}}</code>{{end}} · tool {{.D.Tool.Version}} · report schema {{.D.SchemaVersion}} · tokenizer {{.Tokenizer}}</div>
{{template "verdict" .}}
<div class="cards">{{range .Cards}}<div class="card"><b>{{index . 1}}</b><span>{{index . 0}}</span></div>{{end}}</div>

<h2>Token distribution</h2>
<div class="grid">
{{.Tokens.Figure}}
{{if .RankPlot}}<figure><figcaption>Rank and count, log-log (a straight line is Zipf's law)</figcaption>{{.RankPlot}}</figure>{{end}}
</div>

<h2>Lengths</h2>
<div class="grid">{{range .Lengths}}{{.Figure}}{{end}}</div>
<table class="nums"><tr><th>per row</th><th>min</th><th>p1</th><th>p5</th><th>p25</th><th>p50</th><th>p75</th><th>p95</th><th>p99</th><th>max</th><th>mean</th></tr>
{{range .Percentiles}}<tr><td>{{.Name}}</td>{{range .Values}}<td class="num">{{.}}</td>{{end}}</tr>{{end}}
</table>
{{if .D.Labels}}
<h2>Labels</h2>
<div class="grid">{{.Labels.Figure}}
<table><tr><th>label</th><th>rows</th><th>share</th><th>top tokens</th></tr>
{{range .D.Labels.Classes}}<tr><td><code>{{.Label}}</code></td><td class="num">{{.Rows}}</td><td class="num">{{printf "%.2f%%" (mul100 .Share)}}</td><td>{{range $i, $t := .Top}}{{if lt $i 8}}{{$t.Token}} {{end}}{{end}}</td></tr>{{end}}
</table></div>
{{end}}
{{if .LabelChecks}}<h2>Label checks</h2>
<div class="grid"><table class="kv">{{range .LabelChecks}}<tr><th>{{.Key}}</th><td>{{.Value}}</td></tr>{{end}}</table>
{{with .Joint}}<table class="joint"><caption>Confident joint: rows by given label (down) and estimated true label (across)</caption><tr><th></th>{{range .Classes}}<th><code>{{.}}</code></th>{{end}}</tr>
{{range .Rows}}<tr>{{range $i, $c := .}}{{if $i}}<td class="num">{{$c}}</td>{{else}}<th><code>{{$c}}</code></th>{{end}}{{end}}</tr>{{end}}</table>{{end}}</div>
{{end}}{{with .Chat}}<h2>Chat and instruction data</h2>
<p>Shape: {{.Shape}}</p>
{{if .Parts}}<table class="nums"><tr><th>part</th><th>count</th><th>tokens</th><th>median tokens</th><th>p95 tokens</th></tr>
{{range .Parts}}<tr><td>{{.Name}}</td><td class="num">{{.Count}}</td><td class="num">{{.Tokens}}</td><td class="num">{{.Median}}</td><td class="num">{{.P95}}</td></tr>{{end}}
</table>{{end}}
{{end}}{{if .Detectors}}<h2>Backdoors and poisoned text</h2>
<table class="kv">{{range .Detectors}}<tr><th>{{.Key}}</th><td>{{.Value}}</td></tr>{{end}}</table>
{{end}}{{with .Splits}}<h2>Splits</h2>
<p>{{.Headline}}</p>
<table><tr><th>split</th><th>role</th><th>files</th><th>rows</th><th>bad</th><th>tokens</th><th>copies of train</th><th>labels</th></tr>
{{range .Rows}}<tr><td><code>{{.Name}}</code></td><td>{{.Role}}</td><td class="num">{{.Files}}</td><td class="num">{{.Rows}}</td><td class="num">{{.Bad}}</td><td class="num">{{.Tokens}}</td><td class="num">{{.Overlap}}</td><td>{{.Labels}}</td></tr>{{end}}
</table>
{{end}}<h2>Findings</h2>
{{if .Findings}}<div class="grid">{{.Kinds.Figure}}</div>
{{range .Findings}}<details class="kind"{{if le (len .Examples) 10}} open{{end}}><summary><h3>{{.Kind}} <span class="meta">({{.Count}})</span></h3></summary>
{{if .Doc.Explanation}}<p class="meta">{{.Doc.Explanation}} <b>What to do:</b> {{.Doc.Advice}}</p>
{{end}}<table class="findings"><tr><th>row</th><th>subkind</th><th>score</th><th>evidence</th><th>excerpt</th></tr>
{{range .Examples}}<tr><td><code>{{.Where}}</code></td><td>{{.Subkind}}</td><td class="num">{{.Score}}</td><td class="ev">{{.Evidence}}</td><td class="ev">{{.Excerpt}}</td></tr>{{end}}
</table></details>{{end}}{{else}}<p>No findings.</p>{{end}}
</body></html>
{{/* the bar chart was defined here (now svg.Chart.Figure); its line's newline stays so the page ends as before */}}
{{define "verdict"}}<div class="verdict {{.Verdict.Level}}" id="verdict"><b>{{.VerdictWord}}</b>{{if .Verdict.Reasons}}<ul>{{range .Verdict.Reasons}}<li>{{.}}</li>{{end}}</ul>{{else}}: no severity rule flags anything{{end}}</div>{{end}}
{{define "style"}}<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2430;max-width:1100px;margin:24px auto;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #e3e7ee;padding-bottom:4px}
.meta{color:#5b6475;font-size:13px}
.verdict{padding:10px 14px;border-radius:6px;margin:14px 0;background:#e8f5ec;border:1px solid #b7dfc3}
.verdict.warn{background:#fff6df;border-color:#f0d48a}.verdict.fail{background:#fdecec;border-color:#f3b7b7}
.verdict b{font-size:16px;letter-spacing:.04em}.verdict ul{margin:6px 0 0;padding-left:20px}
details.kind>summary{cursor:pointer;list-style-position:outside;margin-left:16px}details.kind>summary h3{display:inline;font-size:15px}
h3{font-size:15px;margin:18px 0 6px}
table.nums th+th,table.joint tr:first-child th{text-align:right}table.kv th{width:16em;background:none;font-weight:600}table.joint caption{caption-side:top;text-align:left;color:#5b6475;font-size:13px;padding-bottom:4px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:10px}
.card{border:1px solid #e3e7ee;border-radius:6px;padding:8px 10px}.card b{display:block;font-size:18px}
.card span{color:#5b6475;font-size:12px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:18px;align-items:start}
svg.chart{width:100%;max-width:520px;height:auto}figure{margin:8px 0}figcaption{margin-bottom:4px}
svg .bar{fill:#4c78a8}svg .lbl,svg .val,svg .tick{font-size:11px;fill:#1d2430}svg .axis{stroke:#8a93a3}
svg .line{fill:none;stroke:#e45756;stroke-width:1.5}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #eef1f5;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f6f8fb}td.num{text-align:right;font-variant-numeric:tabular-nums}
code,.ev{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
.ev{overflow-wrap:anywhere}td code{white-space:nowrap}
table.findings td:first-child{white-space:nowrap}
@media print{body{margin:0;max-width:none}.grid{grid-template-columns:1fr 1fr}h2{break-after:avoid}table{break-inside:auto}}
</style>{{end}}
`))
}
