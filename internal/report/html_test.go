package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/stats"
)

func hostileDoc() *Document {
	return &Document{
		Command: "scan", SchemaVersion: SchemaVersion, Tool: Tool{Version: "test"},
		Inputs: []Input{{Path: `in"put<1>.jsonl`}},
		Tokens: stats.TokenStats{Total: 10, Distinct: 3, Top: []stats.TokenCount{
			{Token: "<script>", Count: 5, Freq: 0.5}, {Token: "b", Count: 3}, {Token: "c", Count: 2}}},
		Lengths: stats.Lengths{Bytes: stats.LengthStats{Histogram: []stats.Bucket{{Lo: 1, Hi: 2, Count: 3}}}},
		Labels:  &stats.LabelStats{Distinct: 1, Classes: []stats.LabelClass{{Label: `x"><img src=x onerror=alert(1)>`, Rows: 3, Share: 1}}},
		Findings: []finding.Finding{{Kind: "cleaning_evasion", Subkind: "invisible_char",
			Rows: []finding.Row{{ID: "r<1>"}}, Evidence: "pay\u200bpal <script>alert(1)</script>\x00"}},
		Summary: Summary{Counts: stats.Counts{Rows: 3}, FindingsByKind: map[string]int64{"cleaning_evasion": 1}},
		Gates:   []GateResult{{Gate: "findings.cleaning_evasion>0", Value: 1, Reached: true}},
	}
}

func TestHTMLEscapesAndDraws(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteHTML(&buf, hostileDoc()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	// No tag from the data (its attribute text may stay, escaped and inert).
	for _, bad := range []string{"<script", "<img", "\x00", "\u200b", "http://", "https://"} {
		if strings.Contains(out, bad) {
			t.Errorf("the page contains %q", bad)
		}
	}
	for _, want := range []string{
		"&lt;script&gt;", // the token and the evidence, as text
		`pay\u200bpal`,   // the invisible character, visible
		`\x00`,           // the NUL, visible
		"gate findings.cleaning_evasion&gt;0 reached", // the verdict
		`class="verdict fail"`,
		"rank-frequency plot",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if n := strings.Count(out, "<svg"); n < 5 {
		t.Errorf("%d charts, want tokens, rank plot, two length histograms, labels, findings", n)
	}
}
