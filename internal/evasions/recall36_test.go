package evasions

import (
	"bytes"
	"fmt"
	"math/rand"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dataaudit/dataaudit/internal/fixtures"
)

// TestRepeatCensus36 prints, for the JSONL file named by
// EVASIONS_REPEATS, the longest repeated stretches (every byte equal to
// the byte p later, brute force) whose unit is tokenUnit's (periods 5 to
// 32; tags, tagUnit's, apart) or symbolUnit's (2 to 32), and the runs of three lines or more
// each the same, of lineWords' (line by line), the most lines first,
// then the most bytes first. A measurement, not a check: it skips
// without the variable.
func TestRepeatCensus36(t *testing.T) {
	texts := envTexts(t, "EVASIONS_REPEATS")
	type hit struct {
		n, k, row, at int
		unit          string
	}
	var tags, token, symbol, lines []hit
	for row, tx := range texts {
		eachStretch(tx, 2, phraseMaxPeriod, func(j, n, p int) {
			if n < 3*p || n < 48 {
				return
			}
			u := tx[j : j+p]
			switch {
			case tokenUnit(u) && tagUnit(u):
				tags = append(tags, hit{n, n / p, row, j, string(u)})
			case tokenUnit(u):
				token = append(token, hit{n, n / p, row, j, string(u)})
			case symbolUnit(u):
				symbol = append(symbol, hit{n, n / p, row, j, string(u)})
			}
		})
		eachLineRun(tx, func(a, k, p int) {
			if k >= 3 && lineWords(tx[a:a+p]) {
				lines = append(lines, hit{k * p, k, row, a, string(tx[a : a+p])})
			}
		})
	}
	show := func(name string, l []hit) {
		t.Logf("%s: %d", name, len(l))
		for i, h := range l {
			if i == 20 {
				break
			}
			t.Logf("%6d bytes (%d units), row %d byte %d: %q", h.n, h.k, h.row, h.at, h.unit)
		}
	}
	byBytes := func(l []hit) []hit {
		sort.SliceStable(l, func(i, j int) bool { return l[i].n > l[j].n })
		return l
	}
	show("tokenUnit, tags", byBytes(tags))
	show("tokenUnit, not tags", byBytes(token))
	show("symbolUnit", byBytes(symbol))
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].k > lines[j].k })
	show("lines, by lines", lines)
	show("lines, by bytes", byBytes(lines))
}

// eachLineRun calls f(a, k, p) for each run of lines of tx each the
// same (k of p bytes from a, line feeds included), one line too.
func eachLineRun(tx []byte, f func(a, k, p int)) {
	var ls [][]byte
	for len(tx) > 0 {
		i := bytes.IndexByte(tx, '\n')
		if i < 0 {
			break
		}
		ls = append(ls, tx[:i+1])
		tx = tx[i+1:]
	}
	at := 0
	for i := 0; i < len(ls); {
		j := i + 1
		for j < len(ls) && bytes.Equal(ls[j], ls[i]) {
			j++
		}
		f(at, j-i, len(ls[i]))
		at += (j - i) * len(ls[i])
		i = j
	}
}

// mailText is words enough that a wall of 600 symbols after it is not
// non_text.
var mailText = strings.Repeat("Thanks for the quick and friendly help with my order, it came today. ", 12)

