package evasions

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// sepHex is n bytes of hex (digits and letters) written as units
// "%02x" with prefix pre ("" or "0x") joined by sep.
func sepHex(n, seed int, pre, sep string) string {
	u := make([]string, n)
	for i := range u {
		u[i] = fmt.Sprintf("%s%02x", pre, (i*37+seed*11+0xa3)&0xff)
	}
	return strings.Join(u, sep)
}

// sepCases are separated hex dumps (session 17, sephex.go), both ways.
var sepCases = []struct {
	name string
	text string
	want []string
}{
	{"colons", "key: " + sepHex(48, 1, "", ":") + " end", []string{Blob}},
	{"dashes upper case", strings.ToUpper(sepHex(60, 2, "", "-")) + "\nthanks", []string{Blob}},
	{"0x and commas", "unsigned char buf[] = {" + sepHex(64, 3, "0x", ", ") + "};", []string{Blob}},
	{"0x and spaces", "dump " + sepHex(50, 4, "0x", " ") + "\n", []string{Blob}},
	{"0x and bare commas", "= " + sepHex(48, 5, "0x", ","), []string{Blob}},
	{"commas", "x " + sepHex(80, 6, "", ",") + " y", []string{Blob}},
	{"colons at the end", "Modulus:\n" + sepHex(256, 7, "", ":"), []string{Blob}},
	{"47 units", "key: " + sepHex(47, 1, "", ":") + " end", nil},
	{"a sha-256 fingerprint", "SHA256 Fingerprint=" + strings.ToUpper(sepHex(32, 8, "", ":")) + "\n", nil},
	{"digits only", "list " + strings.Repeat("12:34:56:78:", 20) + "90", nil},
	{"units of three digits", "x " + strings.Repeat("abc:123:", 40), nil},
	{"mixed separators", "x " + sepHex(30, 1, "", ":") + "-" + sepHex(30, 2, "", "-") + " y", nil},
	{"spaces without 0x are hexDump's", "x " + sepHex(20, 9, "", " ") + " y", nil},
	{"dates and times", strings.Repeat("2002-08-22 10:30:00 -0700, 2002-08-23 11:45:12 +0100, ", 20), nil},
	{"numbers", strings.Repeat("  1,234  5,678  9,012 ", 30), nil},
	{"a word in the middle", "x " + sepHex(30, 1, "", ":") + ":zz:" + sepHex(30, 2, "", ":") + " y", nil},
	{"after non-ASCII", "caf\u00e9 " + sepHex(48, 3, "0x", ", ") + " \u00e9", []string{Blob}},
}

// TestSepHexDump checks the separated hex rule with checkText (every
// path) and refCheckText, inside prose and at offsets 0-69 (the block
// and chunk boundaries), and that scan takes a long run of dates,
// times and numbers itself.
func TestSepHexDump(t *testing.T) {
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tt := range sepCases {
				for pad := range 70 {
					tx := strings.Repeat("word.", 30)[:pad] + tt.text + " after"
					for name, check := range map[string]func([]byte, *[numEvasionKinds]string){"checkText": checkText, "refCheckText": refCheckText} {
						var found [numEvasionKinds]string
						check([]byte(tx), &found)
						got := foundKinds(found, iNonText)
						if fmt.Sprint(got) != fmt.Sprint(tt.want) {
							t.Fatalf("%s, pad %d: %s(%q) = %q, want %v", tt.name, pad, name, tx[:min(len(tx), 120)], found, tt.want)
						}
					}
					var a, b [numEvasionKinds]string
					checkText([]byte(tx), &a)
					refCheckText([]byte(tx), &b)
					if a != b {
						t.Fatalf("%s, pad %d: checkText = %q, refCheckText %q", tt.name, pad, a, b)
					}
				}
			}
			for _, tx := range []string{strings.Repeat("2002-08-22 10:30:00 -0700, ", 40), strings.Repeat(" 12,345  67,890\n", 40), strings.Repeat("ab:cd:ef:01 ", 60)} {
				var found [numEvasionKinds]string
				s := scan{tally: tally{allSpace: true}}
				if g, _ := s.run([]byte(tx), 0, &found); g != len(tx) {
					t.Errorf("scan.run(%q...) gives up at %d", tx[:40], g)
				}
			}
		})
	}
}

// sepTexts is sepCases in prose, after base64 and between runs of A,
// for TestCheckTextFastPath.
func sepTexts() [][]byte {
	var out [][]byte
	for _, c := range sepCases {
		for _, ctx := range []string{"The meeting moved to Friday at ten.\n", strings.Repeat("A", 30) + " ", "QUJD+/" + strings.Repeat("x9", 40) + "\n"} {
			out = append(out, []byte(c.text), []byte(ctx+c.text), []byte(c.text+ctx), []byte(ctx+c.text+ctx))
		}
	}
	return out
}

// TestSepHexMixed holds checkText (every path) to refCheckText on texts
// of separated dumps of every form and length around sepDumpMin, joined
// with other forms, prose, dates, carriage returns, backslashes and
// non-ASCII characters: where dumps of two separators meet, the fast
// path's window may start in either.
func TestSepHexMixed(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 48))
	seps := []string{":", "-", ",", ", "}
	pieces := []string{" ", "\n", "\r\n", "é", "\\", "word ", "2002-08-22 10:30:00 ", "zz", ":", "0x", "00", "\t"}
	var texts [][]byte
	for range 3000 {
		var sb strings.Builder
		for range 1 + rng.IntN(4) {
			switch rng.IntN(3) {
			case 0:
				sb.WriteString(pieces[rng.IntN(len(pieces))])
			default:
				pre := ""
				sep := seps[rng.IntN(len(seps))]
				if rng.IntN(2) == 0 {
					pre = "0x"
					if rng.IntN(3) == 0 {
						sep = " "
					}
				}
				sb.WriteString(sepHex(sepDumpMin-20+rng.IntN(40), rng.IntN(100), pre, sep))
			}
		}
		texts = append(texts, []byte(sb.String()))
	}
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tx := range texts {
				checkAgainstRef(t, tx)
			}
		})
	}
}
