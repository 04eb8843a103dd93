package evasions

import (
	"encoding/ascii85"
	"encoding/base32"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"mime/quotedprintable"
	"net/url"
	"strings"
	"testing"
)

// payload is n bytes of a fixed pseudo-random sequence.
func payload(n, seed int) []byte {
	b := make([]byte, n)
	x := uint32(seed*2654435761 + 1)
	for i := range b {
		x = x*1664525 + 1013904223
		b[i] = byte(x >> 24)
	}
	return b
}

// blobCases are the encodings of blobs.go, both ways.
var blobCases = []struct {
	name string
	text string
	want []string
}{
	{"base32", "see " + base32.StdEncoding.EncodeToString(payload(64, 1)) + " here", []string{Blob}},
	{"base32 without padding", "see " + base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(payload(100, 2)) + "\nthanks", []string{Blob}},
	{"base32 wrapped", "see\n" + wrap(base32.StdEncoding.EncodeToString(payload(300, 3)), 64) + "\nthanks", []string{Blob}},
	{"base32 of 99 characters", "see " + base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(payload(62, 4))[:99] + " here", nil},
	{"base32 with an 8", "see " + base32.StdEncoding.EncodeToString(payload(64, 1))[:60] + "8" + base32.StdEncoding.EncodeToString(payload(64, 1))[:60] + " here", nil},
	{"quoted-printable upper case", "x " + strings.Repeat("=3D=2E=4F=5A", 30) + " y", nil},
	{"base32 then more after the padding", "see " + base32.StdEncoding.EncodeToString(payload(64, 5)) + "AB here", []string{Blob}},
	{"base32 then a header glued to its padding", base32.StdEncoding.EncodeToString(payload(80, 5)) + "From: Eva <eva@example.org>\nTo: x", []string{Blob}},
	{"base32 then a line glued to its padding", "see\n" + base32.StdEncoding.EncodeToString(payload(82, 6)) + "\n\nThe publisher", []string{Blob}},
	{"base32 with short padding, then more", "see " + base32.StdEncoding.EncodeToString(payload(64, 5)) + "==AB here", nil},
	{"base32 of 99 characters, padded, then more", "see " + base32.StdEncoding.EncodeToString(payload(62, 4))[:99] + "=Word", nil},
	{"base32 then a line of text", "see " + base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(payload(100, 2)) + "\nThe end", []string{Blob}},
	{"base32 wrapped, then a line of text", "see\n" + wrap(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(payload(90, 3)), 64) + "\nThen the end", []string{Blob}},
	{"percent-encoded Russian", "go to " + url.PathEscape(strings.Repeat("Привет, это важное сообщение для вас ", 2)) + " now", []string{Blob}},
	{"percent-encoded Chinese, lower case", "x " + strings.ToLower(url.QueryEscape("免费赠送，立即点击领取大奖免费赠送，立即点击领取大奖")) + " y", []string{Blob}},
	{"quoted-printable Russian", "Hi\n" + qp("Привет, это важное сообщение для вас. Привет, это важное сообщение для вас") + "\nbye", []string{Blob}},
	{"quoted-printable Chinese, soft breaks", "Hi\n" + qp(strings.Repeat("免费赠送，立即点击领取大奖", 4)) + "\nbye", []string{Blob}},
	{"quoted-printable Greek", qp("Ελάτε να κερδίσετε χρήματα τώρα Ελάτε να κερδίσετε"), []string{Blob}},
	{"quoted-printable, 132 bytes", "a " + strings.Repeat("=D0", 44) + " b", nil},
	{"quoted-printable, 135 bytes", "a " + strings.Repeat("=D0", 45) + " b", []string{Blob}},
	{"quoted-printable, 134 bytes with a gap", "a " + strings.Repeat("=D0", 44) + " =D0 b", []string{Blob}},
	{"percent-encoded ASCII", "http://" + strings.Repeat("%77%77%77%2E", 20) + "/", nil},
	{"quoted-printable markup", strings.Repeat("<font face=3D\"Arial\" size=3D2>=20\n", 10), nil},
	{"quoted-printable, 15 high", strings.Repeat("=20", 30) + strings.Repeat("=D0", 15) + strings.Repeat("=20", 20), nil},
	{"quoted-printable, CRLF", strings.Repeat("=D0=9F=D1=80=\r\n", 20), nil},
	{"mixed escapes", strings.Repeat("=D0%9F", 30), nil},
	{"base64 then quoted-printable", "x " + base64.StdEncoding.EncodeToString(payload(120, 6))[:150] + strings.Repeat("=D0=9F", 30) + " y", []string{Blob}},
	{"quoted-printable after a hex dump", "x " + strings.Repeat("0123456789abcdef", 5) + strings.Repeat("=D0=9F", 30) + " y", []string{Blob}},
	{"uuencode", "Here:\n" + uuencode(payload(200, 7)) + "\nthanks", []string{Blob}},
	{"uuencode of one line", "Here:\n\n" + uuencode(payload(32, 8)), []string{Blob}},
	{"uuencode of text", "Text:\n" + uuencode([]byte(strings.Repeat("free money now, click here to claim ", 9))) + "\n", []string{Blob}},
	{"uuencode without its begin line", "Here:\n" + uuencode(payload(200, 7))[len("begin 644 data.bin\n"):] + "\nthanks", []string{Blob}},
	{"uuencode of two lines without its begin line", "Here:\n" + uuencode(payload(90, 7))[len("begin 644 data.bin\n"):] + "\nthanks", nil},
	{"uuencode with a bad line", "Here:\n" + strings.Replace(uuencode(payload(100, 9)), "\nM", "\nMx", 1) + "\nthanks", nil},
	{"a backtick line then end", "the code:\n`\nend\n", nil},
	{"begin then a backtick", "begin 644 notes.txt\n`\nend", nil},
	{"markdown backticks", strings.Repeat("use `x` and ```go\ncode\n``` ", 10), nil},
	{"Ascii85 with a backslash", "data " + a85With(120, '\\') + " end", []string{Blob}},
	{"Ascii85 with a backtick", "data\n" + a85With(200, '`') + "\nend", []string{Blob}},
	{"Ascii85 without either", "data " + a85With(200, 0) + " end", nil},
	{"Ascii85 of 99 characters", "data " + a85With(99, '\\') + " end", nil},
	{"Ascii85 at the start, backslash last", a85With(100, 0)[:99] + "\\", []string{Blob}},
	{"a Windows path", strings.Repeat(`C:\\Users\\Admin\\Documents\\`, 6), nil},
	{"quoted-printable amid hex and spaces", strings.Repeat("12 34 ", 20) + strings.Repeat("=D0=9F ", 30) + strings.Repeat(" 56 78", 20), []string{Blob}},
}