// cases36 are this file's repeated runs (recall36.go): lines repeated,
// tokens, symbols, skin tones.
var cases36 = []ruleCase{
	{"a paragraph line 10 times", "Hi,\n" + strings.Repeat("Your account is on hold. Verify your details today to keep it open.\n", 10) + "bye", []string{Repeated}},
	{"a paragraph line, CRLF", "Hi,\r\n" + strings.Repeat("Your account is on hold. Verify your details today to keep it open.\r\n", 10), []string{Repeated}},
	{"a quoted reply", "On Monday Bob wrote:\n" + strings.Repeat("> BUY NOW\n", 58), []string{Repeated}},
	{"a quoted reply, >> and $", strings.Repeat(">> Earn $$$\n", 60), []string{Repeated}},
	{"a footer 20 times", "Thanks\n\n" + strings.Repeat("To unsubscribe from this list click here.\n", 20), []string{Repeated}},
	{"a line of one word", strings.Repeat("FREE\n", 116), []string{Repeated}},
	{"a Chinese line", strings.Repeat("免费赚钱，立即点击\n", 21), []string{Repeated}},
	{"<|endoftext|>", "end" + strings.Repeat("<|endoftext|>", 45), []string{Repeated}},
	{"[MASK]", strings.Repeat("[MASK]", 96), []string{Repeated}},
	{"an emoji and a space", mailText + strings.Repeat("\U0001F525 ", 116), []string{Repeated}},
	{"two emoji", mailText + strings.Repeat("\U0001F525\U0001F4B0", 72), []string{Repeated}},
	{"a skin tone", mailText + strings.Repeat("\U0001F44D\U0001F3FD", 20), []string{Repeated}},
	{"a skin tone, many", mailText + strings.Repeat("\U0001F44D\U0001F3FD", 300) + " ok", []string{Repeated}},
	// Not taken.
	{"a paragraph line 9 times", "Hi,\n" + strings.Repeat("Your account is on hold. Verify your details today to keep it open!!\n", 9) + "bye", nil},
	{"a quoted reply, 570 bytes", strings.Repeat("> BUY NOW\n", 57), nil},
	{"markup lines", strings.Repeat("<td class=\"spacer\"><font face=\"Arial\">Hello there, friend</font></td>\n", 12), nil},
	{"base64 lines", strings.Repeat("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw\n", 12), []string{Blob}},
	{"lines of no letter", strings.Repeat("> 1234 5678\n", 60), nil},
	{"<|endoftext|> under the length", strings.Repeat("<|endoftext|>", 44), nil},
	{"a skin tone 19 times", mailText + strings.Repeat("\U0001F44D\U0001F3FD", 19) + " ok", nil},
	{"an emoji and a space, under the length", mailText + strings.Repeat("\U0001F525 ", 110), nil},
}

func TestRecall36(t *testing.T) {
	checkCasesAtOffsets(t, cases36)
	checkEvidenceJoined(t, []evidenceCase{
		{"Hi\n" + strings.Repeat("> BUY NOW\n", 60), `"> BUY NOW\u000a" repeated 60 times from byte 3`},
		{"x " + strings.Repeat("<|endoftext|>", 50), `"<|endoftext|>" repeated 50 times from byte 2`},
		{"Thanks for the quick and friendly help with my order, it came today " + strings.Repeat("\U0001F44D\U0001F3FD", 20), `"👍" repeated 20+ times from byte 68`},
	})
}

// TestLineGate holds lineGate to its promise on every path (byteMask by
// the kernel's compare or by word arithmetic): a line run of the least
// lines and bytes (lineMinReps, lineMinBytes) is sampled wherever it
// starts, for line lengths up to lineMaxBytes, after other lines or
// none.
func TestLineGate(t *testing.T) {
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			testLineGate(t)
		})
	}
}

func testLineGate(t *testing.T) {
	for _, p := range []int{2, 3, 5, 9, 10, 20, 41, 57, 58, 63, 64, 65, 80, 100, 127, 128, 129, 200, 511, 1000, lineMaxBytes} {
		k := max(lineMinReps, (lineMinBytes+p-1)/p)
		line := strings.Repeat("ab cd ", p)[:p-1] + "\n"
		if !lineWords([]byte(line)) {
			line = "a" + line[1:]
		}
		run := strings.Repeat(line, k)
		for _, before := range []string{"", "x", "Hi there,\n", strings.Repeat("some other text\n", 3)} {
			for pad := range lineEvery + 64 {
				tx := []byte(before + strings.Repeat("y", pad) + "\n" + run + "bye")
				if !lineGate(tx) {
					t.Fatalf("lineGate(%d lines of %d bytes after %d bytes) = false", k, p, len(before)+pad+1)
				}
				if ev, a := lineEvidence(tx); a != len(before)+pad+1 {
					t.Fatalf("lineEvidence(%d lines of %d bytes after %d bytes) = %q, %d", k, p, len(before)+pad+1, ev, a)
				}
			}
		}
	}
}

