package evasions

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// knownTexts is texts of base64 runs as the full check meets them:
// bodies with and without padding, = inside the run (quoted-printable
// glued to base64), armour lines and MIME headers before, lines
// starting with a space, runs without a class, and mail's corpus when
// the machine has it.
func knownTexts(tb testing.TB) [][]byte {
	r := rand.New(rand.NewPCG(7, 11))
	const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	body := func(n, width int, alpha string) string {
		var sb strings.Builder
		for i := range n {
			if i > 0 && i%width == 0 {
				sb.WriteByte('\n')
			}
			sb.WriteByte(alpha[r.IntN(len(alpha))])
		}
		return sb.String()
	}
	heads := []string{"", "Hello there, see below.\n\n", "Content-Transfer-Encoding: base64\n\n",
		"-----BEGIN PGP SIGNATURE-----\n\n", "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA1\n\n", "x=3D=20\n"}
	tails := []string{"", "==", "=\n\n--boundary--\n", "=3D=20 more text", "\n more", "\n\nThanks, bye.", "=ABCDEFGH" + body(120, 76, b64) + "=="}
	var texts [][]byte
	for _, h := range heads {
		for _, tl := range tails {
			for _, n := range []int{99, 100, 101, 160, 700, 3000} {
				for _, alpha := range []string{b64, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", b64 + "====", b64 + "\n\n"} {
					texts = append(texts, []byte(h+body(n, 76, alpha)+tl), []byte(h+body(n, 1000, alpha)+tl))
				}
			}
		}
	}
	if tb != nil {
		texts = append(texts, corpusTexts(tb)...)
	}
	return texts
}

// TestNotBase64Known holds notBase64Known to notBase64 and b64End from
// a byte inside the run to b64End from its start, at every point of
// every run of the base64 alphabet (line breaks allowed) with its
// characters and classes so far, as earlyB64 asks them.
func TestNotBase64Known(t *testing.T) {
	texts := knownTexts(t)
	if testing.Short() && len(texts) > 2000 {
		texts = texts[:2000]
	}
	for _, tx := range texts {
		checkKnown(t, tx)
	}
}

func checkKnown(t *testing.T, tx []byte) {
	t.Helper()
	b64 := func(c byte) bool { return c < utf8.RuneSelf && asciiEv[c]&acB64 != 0 }
	for start := 0; start < len(tx); start++ {
		if !b64(tx[start]) || start > 0 && (b64(tx[start-1]) || tx[start-1] == '\n' || tx[start-1] == '\r') {
			continue
		}
		n, cl := 0, uint8(0)
		end := b64End(tx, start)
		steps := 0
		for next := start; next < len(tx); next++ {
			c := tx[next]
			if c == '\n' || c == '\r' {
				continue
			}
			if !b64(c) {
				break
			}
			n++
			cl |= caseCl[c]
			if n < blobB64Min-1 || steps > 64 && n%37 != 0 {
				continue // every point near blobB64Min, then a sample
			}
			steps++
			if got, want := notBase64Known(tx, start, next+1, n, cl), notBase64(tx, start); got != want {
				t.Fatalf("notBase64Known(%.40q..., %d, %d, %d, %d) = %v, notBase64 %v", tx[start:], start, next+1, n, cl, got, want)
			}
			if got := b64End(tx, next+1); got != end {
				t.Fatalf("b64End(%.40q..., %d) = %d, from the start %d", tx[start:], next+1, got, end)
			}
			if got, want := b64Evidence(tx, n, start, next+1, false), b64Evidence(tx, n, start, start, false); got != want {
				t.Fatalf("b64Evidence known %d = %q, from the start %q", next+1, got, want)
			}
		}
	}
}
