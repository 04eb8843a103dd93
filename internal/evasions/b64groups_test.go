package evasions

import (
	"encoding/base64"
	"strings"
	"testing"
)

// groups4 cuts s into groups of four joined by sep, a line feed after
// every perLine groups (0: none).
func groups4(s, sep string, perLine int) string {
	return groupsOf(s, 4, sep, perLine)
}

// groupsOf cuts s into groups of w joined by sep, a line feed after
// every perLine groups (0: none).
func groupsOf(s string, w int, sep string, perLine int) string {
	var b strings.Builder
	for i := 0; i < len(s); i += w {
		if i > 0 {
			if perLine > 0 && i/w%perLine == 0 {
				b.WriteByte('\n')
			} else {
				b.WriteString(sep)
			}
		}
		b.WriteString(s[i:min(i+w, len(s))])
	}
	return b.String()
}

// quoted wraps s at width and quotes each line with "> ".
func quoted(s string, width int) string {
	var b strings.Builder
	for i := 0; i < len(s); i += width {
		b.WriteString("\n> ")
		b.WriteString(s[i:min(i+width, len(s))])
	}
	return b.String() + "\n"
}

const groupWords = "Click here to claim your free prize now 2024. Your account has been suspended, verify your password today."

// TestGroupB64 holds grouped and quoted base64 (b64groups.go) to the
// reference on every kernel path, at offsets 0-69 after prose, ASCII or
// not, and checks which are blobs by this rule (groups of
// hex digits are a hex dump's).
func TestGroupB64(t *testing.T) {
	words := base64.StdEncoding.EncodeToString([]byte(groupWords + " Limited time offer act now."))
	bin := base64.StdEncoding.EncodeToString(payload(120, 7))
	pgp := "iD8DBQE9jygSK9b4h5R0IUIRAix6AJ9CorKpwn/5KatPB2QytCyr1mVP5QCfd84d"
	cases := []struct {
		name string
		text string
		blob bool
	}{
		{"groups of words", groups4(words, " ", 0), true},
		{"groups of bytes", groups4(bin, " ", 0), true},
		{"groups on lines", groups4(words, " ", 12), true},
		{"groups then Date:", groups4(words, " ", 0) + "\nDate: Mon", true},
		{"groups of eight", groupsOf(words, 8, " ", 0), true},
		{"groups of eight, bytes", groupsOf(bin, 8, " ", 0), true},
		{"groups of eight on lines", groupsOf(words, 8, " ", 6), true},
		{"few groups of eight", groupsOf(words[:96], 8, " ", 0), false},
		{"groups of eight, hex", groupsOf(strings.Repeat("0a1b2c3d4e5f6789", 12), 8, " ", 0), false},
		{"eight-letter words", strings.Repeat("Received yourself Problems ", 8), false},
		{"groups of six", groupsOf(words, 6, " ", 0), false},
		{"groups of four then eight", groups4(words[:60], " ", 0) + " " + groupsOf(words[60:], 8, " ", 0), true}, // the eights alone are a run
		{"few groups", groups4(words[:96], " ", 0), false},
		{"groups of hex", groups4(strings.Repeat("0a1b2c3d4e5f6789", 12), " ", 0), false},
		{"four-letter words", strings.Repeat("free loan cash Now1 ", 5) + strings.Repeat("free loan cash now ", 10), false},
		{"groups of two spaces", groups4(words, "  ", 0), false},
		{"quoted words", quoted(words, 60), true},
		{"quoted words at 76", quoted(words, 76), true},
		{"quoted words at 96", quoted(words+words, 96), true},
		{"quoted words at 29", quoted(words, 29), true},
		{"quoted bytes", quoted(bin, 60), true}, // session 32: whatever it decodes to (recall37.go)
		{"quoted PGP", "\n> -----BEGIN PGP SIGNATURE-----\n> Version: GnuPG v1.0.6 (GNU/Linux)\n>\n> " + pgp + "\n> " + pgp + "\n> CBV9usxWABobTcDTVHm8fLY=\n> =xJhj\n", false},
		{"quoted PGP, no armour", "\n> " + pgp + "\n> " + pgp + "\n> CBV9usxWABobTcDTVHm8fLY=\n> =xJhj\n", true}, // as unquoted base64 is (recall37.go)
		{"quoted short", quoted(words[:100], 60), false},
		{"quoted prose", strings.Repeat("\n> this is some quoted text of a reply", 5), false},
		{"quoted uneven", "\n> " + words[:40] + "\n> " + words[40:100] + "\n> " + words[100:], false},
	}
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tt := range cases {
				for _, before := range []string{"x ", "é ", "a\\b "} {
					for pad := range 70 {
						tx := strings.Repeat("word.", 30)[:pad] + before + tt.text + " after"
						found := checkAgainstRef(t, []byte(tx))
						ours := strings.Contains(found[iBlob], "in groups of") || strings.Contains(found[iBlob], "quoted with >")
						if ours != tt.blob {
							t.Fatalf("%s, pad %d: blob %q, want %v", tt.name, pad, found[iBlob], tt.blob)
						}
					}
				}
			}
		})
	}
}

