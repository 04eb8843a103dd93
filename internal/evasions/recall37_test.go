package evasions

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/fixtures"
)

// wrapped cuts s into lines of width, each with prefix before it.
func wrapped(s string, width int, prefix string) string {
	var b strings.Builder
	for i := 0; i < len(s); i += width {
		b.WriteString(prefix)
		b.WriteString(s[i:min(i+width, len(s))])
		b.WriteByte('\n')
	}
	return b.String()
}

// qpBytes writes b as quoted-printable as binascii.b2a_qp(istext=False)
// does: printable ASCII but = raw, every other byte =XX, lines of 76 at
// most ending in a soft line break, eol after each.
func qpBytes(b []byte, eol string) string {
	var out strings.Builder
	line := 0
	for _, c := range b {
		u := string(c)
		if c < 0x21 || c > 0x7E || c == '=' {
			u = fmt.Sprintf("=%02X", c)
		}
		if line+len(u) > 75 {
			out.WriteString("=" + eol)
			line = 0
		}
		out.WriteString(u)
		line += len(u)
	}
	return out.String() + eol
}

// utf16le is s in UTF-16LE (ASCII s).
func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := range len(s) {
		b = append(b, s[i], 0)
	}
	return b
}

const recall37Mail = "From: Bob <bob@example.com>\nSubject: the report\n\nHi Anna,\n\nHere is what you asked for.\n\n"

// recall37Cases are recall37.go's rules both ways: want is the blob
// slot's kind ("blob", "attachment" or "" for none) and, for a blob, a
// piece of its evidence.
var recall37Cases = func() []struct {
	name, text, want, evidence string
} {
	bin := base64.StdEncoding.EncodeToString(payload(600, 3))     // 800 characters: a last line of 40, no padding
	pad := base64.StdEncoding.EncodeToString(payload(598, 5))     // padded
	whole := base64.StdEncoding.EncodeToString(payload(57*12, 9)) // 12 lines of 76, the last as wide
	sig := "iD8DBQE9jygSK9b4h5R0IUIRAix6AJ9CorKpwn/5KatPB2QytCyr1mVP5QCfd84d\nCBV9usxWABobTcDTVHm8fLY=\n=xJhj\n"
	armour := "-----BEGIN PGP SIGNATURE-----\nVersion: GnuPG v1.0.6 (GNU/Linux)\n\n" + sig + "-----END PGP SIGNATURE-----\n\n"
	latin1 := qpBytes([]byte(strings.Repeat("Le caf\xe9 cr\xe8me co\xfbte d\xe9j\xe0 trop cher, ch\xe8re amie. ", 12)), "\n")
	html := qpBytes([]byte(strings.Repeat("<td class=\"cell\" style=\"color: red\">\tPrice:  $10 </td>\r\n", 12)), "\n")
	jis := qpBytes([]byte(strings.Repeat("\x1b$B$3$s$K$A$O\x1b(B hello \x1b$B@$3&\x1b(B\r\n", 20)), "\n")
	return []struct {
		name, text, want, evidence string
	}{
		{"quoted >", recall37Mail + wrapped(bin, 76, "> "), "blob", "quoted with > from"},
		{"quoted >>", recall37Mail + wrapped(bin, 76, ">> "), "blob", "quoted with >> from"},
		{"quoted > >", recall37Mail + wrapped(pad, 72, "> > "), "blob", "quoted with > > from"},
		{"quoted >>> at 60", recall37Mail + wrapped(bin, 60, ">>> "), "blob", "quoted with >>> from"},
		{"quoted >>> at 72", recall37Mail + wrapped(bin, 72, ">>> "), "blob", "quoted with >>> from"},
		{"quoted > at 60", recall37Mail + wrapped(bin, 60, "> "), "blob", "quoted with > from"},
		{"quoted, CR LF", strings.ReplaceAll(recall37Mail+wrapped(bin, 76, ">> "), "\n", "\r\n"), "blob", "quoted with >> from"},
		{"quoted in its armour", recall37Mail + "> -----BEGIN PGP PUBLIC KEY BLOCK-----\n>\n" + wrapped(bin, 64, "> ") + "> -----END PGP PUBLIC KEY BLOCK-----\n", "", ""},
		{"quoted after an armour ended", recall37Mail + wrapped(strings.TrimRight(armour, "\n"), 200, "> ") + ">\n" + wrapped(bin, 76, "> "), "blob", "quoted with > from"},
		{"quoted, declared", recall37Mail + "> Content-Type: application/pdf\n> Content-Transfer-Encoding: base64\n>\n" + wrapped(bin, 76, "> "), "attachment", "quoted with > from"},
		{"quoted marks mixed", recall37Mail + "> " + bin[:76] + "\n>> " + bin[76:152] + "\n> " + bin[152:228] + "\n", "", ""},
		{"binary as QP", recall37Mail + qpBytes(payload(400, 1), "\n") + "\nThanks,\nBob\n", "blob", "bytes of binary written as quoted-printable"},
		{"binary as QP, CR LF", recall37Mail + qpBytes(payload(300, 2), "\r\n") + "\r\nThanks,\r\nBob\r\n", "blob", "bytes of binary written as quoted-printable"},
		{"binary as QP, the text's start", qpBytes(payload(250, 4), "\n") + "Bob", "blob", "bytes of binary written as quoted-printable"},
		{"UTF-16 as QP", recall37Mail + qpBytes(utf16le(strings.Repeat("Send the money to account 12345 today. ", 8)), "\n"), "blob", "bytes of binary written as quoted-printable"},
		{"binary as QP, short", recall37Mail + qpBytes(payload(60, 1), "\n"), "", ""},
		{"binary as QP before an attachment", recall37Mail + qpBytes(payload(300, 6), "\n") + "\nContent-Type: application/zip\nContent-Transfer-Encoding: base64\n\n" + wrapped(bin, 76, ""), "blob", "bytes of binary written as quoted-printable"},
		{"binary as QP after an attachment", recall37Mail + "Content-Type: application/zip\nContent-Transfer-Encoding: base64\n\n" + wrapped(bin, 76, "") + "\n" + qpBytes(payload(300, 6), "\n"), "blob", "after a MIME part declared base64"},
		{"Latin-1 as QP", recall37Mail + latin1, "", ""},
		{"HTML as QP", recall37Mail + html, "", ""},
		{"ISO-2022-JP as QP", recall37Mail + jis, "", ""},
		{"base64 opening, then prose", wrapped(bin, 76, "") + "\nHi Anna, the report is attached.\nBob\n", "blob", "base64 characters from byte 0"},
		{"base64 opening, padded, then a mail", wrapped(pad, 76, "") + recall37Mail + "See you.\n", "blob", "base64 characters from byte 0"},
		{"base64 opening, then a boundary", wrapped(bin, 76, "") + "\n------=_NextPart_000_0001\nContent-Type: text/plain\n\nHi Anna, the report is attached.\n", "attachment", ""},
		{"base64 opening, then headers", wrapped(bin, 76, "") + "Content-Type: image/gif\nContent-Transfer-Encoding: base64\n\nR0lG\n\nHi Anna, the report is attached.\n", "attachment", ""},
		{"base64 opening, cut, then prose", wrapped(whole, 76, "") + "\nHi Anna, the report is attached.\nBob\n", "attachment", ""},
		{"PGP message after a declared part", recall37Mail + "Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\n" + wrapped(pad[:152], 76, "") + "\n-----BEGIN PGP MESSAGE-----\n\n" + wrapped(bin, 64, "") + "-----END PGP MESSAGE-----\n", "blob", "after a MIME part declared base64"},
		{"signature after a declared part", recall37Mail + "Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\n" + wrapped(pad[:152], 76, "") + "\n" + armour, "attachment", ""},
		{"base64 after an armour ended", recall37Mail + armour + wrapped(bin, 76, ""), "blob", "base64 characters from byte"},
		{"base64 in its armour", recall37Mail + "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n" + wrapped(bin, 64, "") + "-----END PGP PUBLIC KEY BLOCK-----\n", "", ""},
	}
}()

