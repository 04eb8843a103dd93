package report

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/comparison"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/labels"
	"github.com/dataaudit/dataaudit/internal/report/svg"
	"github.com/dataaudit/dataaudit/internal/stats"
)

// box is the extent of an SVG text element, estimated from its
// attributes: its characters at their widest (charW at 11px), the font's
// ascent above the baseline and descent below.
type box struct {
	text                     string
	left, right, top, bottom float64
}

func (a box) overlaps(b box) bool {
	const slack = 0.5
	return a.left < b.right-slack && b.left < a.right-slack && a.top < b.bottom-slack && b.top < a.bottom-slack
}

var (
	svgRe  = regexp.MustCompile(`(?s)<svg[^>]*viewBox="0 0 ([0-9.]+) ([0-9.]+)"[^>]*>(.*?)</svg>`)
	textRe = regexp.MustCompile(`<text([^>]*)>([^<]*)</text>`)
	attrRe = regexp.MustCompile(`([a-z-]+)="([^"]*)"`)
)

// svgTextBoxes returns, per SVG chart of a page, its width and the boxes
// of its text elements.
func svgTextBoxes(t *testing.T, page string) (widths []float64, charts [][]box) {
	t.Helper()
	for _, m := range svgRe.FindAllStringSubmatch(page, -1) {
		w, _ := strconv.ParseFloat(m[1], 64)
		var bs []box
		for _, tm := range textRe.FindAllStringSubmatch(m[3], -1) {
			attrs := map[string]string{}
			for _, a := range attrRe.FindAllStringSubmatch(tm[1], -1) {
				attrs[a[1]] = a[2]
			}
			num := func(k string) float64 {
				v, _ := strconv.ParseFloat(attrs[k], 64)
				return v
			}
			size, cw := 11.0, svg.CharW
			if strings.Contains(attrs["class"], "head") {
				size, cw = 12.0, svg.CharW*12/11
			}
			text := html.UnescapeString(tm[2])
			width := float64(len([]rune(text))) * cw
			x, y := num("x"), num("y")+num("dy")
			b := box{text: text, top: y - 0.8*size, bottom: y + 0.25*size}
			switch attrs["text-anchor"] {
			case "end":
				b.left, b.right = x-width, x
			case "middle":
				b.left, b.right = x-width/2, x+width/2
			default:
				b.left, b.right = x, x+width
			}
			bs = append(bs, b)
		}
		widths = append(widths, w)
		charts = append(charts, bs)
	}
	return widths, charts
}

// checkSVGText fails t if two text elements of a chart overlap or one
// sticks out of its chart's width.
func checkSVGText(t *testing.T, name, page string) {
	t.Helper()
	widths, charts := svgTextBoxes(t, page)
	if len(charts) == 0 {
		t.Fatalf("%s: no chart", name)
	}
	for i, bs := range charts {
		for j, a := range bs {
			if a.left < -0.5 || a.right > widths[i]+0.5 {
				t.Errorf("%s, chart %d: text %q spans x %.1f to %.1f, outside 0 to %.0f", name, i, a.text, a.left, a.right, widths[i])
			}
			for _, b := range bs[j+1:] {
				if a.overlaps(b) {
					t.Errorf("%s, chart %d: text %q (%.1f..%.1f, %.1f..%.1f) overlaps %q (%.1f..%.1f, %.1f..%.1f)",
						name, i, a.text, a.left, a.right, a.top, a.bottom, b.text, b.left, b.right, b.top, b.bottom)
				}
			}
		}
	}
}

// wideDoc is a scan report with long labels, large counts and a wide
// length range: what crowds a chart's text.
func wideDoc() *Document {
	d := hostileDoc()
	d.Tokens.Top = nil
	for i := range 30 {
		d.Tokens.Top = append(d.Tokens.Top, stats.TokenCount{Token: strings.Repeat("w", i+10), Count: uint64(1_000_000_000 - i)})
	}
	d.Lengths.Bytes = stats.LengthStats{Min: 0, Max: 9_999_999, Quantiles: map[string]uint64{"p50": 500},
		Bins: []stats.Bucket{{Lo: 0, Hi: 50_000, Count: 123_456_789}, {Lo: 50_000, Hi: 10_000_000, Count: 2}}}
	d.Labels.Classes = append(d.Labels.Classes, stats.LabelClass{Label: strings.Repeat("long label ", 5), Rows: 999_999_999})
	d.LabelChecks = &labels.Result{Classes: []string{"a", "b"}, ConfidentJoint: [][]int64{{5, 1}, {2, 7}}, RowsScored: 15}
	d.Summary.FindingsByKind = map[string]int64{finding.KindLabelError: 123_456_789, "cleaning_evasion": 1}
	return d
}

