package evasions

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/fixtures"
)

// pieces of text the generated texts are made of: prose, each category
// at and around its threshold, and what must not be flagged.
var prose = []string{"the ", "Quick ", "BROWN", " fox", "42", "3.14", ", ", ".\n", "\t", "  ", "\r\n", "\n\n\n\n\n\n\n\n\n",
	"international ", "é", "Ünï", "Москва ", "Αθήνα ", "東京", "—", "\\n", "ff ", "12 ", "a1 "}

var pieces = []string{
	strings.Repeat("a", 14), strings.Repeat("a", 19), strings.Repeat("a", 20), strings.Repeat("7", 21),
	strings.Repeat("-", 70), strings.Repeat("=", 99), strings.Repeat("_", 100), strings.Repeat(" ", 30),
	"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3", "ODkwYWJjZGVm+/", "\n", "==",
	"deadbeef0123", "DEADBEEF", "3f2a9c1d", "d3 ", "da ", "8a0f ", "0a4d55a8d778e5022fab701977c5d840bbc486d0",
	"é", "Ünï", "Москва", "Αθήνα", "p\u0430ypal", "micr\u03bfsoft", "\u0301", "東京", "٣", "\u00a0", "\u3000",
	strings.Repeat("\u00a0", 60), strings.Repeat("\u3000", 25), strings.Repeat("東", 22), "\u200b", "\u202e", "\ufeff", "🎉",
	"\ufffd", strings.Repeat("\ufffd", 10), "\xff", "\xe2\x82", "\x00", "\x1b[0m", "\x7f", "\u0085", "~!@#$%^&*()_+",
	`\udce9`, `\ud83d\udc80`, `\ud83d`, `\u00e9`, `\`, "┌──┬──┐",
	"\n00000010: ", "\n0000020  ", "4865 6c6c ", "6f20 776f ", "48 65 6c ", "  |Hello|",
	"\r", "\r\n", "x\ry", "\u0338\u0321\u031b\u0334", "\u0322", "\u0301\u0302", "\u0585", "\uff50", "\U0001d41f\U0001d42b\U0001d41e", "\ufe0f", "\ufe01", "\u200d", "\u200e", "\u05e9",
}

// genTexts returns n texts of 0 to 60 pieces: nine in ten prose, one in
// ten from pieces.
func genTexts(n int) [][]byte {
	rng := rand.New(rand.NewPCG(20, 8))
	out := make([][]byte, n)
	for i := range out {
		var sb strings.Builder
		for range rng.IntN(60) {
			if rng.IntN(10) == 0 {
				sb.WriteString(pieces[rng.IntN(len(pieces))])
			} else {
				sb.WriteString(prose[rng.IntN(len(prose))])
			}
		}
		out[i] = []byte(sb.String())
	}
	return out
}

// b64HexTexts returns n base64 bodies with what makes earlyB64 read on
// a byte at a time (earlyB64Exact): runs of A (a binary attachment's
// zeros), lines of hex digits alone, short lines of 2 or 4 hex digits
// (a hex dump inside the run, or going on when it starts), long hex runs
// with digits and letters, at random places and line widths, some with a
// MIME header before.
func b64HexTexts(n int) [][]byte {
	rng := rand.New(rand.NewPCG(14, 20))
	const alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	inserts := []func() string{
		func() string { return strings.Repeat("A", 20+rng.IntN(90)) },
		func() string { return strings.Repeat("d3\n", 1+rng.IntN(40)) },
		func() string { return strings.Repeat("4865\n", 1+rng.IntN(20)) },
		func() string { return strings.Repeat("0a1B", 8+rng.IntN(20)) },
		func() string { return strings.Repeat("f0", 16+rng.IntN(30)) + "\n" },
		func() string { return "\n" + strings.Repeat("ab\n12\n", 1+rng.IntN(20)) },
		func() string { return "00000010: " + strings.Repeat("4865 ", 8+rng.IntN(8)) + "\n" },
		func() string { return "=\n" },
		func() string { return " end " },
	}
	out := make([][]byte, n)
	for i := range out {
		var sb strings.Builder
		switch rng.IntN(4) {
		case 0:
			sb.WriteString("Content-Transfer-Encoding: base64\n\n")
		case 1:
			sb.WriteString(strings.Repeat("4865 ", rng.IntN(12)))
		}
		width := 8 + rng.IntN(80)
		for range 1 + rng.IntN(12) {
			if rng.IntN(3) == 0 {
				sb.WriteString(inserts[rng.IntN(len(inserts))]())
				continue
			}
			for range width {
				sb.WriteByte(alpha[rng.IntN(len(alpha))])
			}
			sb.WriteByte('\n')
		}
		out[i] = []byte(sb.String())
	}
	return out
}

// qpTexts returns texts around the base64 chain's = (chainB64):
// quoted-printable bodies (CJK bytes escaped, =20, soft line breaks),
// separator lines of =, and base64 segments of blobB64Min characters
// and about, with or without each class, between two =, padding or line
// breaks, at every alignment.
func qpTexts() [][]byte {
	rng := rand.New(rand.NewPCG(15, 61))
	const alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	var out [][]byte
	for range 300 {
		var sb strings.Builder
		for range 1 + rng.IntN(30) {
			switch rng.IntN(6) {
			case 0:
				sb.WriteString("=\n")
			case 1:
				sb.WriteString("=20")
			case 2:
				sb.WriteString("text ")
			default:
				fmt.Fprintf(&sb, "=%02X=%02X=%02X", 0xE0+rng.IntN(16), 0x80+rng.IntN(64), 0x80+rng.IntN(64))
			}
		}
		out = append(out, []byte(sb.String()))
	}
	for pad := range 9 {
		for _, n := range []int{84, 99, 100, 101, 108, 120} {
			for _, drop := range []string{"", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz", "0123456789"} {
				seg := make([]byte, 0, n+n/16)
				for len(seg) < n {
					c := alpha[rng.IntN(len(alpha))]
					if strings.IndexByte(drop, c) >= 0 {
						continue
					}
					seg = append(seg, c)
					if rng.IntN(40) == 0 {
						seg = append(seg, '\n')
					}
				}
				lead := strings.Repeat("x", pad)
				for _, edge := range []string{"=", "==", "=\n", "\n=", " ", "=A=", "=" + strings.Repeat("=", 80) + "\n"} {
					out = append(out, []byte(lead+edge+string(seg)+edge+"tail"))
					out = append(out, []byte(lead+string(seg[:n/2])+edge+string(seg[n/2:])+"\n"))
				}
			}
		}
	}
	return out
}

// TestScanQuotedPrintable checks that the fast scan takes
// quoted-printable text and separator lines of = itself: an = breaks the
// base64 chain (chainB64). Session 18: quoted-printable of text that is
// not ASCII, escMinBytes or more, is a blob (blobs.go, TestBlobEncodings);
// shorter, or of ASCII (markup), it is not.
func TestScanQuotedPrintable(t *testing.T) {
	texts := []string{
		strings.Repeat("=E3=81=82=E3=81=84", 7),
		strings.Repeat("=E6=97=A5=E6=9C=AC=E8=AA=9E=20=E3=81=A7=E3=81=99=\n", 2),
		strings.Repeat("=3D=20=3D=09=3D=22", 20),
		strings.Repeat("<td width=3D\"50\">=20=\n", 8),
		"-- \n" + strings.Repeat("=", 93) + "\nthe end of the line\n",
	}
	for _, path := range chunkPaths() {
		for _, tx := range texts {
			t.Run(path.Name, func(t *testing.T) {
				defer path.Use()()
				var found [numEvasionKinds]string
				s := scan{tally: tally{allSpace: true}}
				if g, _ := s.run([]byte(tx), 0, &found); g != len(tx) {
					t.Errorf("scan.run(%q) gives up at %d", tx, g)
				}
			})
		}
	}
}

// hotTexts returns the 30 MB mail corpus's texts up to the first that
// reaches a megabyte, and their bytes (BenchmarkCheckTextHot's and
// BenchmarkLongGateHot's input); it skips b when the machine has no
// corpus.
func hotTexts(b *testing.B) ([][]byte, int64) {
	texts := corpusTexts(b)
	if texts == nil {
		b.Skip("no corpus")
	}
	var n int64
	for i, t := range texts {
		if n += int64(len(t)); n >= 1<<20 {
			return texts[:i+1], n
		}
	}
	return texts, n
}

// corpusTexts returns the texts of the 30 MB mail corpus when this
// machine has it (benchmarks/mkcorpus.sh), else none. The texts lie one
// after another in one buffer, as in a batch (a text a buffer would make
// the benchmarks wait on memory at the start of every text).
func corpusTexts(tb testing.TB) [][]byte {
	f, err := os.Open("/work/bench-data/corpus-30MB-s1.jsonl")
	if err != nil {
		return nil
	}
	defer f.Close()
	var out [][]byte
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var r struct{ Text string }
		if json.Unmarshal(sc.Bytes(), &r) == nil {
			out = append(out, []byte(r.Text))
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	n := 0
	for _, t := range out {
		n += len(t)
	}
	buf := make([]byte, 0, n)
	for i, t := range out {
		buf = append(buf, t...)
		out[i] = buf[len(buf)-len(t) : len(buf) : len(buf)]
	}
	return out
}

// alignedTexts puts each category's edge cases after 0 to 16 bytes of
// letters and digits, so that the block paths meet them at every
// alignment: a hex dump or hex run starting inside a block of letters,
// runs of one character one short of and at the threshold, base64 runs
// around blobB64Min.
func alignedTexts() [][]byte {
	payloads := []string{
		spacedHex(40, 16, " ", false), spacedHex(33, 0, "", true) + " x", spacedHex(32, 0, " ", false) + "zz", spacedHex(32, 0, " ", false) + "zzzzzzzzzzzzzzzz", spacedHex(31, 0, " ", false) + "zzzzzzzzzzzzzzzz",
		strings.Repeat("12 ", 31) + "9azzzzzzzzzzzzzz", strings.Repeat("12 ", 31) + "91zzzzzzzzzzzzzz",
		strings.Repeat("0a1b", 16), strings.Repeat("0a1b", 15) + "0ag", strings.Repeat("Ab1", 34), strings.Repeat("Ab1", 33) + "!",
		strings.Repeat("Ab1", 20) + "\n" + strings.Repeat("Cd2", 14), strings.Repeat("a", 19) + "b", strings.Repeat("a", 20),
		strings.Repeat("7", 12) + strings.Repeat("q", 20), strings.Repeat("0", 40), strings.Repeat("0", 99) + "1", strings.Repeat("0", 100), strings.Repeat("9", 20) + "a", "p\u0430ypal" + strings.Repeat("x", 9) + "2", "Москва" + strings.Repeat("abcdefgh", 3) + "\u03bf",
		// base64 bodies read ahead (earlyB64): a hex run or dump inside,
		// ending before the base64 run does or with it; line breaks.
		strings.Repeat("QUJDz+/", 16) + strings.Repeat("0a1b", 17) + "xyz" + strings.Repeat("Ab1", 5),
		strings.Repeat("QUJDz+/", 16) + "\n" + strings.Repeat("0a1b", 8) + "\n" + strings.Repeat("0a1b", 9) + "g==",
		strings.Repeat("QUJDz+/", 16) + strings.Repeat("0a\n", 33) + "+" + strings.Repeat("Ab1", 5),
		strings.Repeat("QUJDz+/", 16) + strings.Repeat("0a1b", 15) + "g" + strings.Repeat("Ab1\r\n", 9) + "; --",
		// Dump lines after an offset (dumpOffset), one digit short and at
		// dumpLineMin, and base64 right after one.
		"\n00000010: " + spacedHex(16, 0, "", false) + "  ..Hello", "\n0010 " + spacedHex(15, 0, " ", false) + " 0a|",
		"\n0000010  " + spacedHex(16, 0, " ", true) + "  |abc|\n0000020  " + spacedHex(16, 0, " ", true),
		"\n00000010: " + spacedHex(16, 0, "", false) + "\n" + strings.Repeat("QUJDz+/", 16),
		// Session 18: digit and symbol runs one short of and at
		// runWordMin (runs.go), mojibake (mojibake.go).
		strings.Repeat("7", 19) + "a", strings.Repeat("7", 20), "ab" + strings.Repeat("3", 44) + "cd", strings.Repeat("\u2605", 19) + "x", strings.Repeat("\U0001F525", 20),
		"caf\u00c3\u00a9 don\u00e2\u20ac\u2122t", "Gru\u00df\u201c \u00c3\u00a9\u00a1\u00b0\u00d6\u00d0", "\u00a1\u00b0\u00d6\u00d0\u00c2\u00b7 \u00c3\u00bf1000",
	}
	var out [][]byte
	for pad := range 17 {
		for _, p := range payloads {
			for _, tail := range []string{"", " end", "x9"} {
				out = append(out, []byte(strings.Repeat("k3", pad)[:pad]+p+tail))
			}
		}
	}
	return out
}

// TestCheckTextFastPath checks checkText against the check of main
// ca915f5 (refCheckText), evidence and all, on generated texts, the
// sample texts and, when present, the 30 MB mail corpus.
func TestCheckTextFastPath(t *testing.T) {
	sample, _ := fixtures.SampleTexts(t)
	sets := map[string][][]byte{"sample": sample, "generated": genTexts(20000), "aligned": alignedTexts(), "corpus-30MB": corpusTexts(t), "b64-hex": b64HexTexts(3000), "qp": qpTexts(), "recall": recallTexts(), "sephex": sepTexts()}
	wants := map[string][][numEvasionKinds]string{}
	for name, texts := range sets {
		wants[name] = refFound(texts)
	}
	for _, path := range chunkPaths() {
		for name, texts := range sets {
			t.Run(path.Name+"/"+name, func(t *testing.T) {
				if len(texts) == 0 {
					t.Skip("no texts")
				}
				defer path.Use()()
				for i, tx := range texts {
					checkAgainstWant(t, tx, wants[name][i])
				}
			})
		}
	}
}

// TestScanDigitRuns checks that the fast scan takes a run of ASCII
// zeros shorter than runOtherMin itself (repeated_run needs
// runOtherMin of them, as of any character but a letter or another
// digit) and hands runs of letters and of the digits 1 to 9 from
// runWordMin (session 18), and of zeros from runOtherMin, to the full
// check. (Digit runs that fill chainHex blocks, 24 digits or more,
// are hex chains, which give up on their own.)
func TestScanDigitRuns(t *testing.T) {
	tests := []struct {
		name string
		text string
		full bool // the fast scan gives up
	}{
		{"zeros 22", "ref:" + strings.Repeat("0", 22) + ". end of the line", false},
		{"zeros 22 at start", strings.Repeat("0", 22) + ". end of the line", false},
		{"zeros 100", "ref " + strings.Repeat("0", 100) + " end of the line", true},
		{"sevens 21 at end", "the number is " + strings.Repeat("7", 21), true},
		{"sevens 19 at end", "the number is " + strings.Repeat("7", 19), false},
		{"letters 20", "ref " + strings.Repeat("a", 20) + " end of the line", true},
		{"letters 19", "ref " + strings.Repeat("a", 19) + " end of the line", false},
	}
	for _, path := range chunkPaths() {
		for _, tt := range tests {
			t.Run(path.Name+"/"+tt.name, func(t *testing.T) {
				defer path.Use()()
				var found [numEvasionKinds]string
				s := scan{tally: tally{allSpace: true}}
				tx := []byte(tt.text)
				g, _ := s.run(tx, 0, &found)
				if got := g != len(tx); got != tt.full {
					t.Errorf("scan.run(%q) gives up = %v, want %v", tt.text, got, tt.full)
				}
			})
		}
	}
}

// chunkPaths is the paths of scan.blocks this CPU can run: the AVX-512
// kernel or the eight-byte blocks alone (the fallback on other CPUs).
func chunkPaths() []fixtures.KernelPath {
	return fixtures.KernelPaths(&useChunks, hasChunks)
}

// BenchmarkCheckTextCorpus runs checkText and refCheckText over the 30 MB
// mail corpus when this machine has it.
func BenchmarkCheckTextCorpus(b *testing.B) {
	texts := corpusTexts(b)
	if texts == nil {
		b.Skip("no corpus")
	}
	var n int64
	for _, t := range texts {
		n += int64(len(t))
	}
	for _, fn := range []struct {
		name string
		f    func([]byte, *[numEvasionKinds]string)
	}{{"fast", checkText}, {"ref", refCheckText}} {
		b.Run(fn.name, func(b *testing.B) {
			defer fixtures.ThreadCPU(b)()
			b.SetBytes(n)
			b.ReportAllocs()
			var found [numEvasionKinds]string
			for b.Loop() {
				for _, t := range texts {
					found = [numEvasionKinds]string{}
					fn.f(t, &found)
				}
			}
		})
	}
}

// BenchmarkCheckTextHot runs checkText over the first megabyte of the 30
// MB mail corpus's texts, which stay in the second-level cache, as a
// batch's texts are when the analyses before have read them: the cost of
// the checks' own work, which BenchmarkCheckTextCorpus's reads from
// memory hide.
func BenchmarkCheckTextHot(b *testing.B) {
	texts, n := hotTexts(b)
	defer fixtures.ThreadCPU(b)()
	b.SetBytes(n)
	var found [numEvasionKinds]string
	for b.Loop() {
		for _, t := range texts {
			found = [numEvasionKinds]string{}
			checkText(t, &found)
		}
	}
}
