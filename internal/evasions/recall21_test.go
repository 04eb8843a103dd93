package evasions

import (
	"fmt"
	"strings"
	"testing"
)

// starCases are the runs of * starRun takes (benchmarks/evplant10.py's
// dollar_run_short, its * rows) and the star runs of real mail beside
// them (corpus-200MB's: recall21.go), each on a line of its own after
// the line before it.
var starCases = []ruleCase{
	{"star run before a phrase", strings.Repeat("*", 36) + " Your PayPal account requires verification", []string{Repeated}},
	{"star run of 20", strings.Repeat("*", 20) + " Get your FREE credit report", []string{Repeated}},
	{"star run of 99", strings.Repeat("*", 99) + " Hot stock alert\r\nbye", []string{Repeated}},
	{"star run indented, a tab after", "  \t" + strings.Repeat("*", 25) + "\tUrgent business proposal\nbye", []string{Repeated}},
	{"star run before a phrase, a space at the end", strings.Repeat("*", 64) + " NO COST to you \n\n 0163", []string{Repeated}},
	{"star run of 100 before a phrase", strings.Repeat("*", 100) + " Get your FREE credit report", []string{Repeated}}, // runOtherMin, not ruleLine: as before
	// Not taken: real mail's star runs.
	{"star run of 19", strings.Repeat("*", 19) + " Get your FREE credit report", nil},
	{"star line", strings.Repeat("*", 70) + "\nbye", nil},
	{"star line, spaced", "   " + strings.Repeat("*", 30) + " \t\nbye", nil},
	{"star banner", strings.Repeat("*", 29) + " WinXPnews HTML " + strings.Repeat("*", 28) + "\nbye", nil},
	{"star banner, joined", strings.Repeat("*", 38) + "BULKER CD" + strings.Repeat("*", 22), nil},
	{"star run before a tag", strings.Repeat("*", 25) + " <BR>\nbye", nil},
	{"star run before a soft break", strings.Repeat("*", 46) + " NO COST to you=\nbye", nil},
	{"star run before a broken tag", strings.Repeat("*", 71) + " <B=\nbye", nil},
	{"star run before a number", strings.Repeat("*", 36) + "800-320-9895", nil},
	{"star run before a number, spaced", strings.Repeat("*", 36) + " 800-320-9895", nil},
	{"star run before a letter outside ASCII", strings.Repeat("*", 30) + " \u00e9t\u00e9", nil},
	{"star run at the end", strings.Repeat("*", 30) + " ", nil},
	{"star run after words", "NO side effects!  NO dependency! " + strings.Repeat("*", 46), nil},
	{"histogram", " 97.50 30226 " + strings.Repeat("*", 60), nil},
	{"star run in a comment", "<!--            " + strings.Repeat("*", 45) + "   -->", nil},
	{"star run between tags", "success:<BR>" + strings.Repeat("*", 36) + "<BR>If you do not receive", nil},
	{"star run after a tag", "<FONT color=3D\"#FF0000\"><B> " + strings.Repeat("*", 46) + " Order", nil},
}

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
// short_symbols_subject_only): on a tie taken only when every symbol
// outside ASCII is a pictograph (recall35.go's pictTie; real mojibake
// and circled letters tie too), and beside it, each the whole text.
var shortSymbolCases = []ruleCase{
	{"tie, three symbols", "\u2726\u2660\u2660! 50% OFF", []string{NonText}},
	{"tie, a heart", "!\u2764\u2764\u2665 50% OFF", []string{NonText}},
	{"tie, a yen sign among them", "\u2726\u00a5\u2660! 50% OFF", nil},
	{"tie, mojibake", "H\u00a5u\u00b6\u00b7\u00adt\u00be\u00e1\u00ac\u00a1\u00b0", nil},
	{"tie, circled letters", "You are a \u24e6\u24d8\u24dd\u24dd\u24d4\u24e1!", []string{MixedScript}},
	{"more symbols", "\u2605$\u2665$\u2605 50% OFF", []string{NonText}},
	{"two symbols outside ASCII", "\u2605$\u2665$ 50% OFF", nil},
	{"fewer symbols than letters", "\u2726\u2660\u2660 50% OFF SALE", nil},
	{"a word and stars", "\u2605\u2605\u2605 Great", nil},
}

// afterBlobCases are runs on the line after a base64 body (evplant10.py's
// emoji_run and heart_vs16_run rows that follow an attachment): a run of
// a character outside the base64 alphabet is outside the blob
// (runInBlob), one of its alphabet is inside.
var afterBlobCases = []ruleCase{
	{"emoji run after base64", b64Body + "\n" + strings.Repeat("\U0001f525", 30) + "\n--b--", []string{Repeated, Blob}},
	{"star and selector run after base64", b64Body + "\r\n" + strings.Repeat("\u2b50\ufe0f", 25) + "\r\n", []string{Repeated, Blob}},
	{"exclamation run after base64", b64Body + "\n" + strings.Repeat("!", 30) + " Buy now", []string{Repeated, Blob}},
	{"letter run after base64", b64Body + "\n" + strings.Repeat("A", 30) + "\n--b--", []string{Blob}},
	{"digit run after base64", b64Body + "\n" + strings.Repeat("7", 40), []string{Blob}},
}

// b64Body is four lines of a base64 body, 76 characters each.
var b64Body = strings.Repeat("TG9yZW0gaXBzdW0gZG9sb3Igc2l0IGFtZXQsIGNvbnNlY3RldHVyIGFkaXBpc2NpbmcgZWxpdC4g\n", 3) + "TG9yZW0gaXBzdW0gZG9sb3Igc2l0IGFtZXQsIGNvbnNlY3RldHVyIGFkaXBpc2NpbmcgZWxpdC4g"

// TestRecall21AfterBlob holds runInBlob to afterBlobCases at every offset
// of the kernel's chunks and blocks, on every kernel path.
func TestRecall21AfterBlob(t *testing.T) {
	checkCasesAtOffsets(t, afterBlobCases)
}

// TestRecall21 holds starRun, crOnlyText and short symbol soups on a
// tie to their cases on every kernel path against the reference: star
// runs after a line of plain words of every length up to past two
// chunks (their line's start moves through the kernel's chunks and
// blocks), CR-only lines after those words on their first line, short
// soups as the whole text.
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
			}{{"\n", starCases}, {" ", crOnlyCases}} {
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

// TestRecall21Evidence pins the evidence of a star run and of CR-only
// lines.
func TestRecall21Evidence(t *testing.T) {
	checkEvidenceJoined(t, []evidenceCase{
		{"hi\n" + strings.Repeat("*", 25) + " Get it", `"*" repeated 20+ times from byte 3`},
		{"a\rb\rc\rd", `lines ended by bare carriage returns, no line feed in the text (a terminal prints each line over the last), the first inside a line at byte 1: "a\u000db\u000dc\u000dd"`},
	})
}

// FuzzCheckTextRecall21 holds checkText to refCheckText on texts grown
// from starCases, crOnlyCases, shortSymbolCases and afterBlobCases.
func FuzzCheckTextRecall21(f *testing.F) {
	for _, cases := range [][]ruleCase{starCases, crOnlyCases, shortSymbolCases, afterBlobCases} {
		for _, tt := range cases {
			f.Add(tt.text)
		}
	}
	f.Add("x\n" + strings.Repeat("*", 21) + " a*\n" + strings.Repeat("*", 22) + " b=\n \t" + strings.Repeat("*", 30) + " c")
	f.Add(strings.Repeat("Subject: hi\r", 3) + strings.Repeat("*", 30) + " x\r")
	f.Fuzz(checkPathsAgainstRef)
}