// TestRecall36Units pins lineWords, tokenUnit and symbolUnit against
// their references (tokenUnit and symbolUnit on every rotation).
func TestRecall36Units(t *testing.T) {
	for _, l := range []string{"> BUY NOW\n", ">> Earn $$$\n", "FREE\n", "Fuck.\n", "\n", ">\n", "> \n", "-----\n", "免费\n", "a<b\n", "a > b\n", "a=b c\n", "a\\b c\n", "a&b c\n",
		"QUJDREVGR0hJSktMTU5P\n", "QUJDREVGR0hJSktM\n", "QUJDREVGR0hJSktMT\n", "QUJD REVG R0hJ SktM\n", "  indented words \r\n", "1234 5678\n", "\xff\xfe\n", "\xffa b\n", "\t> a\n"} {
		if got, want := lineWords([]byte(l)), refLineWords(l); got != want {
			t.Errorf("lineWords(%q) = %v, want %v", l, got, want)
		}
	}
	for _, u := range []string{"<|endoftext|>", "[MASK]", "</s>", "<pad>", "abcde", "a.b.c", "a.a.a.", "a!b!a!b!", "ab=cd", "ab%cd", "a&b;c", "a\\bcd", "a b c", "<<<a>", "!?!?x", "12345.", "x----",
		"\U0001F525 ", "\U0001F525\U0001F4B0", "\U0001F44D\U0001F3FD", "\U0001F525\U0001F4B0\U0001F680", "\U0001F525  \U0001F525 ", "\U0001F525    ", "\u2764\ufe0f ", "\u2500 ", "\ufffd ", "\U0001F1FA\U0001F1F8", "a\U0001F525 ", "\U0001F525\r"} {
		for k := range len(u) {
			r := []byte(u[k:] + u[:k])
			if got, want := runUnit36(r, lineMinBytes), refUnit36(r, lineMinBytes); got != want {
				t.Errorf("runUnit36(%q) = %v, want %v", r, got, want)
			}
		}
	}
}

var (
	refQuotePrefixRe = regexp.MustCompile(`^[> \t]*`)
	refLineEndRe     = regexp.MustCompile(`[ \t\r]*\n$`)
	refB64WordRe     = regexp.MustCompile(`^[A-Za-z0-9+/]*$`)
	refTokenRe       = regexp.MustCompile(`^[!-$'-<>-\[\]-~]*[A-Za-z][!-$'-<>-\[\]-~]*$`)
)

// refLineWords is lineWords by regular expressions: the line without
// its quote prefix and end has a letter, none of < > & = \, and is not
// one word of the base64 alphabet over lineWordMax bytes.
func refLineWords(l string) bool {
	b := refLineEndRe.ReplaceAllString(refQuotePrefixRe.ReplaceAllString(l, ""), "")
	return !strings.ContainsAny(b, "<>&=\\") && strings.IndexFunc(b, unicode.IsLetter) >= 0 && (len(b) <= lineWordMax || !refB64WordRe.MatchString(b))
}

// refLineRunAt is lineEvidence by brute force: t's lines (strings.SplitAfter),
// the first run of lineMinReps or more, lineMinBytes or more, each of
// lineMaxBytes or fewer and of refLineWords'; its evidence and start, -1
// when there is none.
func refLineRunAt(t []byte) (string, int) {
	ls := strings.SplitAfter(string(t), "\n")
	at := 0
	for i := 0; i < len(ls); {
		j := i
		for j < len(ls) && ls[j] == ls[i] {
			j++
		}
		l := ls[i]
		if k := j - i; strings.HasSuffix(l, "\n") && k >= lineMinReps && k*len(l) >= lineMinBytes && len(l) <= lineMaxBytes && refLineWords(l) {
			return fmt.Sprintf("%s repeated %d times from byte %d", quoteVisible([]byte(l), phraseMaxPeriod), k, at), at
		}
		at += (j - i) * len(l)
		i = j
	}
	return "", -1
}

// refLineRun is refLineRunAt's evidence.
func refLineRun(t []byte) string {
	ev, _ := refLineRunAt(t)
	return ev
}

// refRepeated36 is the evidence of t's first repeated stretch of
// refPhrase's or line run of refLineRunAt's, the first by start (a
// stretch first at the same start).
func refRepeated36(t []byte) string {
	ev, a := refPhraseAt(t)
	if lev, la := refLineRunAt(t); la >= 0 && (a < 0 || la < a) {
		return lev
	}
	return ev
}

