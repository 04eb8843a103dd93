package evasions

import (
	"bytes"
	"strings"
	"testing"
)

// Session 19: where scan gives up and where the full check hands back.

// plainControlTexts holds controls that plainControl lets through (the
// full check finds no control there), next to ones it does not.
func plainControlTexts() []string {
	jis := "\x1b$B$3$s$K$A$O\x1b(B hello \x1b$B@$3&\x1b(J world\n"
	return []string{
		strings.Repeat(jis, 6),
		"page one " + strings.Repeat("text ", 20) + "\n\f\n\f\r\n \n", // form feeds alone on their lines at the end (recall30.go)
		"see \x13 HYPERLINK \"http://x.example/\" \x14here\x15 and " + strings.Repeat("words ", 15),
		strings.Repeat(jis, 3) + "\x1b[31mred\x1b[0m" + strings.Repeat(jis, 2),
		strings.Repeat(jis, 4) + "bell\x07" + strings.Repeat("x y ", 20),
		"\x1b$B" + strings.Repeat("0a1b", 20) + "\x1b(B" + strings.Repeat("QUJDz+/9", 16),
		"first line\v\nthe second, longer\v\n" + strings.Repeat("and words ", 3) + "end\v\n",
	}
}

// TestScanPlainControls checks that scan takes a block or byte whose
// controls are all plain itself, and gives up at one that is not (an
// ANSI escape, a bell).
func TestScanPlainControls(t *testing.T) {
	texts := plainControlTexts()
	for _, path := range chunkPaths() {
		for k, text := range texts {
			full := k >= 3 && k <= 5 // an ANSI escape, a bell, a hex blob
			for pad := range 20 {
				tx := []byte(strings.Repeat("k3", pad)[:pad] + text)
				func() {
					defer path.Use()()
					var found [numEvasionKinds]string
					s := scan{tally: tally{allSpace: true}}
					g, _ := s.run(tx, 0, &found)
					if gaveUp := g != len(tx); gaveUp != full {
						t.Errorf("%s: scan.run(%q) gives up (at %d) = %v, want %v", path.Name, tx, g, gaveUp, full)
					}
				}()
			}
		}
	}
}

// handBackTexts holds base64 bodies whose blob the full check finds
// before their end: one whose first blobB64Min characters hold no digit
// (earlyB64 is tried again when the run has all three classes), and one
// whose lines end and start with letters, so that the blocks holding its
// line breaks, the ones the full check reads a byte at a time, never
// hold a reset point (mayReset). Their header line ends in two words,
// so that the window starts before the stretch of the base64 alphabet
// and scan does not take the blob itself (b64Take, chainclean.go).
func handBackTexts() (noDigitFirst, lettersAtBreaks string) {
	var b strings.Builder
	b.WriteString("Subject: a x\n\n" + strings.Repeat("QUJDabcd", 15) + "\n")
	for range 8 {
		b.WriteString(strings.Repeat("Ab3dEf9h", 9) + "\n")
	}
	b.WriteString("-- \nend of the text\n")
	noDigitFirst = b.String()
	b.Reset()
	b.WriteString("Subject: a x\n\n")
	for range 10 {
		b.WriteString("QUJDabcd" + strings.Repeat("Ab3dEf9h", 7) + "QUJDabcd\n")
	}
	b.WriteString("-- \nend of the text\n")
	return noDigitFirst, b.String()
}

// TestFullHandsBackInB64 checks that the full check, given a base64 body
// by scan (a chain of base64 blocks), finds the blob and hands back to
// scan inside the body, not at its end, and that checkText's findings
// stay the reference's whatever the bytes before.
func TestFullHandsBackInB64(t *testing.T) {
	a, b := handBackTexts()
	for _, path := range chunkPaths() {
		for _, text := range []string{a, b} {
			for pad := range 70 {
				tx := []byte(strings.Repeat("k3", pad)[:pad] + text)
				func() {
					defer path.Use()()
					var found [numEvasionKinds]string
					s := scan{tally: tally{allSpace: true}}
					g, done := s.run(tx, 0, &found)
					if g == len(tx) {
						t.Fatalf("%s: scan.run(%q) does not give up", path.Name, tx)
					}
					p := resetBefore(tx, 0, g, found[iBlob] != "")
					s.uncount(tx, p, done)
					from := checkFull(tx, &found, p, done, &s.tally)
					end := strings.Index(string(tx), "\n-- ")
					if found[iBlob] == "" || from >= end {
						t.Errorf("%s: pad %d: checkFull from %d (scan gave up at %d) hands back at %d, the body ends at %d; blob %q", path.Name, pad, p, g, from, end, found[iBlob])
					}
					checkAgainstRef(t, tx)
				}()
			}
		}
	}
}

