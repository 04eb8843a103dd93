package evasions

import (
	"strings"
	"testing"
)

// styledCases are Latin letters restyled the way fancy-text generators
// write them (benchmarks/evplant4.py's small_caps and circled_letters
// probes, session 19), with the plain texts next to them that must stay
// unflagged.
var styledCases = []struct {
	name, text string
	want       []string
	evidence   string // in the mixed_script evidence, when one is wanted
}{
	{"small capitals", "Get your ꜰʀᴇᴇ gift card today", []string{MixedScript}, "4 small capitals in a row at byte 9"},
	{"small capitals, two words", "ᴄʟɪᴄᴋ ʜᴇʀᴇ to claim", []string{MixedScript}, "5 small capitals in a row at byte 0"},
	{"circled letters", "You are a ⓦⓘⓝⓝⓔⓡ!", []string{MixedScript}, "circled letters in a row at byte 10"},
	{"circled capitals", "Visit ⒸⒶⓈⒾⓃⓄ tonight", []string{MixedScript}, "circled letters"},
	{"parenthesized letters", "a ⒡⒭⒠⒠ offer", []string{MixedScript}, "parenthesized letters"},
	{"negative squared letters with selectors", "🅵️🆁️🅴️🅴️ money", []string{MixedScript}, "squared letters"},
	{"negative circled letters", "🅟🅐🅨🅟🅐🅛 account", []string{MixedScript}, "circled letters"},
	{"squared letters", "🄱🄾🄽🅄🅂 inside", []string{MixedScript}, "squared letters"},
	// Only three in a row make a word; IPA's small capitals alone do not.
	{"two circled letters", "see ⓐⓑ and Ⓡ, ⓒ 2002", nil, ""},
	{"spaced circled letters", "say ⓕ ⓡ ⓔ ⓔ to all the people in the room", nil, ""},
	{"IPA", "big /bɪɡ/, French rue /ʀy/, Welsh /ʟɪɴ/ and /ʜʏʀʙ/", nil, ""},
	{"letters past the runs", "marks 🅊🅋 and 🆊🆋, numbers ⓪①② and 🄪🄫🄬 in the middle of a long enough line of prose", nil, ""},
}

func TestStyledLetters(t *testing.T) {
	prose := "The meeting moved to Friday at ten, in the usual room.\n"
	for _, tt := range styledCases {
		t.Run(tt.name, func(t *testing.T) {
			for _, tx := range []string{tt.text, prose + tt.text, tt.text + "\n" + prose} {
				found := checkAgainstRef(t, []byte(tx))
				got := foundKinds(found, -1)
				if strings.Join(got, ",") != strings.Join(tt.want, ",") {
					t.Errorf("checkText(%q) = %v, want %v; evidence %q", tx, got, tt.want, found)
				}
			}
			if tt.evidence != "" {
				var found [numEvasionKinds]string
				checkText([]byte(tt.text), &found)
				if !strings.Contains(found[iMixed], tt.evidence) {
					t.Errorf("mixed_script evidence %q, want it to hold %q", found[iMixed], tt.evidence)
				}
			}
		})
	}
}

// TestStyledAtOffsets: the scan hands a run of styled letters to the full
// check wherever it starts in the kernel's blocks.
func TestStyledAtOffsets(t *testing.T) {
	for _, run := range []string{"ꜰʀᴇᴇ", "ⓦⓘⓝ", "🅵️🆁️🅴️", "xʀᴇᴇ"} {
		for pad := range 70 {
			tx := strings.Repeat("a", pad) + " " + run + " " + strings.Repeat("b ", 40)
			found := checkAgainstRef(t, []byte(tx))
			if found[iMixed] == "" {
				t.Errorf("pad %d, %q: no mixed_script", pad, run)
			}
		}
	}
}

func TestStyledLetter(t *testing.T) {
	for _, tt := range []struct {
		r                rune
		styled, phonetic bool
	}{
		{'a', false, false}, {'ɡ', false, false}, {'ɢ', true, true}, {'ʀ', true, true}, {'ᴀ', true, false},
		{'ᴁ', false, false}, {'ᴢ', true, false}, {'ᴣ', false, false}, {'ꜰ', true, false}, {'ꜱ', true, false},
		{'⒛', false, false}, {'⒜', true, false}, {'⓪', false, false}, {'ⓩ', true, false},
		{0x1F110, true, false}, {0x1F129, true, false}, {0x1F12A, false, false}, {0x1F12F, false, false},
		{0x1F130, true, false}, {0x1F149, true, false}, {0x1F14A, false, false}, {0x1F189, true, false}, {0x1F18A, false, false},
	} {
		if s, p := styledLetter(tt.r); s != tt.styled || p != tt.phonetic {
			t.Errorf("styledLetter(%U) = %v, %v, want %v, %v", tt.r, s, p, tt.styled, tt.phonetic)
		}
	}
}
