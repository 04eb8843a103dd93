package evasions

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dataaudit/dataaudit/internal/fixtures"
)

// refBlobAfterPart is blobAfterPart a byte at a time, without b64Skip
// (main efc55e1).
func refBlobAfterPart(t []byte, from int) int {
	n, cl, runStart := 0, uint8(0), -1
	grp, grpStart, grpCl := 0, 0, uint8(0)
	dump, dumpStart, dumpCl := 0, 0, uint8(0)
	var sp b64Span
	for j := from; j <= len(t); j++ {
		c := byte(' ')
		if j < len(t) {
			c = t[j]
		}
		switch {
		case c < utf8.RuneSelf && asciiEv[c]&acB64 != 0:
			if n == 0 {
				runStart = j
			}
			n++
			cl |= caseCl[c]
		case (c == '\n' || c == '\r') && n > 0:
		case c == ' ' && n > 0 && t[j-1] == '\n' && j+1 < len(t) && t[j+1] < utf8.RuneSelf && asciiEv[t[j+1]]&acB64 != 0:
		default:
			if n >= blobB64Min && cl == clUpper|clLower|clDigit && !notBase64(t, runStart) && declaredMIME(t, runStart) < 0 {
				return runStart
			}
			n, cl = 0, 0
		}
		if c < utf8.RuneSelf && asciiEv[c]&acHex != 0 {
			if grp == 0 {
				grpStart, grpCl = j, 0
			}
			grp++
			grpCl |= 1 << (asciiEv[c] & acLetter >> 4)
			if grp >= blobHexMin && grpCl == hxDigit|hxLetter && !inBlob(t, grpStart, &sp) {
				return grpStart
			}
			continue
		}
		// A group of hex digits, if any, ends at c.
		if grp == 2 || grp == 4 {
			if dump == 0 {
				dumpStart, dumpCl = grpStart, 0
			}
			dump += grp
			dumpCl |= grpCl
			if dump >= blobHexMin && dumpCl == hxDigit|hxLetter && !inBlob(t, dumpStart, &sp) {
				return dumpStart
			}
		} else if grp > 0 {
			dump = 0
		}
		grp = 0
		if c != ' ' && c != '\n' && c != '\r' && c != '\t' {
			dump = 0
		}
	}
	return -1
}

// refB64End is b64End a byte at a time (main efc55e1).
func refB64End(t []byte, start int) int {
	end := start
	for end < len(t) && (t[end] == '\n' || t[end] == '\r' || t[end] < utf8.RuneSelf && asciiEv[t[end]]&acB64 != 0 ||
		t[end] == ' ' && end > 0 && t[end-1] == '\n' && end+1 < len(t) && t[end+1] < utf8.RuneSelf && asciiEv[t[end+1]]&acB64 != 0) {
		end++
	}
	return end
}

// TestB64End holds b64End to refB64End from every offset of
// blobAfterTexts and inBlobTexts, on both paths of b64Blocks.
func TestB64End(t *testing.T) {
	texts := append(blobAfterTexts(), inBlobTexts()...)
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tx := range texts {
				for start := range len(tx) + 1 {
					if got, want := b64End(tx, start), refB64End(tx, start); got != want {
						t.Fatalf("b64End(%q, %d) = %d, want %d", tx, start, got, want)
					}
				}
			}
		})
	}
}

