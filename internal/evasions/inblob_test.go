package evasions

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// refInBlob is inBlob a byte at a time, in three passes (main b03a4ac).
func refInBlob(t []byte, start int) b64Span {
	lo, hi := start, start
	for lo > 0 && (t[lo-1] == '\n' || t[lo-1] == '\r' || t[lo-1] < utf8.RuneSelf && asciiEv[t[lo-1]]&acB64 != 0) {
		lo--
	}
	for hi < len(t) && (t[hi] == '\n' || t[hi] == '\r' || t[hi] < utf8.RuneSelf && asciiEv[t[hi]]&acB64 != 0) {
		hi++
	}
	n, cl := 0, uint8(0)
	for _, c := range t[lo:hi] {
		if c != '\n' && c != '\r' {
			n++
			cl |= caseCl[c]
		}
	}
	return b64Span{lo, hi, n >= blobB64Min && cl == clUpper|clLower|clDigit}
}

// inBlobTexts is base64 regions around blobB64Min, with and without
// each class, padding, line breaks and other bytes at every alignment.
func inBlobTexts() [][]byte {
	regions := []string{
		strings.Repeat("QUJDz+/9", 12), strings.Repeat("QUJDz+/9", 13), strings.Repeat("AAAA", 30), strings.Repeat("Ab1", 33), strings.Repeat("Ab1", 34),
		strings.Repeat("Ab1=", 25) + "=", strings.Repeat("QUJDz+/9\r\n", 11) + "QQ==", strings.Repeat("aaaa", 40) + "1B",
		"==" + strings.Repeat("Zz9", 40) + "==\n==", strings.Repeat("0a1b", 20),
	}
	var out [][]byte
	for pad := range 17 {
		for _, r := range regions {
			for _, edge := range []string{"", " ", "é", "\n", "!", "x-", "\x80"} {
				out = append(out, []byte(strings.Repeat("k3", pad)[:pad]+edge+r+edge+"tail"))
				out = append(out, []byte(edge+r[:len(r)-pad%len(r)]))
			}
		}
	}
	rng := rand.New(rand.NewPCG(13, 2))
	const alpha = "AZaz09+/=\n\r -é"
	for range 2000 {
		b := make([]byte, rng.IntN(300))
		for i := range b {
			b[i] = alpha[rng.IntN(len(alpha))]
			if rng.IntN(3) > 0 {
				b[i] = "ABCxyz0189+/"[rng.IntN(12)]
			}
		}
		out = append(out, b)
	}
	return out
}

// TestInBlob checks inBlob against refInBlob at every byte of the
// base64 alphabet of each text, on both paths of b64Blocks.
func TestInBlob(t *testing.T) {
	texts := inBlobTexts()
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tx := range texts {
				for start, c := range tx {
					if c >= utf8.RuneSelf || asciiEv[c]&acB64 == 0 {
						continue
					}
					var sp b64Span
					blob := inBlob(tx, start, &sp)
					if want := refInBlob(tx, start); sp != want || blob != want.blob {
						t.Fatalf("inBlob(%q, %d) = %v, %+v, want %+v", tx, start, blob, sp, want)
					}
				}
			}
		})
	}
}

// FuzzInBlob compares inBlob with refInBlob, on both paths of b64Blocks.
func FuzzInBlob(f *testing.F) {
	for _, tx := range inBlobTexts()[:200] {
		f.Add(tx, 0)
	}
	f.Fuzz(func(t *testing.T, tx []byte, start int) {
		if len(tx) == 0 {
			return
		}
		start = int(uint(start) % uint(len(tx)))
		if c := tx[start]; c >= utf8.RuneSelf || asciiEv[c]&acB64 == 0 {
			return
		}
		want := refInBlob(tx, start)
		for _, path := range chunkPaths() {
			func() {
				defer path.Use()()
				var sp b64Span
				if blob := inBlob(tx, start, &sp); sp != want || blob != want.blob {
					t.Fatalf("%s: inBlob(%q, %d) = %v, %+v, want %+v", path.Name, tx, start, blob, sp, want)
				}
			}()
		}
	})
}

// BenchmarkInBlob reads an attachment of 8 KB of base64 (76-byte lines,
// CRLF, padding at the end) from its middle, as a run of "AAAA" in it
// makes the full check do: inBlob and refInBlob.
func BenchmarkInBlob(b *testing.B) {
	line := strings.Repeat("QUJDz+/9", 9) + "AbCd\r\n"
	tx := []byte("Content-Type: image/gif\r\n\r\n" + strings.Repeat(line, 108) + "QQ==\r\n\r\n--boundary--")
	start := len(tx) / 2
	for start < len(tx) && asciiEv[tx[start]]&acB64 == 0 {
		start++
	}
	for _, fn := range []struct {
		name string
		f    func() bool
	}{
		{"fast", func() bool { var sp b64Span; return inBlob(tx, start, &sp) }},
		{"ref", func() bool { return refInBlob(tx, start).blob }},
	} {
		b.Run(fn.name, func(b *testing.B) {
			b.SetBytes(int64(len(tx)))
			for b.Loop() {
				if !fn.f() {
					b.Fatal("not a blob")
				}
			}
		})
	}
}

// TestSpanKept checks that the base64 region inBlob read in one window
// of the full check is kept for the next (tally.span): an attachment
// whose runs of A each send scan to the full check is read once, and
// the findings are the per-character check's. Since session 29 scan lets
// such runs through itself (asciiRun asks inBlob with the same span):
// no window, the region read once.
func TestSpanKept(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 7))
	const alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	var sb strings.Builder
	sb.WriteString("Content-Type: image/gif\nContent-Transfer-Encoding: base64\n\n")
	for i := range 40 {
		if i == 10 {
			// A second part: the blob is found, its runs of A are not.
			sb.WriteString("\n--b\nContent-Type: image/gif\nContent-Transfer-Encoding: base64\n\n")
		}
		n := 76
		if i > 10 && i%2 == 1 {
			sb.WriteString(strings.Repeat("A", 40)) // zeros
			n = 36
		}
		for range n {
			sb.WriteByte(alpha[rng.IntN(len(alpha))])
		}
		sb.WriteByte('\n')
	}
	sb.WriteString("QQ==\n\n-- the end.\n")
	text := []byte(sb.String())
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			var found [numEvasionKinds]string
			s := scan{tally: tally{allSpace: true}}
			windows := 0
			for from := 0; from < len(text); windows++ {
				g, done := s.run(text, from, &found)
				if g == len(text) {
					break
				}
				p := resetBefore(text, from, g, found[iBlob] != "")
				s.uncount(text, p, done)
				from = checkFull(text, &found, p, done, &s.tally)
			}
			if windows != 0 || !s.span.blob || s.span.hi-s.span.lo < 2000 { // session 29: scan takes the runs of A in the blob itself (asciiRun), reading the region once too
				t.Errorf("%d windows, span %+v of a %d-byte text", windows, s.span, len(text))
			}
			s.judge(text, &found)
			var want [numEvasionKinds]string
			refCheckText(text, &want)
			if found != want {
				t.Errorf("found %q, want %q", found, want)
			}
		})
	}
}
