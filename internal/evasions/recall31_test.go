package evasions

import (
	"encoding/base64"
	"fmt"
	"math/bits"
	"math/rand"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/fixtures"
)

// pgpData is 300 bytes of no text as base64 wrapped at 64, as GnuPG
// armours them.
var pgpData = func() string {
	b := make([]byte, 300)
	for i := range b {
		b[i] = byte(i*131 + i*i*7 + 11)
	}
	s := base64.StdEncoding.EncodeToString(b)
	var sb strings.Builder
	for len(s) > 64 {
		sb.WriteString(s[:64] + "\n")
		s = s[64:]
	}
	sb.WriteString(s)
	return sb.String()
}()

// recall31Cases: armoured PGP messages are blobs; signatures, keys and
// signed messages' clear text stay mail structure.
var recall31Cases = []ruleCase{
	{"pgp message", "Hi Bob,\n-----BEGIN PGP MESSAGE-----\nVersion: GnuPG v1.0.6 (GNU/Linux)\n\n" + pgpData + "\n=lW45\n-----END PGP MESSAGE-----\nBye\n", []string{Blob}},
	{"pgp message, lower case", "Hi Bob,\n-----begin pgp message-----\n\n" + pgpData + "\n-----end pgp message-----\n", []string{Blob}},
	{"pgp message without base64", "-----BEGIN PGP MESSAGE-----\nVersion: GnuPG v1.0.7 (GNU/Linux)\n\nblah, blah, blah\n\n-----END PGP MESSAGE-----\n", nil},
	{"pgp signature", "Hi Bob,\n-----BEGIN PGP SIGNATURE-----\nVersion: GnuPG v1.0.6 (GNU/Linux)\n\n" + pgpData + "\n=lW45\n-----END PGP SIGNATURE-----\n", nil},
	{"pgp public key", "-----BEGIN PGP PUBLIC KEY BLOCK-----\nVersion: GnuPG v1\n\n" + pgpData + "\n-----END PGP PUBLIC KEY BLOCK-----\n", nil},
	{"signature after a message", "-----BEGIN PGP MESSAGE-----\nblah\n-----END PGP MESSAGE-----\n-----BEGIN PGP SIGNATURE-----\n\n" + pgpData + "\n-----END PGP SIGNATURE-----\n", nil},
}

// printableKey is n characters drawn from the 94 printable ASCII
// characters by a fixed generator, as evplant12's
// nt_random_printable_key draws them.
func printableKey(n int) string {
	b := make([]byte, n)
	x := uint32(2463534242)
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(33 + x%94)
	}
	return string(b)
}

// keyCases: a line of random printable ASCII is non_text; long URLs,
// base64 and separator lines without white space are not keys.
var keyCases = []ruleCase{
	{"printable key of 600", "Hello Bob,\n" + printableKey(600) + "\nRegards\n", []string{NonText}},
	{"printable key of 2000", "Hello Bob,\n" + printableKey(2000) + "\nRegards\n", []string{NonText}},
	{"printable key ends the text", "Hello Bob,\n" + printableKey(700), []string{NonText}},
	{"printable key starts the text", printableKey(530) + "\nRegards\n", []string{NonText}},
	{"printable key is the text", printableKey(528), []string{NonText}},
	{"printable key of 520", "Hello Bob,\n" + printableKey(520) + "\nRegards\n", nil},
	{"key broken by spaces", "Hello Bob,\n" + printableKey(400) + " " + printableKey(400) + "\n", nil},
	{"long URL", "See http://www.example.com/track/click?u=" + strings.Repeat("ab12_CD-34.ef/gh~56;", 40) + "&id=7#top now\n", []string{Repeated}}, // not a key; a token repeated 40 times since session 32 (recall36.go)
	{"minified code", "var t=" + minifiedTable, nil},
}

// minifiedTable is a line of minified JavaScript without white space, a
// fifth of it punctuation of 16+ kinds and one of v to }: code (words),
// not a key (from a tokenizer's bundle in benchmarks/node_modules).
const minifiedTable = `r_=[["{%",c.OpenStatement],["%}",c.CloseStatement],["{{",c.OpenExpression],["}}",c.CloseExpression],["(",c.OpenParen],[")",c.CloseParen],["{",c.OpenCurlyBracket],["}",c.CloseCurlyBracket],["[",c.OpenSquareBracket],["]",c.CloseSquareBracket],[",",c.Comma],[".",c.Dot],[":",c.Colon],["|",c.Pipe],["<=",c.ComparisonBinaryOperator],[">=",c.ComparisonBinaryOperator],["==",c.ComparisonBinaryOperator],["!=",c.ComparisonBinaryOperator],["<",c.ComparisonBinaryOperator],[">",c.ComparisonBinaryOperator],["+",c.AdditiveBinaryOperator],["-",c.AdditiveBinaryOperator],["~",c.AdditiveBinaryOperator],["*",c.MultiplicativeBinaryOperator],["/",c.MultiplicativeBinaryOperator],["%",c.MultiplicativeBinaryOperator],["=",c.Equals]];`

// refKeyRun is keyRun for the reference, which keeps no tally: every
// character counts as punctuation for its gate.
func refKeyRun(t []byte, found *[numEvasionKinds]string) {
	keyRun(t, len(t), found)
}

