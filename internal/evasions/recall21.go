package evasions

import (
	"bytes"
	"strconv"
	"unicode/utf8"
)

// Session 29 (benchmarks/evplant10.py, the blind planter: its misses in
// repeated_run and control_char).
//
// Runs of * before a phrase (starRun): dollar_run_short plants a run of
// 25 to 60 $, * or ! at a line's start, a space and a spam phrase
// ("************************************ Your PayPal account requires
// verification"); session 28 took the $ rows (dollarRun) and left the *
// ones (11; 8 of 30 on seeds 1; 2), because star runs decorate real mail
// inline. corpus-200MB's runs of 20 to 99 * (counted over the JSONL's
// 137,265 texts): 2,475 alone on their line (separator
// lines), 234 after text on their line ("NO side effects! ****",
// histograms of mailing-list statistics "97.50 30226 ****"), 67 at a
// line's start with more * later on it (banners "***** WinXPnews HTML
// *****", "****BULKER CD****"), 24 in the middle of a line (HTML
// comments, "<BR>****<BR>"), 45 at a line's start with no * after:
// quoted-printable lines ending in a soft break (=), "***800-320-9895",
// "**** <BR>" and 2 lines of the planted shape, both in real mail: a
// newsletter's banner wrapped at its end ("*********************** SPONSORED
// BY: NetIQ " then the sponsor on the next line, hard_ham) and a spam's
// footer ("**************************************************************** NO
// COST to you "). The rule takes that shape alone: a run of runWordMin
// to runOtherMin-1 stars with only spaces or tabs before it on its line,
// then a space or tab, an ASCII letter, and the rest of the line holding
// no * and not ending in = (a soft break). It is a repeated run from
// runWordMin, as $ before a phrase is (asciiRunMin says runWordMin for *
// too, asciiRun and the full check ask starRun under runOtherMin; ruleLine
// still takes the lines of 100 or more alone). Measured against main
// 7869ea2: dollar_run_short 19/30; 22/30 -> 30/30; 30/30 (seeds 1; 2),
// repeated_run 0.915; 0.910 -> 0.928; 0.920; corpus-200MB's
// repeated_run 80 -> 82 rows (the two real lines above: the verify
// set's c200j, c200p and snap reports list them, nothing else changes);
// every other planter's scores and every control (evplant5 to evplant11,
// seeds 1 and 2) identical. No new kernel stop: eight equal bytes stop
// it already (asciiRun), which now asks starRun of a run of 20 to 99 *.
//
// Runs after a base64 body (runInBlob): emoji_run's and heart_vs16_run's
// one miss each (seeds 1; 2) is a run of emoji on the line right after an
// attachment's last base64 line; the full check asked inBlob and
// inWrappedB64 of the run's start, which read the base64 before it as
// the run's region. A character outside the base64 alphabet (an emoji,
// !, $, *) cannot be inside a blob, so only runs of its alphabet ask
// now: emoji_run 29/30 -> 30/30 (seed 1), heart_vs16_run 29/30 -> 30/30
// (seed 2), repeated_run 0.928; 0.920 -> 0.930; 0.921 (after starRun);
// every other planter's scores and controls, corpus-200MB's findings
// and the verify set's reports unchanged.
//
// Texts whose line ends are all bare carriage returns (crOnlyText):
// old_mac_cr_only rewrites a mail's line ends as CR alone (0 of 30 on
// both seeds: bareCR took a text without a line feed as old Mac OS's and
// let its carriage returns be). Session 28 judged that a real format. No
// row of corpus-200MB has a carriage return without a line feed
// anywhere in its text (0 of 137,265 rows; 109 rows have carriage
// returns beside line feeds, CRLF mail, 64 of them with 3 bare CRs or
// more, which bareCR judges as before), nor has any of SpamAssassin's
// 12,108 files: mail of the last 25 years breaks lines with LF or CRLF,
// and a text of CR-only lines prints on a terminal as its last line
// over the others. So a text with no line feed and crOnlyMin or more
// carriage returns each followed by a character other than a line break
// now has its carriage returns inside lines (bareCR), with its own
// evidence (bareCREvidence). A carriage return or two in a one-line text
// ("hello\r\r\rworld": one) stays as before.
//
// Short symbol soups, tried and not kept: short_symbols_subject_only
// plants 4 to 12 symbols and " 50% OFF"; "✦♠♠! 50% OFF" and "!❤❤♥ 50%
// OFF" are missed on a tie, 5 symbols (three outside ASCII, so the
// ASCII punctuation counts too) against 5 letters and digits.
// nonTextEvidence taking a tie (words <= sym) found them (28/30 ->
// 29/30; 30/30, corpus-200MB and the controls unchanged) but flagged
// TestRecallRules' Big5 read as Latin-1 ("H¥u¶·\u00adt¾á¬¡°", real
// mail's mojibake: 4 against 4) and TestStyledLetters' "You are a
// ⓦⓘⓝⓝⓔⓡ!" (7 against 7) as non_text: a short line of mojibake is
// not an evasion, so the tie stays out.
//
// Measured (against main 7869ea2, /tmp/lead/da-base29): evplant10,
// seeds 1; 2: old_mac_cr_only 0/30 -> 30/30 on both, control_char 0.951;
// 0.948 -> 0.998; 0.995. Every other planter's scores and the
// controls (evplant5 to evplant11, seeds 1 and 2), corpus-200MB's
// evasion findings (--checks evasions) and the verify set's reports
// byte-identical. No new kernel stop: a carriage return stopped it
// already, and crOnlyText reads a text once, only when it has a
// carriage return inside a line and no line feed.