// refUnit36 is runUnit36 by brute force: of lineMinBytes or more, a
// unit of five to 32 ASCII graphic bytes but = % & \ with a letter and
// a byte that is neither a letter nor a digit, no byte three times, not
// a shorter unit repeated; or some rotation of u valid UTF-8 of symbols
// (So but box drawing, block elements and U+FFFD), skin tones, U+200D,
// U+FE0E, U+FE0F and at most three spaces, tabs or line feeds, one
// symbol over ASCII at least, no byte three times unless with white
// space, not a shorter unit repeated, 32 bytes or fewer.
func refUnit36(u []byte, n int) bool {
	if n < lineMinBytes || len(u) > phraseMaxPeriod {
		return false
	}
	if len(u) >= 5 && refTokenRe.Match(u) && bytes.ContainsFunc(u, func(r rune) bool { return !(r >= '0' && r <= '9' || r|0x20 >= 'a' && r|0x20 <= 'z') }) {
		return refPrimitiveFew(u)
	}
	for k := range u {
		r := append(append([]byte{}, u[k:]...), u[:k]...)
		if !utf8.Valid(r) {
			continue
		}
		ws, sym, ok := 0, false, true
		for _, c := range string(r) {
			switch {
			case c == ' ' || c == '\t' || c == '\n':
				ws++
			case c >= 0x80 && unicode.Is(unicode.So, c) && (c < 0x2500 || c > 0x259F) && c != 0xFFFD:
				sym = true
			case c >= 0x1F3FB && c <= 0x1F3FF, c == 0x200D, c == 0xFE0E, c == 0xFE0F:
			default:
				ok = false
			}
		}
		if !ok || !sym || ws > 3 {
			return false
		}
		if ws == 0 {
			return refPrimitiveFew(u)
		}
		for p := 1; p < len(u); p++ {
			if len(u)%p == 0 && bytes.Equal(u, bytes.Repeat(u[:p], len(u)/p)) {
				return false
			}
		}
		return true
	}
	return false
}

// lineGateIndex is lineGateStep with both line feeds found by
// bytes.IndexByte (BenchmarkLineGateHot's "index": rejected).
func lineGateIndex(t []byte, step int) bool {
	for q := 0; q < len(t); {
		e := bytes.IndexByte(t[q:min(len(t), q+lineMaxBytes)], '\n')
		if e < 0 {
			q += lineMaxBytes
			continue
		}
		s := q + e + 1
		e = bytes.IndexByte(t[s:min(len(t), s+lineMaxBytes)], '\n')
		if e < 0 {
			q = s + lineMaxBytes
			continue
		}
		p := e + 1
		if n := s + 2*p; n <= len(t) && t[n-1] == '\n' && bytes.Equal(t[s:s+p], t[s+p:n]) && lineWords(t[s:s+p]) {
			return true
		}
		q = max(q+step, s+e)
	}
	return false
}

// lineGateGo is lineGateStep with byteMask's word arithmetic, not the
// kernel's compare.
func lineGateGo(t []byte, step int) bool {
	defer func(u bool) { useChunks = u }(useChunks)
	useChunks = false
	return lineGateStep(t, step)
}

// BenchmarkLineGateHot runs lineGate's loop, a sample every 448 (the
// gate's lineEvery), 896 and 1,792 bytes, over the texts of
// lineMinBytes or more of those BenchmarkCheckTextHot checks (the first
// megabyte of the 30 MB mail corpus): its cost beside checkText's.
func BenchmarkLineGateHot(b *testing.B) {
	texts, n := hotTexts(b)
	for _, c := range []struct {
		name string
		step int
		gate func([]byte, int) bool
	}{{"448", lineEvery, lineGateStep}, {"448-index", lineEvery, lineGateIndex}, {"448-go", lineEvery, lineGateGo}, {"896", 2 * lineEvery, lineGateStep}, {"1792", 4 * lineEvery, lineGateStep}} {
		b.Run(c.name, func(b *testing.B) {
			defer fixtures.ThreadCPU(b)()
			b.SetBytes(n)
			hits := 0
			for b.Loop() {
				for _, t := range texts {
					if len(t) >= lineMinBytes && c.gate(t, c.step) {
						hits++
					}
				}
			}
			b.ReportMetric(float64(hits)/float64(b.N), "hits/op")
		})
	}
}

