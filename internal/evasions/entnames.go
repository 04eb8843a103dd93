package evasions

// Named HTML entities of invisible and bidi characters (session 21):
// benchmarks/evplant4.py's zw_html_entity writes a third of its
// zero-width characters as &zwnj; and &shy; ("Cl&zwnj;ick"), which a
// mail client renders as the characters themselves; session 20 found
// only the numeric ones (&#8203;, &#x200B;: entities.go), 14 of 20 rows
// a seed. A named entity of a format character is an invisible_char (or
// a bidi_control) as the raw character is (entName): &zwnj; (U+200C),
// &zwj; (U+200D), &shy; (U+00AD) and &rlm; (U+200F). corpus-200MB has
// none of them (nor &lrm;, &ZeroWidthSpace;, &NoBreak;, &it;, &ic;, &af;);
// its entities are &nbsp; (117,134), numeric (&#1..: 18,908), &amp;
// (6,565), &quot; (4,667), &reg;/&rsquo;... (1,545), &gt; and &br.. (841).
//
// Finding it costs no new stop: the kernel's AMPHASH compared the byte
// after an & with #; it compares that byte OR-ed with 0x59 with 0x7B
// instead (ampStop: one VPORQ a chunk more, its load folded in), which
// holds for # and for z, s and r, the first letters of those names (and
// for " * + 2 3 : ; b c j k {: &copy; &bull; &reg; &rsquo; stop it too,
// and the block loop reads their block). &lrm; (l, 0x6C) is not among
// them: it would need a compare more, and is left.

// ampStopOr and ampStopEq: the kernel stops at an & with a byte c after
// it where c|ampStopOr == ampStopEq (ampStop).
const (
	ampStopOr = 0x59
	ampStopEq = 0x7B
)

// ampStop reports whether an & with c after it stops the kernel: c is #
// (a numeric entity) or the first letter of a name entName knows (z, s,
// r), or one of " * + 2 3 : ; b c j k {.
func ampStop(c byte) bool {
	return c|ampStopOr == ampStopEq
}

// entName returns the character a named entity at t[i] (an &) stands
// for when it is one of an invisible or bidi character entName knows,
// or -1. Names are case-sensitive, as HTML's are.
func entName(t []byte, i int) rune {
	if i+5 > len(t) || t[i] != '&' {
		return -1
	}
	w := t[i+1:]
	has := func(name string) bool {
		return len(w) >= len(name) && string(w[:len(name)]) == name
	}
	switch w[0] {
	case 'z':
		switch {
		case has("zwnj;"):
			return 0x200C
		case has("zwj;"):
			return 0x200D
		}
	case 's':
		if has("shy;") {
			return 0x00AD
		}
	case 'r':
		if has("rlm;") {
			return 0x200F
		}
	}
	return -1
}
