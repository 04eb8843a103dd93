package evasions

import (
	"encoding/base64"
	"strings"
	"testing"
)

// wrapAt cuts s into lines of w bytes ended with nl.
func wrapAt(s string, w int, nl string) string {
	var b strings.Builder
	for i := 0; i < len(s); i += w {
		if i > 0 {
			b.WriteString(nl)
		}
		b.WriteString(s[i:min(i+w, len(s))])
	}
	return b.String()
}

// TestRecall33 holds the wrapped forms of recall33.go to the reference
// on every kernel path, at offsets 0-69 after prose: groups of four or
// eight wrapped with a space before each line's end (evplant14's
// b64_groups_of_4), quoted lines ended with CR LF (b64_quoted_reply in
// a CR LF mail) and hex bytes joined by colons wrapped after a colon
// (hex_text), and the clean forms beside them.
func TestRecall33(t *testing.T) {
	words := base64.StdEncoding.EncodeToString([]byte(groupWords + " Limited time offer act now."))
	short := words[:112] // 140 bytes in groups: one line of 80 and one of 60
	hexWords := sepHex(120, 3, "", ":")
	fpr := "AB:CD:12:34:56:78:9A:BC:DE:F0:11:22:33:44:55:66"
	cases := []struct {
		name string
		text string
		kind string // the evidence's words, "" for no blob
	}{
		{"groups of four at 80", wrapAt(groups4(words, " ", 0)+" ", 80, "\n"), "in groups of four"},
		{"groups of four at 80, CR LF", strings.ReplaceAll(wrapAt(groups4(words, " ", 0)+" ", 80, "\n"), "\n", "\r\n"), "in groups of four"},
		{"groups of four at 80, two lines", wrapAt(groups4(short, " ", 0)+" ", 80, "\n"), "in groups of four"},
		{"groups of four at 40", wrapAt(groups4(words, " ", 0)+" ", 40, "\n"), "in groups of four"},
		{"groups of eight at 72", wrapAt(groupsOf(words, 8, " ", 0)+" ", 72, "\n"), "in groups of eight"},
		{"groups, two spaces at the line end", strings.ReplaceAll(wrapAt(groups4(words, " ", 0)+" ", 80, "\n"), " \n", "  \n"), ""},
		{"groups, a blank line between", strings.ReplaceAll(wrapAt(groups4(short, " ", 0)+" ", 80, "\n"), " \n", " \n\n"), ""},
		{"four-letter words at 80", wrapAt(strings.Repeat("free loan cash Now1 ", 5)+strings.Repeat("free loan cash now ", 10), 80, "\n"), ""},
		{"quoted, CR LF", strings.ReplaceAll(quoted(words, 72), "\n", "\r\n"), "quoted with >"},
		{"quoted, CR LF, short", strings.ReplaceAll(quoted(words[:100], 60), "\n", "\r\n"), ""},
		{"quoted prose, CR LF", strings.Repeat("\r\n> this is some quoted text of a reply", 5), ""},
		{"hex with colons at 48", wrapAt(hexWords+":", 48, "\n"), "bytes of hex with separators"},
		{"hex with colons at 48, CR LF", wrapAt(hexWords+":", 48, "\r\n"), "bytes of hex with separators"},
		{"hex with dashes at 48", wrapAt(sepHex(120, 4, "", "-")+"-", 48, "\n"), "bytes of hex with separators"},
		{"hex indented (openssl)", "Modulus:\n    " + wrapAt(sepHex(150, 5, "", ":")+":", 45, "\n    "), ""},
		{"fingerprints, one a line", strings.Repeat(fpr+"\n", 6), ""},
		{"MAC addresses, one a line", strings.Repeat("00:1a:2b:3c:4d:5e\n", 12), ""},
		{"short hex at 48", wrapAt(sepHex(40, 6, "", ":")+":", 48, "\n"), ""},
	}
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tt := range cases {
				for _, before := range []string{"x\n", "é\n", "a\\b\n"} {
					for pad := range 70 {
						tx := strings.Repeat("word.", 30)[:pad] + before + tt.text + "\nafter"
						found := checkAgainstRef(t, []byte(tx))
						if tt.kind == "" && found[iBlob] != "" || tt.kind != "" && !strings.Contains(found[iBlob], tt.kind) {
							t.Fatalf("%s, pad %d: blob %q, want %q", tt.name, pad, found[iBlob], tt.kind)
						}
					}
				}
			}
		})
	}
}