// cdfCompare is a compare report whose length CDFs span the ranges
// given, one per unit.
func cdfCompare(ranges [3][2]uint64) *comparison.Report {
	r := hostileCompare()
	q := uniformQ
	for i, s := range []*comparison.LengthShift{&r.Lengths.Bytes, &r.Lengths.Chars, &r.Lengths.Tokens} {
		s.QuantilesA, s.QuantilesB = q(ranges[i][0], ranges[i][1]), q(ranges[i][0]+1, ranges[i][1]/2+2)
	}
	return r
}

// TestHTMLTextDoesNotOverlap checks, by the positions the pages give
// their SVG text, that no label overlaps another or leaves its chart.
func TestHTMLTextDoesNotOverlap(t *testing.T) {
	for _, tt := range []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"scan, hostile", func(b *bytes.Buffer) error { return WriteHTML(b, hostileDoc()) }},
		{"scan, wide", func(b *bytes.Buffer) error { return WriteHTML(b, wideDoc()) }},
		{"compare, hostile", func(b *bytes.Buffer) error { return WriteCompareHTML(b, hostileCompare(), CompareOptions{}) }},
		{"compare, ranges", func(b *bytes.Buffer) error {
			return WriteCompareHTML(b, cdfCompare([3][2]uint64{{0, 9_999_999}, {8, 12}, {890, 2_600}}), CompareOptions{})
		}},
		{"compare, one length", func(b *bytes.Buffer) error {
			return WriteCompareHTML(b, cdfCompare([3][2]uint64{{5, 5}, {1, 2}, {99, 101}}), CompareOptions{})
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.write(&buf); err != nil {
				t.Fatal(err)
			}
			checkSVGText(t, tt.name, buf.String())
		})
	}
}

// TestLengthTicks: the ticks of a log length axis never overlap, start at
// the shortest length (never 0) and end at the longest.
func TestLengthTicks(t *testing.T) {
	for _, r := range [][2]uint64{{1, 2}, {1, 10}, {8, 53}, {44, 325}, {1, 1_000_000}, {999, 1_000_001}, {3, 9_999_999_999}} {
		t.Run(fmt.Sprintf("%d-%d", r[0], r[1]), func(t *testing.T) {
			p := newCDFPlot("bytes", uniformQ(r[0], r[1]), uniformQ(r[0], r[1]))
			ticks := p.Ticks
			if ticks[0].Label != commas(int64(max(r[0], 1))) || ticks[len(ticks)-1].Label != commas(int64(r[1])) {
				t.Errorf("newCDFPlot(%v).Ticks run from %q to %q, want the shortest and longest lengths", r, ticks[0].Label, ticks[len(ticks)-1].Label)
			}
			for i := 1; i < len(ticks); i++ {
				_, prevRight := ticks[i-1].Span()
				left, _ := ticks[i].Span()
				if left < prevRight+svg.TickGap-0.01 {
					t.Errorf("newCDFPlot(%v): tick %q overlaps %q", r, ticks[i].Label, ticks[i-1].Label)
				}
			}
		})
	}
}

func uniformQ(lo, hi uint64) []uint64 {
	out := make([]uint64, comparison.LengthQuantileSteps+1)
	for k := range out {
		out[k] = lo + (hi-lo)*uint64(k)/comparison.LengthQuantileSteps
	}
	return out
}

// TestHTMLIDsDoNotWrap: row ids are set in cells that do not wrap, and
// the style that would break them anywhere (word-break) applies to the
// evidence only.
func TestHTMLIDsDoNotWrap(t *testing.T) {
	var scan, cmp bytes.Buffer
	if err := WriteHTML(&scan, hostileDoc()); err != nil {
		t.Fatal(err)
	}
	if err := WriteCompareHTML(&cmp, hostileCompare(), CompareOptions{}); err != nil {
		t.Fatal(err)
	}
	for name, page := range map[string]string{"scan": scan.String(), "compare": cmp.String()} {
		for _, want := range []string{"td code{white-space:nowrap}", "table.findings td:first-child{white-space:nowrap}"} {
			if !strings.Contains(page, want) {
				t.Errorf("%s page lacks the rule %q", name, want)
			}
		}
		if regexp.MustCompile(`code[^{}]*\{[^}]*word-break:break-all`).MatchString(page) {
			t.Errorf("%s page breaks code anywhere (word-break:break-all on code)", name)
		}
	}
}
