package evasions

import "testing"

// oneMarkCases are ASCII words with one combining mark inside them
// (evplant11's combining_one_mark) that oneMarkWord takes in English
// text, and the decomposed accents of names and other languages it
// leaves.
var oneMarkCases = []ruleCase{
	{"one acute inside a word", "Subject: hum\u0301our Friendship to share with you and the rest.", []string{MixedScript}},
	{"one acute on a vowel", "Please send us your details: the Vi\u0301agra offer is for you.", []string{MixedScript}},
	{"two marks in a word", "Thank you for your orde\u0301r\u0300s with this offer.", []string{MixedScript}},
	{"one mark, text not English", "Fŕom mi casa con amor.", nil},
	{"a name's final accent", "José\u0301 and Rene\u0301 are here with you for the rest.", nil},
	{"a final accent in NFD", "Jose\u0301 and the cafe\u0301 are here with you for the rest.", nil},
	{"three marks in a word", "Thank you for the re\u0301pe\u0301te\u0301d offer with this.", nil},
	{"two ASCII letters", "Thank you for this: a\u0301y with the rest.", nil},
	{"a mark after a digit", "Thank you for this: 12\u0301ab with the rest.", nil},
	{"a mark beside another letter", "Thank you for this: caf\u00e9\u0301s with the rest.", nil},
}

// riCases are regional indicator letters split so they render no flag
// (evplant11's regional_indicators), and flags.
var riCases = []ruleCase{
	{"letters split by zero-width spaces", "🇸\u200b🇦\u200b🇱\u200b🇪 Lowest mortgage rates", []string{Invisible, MixedScript}},
	{"a zero-width space before them", "Now \u200b🇸\u200b🇦\u200b🇱\u200b🇪 Lowest mortgage rates", []string{Invisible, MixedScript}},
	{"an odd run", "🇼🇮🇳 Hot stock alert", []string{MixedScript}},
	{"flags", "Flags 🇺🇸🇬🇧 and 🇫🇷 for you", nil},
	{"flags with a joiner between them", "Flags 🇺🇸\u200b🇬🇧 for you", []string{Invisible}},
	{"two letters split", "🇸\u200b🇦 for you", []string{Invisible}},
}

// hookCases are ASCII words with ƒ or ſ (evplant8's hook_f_long_s) that
// hookWord takes in English text, and guilders and mojibake it leaves.
var hookCases = []ruleCase{
	{"long s in a word", "The NEW Netscape 7.0 browſer is now available for the rest of you.", []string{MixedScript}},
	{"hook f starting a word", "A followup to the ƒilm you saw, with the rest of our news.", []string{MixedScript}},
	{"long s ending a word", "Healthier Boneſ for you and the rest of your family.", []string{MixedScript}},
	{"hook f, text not English", "Le ƒilm est bon.", nil},
	{"a guilder amount", "Price ƒ 25 or ƒ25 for you and the rest of the family.", nil},
	{"two ASCII letters", "The ƒly for you and the rest of it.", nil},
}

// acuteCases are ASCII words with two distinct acute vowels
// (evplant11's accented_latin) that acuteWord takes in English text, and
// the French, Spanish and English words it leaves.
var acuteCases = []ruleCase{
	{"two distinct acute vowels", "Buy víagrá online with the rest of your order from us.", []string{MixedScript}},
	{"capitals", "Send your ÁCCÉSS code with the rest of your order from us.", []string{MixedScript}},
	{"a capitalized word: a name's shape", "Send your Víagrá order and the rest of it from us.", nil},
	{"a name", "Fix an old bug (Csaba László), and the rest from here.", nil},
	{"the same vowel twice", "Send your résumé and the rest of your order from us.", nil},
	{"one accent a word", "Communiqué and café for you and the rest from here.", nil},
	{"Spanish text", "Información rápida: también está aquí.", nil},
	{"French text", "Le résumé du hôtel à côté de l'été.", nil},
	{"two ASCII letters", "Send your óbá and the rest of your order from us.", nil},
	{"another letter in the word", "Send your Víagrñá and the rest of your order from us.", nil},
}

// gammaCases are ASCII words with the Greek γ for y (evplant11's
// brand_grk_body), and Greek text and a formula it leaves.
var gammaCases = []ruleCase{
	{"gamma for y in a brand", "Your PaγPal order has shipped.", []string{MixedScript}},
	{"Greek text", "Η γλώσσα και ο γάμος", nil},
	{"a gamma alone", "The γ ray and the γ-factor of 2.", nil},
}

func TestRecall22(t *testing.T) {
	checkCasesAtOffsets(t, gammaCases)
	checkCasesAtOffsets(t, acuteCases)
	checkCasesAtOffsets(t, oneMarkCases)
	checkCasesAtOffsets(t, riCases)
	checkCasesAtOffsets(t, hookCases)
}

// TestRecall22Evidence pins the evidence of each rule.
func TestRecall22Evidence(t *testing.T) {
	checkEvidenceJoined(t, []evidenceCase{
		{"Send us your Vi\u0301agra order with the rest.", "the word \"Vi\u0301agra\" at byte 13 carries a combining mark U+0301 inside it at byte 15"},
		{"🇼🇮🇳 Hot stock alert before the market opens", `regional indicator symbols "🇼🇮🇳" at byte 0 spell letters, split so they render no flag`},
		{"Buy víagrá for you and the rest.", `the word "víagrá" at byte 4 writes an ASCII letter as the Latin look-alike í U+00ED at byte 5`},
		{"The browſer for you and the rest.", `the word "browſer" at byte 4 writes an ASCII letter as the Latin look-alike ſ U+017F at byte 8`},
	})
}
