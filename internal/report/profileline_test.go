package report

import (
	"testing"

	"github.com/dataaudit/dataaudit/internal/profile"
)

// TestProfileLineCommas: the lines profile and merge print say their
// counts with thousands separators, as every other summary does
// (118523 tokens (10055 distinct) read as 118,523 and 10,055).
func TestProfileLineCommas(t *testing.T) {
	exact := int64(10055)
	p := &profile.Profile{}
	p.Manifest = make([]profile.File, 1203)
	p.Counts.Rows = 1234567
	p.Counts.BadRecords = 4000
	p.Tokens.Total = 118523
	p.Tokens.Distinct.Exact = &exact
	p.Tokens.Distinct.Estimate = 10060
	p.Tokens.Top = make([]profile.Token, 2000)
	p.Tokens.Tail.Count = 118523 - 100000
	p.Settings.TopN = 10000

	got := ProfileLine("p.json", p)
	want := "p.json: 1,203 files, 1,234,567 rows, 4,000 bad records, 118,523 tokens (10,055 distinct), top 2,000 tokens listed (84.37% of tokens)"
	if got != want {
		t.Errorf("ProfileLine =\n %q\nwant\n %q", got, want)
	}
	got = MergeLine("m.json", 1500, p)
	want = "m.json: 1,500 profiles, 1,203 files, 1,234,567 rows, 118,523 tokens; 2,000 top tokens with exact counts (asked: 10,000); distinct tokens ~10,060 (exactly 10,055)"
	if got != want {
		t.Errorf("MergeLine =\n %q\nwant\n %q", got, want)
	}

	// One of each stays singular, as before.
	one := int64(1)
	q := &profile.Profile{}
	q.Manifest = make([]profile.File, 1)
	q.Counts.Rows = 1
	q.Counts.BadRecords = 1
	q.Tokens.Total = 1
	q.Tokens.Distinct.Exact = &one
	q.Tokens.Top = make([]profile.Token, 1)
	got = ProfileLine("q.json", q)
	want = "q.json: 1 file, 1 row, 1 bad record, 1 token (1 distinct), top 1 token listed (100.00% of tokens)"
	if got != want {
		t.Errorf("ProfileLine (ones) =\n %q\nwant\n %q", got, want)
	}
}
