package evasions

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

// phraseTexts are repeated words and phrases at their thresholds
// (phraseMinBytes, phraseMinReps), one unit short of them, and repeats
// the rule leaves (units of symbols, of four words), after 0 to 69 bytes
// of text that stops the kernel (backslashes, a carriage return, a
// letter that is not ASCII) or does not, and before text that does.
func phraseTexts() [][]byte {
	units := []string{"free ", "viagra, ", "casino\n", "click here now! ", "best price guaranteed. ", "ab ", "a b c d ", "&nbsp; ", "x\ty ", "&nbsp;", "&#160;", "&nbsp;&amp;", "&x;", "&;", "a&b;", "<br>", "<p></p>", "<br />", "<td></td>", "-=", ". ", "&&;", "<a\r>", "<p>&nbsp;</p>", "<br>\n", "&x;<b>", "<b>x</b>"} // padding: recall8.go
	heads := []string{strings.Repeat("word. ", 12), strings.Repeat(`a\b `, 18), strings.Repeat("ab\r", 24), strings.Repeat("é ", 35)}
	var out [][]byte
	for _, u := range units {
		n := max(phraseMinReps, (phraseMinBytes+len(u)-1)/len(u))
		if entityUnit([]byte(u)) {
			n = (entityMinBytes + len(u) - 1) / len(u)
		}
		for _, reps := range []int{n - 1, n, n + 7} {
			for pad := range 70 {
				for _, h := range heads {
					out = append(out, []byte(h[:min(pad, len(h))]+strings.Repeat(u, reps)+"\\ end é"))
				}
			}
		}
	}
	// Random words and phrases, in random neighbourhoods.
	rng := rand.New(rand.NewPCG(17, 20))
	words := []string{"free", "win", "buy now", "click here", "Limited Offer", "x", "\\", "é", "&amp;", "12", "!"}
	seps := []string{" ", ", ", "\n", "! ", ". ", "\t", "  "}
	for range 3000 {
		u := ""
		for range 1 + rng.IntN(3) {
			u += words[rng.IntN(len(words))] + seps[rng.IntN(len(seps))]
		}
		var b strings.Builder
		for range rng.IntN(3) {
			b.WriteString(words[rng.IntN(len(words))] + seps[rng.IntN(len(seps))])
		}
		b.WriteString(strings.Repeat(u, 10+rng.IntN(150)))
		for range rng.IntN(3) {
			b.WriteString(words[rng.IntN(len(words))] + seps[rng.IntN(len(seps))])
		}
		out = append(out, []byte(b.String()))
	}
	return out
}

// TestPhraseRun holds checkText to refCheckText (refPhrase, a brute
// force over every period) on phraseTexts, on every path of the scan
// (the kernel stopping at a chunk that repeats, the block loop testing a
// window every 64 bytes), and checks the thresholds themselves.
func TestPhraseRun(t *testing.T) {
	texts := phraseTexts()
	want := refFound(texts)
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			flagged := 0
			for i, tx := range texts {
				if got := checkAgainstWant(t, tx, want[i]); got[iRepeated] != "" {
					flagged++
				}
			}
			if flagged == 0 || flagged == len(texts) {
				t.Errorf("%d of %d texts flagged", flagged, len(texts))
			}
		})
	}
	for _, tt := range []struct {
		text string
		want string
	}{
		{strings.Repeat("free ", 64), `"free " repeated 64 times from byte 0`}, // phraseMinBytes 320 (576 before session 32)
		{strings.Repeat("free ", 63), ""},
		{"Hi " + strings.Repeat("click here now! ", 20), `" click here now!" repeated 20 times from byte 2`},
		{strings.Repeat("click here now! ", 19), ""},
		{strings.Repeat("x y z w ", 80), ""},
	} {
		if got := phraseEvidence([]byte(tt.text)); got != tt.want {
			t.Errorf("phraseEvidence(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestPeriodicWindow holds periodicWindow to refPeriodic (chunks_test.go)
// on windows of ASCII (the kernel tests no other; in the block loop's, a
// stretch of the rule is ASCII).
func TestPeriodicWindow(t *testing.T) {
	for _, tx := range append(phraseTexts(), chunkTexts()...) {
		for q := 0; q+64 <= len(tx); q += 5 {
			if bytes.IndexFunc(tx[q:q+64], func(r rune) bool { return r >= 0x80 }) >= 0 {
				continue
			}
			if got, want := periodicWindow(tx[q:q+64]), refPeriodic(tx[q:q+64]); got != want {
				t.Fatalf("periodicWindow(%q) = %v, want %v", tx[q:q+64], got, want)
			}
		}
	}
}

// FuzzPhraseRun holds checkText to refCheckText on a unit repeated after
// and before any bytes.
func FuzzPhraseRun(f *testing.F) {
	f.Add([]byte("ab\\"), []byte("free "), 40, []byte("é"))
	f.Add([]byte(""), []byte("click here now! "), 20, []byte(""))
	f.Add([]byte("xx"), []byte("a b c "), 60, []byte("\r\n"))
	f.Fuzz(func(t *testing.T, head, unit []byte, reps int, tail []byte) {
		if len(unit) > 40 || reps < 0 || reps > 200 {
			return
		}
		tx := append(append(append([]byte{}, head...), []byte(strings.Repeat(string(unit), reps))...), tail...)
		for _, path := range chunkPaths() {
			func() {
				defer path.Use()()
				var got, want [numEvasionKinds]string
				checkText(tx, &got)
				refCheckText(tx, &want)
				if got != want {
					t.Fatalf("%s: checkText(%q) = %q, want %q", path.Name, tx, got, want)
				}
			}()
		}
	})
}