// keyTextCases are texts under keyMin that are keys all of them, or
// not: checkCasesAtOffsets would put words before them.
var keyTextCases = []ruleCase{
	{"the text is a key of 200", printableKey(200), []string{NonText}},
	{"the text is a key of 128", printableKey(128), []string{NonText}},
	{"the text is a key of 127", printableKey(127), nil},
	{"the text is a key and a line break", printableKey(300) + "\n", nil},
	{"the text is a word and a key", "Key:" + printableKey(300), []string{NonText}},
	{"the text is a URL of 300", "http://www.example.com/track/click?u=" + strings.Repeat("ab12_CD-34.ef/gh~56;", 13), nil},
	{"the text is base64 of 300 (a blob, not a key)", strings.Repeat("QUJD+/9z", 37) + "QQ==", []string{Blob}},
}

func TestRecall31(t *testing.T) {
	checkCasesAtOffsets(t, recall31Cases)
	checkCasesAtOffsets(t, keyCases)
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tt := range keyTextCases {
				found := checkAgainstRef(t, []byte(tt.text))
				if got := foundKinds(found, -1); fmt.Sprint(got) != fmt.Sprint(tt.want) {
					t.Errorf("%s: checkText(%q) = %q, want %v", tt.name, tt.text, found, tt.want)
				}
			}
		})
	}
}

// FuzzCheckTextRecall31 holds checkText (keyRun gated by the tally's
// count) to refCheckText (keyRun asked of every text) on texts grown
// from recall31Cases and keyCases.
func FuzzCheckTextRecall31(f *testing.F) {
	for _, tt := range append(append(recall31Cases[:len(recall31Cases):len(recall31Cases)], keyCases...), keyTextCases...) {
		f.Add(tt.text)
	}
	f.Fuzz(checkPathsAgainstRef)
}

// TestRecall31Evidence pins keyRun's evidence.
func TestRecall31Evidence(t *testing.T) {
	checkEvidenceJoined(t, []evidenceCase{
		{"Hi\n" + printableKey(600) + "\n", `600 printable characters from byte 3 without white space, 206 of them punctuation of 32 kinds: "Z%7kZ1!L~njDWM/Od#/FE+RS…"`},
	})
}

// BenchmarkKeyRunHot is keyRun's cost on BenchmarkCheckTextHot's texts:
// alone (each text's probes are cache misses), twice on each text (the
// second call's bytes are in cache: twice - alone is what it costs
// after checkText read the text), and beside checkText (once: checkText
// alone, which calls it; again: once more after it).
func BenchmarkKeyRunHot(b *testing.B) {
	texts, n := hotTexts(b)
	for _, mode := range []string{"once", "again", "alone", "twice"} {
		b.Run(mode, func(b *testing.B) {
			defer fixtures.ThreadCPU(b)()
			b.SetBytes(n)
			var found [numEvasionKinds]string
			for b.Loop() {
				for _, t := range texts {
					if mode == "once" || mode == "again" {
						found = [numEvasionKinds]string{}
						checkText(t, &found)
					}
					if mode != "once" {
						found[iNonText] = ""
						keyRun(t, len(t), &found)
					}
					if mode == "twice" {
						found[iNonText] = ""
						keyRun(t, len(t), &found)
					}
				}
			}
		})
	}
}

// TestKeyMasks holds keyMasks on the kernel's CPUs (windowsAVX512 with
// keyClass) to its word arithmetic (notPrint, notB64), on texts of
// base64's alphabet with punctuation, white space, controls and bytes
// over 0x7F here and there (those with the low bits of printable ones).
func TestKeyMasks(t *testing.T) {
	if !hasChunks {
		t.Skip("no kernel on this CPU")
	}
	defer func(u bool) { useChunks = u }(useChunks)
	rng := rand.New(rand.NewSource(31))
	alpha := []byte("QUJDaGlq0123+/=!#$%&()*,-.:;<>?@[]^_`{|}~ \t\n\r\x00\x7f\x80\xff\xa1\xc1\xbd")
	hits := 0
	for n := range 400 {
		tx := make([]byte, 24+rng.Intn(66*keyStep))
		for i := range tx {
			if n%2 == 0 || rng.Intn(60) > 0 {
				tx[i] = alpha[rng.Intn(16)] // letters and digits, the rest here and there
			} else {
				tx[i] = alpha[rng.Intn(len(alpha))]
			}
		}
		if n%4 == 1 {
			for i := range tx {
				tx[i] = alpha[rng.Intn(len(alpha))]
			}
		}
		nw := (len(tx)-24)/keyStep + 1
		for w := 0; w < nw; w += 64 {
			k := min(64, nw-w)
			useChunks = true
			got := keyMasks(tx, w*keyStep, k)
			useChunks = false
			want := keyMasks(tx, w*keyStep, k)
			if got != want {
				t.Fatalf("keyMasks(text %d, look %d, %d) = %064b, want %064b", n, w, k, got, want)
			}
			hits += bits.OnesCount64(want)
		}
	}
	if hits == 0 {
		t.Fatal("no look marked")
	}
}