// FuzzGroupB64 holds checkText to the reference on grouped and quoted
// base64 cut at random.
func FuzzGroupB64(f *testing.F) {
	words := base64.StdEncoding.EncodeToString([]byte(groupWords))
	f.Add(groups4(words, " ", 0))
	f.Add(quoted(words, 60))
	f.Fuzz(func(t *testing.T, s string) {
		checkPathsAgainstRef(t, s)
	})
}

// TestGroupHints holds groupHints to the reference where the kernel
// does not stop in a run: inside or beside full-check windows (a
// control, text not ASCII, before, after or around it), several runs
// and windows in one text (the first run that is a blob is reported),
// and quoted lines of 64+ whose whole chunks lie inside a line (a
// chunkURL stop there is a hint: quotedLine).
func TestGroupHints(t *testing.T) {
	words := base64.StdEncoding.EncodeToString([]byte(groupWords + " Limited time offer act now."))
	pgp := "iD8DBQE9jygSK9b4h5R0IUIRAix6AJ9CorKpwn/5KatPB2QytCyr1mVP5QCfd84d"
	qpgp := "\n> -----BEGIN PGP SIGNATURE-----\n>\n> " + pgp + "\n> " + pgp + "\n> CBV9usxWABobTcDTVHm8fLY=\n" // not a blob: its armour declares it (recall37.go)
	noPlus := base64.StdEncoding.EncodeToString([]byte(groupWords + " Act now! " + groupWords))                // no + or /: chunks inside a line stop as chunkURL
	if strings.ContainsAny(noPlus, "+/=") {
		t.Fatal("noPlus holds + / or =")
	}
	cases := []struct {
		name string
		text string
		blob bool
	}{
		{"groups after a control", "\x01" + groups4(words, " ", 0), true},
		{"groups in text not ASCII", strings.Repeat("é", 40) + groups4(words, " ", 0) + strings.Repeat("ü", 40), true},
		{"groups between controls", "a\x01b " + groups4(words[:120], " ", 0) + " c\x02d", true},
		{"groups in groups of é", groups4(strings.Repeat("éa", 80), " ", 0) + groups4(words, " ", 0), true},
		{"quoted after a control", "\x01" + quoted(words, 60), true},
		{"quoted among é", "é" + quoted(words, 72) + "é", true},
		{"quoted PGP then words", qpgp + "é\n" + quoted(words, 60), true},
		{"window then quoted PGP then words", strings.Repeat("é", 300) + qpgp + strings.Repeat("x", 200) + quoted(words, 76), true},
		{"two windows far apart", "é" + strings.Repeat("plain words. ", 40) + "ü" + strings.Repeat("more words. ", 40) + "\x01" + groups4(words, " ", 0), true},
		{"quoted at 80, no + or /", quoted(noPlus, 80), true},
		{"quoted at 96, no + or /", quoted(noPlus, 96), true},
		{"quoted 96 then 40, no + or /", quoted(noPlus[:136], 96), true},
		{"quoted 80 then 60, no + or /", quoted(noPlus[:140], 80), true},
		{"windows, no run", strings.Repeat("é word ", 100) + "\x01" + strings.Repeat("Abcd Efgh ", 5), false},
	}
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tt := range cases {
				for pad := range 70 {
					tx := strings.Repeat("word.", 30)[:pad] + tt.text + " after"
					found := checkAgainstRef(t, []byte(tx))
					ours := strings.Contains(found[iBlob], "in groups of") || strings.Contains(found[iBlob], "quoted with >")
					if ours != tt.blob {
						t.Fatalf("%s, pad %d: blob %q, want %v", tt.name, pad, found[iBlob], tt.blob)
					}
				}
			}
		})
	}
}

// TestGroupHintsAdd checks how groupHints merges the stretches noted.
func TestGroupHintsAdd(t *testing.T) {
	var h groupHints
	h.add(-5, 10)
	h.add(8, 20)  // meets the first: merged
	h.add(30, 40) // apart
	h.add(25, 35) // reaches back into the second
	h.add(50, 60)
	h.add(70, 80)
	h.add(90, 100) // a fifth: into the last
	want := groupHints{n: 4, lo: [4]int{0, 25, 50, 70}, hi: [4]int{20, 40, 60, 100}}
	if h != want {
		t.Fatalf("got %+v, want %+v", h, want)
	}
}

// TestQuotedLine checks which chunkURL stops are hints.
func TestQuotedLine(t *testing.T) {
	long := strings.Repeat("QUJD", 40)
	for _, tt := range []struct {
		text string
		i    int
		want bool
	}{
		{"> " + long, 2, true},
		{"> " + long, 100, true},
		{"x\n> " + long, 100, true},
		{"x\n>" + long, 100, false},
		{"x\n>> " + long, 100, true}, // any quote mark (recall37.go)
		{"x\n> > " + long, 100, true},
		{"x\n>>" + long, 100, false},
		{"x\n " + long, 100, false},
		{"x\n> " + long, 4 + groupLineMax + 1, false}, // the line feed too far back
		{"ab " + long, 100, false},
	} {
		if got := quotedLine([]byte(tt.text), tt.i); got != tt.want {
			t.Errorf("quotedLine(%.12q, %d) = %v, want %v", tt.text, tt.i, got, tt.want)
		}
	}
}
