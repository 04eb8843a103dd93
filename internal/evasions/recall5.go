package evasions

import "fmt"

// Session 21 (benchmarks/evplant4.py's probes, issue 20's hidden check:
// every category at 0.9 or more): non_text was the lowest category,
// 0.889 and 0.894 on seeds 1 and 2, from two variants.
//
// UTF-8 read as Latin-1 leaves C1 controls after a lead byte's
// character ("donâ\u0080\u0099t" for "don’t"): c1_latin1_misdecode, 0
// of 33 rows a seed, all of them found as mojibake. Mojibake is the
// trace of a wrong decode upstream, as U+FFFD is of a lossy one (issue
// 20: "texts carrying U+FFFD ... are invalid_utf8-like findings, not
// clean text"): so the mojibake finding is invalid_utf8-like, kept out
// of cleaning_evasions as replacement_char is, and evplant4.py's scorer
// counts it for invalid_utf8 as evplant3.py's does (mojibake_cp1252,
// 0.121 and 0.273 -> 1.000). But the C1 controls themselves are in the
// text, invisible, past a cleaner that strips C0 controls: report.md's
// control_char ("C1") whatever put them there. Session 13 let them
// through (utf8AsLatin1) for 1 row of 1,000 fortunes; the numbers now:
// dropping that exception flags 1 more control row of the 16,094 of
// evplant.py's, evplant3.py's and evplant4.py's controls (seeds 1 and 2:
// "Michaelâ\u0080\u0099s" in a 90 KB mail of evplant.py's seed 1), and
// finds all 66 planted rows. Windows-1252 punctuation read as Latin-1
// (cp1252Punct: 52 of 78 control rows in session 16) stays plain: that
// is a charset the mail declared wrongly, common in real mail.
//
// A subject line decorated with emoji (emoji_subject_short: four random
// emoji either side, "🎊😢👊🗾 Re: [ILUG] Backup solutions 🗾🔺🎍🍠"):
// 0 of 36 rows a seed, the short-text rule wanting more symbols than
// letters. A text under shortText characters with decoratedMin
// pictographs or more (emoji, Miscellaneous Symbols and Dingbats: not
// styled letters and digits, ⓦⓘⓝ and ①②, which styled.go judges),
// distinctMin of them different, is non_text too (decoratedEvidence). No
// such text is in the controls: no row under 100 characters of
// evplant.py's, evplant3.py's (multilingual) or evplant4.py's controls,
// nor of corpus-200MB's 137,265, holds even 5 symbols. A row of the same
// symbol ("★★★ FREE OFFER ★★★") is not taken: decoration, not a wall of
// different pictures.
//
// Binary read as Latin-1 after a header (binary_as_latin1: 60 random
// bytes after "Content-Type: image/gif\n...\n\n", 117 characters):
// controls are a quarter of the bytes but under one in binaryShare of the
// whole text when the header is as long as the binary (4 of 36 and 2 of
// 36 rows missed). binaryEvidence also counts the characters from the
// first control on: binary after its header. It is asked only of texts
// with a control finding, so no text is flagged that was not before.

// pictograph reports whether the symbol r is a picture: an emoji
// (U+1F300 to U+1FAFF), one of Miscellaneous Symbols and Dingbats
// (U+2600 to U+27BF, not the dingbat digits U+2776 to U+2793) or of
// Miscellaneous Symbols and Arrows (U+2B00 to U+2BFF).
func pictograph(r rune) bool {
	return r >= 0x1F300 && r <= 0x1FAFF || r >= 0x2600 && r <= 0x27BF && !(r >= 0x2776 && r <= 0x2793) || r >= 0x2B00 && r <= 0x2BFF
}

// decoratedMin is the fewest pictographs (distinctMin of them different)
// that make a short text non_text (decoratedEvidence).
const decoratedMin = 6

// decoratedEvidence returns the non_text evidence of a text t of chars
// characters (U+FFFD left out) with sym pictographs, kinds of them
// different (up to distinctMin): a short text decorated with a wall of
// different pictures, or "".
func decoratedEvidence(t []byte, chars, sym, kinds int) string {
	if chars >= shortText || sym < decoratedMin || kinds < distinctMin {
		return ""
	}
	return fmt.Sprintf("%d symbols in a text of %d characters: %s", sym, chars, quoteVisible(t, 24))
}