// TestPlainControlsAgainstRef checks checkText against the reference on
// plain and other controls at offsets 0 to 69, with tails.
func TestPlainControlsAgainstRef(t *testing.T) {
	for _, path := range chunkPaths() {
		func() {
			defer path.Use()()
			for _, text := range plainControlTexts() {
				for pad := range 70 {
					for _, tail := range []string{"", "\x1b", "\x1b$", " end", "\f", "\x14"} {
						checkAgainstRef(t, []byte(strings.Repeat("k3", pad)[:pad]+text+tail))
					}
				}
			}
		}()
	}
}

// refIndexFold is indexFold trying every byte.
func refIndexFold(b []byte, s string) int {
	for i := 0; i+len(s) <= len(b); i++ {
		if hasPrefixFold(b[i:], s) {
			return i
		}
	}
	return -1
}

// TestIndexFold checks indexFold against refIndexFold on headers and
// armour lines cut, cased and repeated at every offset, and on random
// bytes of their alphabet.
func TestIndexFold(t *testing.T) {
	pats := []string{"-----begin ", "content-transfer-encoding:", "base64", "x", "-", "a-", ":"}
	texts := []string{
		"", "-", "----", "-----BEGIN", "-----BEGIN PGP SIGNED MESSAGE-----\n-----Begin CERTIFICATE-----\n",
		"Content-Type: text/plain\nCONTENT-TRANSFER-ENCODING: Base64\n\nQUJD", "content-transfer-encoding", "content-transfer-encoding:",
		"xx-content-transfer-encoding:-content-Transfer-Encoding:", "----- begin -----begin-----begin ",
	}
	rng := uint64(19)
	alpha := "-:aAbBcCeEgGiInNoOrRsStT x4\n"
	for range 3000 {
		n := int(rng>>40) % 90
		b := make([]byte, n)
		for i := range b {
			rng = rng*6364136223846793005 + 1442695040888963407
			b[i] = alpha[(rng>>33)%uint64(len(alpha))]
		}
		texts = append(texts, string(b))
	}
	for _, tx := range texts {
		for pad := range 9 {
			b := []byte(strings.Repeat("-x", pad)[:pad] + tx)
			for _, p := range pats {
				for _, cut := range []int{len(b), max(0, len(b)-1), max(0, len(b)-len(p))} {
					if got, want := indexFold(b[:cut], p), refIndexFold(b[:cut], p); got != want {
						t.Fatalf("indexFold(%q, %q) = %d, want %d", b[:cut], p, got, want)
					}
				}
			}
		}
	}
}

// refB64Fragment is b64Fragment counting every space of the text.
func refB64Fragment(t []byte, n int) bool {
	spaces := bytes.Count(t, []byte{' '})
	if spaces >= 5 {
		return false
	}
	other := len(t) - spaces - bytes.Count(t, []byte{'\n'}) - bytes.Count(t, []byte{'\r'}) - bytes.Count(t, []byte{'\t'}) - n
	return other*9 <= n && mimeWrapped(t)
}

// TestB64Fragment checks b64Fragment against refB64Fragment on wrapped
// base64 with 0 to 9 spaces around or in it, and other bytes.
func TestB64Fragment(t *testing.T) {
	body := strings.Repeat(strings.Repeat("QUJDz+/9", 9)+"Ab3d\n", 6)
	for sp := range 10 {
		for _, text := range []string{
			strings.Repeat(" ", sp) + body, body + strings.Repeat(" ", sp), "--b" + strings.Repeat(" x", sp) + "\n" + body + "--b--\n",
			body[:100] + strings.Repeat(" ", sp) + body[100:], "hello there, " + strings.Repeat("word ", sp) + body,
		} {
			b := []byte(text)
			for _, n := range []int{0, 100, len(body) - 8, len(body) - 6, len(b)} {
				if got, want := b64Fragment(b, n), refB64Fragment(b, n); got != want {
					t.Fatalf("b64Fragment(%q, %d) = %v, want %v", b, n, got, want)
				}
			}
		}
	}
}
