package evasions

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// pctAll is s with every byte written as %XX (evplant4.py's
// percent_encoded).
func pctAll(s string) string {
	var b strings.Builder
	for i := range len(s) {
		fmt.Fprintf(&b, "%%%02X", s[i])
	}
	return b.String()
}

// escCases are texts around escapes.go's rule.
var escCases = []ruleCase{
	{"a URL all escapes", "http://paypa1.com/login?acct=" + pctAll("http://secure-paypal.com/verify/session"), []string{Blob}},
	{"a host of escapes in a link", `<a href="http://mbf.%61%66%66%69%6c%69%61%74%65%6e%65%74%74%2e%63%6f%6d/fcard/">`, []string{Blob}},
	{"quoted spam, lower case hex", "http://w%77%77%2Eo%70%74%6F%72%69um.n%65t/remove.html", []string{Blob}},
	{"four letters", "go to %41%42%43%44 now", []string{Blob}},
	{"four digits", "pin %31%32%33%34 ok", []string{Blob}},
	{"four digits with gaps", "pin %31, %32, %33, %34 ok", nil},
	{"three letters", "http://%77%77%77.example.com/", nil},
	{"three then a dot then three", "http://%77%77%77.%63%6f%6d/", nil},
	{"letters broken by a slash", "%41%42%43%2F%44%45%46", nil},
	{"spaces and slashes", "http://example.com/a%20b%2Fc%3Fd%3D%26e%20%20%20%20", nil},
	{"percent-encoded UTF-8", "https://ja.wikipedia.org/wiki/%E6%97%A5%E6%9C%AC%E8%AA%9E", nil},
	{"quoted-printable letters", "=41=42=43=44=45", []string{Blob}}, // session 25: recall9.go
	{"quoted-printable, three letters", "=41=42=43 x", []string{Blob}},
	{"quoted-printable, two letters", "=41=42 =43=44 x", nil},
	{"quoted-printable digits", "=31=32=33=34=35 x", nil},
	{"quoted-printable letters across a soft line break", "=41=42=\n=43=44 x", nil},
	{"quoted-printable markup", "<a href=3D=3D=3D=3D\"x\">", nil},
	{"per cents", "save 50% %off% 100%% today", nil},
	{"a unit short", "%41%42%43%4", nil},
}

// TestEscapesOfLetters checks escapes.go's rule with checkText (every
// path) and refCheckText, inside prose and at offsets 0-69 (the block
// and chunk boundaries).
func TestEscapesOfLetters(t *testing.T) {
	checkRuleCases(t, escCases)
}

// TestEscapesOfLettersMixed holds checkText to refCheckText (every path)
// on runs of %XX of letters, digits and other bytes, 1 to 6 in a row,
// with gaps and bytes that stop the kernel, whole and from offsets 1-69.
func TestEscapesOfLettersMixed(t *testing.T) {
	stops := []string{"é", "\\", "\r\n", "`", "=", "%", "% ", "x", ".", "/", "\n", ", "}
	checkTextsAtOffsets(t, escapeRunTexts(rand.New(rand.NewPCG(18, 44)), stops, "az09AZ\x20\x2f\xe6:", "%%%02X", "%%%02x"))
}

// escapeRunTexts makes 1,500 texts of 128-527 bytes or a little more:
// prose, stops and runs of 1 to 6 escapes (format upper or lower) of
// the bytes of units, for TestEscapesOfLettersMixed and TestQPLettersMixed.
func escapeRunTexts(rng *rand.Rand, stops []string, units, upper, lower string) [][]byte {
	var texts [][]byte
	for range 1500 {
		var b []byte
		for len(b) < 64*2+rng.IntN(400) {
			switch rng.IntN(4) {
			case 0:
				b = append(b, "the quick brown fox "[:1+rng.IntN(20)]...)
			case 1:
				b = append(b, stops[rng.IntN(len(stops))]...)
			default:
				for n := 1 + rng.IntN(6); n > 0; n-- {
					c := units[rng.IntN(len(units))]
					b = fmt.Appendf(b, []string{upper, lower}[rng.IntN(2)], c)
				}
			}
		}
		texts = append(texts, b)
	}
	return texts
}

// TestQPLettersMixed holds checkText to refCheckText (every path) on runs
// of =XX of letters, digits and other bytes, 1 to 6 in a row, with soft
// line breaks and bytes that stop the kernel, whole and from offsets
// 1-69 (recall9.go: the kernel stops at a letter's escape before another).
func TestQPLettersMixed(t *testing.T) {
	stops := []string{"é", "\\", "\r\n", "`", "=", "=\n", "%", "=3D", "x", ".", "/", "\n", "=20"}
	checkTextsAtOffsets(t, escapeRunTexts(rand.New(rand.NewPCG(25, 9)), stops, "azAZwt09\x20\x2f\xe6\x1b", "=%02X", "=%02x"))
}