// TestRecall37 holds recall37.go's rules to recall37Cases after 0 to 71
// bytes of padding (every offset of the kernel's chunks and blocks, and
// of qpBinary's windows), on every path, against the reference.
func TestRecall37(t *testing.T) {
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tt := range recall37Cases {
				for pad := range 72 {
					tx := tt.text
					if pad > 0 && !strings.HasPrefix(tt.name, "base64 opening") {
						tx = strings.Repeat("word ", 15)[:pad] + "\n" + tx
					}
					found := checkAgainstRef(t, []byte(tx))
					got := ""
					switch {
					case strings.HasPrefix(found[iBlob], attachmentEvidence):
						got = "attachment"
					case found[iBlob] != "":
						got = "blob"
					}
					if got != tt.want || !strings.Contains(found[iBlob], tt.evidence) {
						t.Fatalf("%s, pad %d: blob %q, want %s with %q", tt.name, pad, found[iBlob], tt.want, tt.evidence)
					}
				}
			}
		})
	}
}

// TestQPBinaryEvidence pins qpBinary's evidence.
func TestQPBinaryEvidence(t *testing.T) {
	var found [numEvasionKinds]string
	checkText([]byte(recall37Mail+qpBytes(payload(400, 1), "\n")), &found)
	const want = "400 bytes of binary written as quoted-printable (39 controls, 189 bytes over 0x7F) from byte 88: "
	if !strings.HasPrefix(found[iBlob], want) {
		t.Errorf("blob %q, want %q...", found[iBlob], want)
	}
}

