package evasions

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"
)

// recall42Bytes returns n bytes that look random: SHA-512 sums of seed
// and a counter, so the tests need no random source.
func recall42Bytes(seed string, n int) []byte {
	var b []byte
	for i := 0; len(b) < n; i++ {
		s := sha512.Sum512([]byte(seed + strings.Repeat("+", i)))
		b = append(b, s[:]...)
	}
	return b[:n]
}

// recall42Token returns n random-looking bytes as base64url without
// padding, with a - or _ in it (b64url.go's run) or without one (the
// base64 run: endB64, earlyB64, b64Take).
func recall42Token(seed string, n int, dash bool) string {
	for i := 0; ; i++ {
		s := base64.RawURLEncoding.EncodeToString(recall42Bytes(seed+strings.Repeat("#", i), n))
		if strings.ContainsAny(s, "-_") == dash {
			return s
		}
	}
}

// recall42Cases are recall42.go's rules both ways.
func recall42Cases() []ruleCase {
	sum := sha256.Sum256([]byte("dataaudit-1.2.3.tar.gz"))
	sha := hex.EncodeToString(sum[:])
	sum384 := sha512.Sum384([]byte("dataaudit"))
	sum512 := sha512.Sum512([]byte("dataaudit"))
	text32 := hex.EncodeToString([]byte("Claim your prize at our site now"))
	mz := hex.EncodeToString(append([]byte("MZ\x90\x00\x03\x00\x00\x00"), recall42Bytes("mz", 24)...))
	mixed := strings.ToUpper(sha[:32]) + sha[32:]
	tok, tokPlain := recall42Token("upn", 120, true), recall42Token("upn", 120, false)
	textTok := base64.RawURLEncoding.EncodeToString([]byte("Click http://win-prizes.example.com/claim?id=12345 to claim your free prize today, then log in at http://win-prizes.example.com/login to restore access"))
	const prose = "Thanks for the note, we will send the rest of the order to you on Friday.\n"
	return []ruleCase{
		// Hashes: one token of 64, 96 or 128 hex digits of random bytes.
		{"sha256 line", prose + "sha256: " + sha + "\n", nil},
		{"sha256sum output", prose + sha + "  dataaudit-1.2.3.tar.gz\n", nil},
		{"sha256 upper case", prose + "SHA256 (dataaudit.tgz) = " + strings.ToUpper(sha) + "\n", nil},
		{"sha384", prose + "digest: " + hex.EncodeToString(sum384[:]) + "\n", nil},
		{"sha512", prose + "sha512: " + hex.EncodeToString(sum512[:]) + "\n", nil},
		// Hex that is no hash: text, a file, mixed case, glued to a
		// token, a wrapped block, another length.
		{"64 hex digits of text", prose + "ref: " + text32 + "\n", []string{Blob}},
		{"64 hex digits of an executable", prose + "id: " + mz + "\n", []string{Blob}},
		{"64 hex digits in mixed case", prose + "sha256: " + mixed + "\n", []string{Blob}},
		{"64 hex digits glued to a token", prose + "id_" + sha + "\n", []string{Blob}},
		{"a wrapped block of 64 a line", prose + sha + "\n" + hex.EncodeToString(recall42Bytes("w", 32)) + "\n", []string{Blob}},
		{"80 hex digits", prose + "id: " + hex.EncodeToString(recall42Bytes("80", 40)) + "\n", []string{Blob}},
		// A link's token of random bytes beside other parameters.
		{"tracking link, base64url run", prose + "View in browser: https://click.mail.example.com/ls/click?upn=" + tok + "&utm_source=newsletter&utm_medium=email\n", nil},
		{"tracking link, base64 run", prose + "View in browser: https://click.mail.example.com/ls/click?upn=" + tokPlain + "&utm_source=newsletter\n", nil},
		{"tracking link, parameter before", prose + "<a href=\"https://t.example.com/c?id=5&sig=" + tok + "\">here</a>\n", nil},
		{"tracking link, base64 padded", prose + "https://t.example.com/c?sig=" + base64.StdEncoding.EncodeToString(recall42Bytes("pad", 100)) + "&id=5\n", nil},
		{"tracking link, hex token", prose + "https://click.example.com/?qs=" + hex.EncodeToString(recall42Bytes("qs", 100)) + "&j=1\n", nil},
		// Blobs in links: one parameter, text, a path, no URL.
		{"one parameter", prose + "http://track.example.com/c?d=" + tok + "\n", []string{Blob}},
		{"one parameter, base64 run", prose + "http://track.example.com/c?d=" + tokPlain + "\n", []string{Blob}},
		{"text in a parameter", prose + "Click here: http://example.com/?u=" + textTok + "&src=mail\n", []string{Blob}},
		{"token in a path", prose + "https://click.example.com/track/" + tok + "?utm_source=x\n", []string{Blob}},
		{"no URL", prose + "token=" + tok + "&src=mail\n", []string{Blob}},
		{"tracking link, then a base64 block", prose + "https://t.example.com/c?id=5&sig=" + tokPlain + "\n" + base64.StdEncoding.EncodeToString(recall42Bytes("att", 300)) + "\n", []string{Blob}},
		{"parameters but no URL", prose + "POST body: id=5&key=" + tok + "&src=mail\n", []string{Blob}},
		{"tracking link at the line's end", prose + "https://t.example.com/c?id=5&sig=" + tokPlain + "\nSee you\n", nil},
		// Escapes in code: a literal or a class of escapes alone.
		{"escapes in string literals", prose + "const ZWSP = \"\\u200B\";\nconst RLO = \"\\u202E\"; // strip these\n", nil},
		{"escapes in a replace", prose + "s = s.replace(\"\\u200b\", \"\").replace('\\u2060\\u200c', \"\")\n", nil},
		{"a character class", prose + "text.replace(/[\\u200B-\\u200D\\uFEFF]/g, '')\n", nil},
		// Escapes in words, or beside other characters: the character.
		{"escape inside a word", prose + "Up\\u200bdate your billing\n", []string{Invisible}},
		{"escape inside a quoted word", prose + "{\"subject\": \"Up\\u200bdate your billing\"}\n", []string{Invisible}},
		{"bidi escape before a name", prose + "\"invoice\\u202Efdp.exe\"\n", []string{Bidi}},
		{"a class with a letter", prose + "/[\\u200Bz]/\n", []string{Invisible}},
		{"escaped quotes", prose + "{\\\"name\\\": \\\"\\u200b\\\"}\n", []string{Invisible}},
	}
}

func TestRecall42(t *testing.T) {
	checkCasesAtOffsets(t, recall42Cases())
}

// TestRecall42Random pins randomCount.random at its edges.
func TestRecall42Random(t *testing.T) {
	for _, tt := range []struct {
		name string
		b    []byte
		want bool
	}{
		{"32 random bytes", recall42Bytes("a", 32), true},
		{"180 random bytes", recall42Bytes("b", 180), true},
		{"23 random bytes", recall42Bytes("c", 23), false},
		{"printable, all distinct", []byte("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"), false},
		{"text", []byte("Dear customer, your mailbox is full. Log in to restore access."), false},
		{"a PDF", append([]byte("%PDF-1.4\n"), recall42Bytes("d", 100)...), false},
		{"few values", []byte(strings.Repeat("\x80\x81\x82\x83\x84\x85\x86\x87", 8)), false},
	} {
		var r randomCount
		for _, c := range tt.b {
			r.add(c)
		}
		if got := r.random(); got != tt.want {
			t.Errorf("%s: random() = %v, want %v", tt.name, got, tt.want)
		}
	}
}
