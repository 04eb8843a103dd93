package evasions

// Session 30 (benchmarks/evplant13.py, a planter written blind).
//
// A short unit of punctuation with a letter or a digit (mixUnit): "<3"
// repeated 600-1,500 times (evplant13's period_two_three_pattern: its
// other units "ab", "xo", "$$!", "-=*" were found, "<3" 0 of 2 and 0 of 2
// on seeds 1 and 2). phraseRun found its stretch (the windows' byte
// candidates reach a period of two, byteCands) but no unit rule took
// it: shortUnit takes letters alone, punctUnit punctuation alone. The
// unit: two to shortMaxPeriod ASCII graphic bytes, a letter or digit and
// a punctuation byte at least but = % & \ (the escapes and entities of
// other rules: =3D is shortUnit's), none three times, not a unit of two
// twice (<3, :D, x), ^5); of mixMinBytes or more. Measured in
// corpus-200MB-s1.jsonl (TestRepeatCensus: every text, periods 2 to 4,
// brute force): the longest stretch of such a unit is 84 bytes ("</a>"
// 21 times, a few mails), then 76 ("+Pj4", base64 lines); 155 of 64
// bytes or more. The least planted is 1,200 bytes; phraseMinBytes is
// 6.9 times the longest real one. evplant13's
// period_two_three_pattern 28 -> 30 of 30 on both seeds; every other
// score of evplant5 to evplant13 and every control the same;
// corpus-200MB's findings identical. No cost: a unit test, only on a
// stretch phraseRun found.

// mixMinBytes is the least bytes of a repeated stretch whose unit is
// mixUnit's that is a repeated run.
const mixMinBytes = phraseMinBytes

// runUnit28 reports whether a repeated stretch of n bytes whose unit is
// u (phraseRun) is a repeated run by session 30's rules (mixUnit).
func runUnit28(u []byte, n int) bool {
	return n >= mixMinBytes && mixUnit(u)
}

// mixUnit reports whether u is two to shortMaxPeriod ASCII graphic
// bytes but = % & \, a letter or digit and a punctuation byte at
// least, none three times or more, and not a unit of two twice.
func mixUnit(u []byte) bool {
	if len(u) < 2 || len(u) > shortMaxPeriod || len(u) == 4 && u[0] == u[2] && u[1] == u[3] {
		return false
	}
	an, pu := false, false
	for _, c := range u {
		if c <= ' ' || c >= 0x7F || c == '=' || c == '%' || c == '&' || c == '\\' {
			return false // escapes and entities are other rules' (qp.go, escapes.go, phrase.go's entityUnit)
		}
		if alnum(c) {
			an = true
		} else {
			pu = true
		}
		n := 0
		for _, d := range u {
			if d == c {
				n++
			}
		}
		if n > 2 {
			return false
		}
	}
	return an && pu
}
