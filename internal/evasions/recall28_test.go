package evasions

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// recall28Cases are session 30's repeated units (recall28.go), with
// stretches under the length and units the rule does not take.
var recall28Cases = []ruleCase{
	{"<3 run", "Hello there\n\n" + strings.Repeat("<3", 600) + "\nbye", []string{Repeated}},
	{"3< run", strings.Repeat("3<", 300), []string{Repeated}},
	{":D run", strings.Repeat(":D", 400), []string{Repeated}},
	{"x) run", "lol " + strings.Repeat("x)", 400) + " ok", []string{Repeated}},
	{"^_^1 run", strings.Repeat("^_^1", 150), []string{Repeated}},
	// Not taken.
	{"<3 under the length", strings.Repeat("<3", 155), nil}, // 310 bytes: mixMinBytes 320 (576 before session 32)
	{"digits", strings.Repeat("12", 400), nil},
	{"an escape", strings.Repeat("%2", 400), nil},
	{"an entity's bytes", strings.Repeat("&1", 400), nil},
	{"punctuation alone is punctUnit's", strings.Repeat("<>", 100), nil},
	{"a byte three times", strings.Repeat("<<<3", 200), nil},
	{"a unit of five", strings.Repeat("<3<3a", 200), []string{Repeated}}, // tokenUnit's: taken since session 32 (recall36.go)
	{"a space in the unit", strings.Repeat("<3 ", 300), nil},
}

func TestRecall28(t *testing.T) {
	checkCasesAtOffsets(t, recall28Cases)
}

func TestRecall28Evidence(t *testing.T) {
	checkEvidenceJoined(t, []evidenceCase{
		{"x\n" + strings.Repeat("<3", 600), `"<3" repeated 600 times from byte 2`},
	})
}

// TestRecall28Units pins mixUnit against its reference on every
// rotation.
func TestRecall28Units(t *testing.T) {
	for _, u := range []string{"<3", ":D", "x)", "%20", "=3D", "^_^1", "<3<3", "<<3", "<<<3", "12", "ab", "<>", "<3 ", "3\x7f", "a\x80", "1.1", "a.b.", "%20", "=3d", "&1", "\\1", "a;"} {
		for k := range len(u) {
			r := []byte(u[k:] + u[:k])
			if got, want := runUnit28(r, mixMinBytes), refUnit28(r, mixMinBytes); got != want {
				t.Errorf("runUnit28(%q) = %v, want %v", r, got, want)
			}
		}
	}
}

// refUnit28 is runUnit28 by brute force: two to four printable ASCII
// bytes but the space and = % & \, a letter or digit and another byte,
// no byte three times, not a shorter unit repeated; mixMinBytes.
func refUnit28(u []byte, n int) bool {
	if n < mixMinBytes || len(u) < 2 || len(u) > 4 || !refMixRe.Match(u) {
		return false
	}
	an := bytes.ContainsFunc(u, func(r rune) bool { return r < 0x80 && alnumRune(r) })
	pu := bytes.ContainsFunc(u, func(r rune) bool { return r > ' ' && r < 0x7F && !alnumRune(r) })
	if !an || !pu {
		return false
	}
	return refPrimitiveFew(u)
}

var refMixRe = regexp.MustCompile(`^[!-$'-<>-\[\]-~]*$`)

// TestRepeatCensus prints, for the JSONL file named by EVASIONS_REPEATS,
// the longest repeated stretches (every byte equal to the byte p later)
// whose unit is mixUnit's (periods 2 to 4), and of longUnit's with a
// carriage return taken as white space (periods 17 to 64, texts with a
// carriage return), by brute force, and the texts holding U+FFFD read
// as Windows-1252. A measurement, not a check: it skips without the
// variable.
func TestRepeatCensus(t *testing.T) {
	texts := envTexts(t, "EVASIONS_REPEATS")
	type hit struct {
		n, row, at int
		unit       string
	}
	var mix, long []hit
	stretches := eachStretch
	moj := 0
	for row, tx := range texts {
		if bytes.Contains(tx, []byte("\u00ef\u00bf\u00bd")) {
			moj++
			t.Logf("row %d holds U+FFFD read as Windows-1252", row)
		}
		stretches(tx, 2, 4, func(j, n, p int) {
			if n >= 64 && mixUnit(tx[j:j+p]) {
				mix = append(mix, hit{n, row, j, string(tx[j : j+p])})
			}
		})
		if bytes.IndexByte(tx, '\r') >= 0 {
			stretches(tx, longMinPeriod, longMaxPeriod, func(j, n, p int) {
				if n >= 3*p && n >= 128 && longUnit(bytes.ReplaceAll(tx[j:j+p], []byte("\r"), []byte(" "))) {
					long = append(long, hit{n, row, j, string(tx[j : j+p])})
				}
			})
		}
	}
	for _, l := range []*[]hit{&mix, &long} {
		sort.Slice(*l, func(i, j int) bool { return (*l)[i].n > (*l)[j].n })
		for i, h := range *l {
			if i == 20 {
				break
			}
			t.Logf("%5d bytes, row %d byte %d: %q", h.n, h.row, h.at, h.unit)
		}
		t.Logf("%d stretches", len(*l))
	}
	t.Logf("%d texts of %d hold U+FFFD read as Windows-1252", moj, len(texts))
}

