package evasions

import (
	"fmt"
	"strings"
	"testing"
)

// runTexts is runs of one byte, 1 to 130 long, where the full check
// reads them (after 96 base64 characters that make scan give up, inside
// a base64 run and after it, with a repeated run found before or not)
// and where scan measures them (asciiRun: separator lines in prose).
func runTexts() [][]byte {
	const b64 = "QmFzZTY0IGJvZHkgb2YgYW4gYXR0YWNobWVudCwgd3JpdHRlbiBvdXQgZm9yIHRoZSB0ZXN0cyAxMjM0NTY3ODkw"
	var out [][]byte
	for _, c := range []byte("Aa9+/=0Z") {
		for n := 1; n <= 130; n++ {
			run := strings.Repeat(string(c), n)
			out = append(out,
				[]byte("x "+b64+run+b64[:40]+". after"),
				[]byte("x "+b64+"\n"+run+"\n"+b64[:40]+"\n"),
				[]byte(strings.Repeat("b", 25)+" then "+b64+run+"Q. "),
				[]byte("x "+b64+run),
			)
		}
	}
	for _, c := range []byte("-=*_~A0") {
		for n := 1; n <= 130; n++ {
			run := strings.Repeat(string(c), n)
			out = append(out, []byte(fmt.Sprintf("Some prose first, then a line:\n%s\nand more prose after it.", run)), []byte(run+" x"), []byte("x "+run))
		}
	}
	return out
}

// TestRunsFastPath holds checkText to refCheckText on runTexts, each at
// offsets 0-69, on every path.
func TestRunsFastPath(t *testing.T) {
	checkTextsAtOffsets(t, runTexts())
}

// TestASCIIRun checks scan.asciiRun, eight bytes at a time, against the
// run measured a byte at a time, at every byte of runs of 1 to 120 bytes
// between other bytes at offsets 0 to 9: a run is let through when it is
// short or a separator line (ruleLine: alone in the text here).
func TestASCIIRun(t *testing.T) {
	for pre := range 10 {
		for n := 1; n <= 120; n++ {
			for post := range 10 {
				tx := []byte(strings.Repeat("ab", 5)[:pre] + strings.Repeat("-", n) + strings.Repeat("cd", 5)[:post])
				for i := pre; i < pre+n; i++ {
					var s scan
					short := s.asciiRun(tx, i, '-')
					want := n < asciiRunMin('-') || pre == 0 && post == 0 && n < ruleLineMax
					if s.runDone != pre+n || short != want {
						t.Fatalf("asciiRun(%q, %d): runDone %d short %v, want %d %v", tx, i, s.runDone, short, pre+n, want)
					}
				}
			}
		}
	}
}