// TestUMixRun holds runs of \u00XX and \xXX escapes mixed (uMixRun) to
// the reference at offsets 0-69 after prose: four letters or digits in
// a row of the two kinds are a blob, three (a space between) are not.
func TestUMixRun(t *testing.T) {
	cases := []struct {
		name, text string
		blob       bool
	}{
		{"mixed", `var m = "\u0043\u006f\x6e\x67\u0072";`, true},
		{"mixed, x first", `var m = "\x43\x6f\u006e\x67";`, true},
		{"threes between spaces", `var m = "\u0043\u006f\x6e\x20\x67\u0072\x61\x20";`, false},
		{"x alone, three", `"\x43\x6f\x6e"`, false},
		{"u of a space", `"\u0020\x43\x6f\x6e"`, false},
	}
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tt := range cases {
				for pad := range 70 {
					tx := strings.Repeat("word.", 30)[:pad] + " " + tt.text + " after"
					found := checkAgainstRef(t, []byte(tx))
					if (found[iBlob] != "") != tt.blob {
						t.Fatalf("%s, pad %d: blob %q, want %v", tt.name, pad, found[iBlob], tt.blob)
					}
				}
			}
		})
	}
}

// TestB32Glued holds base32 whose run of the base64 alphabet starts on
// the line before, at a base32 character ("Pt.2"), to the reference:
// the padding fills the last group without that line's characters.
func TestB32Glued(t *testing.T) {
	b32 := "JRXXGZJAO5SWSZ3IOQQHO2LUNBXXK5BAMRUWK5DJNZTSAZ3VMFZGC3TUMVSWILRAJRUW22LUMVSC\nA5DJNVSSA33GMZSXEIDBMN2CA3TPO4XCAQ3IMVQXAIDWNFQWO4TBEBQW4ZBAMNUWC3DJOMQG63TM\nNFXGKIDQNBQXE3LBMN4S4ICMNFWWS5DFMQQHI2LNMUQG6ZTGMVZCAYLDOQQG433XFYQEY33TMUQH\nOZLJM5UHIIDXNF2GQ33VOQQGI2LFORUW4==="
	for _, tt := range []struct {
		name, text string
		blob       bool
	}{
		{"after Pt.2", "Subject: Re: Optimizing for Pentium Pt.2\n" + b32 + "\nReferences: <x@y>", true},
		{"after a word", "Subject: Re: Optimizing for Pentium\n" + b32 + "\nReferences: <x@y>", true},
		{"short after Pt.2", "Subject: Pt.2\n" + b32[:60] + "===\nReferences: <x@y>", false},
	} {
		for pad := range 70 {
			tx := strings.Repeat("word.", 30)[:pad] + "\n" + tt.text + " after"
			checkPathsAgainstRef(t, tx)
			var found [numEvasionKinds]string
			checkText([]byte(tx), &found)
			if (found[iBlob] != "") != tt.blob {
				t.Fatalf("%s, pad %d: blob %q, want %v", tt.name, pad, found[iBlob], tt.blob)
			}
		}
	}
}

// BenchmarkWrapChunks counts, over BenchmarkCheckTextHot's texts (chunks
// of 64 bytes from each text's start, blobs found or not), the chunks
// that come to the kernel's grouped test (grpchunk: bit 0x40 alone, a
// digit, + or /), those of them with a line feed and no >, those with a
// space too (grpwrap's PEXT path), and those that stop only as wrapped
// groups (recall33.go's cost).
func BenchmarkWrapChunks(b *testing.B) {
	texts, _ := hotTexts(b)
	var come, lf, space, wrapped int
	for b.Loop() {
		come, lf, space, wrapped = 0, 0, 0, 0
		for _, tx := range texts {
			for i := 0; i+64 <= len(tx); i += 64 {
				ch := tx[i : i+64]
				var nl, s, g uint64
				ok, digit := true, false
				for k, c := range ch {
					if !groupChar(c) && c != ' ' && c != '\n' && c != '>' && c != '\t' {
						ok = false
						break
					}
					digit = digit || c >= '0' && c <= '9' || c == '+' || c == '/'
					switch c {
					case '\n':
						nl |= 1 << k
					case ' ':
						s |= 1 << k
					case '>':
						g |= 1 << k
					}
				}
				if !ok || !digit {
					continue
				}
				come++
				if g != 0 || nl == 0 {
					continue
				}
				lf++
				if s != 0 {
					space++
				}
				quotedOK := s&^3 == nl<<2 && nl<<1 == 0 // g is 0: a line feed at the chunk's last byte alone
				if refGroupChunk(ch) && !quotedOK && !refGrid(s|nl, ^uint64(0)) && !strings.Contains(string(ch), "\t") {
					wrapped++
				}
			}
		}
	}
	b.ReportMetric(float64(come), "grpchunk")
	b.ReportMetric(float64(lf), "linefeed")
	b.ReportMetric(float64(space), "space")
	b.ReportMetric(float64(wrapped), "wrapped")
}
