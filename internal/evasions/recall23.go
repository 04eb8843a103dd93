package evasions

// Session 29 (benchmarks/evplant12.py, a twelfth planter written blind:
// its encoded_blob and non_text misses).
//
// Markup and no-break spaces (voidText, recall18.go): a text of tags
// without attributes, `&nbsp;` references and white space alone
// (evplant12's hard ws_html_nbsp_only, `&nbsp; <br>&nbsp;\n<br>`, 2 of
// 30; 1 on seed 2) was empty_text, as markup with no text. What renders
// of it is white space, the no-break spaces, so it is whitespace_only
// now when it holds one entity or more, and empty_text still when it
// holds none (`<br><br>`: nothing renders). ws_html_nbsp_only 29 of 30
// on seed 2 (the one left is `<br><br>` alone), 30 of 30 on seed 1;
// evplant10's empty_html_shell takes either. corpus-200MB: 7 rows
// (`<p>&nbsp;</p>` between closing tags of a page cut in slices) move
// from empty_text (215 -> 208) to whitespace_only (1,082 -> 1,089).
//
// Hex after a key (hexAfterKey): `token=` then the hex of a paragraph on
// one line (eb_hex_string 26 of 30 on seed 1). endHex leaves a hex run
// that lies in a region of the base64 alphabet that inBlob calls a blob:
// that region (letters, digits, + / = and line breaks) went on through
// the = and, across the line break, into the word ending the line before
// ("CLICK\ntoken=5769..."), whose capitals gave it the three classes;
// the base64 run itself (which an = ends) had no capital and was no blob
// either, so neither was recorded. An = then a hex run is a key and its
// value, never the inside of a base64 body (an = there is padding, at
// its end): a hex run right after an = after a letter is judged as a
// hex run alone. eb_hex_string 26 -> 30 of 30 on seed 1.

// hexAfterKey reports whether the hex run from t[start] follows an = after
// a letter (key=value): a base64 body's = is padding at its end, so the
// run is not inside one whatever inBlob reads around it.
func hexAfterKey(t []byte, start int) bool {
	return start >= 2 && t[start-1] == '=' && asciiEv[t[start-2]]&acLetter != 0
}