// blobAfterTexts is the bodies blobAfterPart reads: base64 lines (LF,
// CRLF, a space after the break) with hex runs and dumps of every
// length in them, zeros ("AAAA"), padding, and hex strings and dumps
// after them, at every alignment.
func blobAfterTexts() [][]byte {
	var out [][]byte
	rng := rand.New(rand.NewPCG(15, 20))
	const b64 = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3+/ghxyz"
	const hex = "0123456789abcdefABCDEF"
	for run := 1; run < 80; run++ {
		for _, sep := range []string{"", "\n", "\r\n", " ", "\n ", "="} {
			var b []byte
			for len(b) < 400 {
				for range rng.IntN(40) {
					b = append(b, b64[rng.IntN(len(b64))])
				}
				for k := range run {
					b = append(b, hex[rng.IntN(len(hex))])
					if sep != "" && k%(1+rng.IntN(8)) == 0 {
						b = append(b, sep...)
					}
				}
				if rng.IntN(5) == 0 {
					b = append(b, "\n"...)
				}
			}
			out = append(out, append(b, " end"...))
		}
	}
	// Runs of the base64 alphabet without upper case (or without lower
	// case), not blobs themselves, so that a hex string or dump in them
	// is one (inBlob): hex of every length, in groups of 2 or 4 between
	// line breaks too, after 0 to 40 letters that are not hex digits.
	for run := 1; run < 80; run++ {
		for _, set := range []struct{ b64, hex string }{{"ghijklmnopqrstuvwxyz+/", "0123456789abcdef"}, {"GHIJKLMNOPQRSTUVWXYZ=", "0123456789ABCDEF"}} {
			for _, grp := range []int{0, 2, 4} {
				var b []byte
				for len(b) < 300 {
					for range rng.IntN(40) {
						b = append(b, set.b64[rng.IntN(len(set.b64))])
					}
					for k := range run {
						b = append(b, set.hex[rng.IntN(len(set.hex))])
						if grp > 0 && k%grp == grp-1 {
							b = append(b, "\n\r\n"[:1+rng.IntN(2)]...)
						}
					}
				}
				out = append(out, append(b, " end"...))
			}
		}
	}
	// Prose and HTML with what blobAfterPart looks for in it: hex words
	// of 1 to 5 digits (dumps of 2 and 4), hex strings and dumps around
	// blobHexMin, base64 runs around blobB64Min, after letters, symbols,
	// tabs and line breaks (proseSkip's clear points and stops).
	hexOf := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = "0123456789abcdefABCDEF"[rng.IntN(22)]
		}
		return string(b)
	}
	proseBits := []func() string{
		func() string { return "the " }, func() string { return "quick " }, func() string { return "<p>" }, func() string { return ". " },
		func() string { return ", " }, func() string { return "x" }, func() string { return "\n" }, func() string { return "\t" },
		func() string { return "\n " }, func() string { return "+" }, func() string { return "= " }, func() string { return "é" },
		func() string { return hexOf(1 + rng.IntN(5)) }, func() string { return hexOf(1+rng.IntN(5)) + " " },
		func() string { return hexOf(60 + rng.IntN(8)) },
		func() string {
			var sb strings.Builder
			for range 14 + rng.IntN(6) {
				sb.WriteString(hexOf(2 + 2*rng.IntN(2)))
				sb.WriteString(" \n\t"[rng.IntN(3):][:1])
			}
			return sb.String()
		},
		func() string {
			b := make([]byte, 95+rng.IntN(12))
			for i := range b {
				b[i] = b64[rng.IntN(len(b64))]
			}
			return string(b)
		},
	}
	for range 1500 {
		var sb strings.Builder
		for range 10 + rng.IntN(50) {
			sb.WriteString(proseBits[rng.IntN(len(proseBits))]())
		}
		out = append(out, []byte(sb.String()))
	}
	for pad := range 9 {
		lines := []string{
			strings.Repeat("QUJDz+/9", 9) + "AbCd\r\n", strings.Repeat("AAAA", 19) + "\n", strings.Repeat("QUJD", 19) + "\n",
			strings.Repeat("Ab1", 25) + "=\n", strings.Repeat("0a1b", 19) + "\n",
		}
		tails := []string{"", " end", strings.Repeat("de ad be ef ", 10), strings.Repeat("0a1b2c3d", 10), "\n\n" + strings.Repeat("Zz9a", 40) + "\n", "é"}
		for _, l := range lines {
			for _, tail := range tails {
				out = append(out, []byte(strings.Repeat("x", pad)+strings.Repeat(l, 8)+tail))
				out = append(out, []byte(strings.Repeat("x", pad)+strings.Repeat(lines[0], 4)+strings.Repeat(l, 4)+tail))
			}
		}
	}
	for range 500 {
		b := make([]byte, rng.IntN(400))
		for i := range b {
			const alpha = "AZaz09af+/=\n\r -:é\t"
			b[i] = alpha[rng.IntN(len(alpha))]
			if rng.IntN(3) > 0 {
				b[i] = "ABCxyz0189+/deadbeef"[rng.IntN(20)]
			}
		}
		out = append(out, b)
	}
	return out
}

