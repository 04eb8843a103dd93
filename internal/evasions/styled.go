package evasions

import (
	"fmt"
	"unicode/utf8"
)

// Styled letters: Latin letters drawn in a style that keyword filters do
// not match and readers read at once, as the "fancy text" generators
// write them: small capitals (ꜰʀᴇᴇ, ᴄʟɪᴄᴋ ʜᴇʀᴇ), circled letters (ⓕⓡⓔⓔ,
// Ⓕ), parenthesized (⒡), squared and negative circled or squared
// letters (🄵, 🅕, 🅵). A run of styledMin of them in a row, a variation
// selector U+FE0F allowed after each (🅵️), is a mixed_script finding,
// like a word of mathematical alphanumeric letters (styledWord).
//
// Small capitals are Latin letters (scriptOf says Latin, so the word
// rules never looked at them) and IPA writes some of them (ɪ ʏ ʀ ɴ ʜ ʟ
// ɢ ʙ: /bɪɡ/), so a run counts only with a small capital IPA does not
// use (those of U+1D00 to U+1D22, ꜰ and ꜱ: the vowels ᴀ ᴇ ᴏ ᴜ among
// them, which almost every word written in small capitals has). The
// others are symbols (So), not letters: the word rules never saw them
// either. Session 19 (benchmarks/evplant4.py probes): small capitals
// and circled letters planted in mail were 0 of 23 and 0 of 23 rows per
// seed; none of corpus-200MB's 137,265 rows nor the planters' controls
// has a run of three.

// styledLetter reports whether r is a styled Latin letter, and whether it
// is a small capital IPA writes (phonetic).
func styledLetter(r rune) (styled, phonetic bool) {
	switch {
	case r < 0x0262:
		return false, false
	case r <= 0x029F:
		switch r {
		case 0x0262, 0x026A, 0x0274, 0x0280, 0x028F, 0x0299, 0x029C, 0x029F: // ɢ ɪ ɴ ʀ ʏ ʙ ʜ ʟ
			return true, true
		}
		return false, false
	case r < 0x1D00:
		if r >= 0x02B0 && r <= 0x02E4 {
			return superLetter(r) // recall11.go
		}
		return false, false
	case r <= 0x1D22:
		return smallCap1D00>>(r-0x1D00)&1 != 0, false
	case r <= 0x1DBF || r == 0x2071 || r == 0x207F:
		return superLetter(r) // recall11.go
	case r >= 0x249C && r <= 0x24E9: // ⒜ to ⒵, Ⓐ to ⓩ
		return true, false
	case r == 0xA730, r == 0xA731: // ꜰ ꜱ
		return true, false
	case r >= 0x1F110 && r <= 0x1F189:
		// Parenthesized, circled (U+1F12B to U+1F12E are circled
		// italic C, R, CD, WZ), squared, negative circled and negative
		// squared capitals: letters at 0x1F110 + 0x20*k + 0..25.
		return (r-0x1F110)%0x20 < 26 && (r < 0x1F12A || r >= 0x1F130), false
	}
	return false, false
}

// smallCap1D00 has bit r-0x1D00 set for the small capitals of U+1D00 to
// U+1D22: ᴀ ᴄ ᴅ ᴇ ᴊ ᴋ ᴍ ᴏ ᴘ ᴛ ᴜ ᴠ ᴡ ᴢ (not the ligatures, turned and
// barred letters between them).
const smallCap1D00 = 1<<0x00 | 1<<0x04 | 1<<0x05 | 1<<0x07 | 1<<0x0A | 1<<0x0B | 1<<0x0D | 1<<0x0F |
	1<<0x18 | 1<<0x1B | 1<<0x1C | 1<<0x20 | 1<<0x21 | 1<<0x22

// styledRun follows runs of styled letters (styledLetter) through a text.
// A run goes on where the character is where the last one ended (end),
// so the characters between runs need not be shown to it.
type styledRun struct {
	at, end, n int
	strong     bool // the run has a styled letter that is not phonetic
}

// step takes the character r of size bytes at byte i and reports whether
// the run it ends has styledMin styled letters, one not phonetic.
func (s *styledRun) step(r rune, i, size int) bool {
	if r == 0xFE0F && s.n > 0 && i == s.end {
		s.end = i + size
		return false
	}
	styled, phonetic := styledLetter(r)
	if !styled {
		return false
	}
	if s.n == 0 || i != s.end {
		s.at, s.n, s.strong = i, 0, false
	}
	s.n++
	s.end = i + size
	s.strong = s.strong || !phonetic
	return s.n >= styledMin && s.strong
}

// styledAhead reports whether the styled letter at byte i of t, of size
// bytes, may start or go on with a run of styledMin: the character after
// it (past a U+FE0F) is a styled letter too. scan hands such a letter to
// the full check, which alone follows runs.
func styledAhead(t []byte, i, size int) bool {
	j := i + size
	if j+3 <= len(t) && t[j] == 0xEF && t[j+1] == 0xB8 && t[j+2] == 0x8F { // U+FE0F
		j += 3
	}
	if j >= len(t) || t[j] < utf8.RuneSelf {
		return false
	}
	r, _ := utf8.DecodeRune(t[j:])
	styled, _ := styledLetter(r)
	return styled
}

// styledEvidence is the mixed_script evidence of the run s is in: its
// styled letters counted to its end.
func styledEvidence(t []byte, s *styledRun) string {
	n := 0
	for i := s.at; i < len(t); {
		r, size := utf8.DecodeRune(t[i:])
		if styled, _ := styledLetter(r); styled {
			n++
		} else if r != 0xFE0F {
			break
		}
		i += size
	}
	r, _ := utf8.DecodeRune(t[s.at:])
	style := "styled letters"
	switch {
	case r >= 0x249C && r <= 0x24B5 || r >= 0x1F110 && r < 0x1F12A:
		style = "parenthesized letters"
	case r >= 0x24B6 && r <= 0x24E9 || r >= 0x1F150 && r < 0x1F16A:
		style = "circled letters"
	case r >= 0x1F130 && r < 0x1F14A || r >= 0x1F170 && r < 0x1F18A:
		style = "squared letters"
	case r >= 0x02B0 && r <= 0x02E3 || r >= 0x1D2C && r <= 0x1DBF || r == 0x2071 || r == 0x207F:
		style = "superscript letters" // recall11.go
	case r < 0x249C || r == 0xA730 || r == 0xA731:
		style = "small capitals"
	}
	return fmt.Sprintf("%d %s in a row at byte %d (Latin letters restyled): %s", n, style, s.at, quoteVisible(t[s.at:], 40))
}
