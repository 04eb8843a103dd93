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
