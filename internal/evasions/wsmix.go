package evasions

import "fmt"

// Session 27 (benchmarks/evplant10.py, "A tenth planter": its
// space_tab_mixed_padding and blank_lines_with_spaces found 0 of 30 in
// each seed): runs of ASCII white space that mix bytes. A run of one
// byte is a repeated run from runSpaceMin spaces or tabs, runBreakMin
// line breaks (asciiRunMin, breakRun), but padding that mixes spaces and
// tabs, or puts a stray space on the blank lines, was never one: the
// kernel took a chunk of mixed white space as plain, and the full check
// counted runs of one byte. Two rules, the pure runs' own widened:
//   - spaces and tabs mixed, runSpaceMin (200) in a row, no other byte
//     (a run of one of them reaches the same length first and keeps its
//     evidence). corpus-200MB's longest run holding both is under 20
//     bytes; evplant5's, 10's and 11's controls (12,000 mails) hold none.
//   - runBreakMin (200) line breaks (CR and LF bytes, as breakRun counts
//     them) with at most blankLineSpaceMax (3) spaces or tabs between
//     each and the next: blank lines with a stray space. Wider blank
//     lines are indentation, which real mail has in long runs:
//     corpus-200MB holds 60-odd rows with 200 to 2,434 bytes of white
//     space only, most spam HTML of lines of 6 tabs or spaces (63 to 350
//     lines), and the controls three such mails (63, 138 and 343 lines
//     of 6-7 bytes): "any 200+ white-space bytes with 10+ line breaks
//     and spaces between them" would flag all of those (3 control rows
//     a seed of the planters that draw them), so it is not the rule.
//     Of corpus-200MB this rule adds 4 rows (lines 7766, 22341, 57673,
//     105608): 220 to 255 line feeds with one or two lines holding a
//     space, the same padding as the 12 rows breakRun flags (session 17:
//     spam hiding the removal notice under 246-251 blank lines, a list
//     footer padded with 220 and 255); they escaped by the one space.
//
// The kernel stops at a chunk of white space, whatever its bytes (it
// stopped at one of one white-space byte, out of line behind the test
// for a chunk of hex digits, white space and : - , x; the test is now
// VPTESTMB of the white-space class, one instruction fewer), and scan's
// block loop measures the run at a block of white space (wsRun).

// blankLineSpaceMax is the most spaces and tabs a blank line holds in a
// run of blank lines (wsRun, full.wsMix).
const blankLineSpaceMax = 3

// wsRun measures the run of ASCII white space through the block at t[i]
// and reports whether the full check would not record it as a repeated
// run (wsMixRun): a repeated run is found already, or neither rule holds.
func (s *scan) wsRun(t []byte, i int) bool {
	start, end := i, i+8
	for start > 0 && asciiWS(t[start-1]) {
		start--
	}
	for end < len(t) && asciiWS(t[end]) {
		end++
	}
	s.wsDone = end
	if end-start < runBreakMin && end-start < runSpaceMin || s.found != nil && s.found[iRepeated] != "" {
		return true
	}
	return !wsMixRun(t[start:end])
}

// asciiWS reports whether c is ASCII white space: a space, tab, line feed
// or carriage return.
func asciiWS(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// wsMixRun reports whether the run of ASCII white space w holds
// runSpaceMin spaces and tabs in a row or runBreakMin line breaks with at
// most blankLineSpaceMax spaces or tabs between them.
func wsMixRun(w []byte) bool {
	hs, bl, sp := 0, 0, 0
	for _, c := range w {
		if c == ' ' || c == '\t' {
			if hs++; hs >= runSpaceMin {
				return true
			}
			if sp++; sp > blankLineSpaceMax {
				bl = 0
			}
			continue
		}
		hs, sp = 0, 0
		if bl++; bl >= runBreakMin {
			return true
		}
	}
	return false
}

// wsMix takes the ASCII white-space byte c at t[i] into the runs of white space that
// mix bytes: spaces and tabs (hsLen), blank lines (blLen, the line breaks;
// blSp, the spaces and tabs since the last).
func (f *full) wsMix(i int, c byte) {
	switch c {
	case ' ', '\t':
		if f.hsLen == 0 {
			f.hsStart = i
		}
		if f.hsLen++; f.hsLen == runSpaceMin && f.found[iRepeated] == "" {
			f.found[iRepeated] = fmt.Sprintf("%d+ spaces and tabs in a row from byte %d", f.hsLen, f.hsStart)
		}
		if f.blSp++; f.blSp > blankLineSpaceMax {
			f.blLen = 0
		}
	default: // a line feed or carriage return
		f.hsLen, f.blSp = 0, 0
		if f.blLen == 0 {
			f.blStart = i
		}
		if f.blLen++; f.blLen == runBreakMin && f.found[iRepeated] == "" {
			f.found[iRepeated] = blankLinesEvidence(f.blStart)
		}
	}
}

// blankLinesEvidence is the evidence of a run of blank lines from byte at.
func blankLinesEvidence(at int) string {
	return fmt.Sprintf("%d+ line breaks with at most %d spaces or tabs between them (blank lines) from byte %d", runBreakMin, blankLineSpaceMax, at)
}