// TestQuotePrefix checks the quote marks quotePrefix takes.
func TestQuotePrefix(t *testing.T) {
	for _, tt := range []struct {
		line string
		want int
	}{
		{"> abc", 2},
		{">> abc", 3},
		{"> > abc", 4},
		{">>> abc", 4},
		{">abc", 0},
		{">> ", 3},
		{">>", 0},
		{"x> abc", 0},
		{strings.Repeat(">", quoteDepthMax) + " abc", quoteDepthMax + 1},
		{strings.Repeat(">", quoteDepthMax+1) + " abc", 0},
	} {
		if got := quotePrefix([]byte(tt.line), 0); got != tt.want {
			t.Errorf("quotePrefix(%q) = %d, want %d", tt.line, got, tt.want)
		}
	}
}

// FuzzRecall37 holds checkText to the reference on texts around quoted
// base64 and binary as quoted-printable.
func FuzzRecall37(f *testing.F) {
	for _, tt := range recall37Cases {
		f.Add(tt.text)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkPathsAgainstRef(t, s)
	})
}

// BenchmarkRecall37Corpus is the cost of recall37.go's text-level looks
// on corpus-30MB-s1's texts against checkText's: "check" is checkText
// (which makes them), "looks" looks37 alone, ungated
// (every text, as if no blob were found and the tally let all through),
// each text's windows cache misses; "again" checkText then the looks
// once more (the text in cache, as after checkText): again - check is
// an upper bound of what they add.
func BenchmarkRecall37Corpus(b *testing.B) {
	texts := corpusTexts(b)
	if texts == nil {
		b.Skip("no corpus")
	}
	var n int64
	for _, t := range texts {
		n += int64(len(t))
	}
	for _, mode := range []string{"check", "looks", "again"} {
		b.Run(mode, func(b *testing.B) {
			defer fixtures.ThreadCPU(b)()
			b.SetBytes(n)
			var found [numEvasionKinds]string
			for b.Loop() {
				for _, t := range texts {
					found = [numEvasionKinds]string{}
					if mode != "looks" {
						checkText(t, &found)
					}
					if mode == "check" {
						continue
					}
					var h groupHints
					looks37(t, len(t), &h)
				}
			}
		})
	}
}

// TestDeepWindow holds deepWindow, eight bytes at a time, to its
// definition a byte at a time, on every byte at each place.
func TestDeepWindow(t *testing.T) {
	ref := func(w []byte) bool {
		dig := false
		for _, c := range w {
			if !groupRunByte(c) {
				return false
			}
			dig = dig || c >= '0' && c <= '9' || c == '+' || c == '/'
		}
		return dig
	}
	base := []byte("QUJDREVGR0hJSktMTU5PUFFS") // letters alone: no digit
	for i := range deepWin {
		for c := range 256 {
			w := append([]byte(nil), base...)
			w[i] = byte(c)
			for _, k := range []int{-1, (i + 7) % deepWin} {
				if k >= 0 {
					w[k] = '7'
				}
				if got, want := deepWindow(binary.LittleEndian.Uint64(w), binary.LittleEndian.Uint64(w[8:]), binary.LittleEndian.Uint64(w[16:])), ref(w); got != want {
					t.Fatalf("deepWindow(%q) = %v, want %v", w, got, want)
				}
			}
		}
	}
}

// TestLooksMasks holds looksMasks on the kernel's CPUs (windowsAVX512
// with deepClass) to looksGo (recall37.go's windows in word arithmetic)
// on texts of bytes a run has, = and a few bytes it has not, windows of
// every kind at every place of a batch of 64.
func TestLooksMasks(t *testing.T) {
	if !hasChunks {
		t.Skip("no kernel on this CPU")
	}
	rng := rand.New(rand.NewSource(33))
	alpha := []byte("QUJDREVGaGlqa2xt0123456789+/==== \n\r>>.,-\x00\x7f\x80\xff\xc1\xb0\xbd") // \xc1 \xb0 \xbd: A 0 = with the high bit
	for n := range 300 {
		tx := make([]byte, deepWin+rng.Intn(66*qpbStep))
		for i := range tx {
			switch {
			case n%3 == 0:
				tx[i] = byte(rng.Intn(256))
			case n%3 == 1 && rng.Intn(40) > 0:
				tx[i] = alpha[rng.Intn(10)] // letters alone, then the rest here and there
			default:
				tx[i] = alpha[rng.Intn(len(alpha))]
			}
		}
		nw := (len(tx)-deepWin)/qpbStep + 1
		for w := 0; w < nw; w += 64 {
			k := min(64, nw-w)
			gq, gd := looksMasks(tx, w*qpbStep, k, true, true)
			wq, wd := looksGo(tx, w*qpbStep, k, true, true)
			if gq != wq || gd != wd {
				t.Fatalf("looksMasks(text %d, window %d, %d) = %064b %064b, want %064b %064b", n, w, k, gq, gd, wq, wd)
			}
		}
	}
}
