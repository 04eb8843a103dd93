package evasions

import (
	"encoding/binary"
	"strings"
	"testing"
)

// TestGreekNamesStop: every name greekName knows starts with a byte the
// kernel stops at after an & (ampStop), as TestCyrNamesStop asks of
// cyrName's; entNew answers no at once at an & without one.
func TestGreekNamesStop(t *testing.T) {
	for _, e := range greekNames {
		if !ampStop(e.name[0]) {
			t.Errorf("&%s: the kernel does not stop at its first letter", e.name)
		}
		if r, end := greekName([]byte("&"+e.name+"x"), 0); r != e.r || end != 1+len(e.name) {
			t.Errorf("greekName(&%s) = %c, %d", e.name, r, end)
		}
	}
}

// TestEntNewStop: entNew's answer at an & without an ampStop byte after
// it is entEvasion's and entBlob's (no), for every byte after the &.
func TestEntNewStop(t *testing.T) {
	var found [numEvasionKinds]string
	for c := range 256 {
		if ampStop(byte(c)) {
			continue
		}
		for _, tail := range []string{"", "x;", "bsp;", "mp;&#104;&#116;&#116;&#112;", "200B;", "lpha;", "cy;"} {
			s := []byte("&" + string(rune(0)) + tail)
			s[1] = byte(c)
			if k, _ := entEvasion(s, 0); k >= 0 || entBlob(s, 0) {
				t.Errorf("%q: entEvasion %d, entBlob %v after a byte that is no stop", s, k, entBlob(s, 0))
			}
			if entNew(s, 0, &found) {
				t.Errorf("%q: entNew", s)
			}
		}
	}
	if entNew([]byte("a&"), 1, &found) {
		t.Error("an & ending the text")
	}
}

// TestMixedWordScan holds checkText to refCheckText on words that mix
// scripts (scan.word goes on past those homoglyphWord does not take,
// session 30): mojibake, look-alikes beside ASCII letters and not,
// beside U+FFFD, with invisible characters, Armenian, styled letters.
func TestMixedWordScan(t *testing.T) {
	words := []string{
		"ΓΈΓ±Ξ±", "ÐŸÑ€Ð¸Ð²ÐµÑ‚", "Ï„Î¿Ï…", "cafÎ±", "pаypal", "pαypal", "Ճxyz", "Ժrmenian",
		"\uFFFDÐ°Ð±\uFFFD", "ab\u200bсd", "abΩ\u200bжx", "xyzΩ", "ΩΩΩabc", "ｆｒｅｅ", "𝐟𝐫𝐞𝐞x",
		"Ꭺbc", "ɑpple", "ℯxample", "mixеdЖ", "Ꮃord", "аbсԁ", "Ω\u0301abc",
	}
	for _, path := range chunkPaths() {
		func() {
			defer path.Use()()
			for _, w := range words {
				for _, ctx := range []string{"%s", "the word %s here", "Latin text with %s and more words after it to fill a block or two of prose.", "%s %s %s"} {
					s := strings.ReplaceAll(ctx, "%s", w)
					checkAgainstRef(t, []byte(s))
					checkAgainstRef(t, []byte(strings.Repeat("plain words ", 9)+s))
				}
			}
		}()
	}
}

// TestPlainBlock holds plainBlock to a byte loop on blocks of each byte
// value among printable ones.
func TestPlainBlock(t *testing.T) {
	for c := range 256 {
		for at := range 8 {
			b := []byte("abc XYZ~")
			b[at] = byte(c)
			want := true
			for _, x := range b {
				if x >= 0x80 || x == 0x7F || x < 0x20 && x != '\t' && x != '\n' && x != '\r' {
					want = false
				}
			}
			if got := plainBlock(binary.LittleEndian.Uint64(b)); got != want {
				t.Errorf("plainBlock(%q) = %v", b, got)
			}
		}
	}
}