// wrap cuts s into lines of n bytes.
func wrap(s string, n int) string {
	var l []string
	for ; len(s) > n; s = s[n:] {
		l = append(l, s[:n])
	}
	return strings.Join(append(l, s), "\n")
}

// TestBlobEncodings checks blobs.go's rules with checkText (every path)
// and refCheckText, inside prose and at offsets 0-69 (the block and
// chunk boundaries).
func TestBlobEncodings(t *testing.T) {
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tt := range blobCases {
				for pad := range 70 {
					tx := strings.Repeat("word.", 30)[:pad] + tt.text + " after"
					found := checkAgainstRef(t, []byte(tx))
					got := foundKinds(found, iNonText)
					if fmt.Sprint(got) != fmt.Sprint(tt.want) {
						t.Fatalf("%s, pad %d: checkText(%q) = %q, want %v", tt.name, pad, tx[:min(len(tx), 120)], found, tt.want)
					}
				}
			}
		})
	}
}

// qp is s quoted-printable, as a mail writer wraps it (soft line breaks
// at 76).
func qp(s string) string {
	var b strings.Builder
	w := quotedprintable.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return strings.ReplaceAll(b.String(), "\r\n", "\n")
}

// uuencode is b uuencoded as a file data.bin (lines of 45 bytes, a space
// for a zero sextet, a backtick line and end).
func uuencode(b []byte) string {
	var sb strings.Builder
	sb.WriteString("begin 644 data.bin\n")
	for len(b) > 0 {
		n := min(len(b), 45)
		sb.WriteByte(byte(0x20 + n))
		for k := 0; k < n; k += 3 {
			var g [3]byte
			copy(g[:], b[k:n])
			v := uint32(g[0])<<16 | uint32(g[1])<<8 | uint32(g[2])
			for s := 18; s >= 0; s -= 6 {
				sb.WriteByte(byte(0x20 + v>>s&0x3F))
			}
		}
		sb.WriteByte('\n')
		b = b[n:]
	}
	sb.WriteString("`\nend")
	return sb.String()
}

