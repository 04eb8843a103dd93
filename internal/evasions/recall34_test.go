package evasions

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// refRot13 is the ROT13 rule of recall34.go without the kernel's grid:
// the first line that reads as ROT13 of English (rotLine) and that some
// 64 bytes of t through it, holding a space and rotMin or more of q v z j
// (refRotChunk), overlap, when no blob is found.
func refRot13(t []byte, found *[numEvasionKinds]string) {
	if found[iBlob] != "" {
		return
	}
	for lo := 0; lo < len(t); {
		e := bytes.IndexByte(t[lo:], '\n')
		if e < 0 {
			e = len(t) - lo
		}
		if rotLine(t[lo:lo+e]) && refRotNear(t, lo, lo+e) {
			found[iBlob] = "ROT13 of English words on the line from byte " + strconv.Itoa(lo) + ": " + quoteVisible(t[lo:], 24)
			return
		}
		lo += e + 1
	}
}

// refRotNear reports whether 64 bytes of t overlapping t[lo:hi] hold a
// space and rotMin or more of q v z j, and rotPre words of kind 1.
func refRotNear(t []byte, lo, hi int) bool {
	for p := max(0, lo-63); p < hi && p+64 <= len(t); p++ {
		if refRotChunk(t[p:p+64]) && rotPreTest(t[p:p+64]) {
			return true
		}
	}
	return false
}

// rot13 is ROT13 of s.
func rot13(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case c >= 'a' && c <= 'z':
			b[i] = 'a' + (c-'a'+13)%26
		case c >= 'A' && c <= 'Z':
			b[i] = 'A' + (c-'A'+13)%26
		}
	}
	return string(b)
}

const (
	rotMail  = "From: Anna <anna@example.com>\nTo: team@example.com\nSubject: the meeting\n\nHi all,\n\nThe meeting moved to Thursday at ten. Bring the figures for the third quarter and your notes.\n"
	rotSpam  = "Dear winner, you have been selected to claim your prize of one million dollars. Send your bank details and your password today to the manager, who will wire the money within a day."
	rotSpam2 = "Your account will be suspended. Click the link below and confirm your identity with us within the next day or we will delete it."
)

var rotCases = []struct {
	name string
	text string
	blob bool
}{
	{"ROT13 of spam, a line in mail", rotMail + rot13(rotSpam) + "\nThanks,\nAnna\n", true},
	{"ROT13 of spam, the last line", rotMail + rot13(rotSpam2), true},
	{"ROT13 of spam in a long mail", rotMail + strings.Repeat("We will meet on Monday to go over the plan and the numbers again.\n", 12) + rot13(rotSpam) + "\n" + strings.Repeat("See you there.\n", 10), true},
	{"the spam itself", rotMail + rotSpam + "\n", false},
	{"mail", rotMail, false},
	{"q v z j in English", rotMail + "Quiz: jazz, vizier, jezebel, quizzical jujitsu, vivid zigzag juju, and a quick jovial zebra quietly vexed.\n", false},
	{"Tai Chi", rotMail + "Yoga or Pilates, Tai Chi etc. vs. vs. Tai Bo, gur naq bs gb, a b c zzz qqq vvv jjj and more of the and of to\n", false},
}

// TestRot13 holds the rule to rotCases after 0 to 71 bytes of padding
// (every offset of the kernel's chunks and blocks), on every path,
// against the reference.
func TestRot13(t *testing.T) {
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tt := range rotCases {
				for pad := range 72 {
					tx := "X-Pad: " + strings.Repeat("pad 1; ", 11)[:pad] + "\n" + tt.text
					found := checkAgainstRef(t, []byte(tx))
					if got := found[iBlob] != ""; got != tt.blob {
						t.Errorf("%s, pad %d: checkText(%q) = %q, want blob %v", tt.name, pad, tx, found, tt.blob)
					}
				}
			}
		})
	}
}

// TestRot13Evidence pins the evidence.
func TestRot13Evidence(t *testing.T) {
	tx := rotMail + rot13(rotSpam) + "\n"
	found := checkAgainstRef(t, []byte(tx))
	want := fmt.Sprintf("ROT13 of English words on the line from byte %d: %s", len(rotMail), quoteVisible([]byte(rot13(rotSpam)), 24))
	if found[iBlob] != want {
		t.Errorf("evidence %q, want %q", found[iBlob], want)
	}
}

// TestRotLine holds the word test to hard_census.py's on lines.
func TestRotLine(t *testing.T) {
	for _, tt := range []struct {
		line string
		want bool
	}{
		{rot13(rotSpam), true},
		{rotSpam, false},
		{"gur gur gur naq", false},                       // under 6 words
		{"gur gur gur a b c d e f g h", false},           // one word of them
		{"gur naq bs one two three four five", true},     // 3 of 8
		{"gur naq bs the and of", false},                 // as many English
		{"gur naq bs x1 2gb bs=1 deadbeef", false},       // glued and hex words are not words
		{"gur naq bs" + strings.Repeat(" w", 22), false}, // under one in 8
	} {
		if got := rotLine([]byte(tt.line)); got != tt.want {
			t.Errorf("rotLine(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

// TestRotKinds: be and or are both a word and another's ROT13.
func TestRotKinds(t *testing.T) {
	if !rotLine([]byte("gur naq or or or or")) || rotLine([]byte("gur naq or or or or the and of")) {
		t.Error("be and or count as both")
	}
}

// TestRot13AfterAttachment: a ROT13 line after a MIME part declared
// base64 is the row's blob (rotAfter), on every path.
func TestRot13AfterAttachment(t *testing.T) {
	att := "Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n" + strings.Repeat("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2\n", 6) + "\n"
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tt := range []struct {
				text, want string
			}{
				{rotMail + att + rot13(rotSpam) + "\n", "a blob from byte " + strconv.Itoa(len(rotMail+att)) + ", after a MIME part declared base64"},
				{rotMail + att + rotSpam + "\n", attachmentEvidence},
			} {
				found := checkAgainstRef(t, []byte(tt.text))
				if !strings.HasPrefix(found[iBlob], tt.want) {
					t.Errorf("checkText(%q) blob %q, want %q...", tt.text, found[iBlob], tt.want)
				}
			}
		})
	}
}