// TestBlobAfterPartSkip holds blobAfterPart to refBlobAfterPart from
// every offset of blobAfterTexts and of the texts of the 30 MB mail
// corpus that hold a base64 run.
func TestBlobAfterPartSkip(t *testing.T) {
	check := func(tx []byte, from int) {
		t.Helper()
		if got, want := blobAfterPart(tx, from), refBlobAfterPart(tx, from); got != want {
			t.Fatalf("blobAfterPart(%q, %d) = %d, want %d", tx, from, got, want)
		}
	}
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tx := range blobAfterTexts() {
				for from := 0; from <= len(tx); from++ {
					check(tx, from)
					if from >= 80 {
						from += 4 // every alignment, not every offset
					}
				}
			}
			texts := corpusTexts(t)
			if testing.Short() {
				texts = texts[:min(len(texts), 2000)]
			}
			for _, tx := range texts {
				// From the start and from the start of the first
				// base64 lines.
				check(tx, 0)
				for from, k := 1, 0; from < len(tx) && k < 4; from++ {
					if tx[from-1] == '\n' && from+76 < len(tx) && b64Line(tx[from:from+76]) {
						check(tx, from)
						from, k = from+76, k+1
					}
				}
			}
		})
	}
}

// FuzzBlobAfterPart compares blobAfterPart with refBlobAfterPart.
func FuzzBlobAfterPart(f *testing.F) {
	for _, tx := range blobAfterTexts()[:200] {
		f.Add(tx, 0)
	}
	f.Fuzz(func(t *testing.T, tx []byte, from int) {
		from = int(uint(from) % uint(len(tx)+1))
		if got, want := blobAfterPart(tx, from), refBlobAfterPart(tx, from); got != want {
			t.Fatalf("blobAfterPart(%q, %d) = %d, want %d", tx, from, got, want)
		}
		for _, path := range chunkPaths() {
			func() {
				defer path.Use()()
				if got, want := b64End(tx, from), refB64End(tx, from); got != want {
					t.Fatalf("%s: b64End(%q, %d) = %d, want %d", path.Name, tx, from, got, want)
				}
			}()
		}
	})
}

// declaredCalls is the rows of the 30 MB mail corpus with a declared
// part (b64Evidence's), with where the part starts and ends.
func declaredCalls(b *testing.B) (texts [][]byte, starts, ends []int) {
	corpus := corpusTexts(b)
	if corpus == nil {
		b.Skip("no corpus")
	}
	const from = "base64 characters from byte "
	for _, t := range corpus {
		var found [numEvasionKinds]string
		checkText(t, &found)
		ev := found[iBlob]
		if !strings.HasPrefix(ev, attachmentEvidence+" (header") {
			continue
		}
		k := strings.Index(ev, from)
		if k < 0 {
			continue
		}
		start, err := strconv.Atoi(ev[k+len(from) : k+len(from)+strings.IndexByte(ev[k+len(from):], ':')])
		if err != nil {
			b.Fatal(err)
		}
		texts, starts, ends = append(texts, t), append(starts, start), append(ends, refB64End(t, start))
	}
	return texts, starts, ends
}

// BenchmarkBlobAfterPart runs blobAfterPart and refBlobAfterPart on the
// rows of the 30 MB mail corpus with a declared part, from the part's
// end, as b64Evidence does.
func BenchmarkBlobAfterPart(b *testing.B) {
	texts, _, ends := declaredCalls(b)
	var n int64
	for i, t := range texts {
		n += int64(len(t) - ends[i])
	}
	for _, fn := range []struct {
		name string
		f    func([]byte, int) int
	}{{"fast", blobAfterPart}, {"ref", refBlobAfterPart}} {
		b.Run(fn.name, func(b *testing.B) {
			defer fixtures.ThreadCPU(b)()
			b.SetBytes(n)
			for b.Loop() {
				for i, t := range texts {
					fn.f(t, ends[i])
				}
			}
		})
	}
}

// BenchmarkB64End runs b64End and refB64End on the declared parts of
// the 30 MB mail corpus.
func BenchmarkB64End(b *testing.B) {
	texts, starts, ends := declaredCalls(b)
	var n int64
	for i := range texts {
		n += int64(ends[i] - starts[i])
	}
	for _, fn := range []struct {
		name string
		f    func([]byte, int) int
	}{{"fast", b64End}, {"ref", refB64End}} {
		b.Run(fn.name, func(b *testing.B) {
			defer fixtures.ThreadCPU(b)()
			b.SetBytes(n)
			for b.Loop() {
				for i, t := range texts {
					fn.f(t, starts[i])
				}
			}
		})
	}
}