// starRun reports whether the run of * from t[start] is a repeated run
// from runWordMin: at its line's start (spaces and tabs before it), a
// space or tab and an ASCII letter after it, and the rest of its line
// without a * and not ending in = (a quoted-printable soft break).
func starRun(t []byte, start int) bool {
	for j := start - 1; j >= 0 && t[j] != '\n' && t[j] != '\r'; j-- {
		if t[j] != ' ' && t[j] != '\t' {
			return false
		}
	}
	end := start
	for end < len(t) && t[end] == '*' {
		end++
	}
	if end-start >= runOtherMin || end+1 >= len(t) || t[end] != ' ' && t[end] != '\t' || t[end+1]|0x20 < 'a' || t[end+1]|0x20 > 'z' {
		return false
	}
	last := byte(0)
	for end++; end < len(t) && t[end] != '\n' && t[end] != '\r'; end++ {
		if t[end] == '*' {
			return false
		}
		if t[end] != ' ' && t[end] != '\t' {
			last = t[end]
		}
	}
	return last != '='
}

// runInBlob reports whether the run of r from t[start] is inside a base64
// blob (inBlob, inWrappedB64), as the full check asks of a run from
// runWordMin: never when r is not of the base64 alphabet (a run of emoji
// on the line after an attachment's last is outside it).
func runInBlob(t []byte, start int, r rune, sp *b64Span) bool {
	return r < utf8.RuneSelf && asciiEv[r]&acB64 != 0 && (inBlob(t, start, sp) || inWrappedB64(t, start))
}

// crOnlyMin is the fewest carriage returns followed by a character
// other than a line break that make a text without a line feed one of
// CR-only lines (crOnlyText).
const crOnlyMin = 3

// crOnlyText reports whether t, a text without a line feed, breaks its
// lines with bare carriage returns: crOnlyMin of them or more each
// followed by a character other than a carriage return.
func crOnlyText(t []byte) bool {
	n := 0
	for i := bytes.IndexByte(t, '\r'); i >= 0 && i+1 < len(t); {
		if t[i+1] != '\r' {
			if n++; n >= crOnlyMin {
				return true
			}
		}
		k := bytes.IndexByte(t[i+1:], '\r')
		if k < 0 {
			break
		}
		i += 1 + k
	}
	return false
}

// crOnlyEvidence is the control_char evidence of a text of CR-only
// lines whose first carriage return inside a line is at t[i].
func crOnlyEvidence(t []byte, i int) string {
	return "lines ended by bare carriage returns, no line feed in the text (a terminal prints each line over the last), the first inside a line at byte " + strconv.Itoa(i) + ": " + quoteVisible(t[contextStart(t, i):], 24)
}