// blobTexts are texts around blobs.go's rules: runs of escapes of 40 to
// 60 units (over and under escMinBytes) with their gaps, uuencoded files,
// base32 and Ascii85, next to bytes that stop the kernel, other blobs and
// prose, in random order.
func blobTexts() [][]byte {
	rng := rand.New(rand.NewPCG(18, 5))
	stops := []string{"é", "\\", "\r", "\r\n", "\x01", "`", "--------", "\n", " ", ",", "=", "%", "=\n", "x"}
	parts := []string{"the quick brown fox ", "deadbeef", "QUJDREVGR0hJ", strings.Repeat("0123456789abcdef", 5),
		base64.StdEncoding.EncodeToString(payload(90, 1)), base32.StdEncoding.EncodeToString(payload(70, 2)),
		"12 34 ", "de:ad:be:ef:", "=3D", "%20", "\n`\nend\n", a85With(150, '\\'), a85With(110, '`'), a85With(90, '\\'), a85With(60, 0)}
	var out [][]byte
	for range 3000 {
		var b []byte
		for len(b) < 64*3+rng.IntN(512) {
			switch rng.IntN(6) {
			case 0, 1:
				e := "=%"[rng.IntN(2)]
				for n := 40 + rng.IntN(21); n > 0; n-- {
					b = append(b, e, "0123456789ABCDEFabcdef"[rng.IntN(22)], "0123456789ABCDEF"[rng.IntN(16)])
					switch rng.IntN(12) {
					case 0:
						b = append(b, ", "...)
					case 1:
						b = append(b, ' ')
					case 2:
						b = append(b, "=\n"...)
					case 3:
						b = append(b, stops[rng.IntN(len(stops))]...)
					}
				}
			case 2:
				u := uuencode(payload(20+rng.IntN(200), rng.IntN(100)))
				if rng.IntN(3) == 0 {
					u = u[len("begin 644 data.bin\n"):]
				}
				if rng.IntN(4) == 0 {
					k := rng.IntN(len(u))
					u = u[:k] + stops[rng.IntN(len(stops))] + u[k:]
				}
				b = append(b, u...)
			case 3:
				b = append(b, stops[rng.IntN(len(stops))]...)
			default:
				b = append(b, parts[rng.IntN(len(parts))]...)
			}
		}
		out = append(out, b)
	}
	return out
}

// TestBlobEncodingsMixed holds checkText to refCheckText (every path) on
// blobTexts, whole and from offsets 1-69.
func TestBlobEncodingsMixed(t *testing.T) {
	texts := withOffsets(blobTexts(), 300)
	want := refFound(texts)
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for i, tx := range texts {
				checkAgainstWant(t, tx, want[i])
			}
		})
	}
}

// a85With is n characters of Ascii85 (of random bytes, so with letters,
// digits and symbols) holding c once in the middle when c is not 0, and
// no backslash or backtick elsewhere.
func a85With(n int, c byte) string {
	b := payload(n, n)
	e := make([]byte, ascii85.MaxEncodedLen(len(b)))
	e = e[:ascii85.Encode(e, b)]
	e = []byte(strings.NewReplacer("\\", "A", "`", "B").Replace(string(e)))[:n]
	if c != 0 {
		e[n/2] = c
	}
	return string(e)
}
