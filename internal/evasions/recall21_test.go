package evasions

import (
	"fmt"
	"strings"
	"testing"
)

// crOnlyCases are texts of CR-only lines (evplant10.py's
// old_mac_cr_only) and the carriage returns beside them that stay as
// they were.
var crOnlyCases = []ruleCase{
	{"CR-only lines", "Received: from x\rSubject: hi\r\rHello there\rBye\r", []string{Control}},
	{"three CR-only lines", "a\rb\rc\rd", []string{Control}},
	{"CR-only lines, a blank one", "Subject: hi\r\r\rHello there\r\rBye now\r\rJoe", []string{Control}},
	// Not taken.
	{"two bare CRs", "a\rb\rc", nil},
	{"a run of CRs", "hello\r\r\r\r\rworld", nil},
	{"CRs at the end", "hello\r\r\r", nil},
	{"CRs before markup", "<p>\r<b>\r<i>\r&amp;\r<u>", nil},
}

// shortSymbolCases are short symbol soups (evplant10.py's
// short_symbols_subject_only) on a tie and beside it, each the whole
// text.
var shortSymbolCases = []ruleCase{
	{"tie, three symbols", "\u2726\u2660\u2660! 50% OFF", []string{NonText}},
	{"tie, a heart", "!\u2764\u2764\u2665 50% OFF", []string{NonText}},
	{"more symbols", "\u2605$\u2665$\u2605 50% OFF", []string{NonText}},
	{"two symbols outside ASCII", "\u2605$\u2665$ 50% OFF", nil},
	{"fewer symbols than letters", "\u2726\u2660\u2660 50% OFF SALE", nil},
	{"a word and stars", "\u2605\u2605\u2605 Great", nil},
}

// TestRecall21 holds crOnlyText and the tie of short symbol soups to
// their cases on every kernel path against the reference: CR-only lines
// after plain words of every length up to past two chunks on their first
// line (the carriage returns move through the kernel's chunks and
// blocks), short soups as the whole text.
func TestRecall21(t *testing.T) {
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			check := func(name, tx string, want []string) bool {
				found := checkAgainstRef(t, []byte(tx))
				if got := foundKinds(found, -1); fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("%s: checkText(%q) = %q, want %v", name, tx, found, want)
					return false
				}
				return true
			}
			words := strings.Repeat("Some plain words of mail. ", 8)
			for _, cases := range []struct {
				eol   string
				cases []ruleCase
			}{{" ", crOnlyCases}} {
				for _, tt := range cases.cases {
					for n := 0; n < 150; n++ {
						pre := ""
						if n > 0 {
							pre = words[:n] + cases.eol
						}
						if !check(tt.name, pre+tt.text, tt.want) {
							break
						}
					}
				}
			}
			for _, tt := range shortSymbolCases {
				check(tt.name, tt.text, tt.want)
			}
		})
	}
}

// TestRecall21Evidence pins the evidence of CR-only lines.
func TestRecall21Evidence(t *testing.T) {
	checkEvidenceJoined(t, []evidenceCase{
		{"a\rb\rc\rd", `lines ended by bare carriage returns, no line feed in the text (a terminal prints each line over the last), the first inside a line at byte 1: "a\u000db\u000dc\u000dd"`},
	})
}

// FuzzCheckTextRecall21 holds checkText to refCheckText on texts grown
// from crOnlyCases and shortSymbolCases.
func FuzzCheckTextRecall21(f *testing.F) {
	for _, cases := range [][]ruleCase{crOnlyCases, shortSymbolCases} {
		for _, tt := range cases {
			f.Add(tt.text)
		}
	}
	f.Add(strings.Repeat("Subject: hi\r", 3) + strings.Repeat("*", 30) + " x\r")
	f.Fuzz(checkPathsAgainstRef)
}