// refMojibakeFFFD is mojibakeFFFD by brute force: every C3 AF C2 BF C2
// BD of t.
func refMojibakeFFFD(t []byte) string {
	n, at := 0, -1
	for i := 0; i+6 <= len(t); i++ {
		if string(t[i:i+6]) == "\xc3\xaf\xc2\xbf\xc2\xbd" {
			if n == 0 {
				at = i
			}
			n++
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%d U+FFFD replacement %s read as Windows-1252 (\"ï¿½\"), the first at byte %d: %s", n, plural(n, "character"), at, quoteVisible(t[contextStart(t, at):], 24))
}

// fffdMojibakeCases are U+FFFD read as Windows-1252 (recall28.go), and
// mojibake that is not U+FFFD.
var fffdMojibakeCases = []ruleCase{
	{"in a word", "Dear customer, your acc\u00ef\u00bf\u00bdunt is on hold.", []string{Replacement, Mojibake}},
	{"three", "pa\u00ef\u00bf\u00bdd n\u00ef\u00bf\u00bdw, cl\u00ef\u00bf\u00bdck here", []string{Replacement, Mojibake}},
	{"with a U+FFFD", "caf\ufffd and caf\u00ef\u00bf\u00bd", []string{Replacement, Mojibake}},
	{"at the start", "\u00ef\u00bf\u00bd hello", []string{Replacement, Mojibake}},
	{"twice in a row", "x\u00ef\u00bf\u00bd\u00ef\u00bf\u00bdy", []string{Replacement, Mojibake}},
	// Not taken.
	{"other mojibake", "don\u00e2\u20ac\u2122t and caf\u00c3\u00a9", []string{Mojibake}},
	{"cut short", "acc\u00ef\u00bf unt", nil},
	{"the characters apart", "\u00ef \u00bf \u00bd", nil},
}

func TestMojibakeFFFD(t *testing.T) {
	checkCasesAtOffsets(t, fffdMojibakeCases)
}

func TestMojibakeFFFDEvidence(t *testing.T) {
	checkEvidenceJoined(t, []evidenceCase{
		{"acc\u00ef\u00bf\u00bdunt, n\u00ef\u00bf\u00bdw", `2 U+FFFD replacement characters read as Windows-1252 ("ï¿½"), the first at byte 3: "accï¿½unt, nï¿½w"` +
			`2 runs of UTF-8 read as Windows-1252, the first at byte 3 ("ï¿½" for "�"): "accï¿½unt, nï¿½w"`},
	})
}

// TestMojibakeFFFDLazy holds the lazy evidence to the row's category:
// lazyEvidence for a row no list takes, the category all the same.
func TestMojibakeFFFDLazy(t *testing.T) {
	var found [numEvasionKinds]string
	checkTextLazy([]byte("acc\u00ef\u00bf\u00bdunt"), &found, lazyReplacement)
	if found[iReplacement] != lazyEvidence {
		t.Errorf("lazy: %q, want lazyEvidence", found[iReplacement])
	}
}

// longCases28 are session 30's long phrases (recall28.go): a step of
// 1,536 bytes, lines that end in CRLF.
var longCases28 = []ruleCase{
	{"1,681 bytes", strings.Repeat("Click here to claim your free prize now. ", 41), []string{Repeated}},
	{"lines of a sentence", "Hi,\n" + strings.Repeat("\nWire transfer of the inheritance funds", 43) + "\nbye", []string{Repeated}},
	{"lines of a sentence, CRLF", "Hi,\r\n" + strings.Repeat("\r\nYour Microsoft 365 password expires today, keep it here", 30) + "\r\nbye", []string{Repeated}},
	{"28 bytes, a CRLF and three spaces", strings.Repeat("Limited time offer act now\r\n", 60), []string{Repeated}},
	{"a bare carriage return ends the unit", strings.Repeat("Limited time offer act now\r", 62), []string{Control, Repeated}},
	// Not taken.
	{"1,640 bytes", strings.Repeat("Click here to claim your free prize now. ", 40), []string{Repeated}}, // not taken before session 32 (recall32.go)
	{"984 bytes", strings.Repeat("Click here to claim your free prize now. ", 24), nil},
	{"lines of a sentence, CRLF, under the length", "Hi,\r\n" + strings.Repeat("\r\nYour Microsoft 365 password expires today, keep it here", 17) + "\r\nbye", []string{Repeated}}, // a line 17 times: taken since session 32 (recall36.go)
}

func TestRecall28Long(t *testing.T) {
	checkCasesAtOffsets(t, longCases28)
}

// eachStretch calls f(j, n, p) for each stretch of tx that repeats
// with a period p of lo to hi: from byte j, n bytes (the censuses' brute
// force, TestRepeatCensus, TestRepeatCensus32 and TestWordCensus32).
func eachStretch(tx []byte, lo, hi int, f func(j, n, p int)) {
	for p := lo; p <= hi; p++ {
		for j := 0; j+p < len(tx); {
			if tx[j] != tx[j+p] {
				j++
				continue
			}
			k := j
			for k+p < len(tx) && tx[k] == tx[k+p] {
				k++
			}
			f(j, k-j+p, p)
			j = k + 1
		}
	}
}