// BenchmarkLineGateWarm runs checkText, then with "gate" lineGate, over
// BenchmarkCheckTextHot's texts: the gate's cost with each text warm
// from checkText, as in the scan.
func BenchmarkLineGateWarm(b *testing.B) {
	texts, n := hotTexts(b)
	for _, gate := range []bool{false, true} {
		b.Run(map[bool]string{false: "checkText", true: "gate"}[gate], func(b *testing.B) {
			defer fixtures.ThreadCPU(b)()
			b.SetBytes(n)
			var found [numEvasionKinds]string
			hits := 0
			for b.Loop() {
				for _, t := range texts {
					found = [numEvasionKinds]string{}
					checkText(t, &found)
					if gate && lineGate(t) {
						hits++
					}
				}
			}
			_ = hits
		})
	}
}

// TestLineGateShare prints, for the JSONL file named by
// EVASIONS_REPEATS, the time of checkText and of lineGate over every
// text, the best of five alternated passes each, and how many
// texts the gate passes. A measurement, not a check: it skips without
// the variable.
func TestLineGateShare(t *testing.T) {
	texts := envTexts(t, "EVASIONS_REPEATS")
	var n int64
	for _, tx := range texts {
		n += int64(len(tx))
	}
	best := [2]time.Duration{1 << 62, 1 << 62}
	hits := 0
	for range 5 {
		for k := range 2 {
			start := time.Now()
			hits = 0
			for _, tx := range texts {
				if k == 0 {
					var found [numEvasionKinds]string
					checkText(tx, &found)
				} else if lineGate(tx) {
					hits++
				}
			}
			best[k] = min(best[k], time.Since(start))
		}
	}
	t.Logf("%d texts, %d bytes: checkText %v, lineGate %v (%.1f%%), %d texts passed", len(texts), n, best[0], best[1], 100*float64(best[1])/float64(best[0]), hits)
}

// TestLineGateKernel holds lineGateStep on the kernel's CPUs (one call,
// lineGateAVX512, for the samples up to a line run's candidate) to its
// loop in Go (lineEnds with byteMask's word arithmetic), on texts of
// lines of every length, lines over lineMaxBytes and none at all, with
// runs of lines too short to be a line run and runs just long enough
// that whether a sample falls in them decides, at several steps; each
// text followed by line feeds it does not hold.
func TestLineGateKernel(t *testing.T) {
	if !hasChunks {
		t.Skip("no kernel on this CPU")
	}
	rng := rand.New(rand.NewSource(36))
	line := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = "ab cd efg\r"[rng.Intn(10)]
		}
		return string(b) + "\n"
	}
	hits := 0
	for n := range 3000 {
		var b strings.Builder
		for b.Len() < 200+rng.Intn(12000) {
			switch r := rng.Intn(10); {
			case r < 5:
				b.WriteString(line(rng.Intn(90)))
			case r < 7:
				b.WriteString(strings.Repeat(line(1+rng.Intn(120)), 2+rng.Intn(12)))
			case r < 8:
				b.WriteString(line(lineMaxBytes - 10 + rng.Intn(20)))
			case r < 9:
				b.WriteString(strings.Repeat("x", rng.Intn(300)))
			default:
				b.WriteString(line(100 + rng.Intn(1500)))
			}
		}
		tx := []byte(b.String())
		if n%5 == 0 {
			tx = tx[:rng.Intn(len(tx)+1)]
		}
		// Line feeds past the text's end: a gate reading past it finds them.
		buf := append(append(make([]byte, 0, len(tx)+256), tx...), bytes.Repeat([]byte{'\n'}, 256)...)
		tx = buf[:len(tx):len(tx)]
		for _, step := range []int{lineEvery, 64, 1000} {
			got := lineGateStep(tx, step)
			if want := lineGateGo(tx, step); got != want {
				t.Fatalf("lineGateStep(text %d of %d bytes, %d) = %v, want %v", n, len(tx), step, got, want)
			}
			if got {
				hits++
			}
		}
	}
	if hits == 0 {
		t.Fatal("no text passed the gate")
	}
	t.Logf("%d of 9000 passed", hits)
}
