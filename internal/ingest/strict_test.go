package ingest

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/ingest/textread"
	"github.com/dataaudit/dataaudit/internal/strictjson"
	"github.com/dataaudit/dataaudit/internal/strictjson/jsontest"
)

const suitePath = "../../testdata/jsonl/jsontestsuite.txt.gz"

// suiteCase is one case of JSONTestSuite as a JSONL line.
type suiteCase struct{ name, line string }

func readSuite(t testing.TB) []suiteCase {
	t.Helper()
	f, err := os.Open(suitePath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var cases []suiteCase
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		name, quoted, ok := strings.Cut(sc.Text(), " ")
		line, err := strconv.Unquote(quoted)
		if !ok || err != nil {
			t.Fatalf("%s: bad case %q", suitePath, sc.Text())
		}
		cases = append(cases, suiteCase{name, line})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// decodeOne decodes line as a line of a JSONL file (the first one if first)
// and returns what it became: kind "" and the row's fields, or a bad
// record's kind and reason, or kindBlank.
func decodeOne(opts *Options, line string, first bool) (kind, reason string, row gotRow) {
	d := textread.NewDecoder(opts)
	n := int64(7)
	if first {
		n = 1
	}
	b := d.DecodeLines(0, []byte(line+"\n"), n, first)
	defer b.Record.Release()
	switch {
	case len(b.Bad) == 1:
		return b.Bad[0].Kind, b.Bad[0].Reason, row
	case b.Blank == 1:
		return kindBlank, "", row
	}
	rows, err := batchRows(b)
	if err != nil || len(rows) != 1 {
		panic(fmt.Sprintf("decode(%q): %d rows, %d bad, %v", line, b.Record.NumRows(), len(b.Bad), err))
	}
	return "", "", rows[0]
}

// suiteRejected are the implementation-defined (i_) cases that strict
// reading rejects; every other i_ case is accepted. See internal/strictjson.
var suiteRejected = map[string]bool{
	"i_string_UTF-16LE_with_BOM.json":         true, // UTF-16 is not read
	"i_string_utf16BE_no_BOM.json":            true,
	"i_string_utf16LE_no_BOM.json":            true,
	"i_structure_500_nested_arrays.json":      true, // deeper than strictjson.MaxDepth
	"i_structure_UTF-8_BOM_empty_object.json": true, // a BOM is skipped at the start of a file only
}

// TestJSONTestSuite reads every parsing case of JSONTestSuite as a line in
// the middle of a file: each y_ case is JSON (a record, or a bad record for
// what it holds, never invalid_json), each n_ case is invalid_json, and
// each i_ case as decided in suiteRejected. The two y_ cases with a key
// twice are duplicate_key bad records, by design.
func TestJSONTestSuite(t *testing.T) {
	cases := readSuite(t)
	if len(cases) != 315 {
		t.Fatalf("%s has %d cases, want 315", suitePath, len(cases))
	}
	lenientAccepts := 0
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			kind, reason, _ := decodeOne(&Options{Text: []string{"text"}}, c.line, false)
			wantJSON := strings.HasPrefix(c.name, "y_") || strings.HasPrefix(c.name, "i_") && !suiteRejected[c.name]
			switch {
			case kind == kindBlank:
				t.Errorf("decode(%q) is a blank line, want a record or a bad record", c.line)
			case strings.HasPrefix(c.name, "y_object_duplicated_key"):
				if kind != BadDuplicateKey {
					t.Errorf("decode(%q) = %q (%s), want %q", c.line, kind, reason, BadDuplicateKey)
				}
			case wantJSON && (kind == BadJSON || kind == BadDuplicateKey):
				t.Errorf("decode(%q) = %q (%s), want it read as JSON", c.line, kind, reason)
			case !wantJSON && kind != BadJSON:
				t.Errorf("decode(%q) = %q, want %q", c.line, kind, BadJSON)
			case !wantJSON && !strings.HasPrefix(reason, "invalid JSON at byte "):
				t.Errorf("decode(%q) reason %q, want \"invalid JSON at byte N: ...\"", c.line, reason)
			}
			if !wantJSON {
				if k, _, _ := decodeOne(&Options{Text: []string{"text"}, LenientJSON: true}, c.line, false); k != BadJSON {
					lenientAccepts++
				}
			}
		})
	}
	t.Logf("lenient reading takes %d of the must-reject cases as JSON", lenientAccepts)
}

// TestStrictJSON checks the kind and reason of lines that strict reading
// rejects, and that it keeps what JSON allows.
func TestStrictJSON(t *testing.T) {
	for _, tc := range []struct {
		name, line string
		first      bool // the first line of its file
		kind       string
		reason     string // for a bad record
		text       string // for a good one
	}{
		{name: "leading zero", line: `{"text":"x","n":01}`, kind: BadJSON, reason: "invalid JSON at byte 17: leading zero in number"},
		{name: "negative leading zero", line: `{"text":"x","n":-012}`, kind: BadJSON, reason: "invalid JSON at byte 18: leading zero in number"},
		{name: "plus", line: `{"text":"x","n":+1}`, kind: BadJSON, reason: "invalid JSON at byte 17: number with a plus sign"},
		{name: "bare fraction", line: `{"text":"x","n":.5}`, kind: BadJSON, reason: "invalid JSON at byte 17: number without a digit before the decimal point"},
		{name: "bare point", line: `{"text":"x","n":1.}`, kind: BadJSON, reason: "invalid JSON at byte 18: no digit after the decimal point of a number"},
		{name: "bare exponent", line: `{"text":"x","n":1e}`, kind: BadJSON, reason: "invalid JSON at byte 18: no digit in the exponent of a number"},
		{name: "minus", line: `{"text":"x","n":-}`, kind: BadJSON, reason: "invalid JSON at byte 17: no digit after the minus sign of a number"},
		{name: "NaN", line: `{"text":"x","n":NaN}`, kind: BadJSON, reason: "invalid JSON at byte 17: NaN and Infinity are not JSON numbers"},
		{name: "nan", line: `{"text":"x","n":nan}`, kind: BadJSON, reason: "invalid JSON at byte 17: invalid literal, want null"},
		{name: "-Infinity", line: `{"text":"x","n":-Infinity}`, kind: BadJSON, reason: "invalid JSON at byte 17: no digit after the minus sign of a number"},
		{name: "hex", line: `{"text":"x","n":0x1}`, kind: BadJSON, reason: "invalid JSON at byte 18: unexpected 'x' after a number in an object, want ',' or '}'"},
		{name: "escape a", line: `{"text":"bell \a"}`, kind: BadJSON, reason: `invalid JSON at byte 15: invalid escape \a in string`},
		{name: "escape x", line: `{"text":"\x00"}`, kind: BadJSON, reason: `invalid JSON at byte 10: invalid escape \x in string`},
		{name: "escape u", line: `{"text":"\uqqqq"}`, kind: BadJSON, reason: `invalid JSON at byte 10: invalid \u escape in string, want four hex digits`},
		{name: "short escape u", line: `{"text":"\u12"}`, kind: BadJSON, reason: `invalid JSON at byte 10: invalid \u escape in string, want four hex digits`},
		{name: "raw tab", line: "{\"text\":\"a\tb\"}", kind: BadJSON, reason: "invalid JSON at byte 11: raw control character U+0009 in string, want it escaped"},
		{name: "raw NUL", line: "{\"text\":\"a\x00b\"}", kind: BadJSON, reason: "invalid JSON at byte 11: raw control character U+0000 in string, want it escaped"},
		{name: "raw NUL in key", line: "{\"te\x00xt\":\"a\"}", kind: BadJSON, reason: "invalid JSON at byte 5: raw control character U+0000 in string, want it escaped"},
		{name: "raw 0x1f after 8 plain bytes", line: "{\"text\":\"abcdefghijkl\x1f\"}", kind: BadJSON, reason: "invalid JSON at byte 22: raw control character U+001F in string, want it escaped"},
		{name: "trailing comma in object", line: `{"text":"x",}`, kind: BadJSON, reason: "invalid JSON at byte 13: trailing comma before '}'"},
		{name: "trailing comma in array", line: `{"text":"x","a":[1,]}`, kind: BadJSON, reason: "invalid JSON at byte 20: trailing comma before ']'"},
		{name: "single quotes", line: `{"text":'x'}`, kind: BadJSON, reason: "invalid JSON at byte 9: string in single quotes, want double quotes"},
		{name: "unquoted key", line: `{text:"x"}`, kind: BadJSON, reason: "invalid JSON at byte 2: unexpected 't' in an object, want a key in double quotes"},
		{name: "unterminated", line: `{"text":"x`, kind: BadJSON, reason: "invalid JSON at byte 9: string without its closing quote"},
		{name: "backslash at end", line: `{"text":"x\`, kind: BadJSON, reason: "invalid JSON at byte 9: string without its closing quote"},
		{name: "unclosed object", line: `{"text":"x"`, kind: BadJSON, reason: "invalid JSON at byte 12: unexpected end of line in an object, want ',' or '}'"},
		{name: "tail", line: `{"text":"x"} x`, kind: BadJSON, reason: "invalid JSON at byte 14: unexpected 'x' after an object"},
		{name: "two objects", line: `{"text":"x"}{"text":"y"}`, kind: BadJSON, reason: "invalid JSON at byte 13: unexpected '{' after an object"},
		{name: "BOM mid-file", line: "\xEF\xBB\xBF{\"text\":\"x\"}", kind: BadJSON, reason: "invalid JSON at byte 1: unexpected byte-order mark, want a value"},
		{name: "BOM at file start, column counts it", line: "\xEF\xBB\xBF{\"text\":01}", first: true, kind: BadJSON, reason: "invalid JSON at byte 12: leading zero in number"},
		{name: "too deep", line: `{"text":"x","a":` + strings.Repeat("[", 300) + strings.Repeat("]", 300) + `}`, kind: BadJSON, reason: "invalid JSON at byte 316: values nested deeper than 300"},
		{name: "deep enough", line: `{"text":"x","a":` + strings.Repeat("[", 299) + strings.Repeat("]", 299) + `}`, text: "x"},

		{name: "duplicate text", line: `{"text":"clean text","text":"toxic payload"}`, kind: BadDuplicateKey, reason: `duplicate key "text" at byte 22, first at byte 2`},
		{name: "duplicate same value", line: `{"a":1,"text":"x","a":1}`, kind: BadDuplicateKey, reason: `duplicate key "a" at byte 19, first at byte 2`},
		{name: "duplicate escaped", line: `{"text":"x","te\u0078t":"y"}`, kind: BadDuplicateKey, reason: `duplicate key "text" at byte 13, first at byte 2`},
		{name: "duplicate nested", line: `{"text":"x","meta":{"body":"a","body":"b"}}`, kind: BadDuplicateKey, reason: `duplicate key "meta.body" at byte 32, first at byte 21`},
		{name: "duplicate in array", line: `{"text":"x","m":[{"a":1},{"a":1,"a":2}]}`, kind: BadDuplicateKey, reason: `duplicate key "m[1].a" at byte 33, first at byte 27`},
		{name: "duplicate after nested", line: `{"a":{"b":1,"c":{"d":1}},"text":"x","a":2}`, kind: BadDuplicateKey, reason: `duplicate key "a" at byte 37, first at byte 2`},
		{name: "duplicate in big object", line: jsontest.BigObject(40, 33), kind: BadDuplicateKey, reason: `duplicate key "k33" at byte 353, first at byte 290`},
		{name: "big object", line: jsontest.BigObject(40, -1), text: "x"},
		{name: "same key in sibling objects", line: `{"text":"x","a":{"k":1},"b":{"k":1},"c":[{"k":1},{"k":2}]}`, text: "x"},
		{name: "keys that differ in case", line: `{"text":"x","Text":"y","TEXT":"z"}`, text: "x"},
		{name: "key prefix", line: `{"text":"x","tex":"y","textt":"z"}`, text: "x"},

		{name: "escaped NUL", line: `{"text":"a\u0000b"}`, text: "a\x00b"},
		{name: "all escapes", line: `{"text":"\"\\\/\b\f\n\r\t\u00e9"}`, text: "\"\\/\b\f\n\r\té"},
		{name: "lone surrogate", line: `{"text":"\ud800x"}`, text: "\uFFFDx"},
		{name: "not UTF-8", line: "{\"text\":\"\xff\xfe\"}", text: "\xff\xfe"},
		{name: "whitespace", line: " \t{ \"text\" : \"x\" , \"n\" : [ 1 , -0.5e+3 ] } \t", text: "x"},
		{name: "CRLF", line: "{\"text\":\"x\"}\r", text: "x"},
		{name: "BOM at file start", line: "\xEF\xBB\xBF{\"text\":\"x\"}", first: true, text: "x"},
		{name: "empty line", line: "", kind: kindBlank},
		{name: "blank line", line: " \t \r", kind: kindBlank},
		{name: "not an object", line: `[01]`, kind: BadJSON, reason: "invalid JSON at byte 2: leading zero in number"},
		{name: "array", line: ` [1]`, kind: BadNotObject, reason: "not a JSON object: the line is a JSON array"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			kind, reason, row := decodeOne(&Options{Text: []string{"text"}}, tc.line, tc.first)
			if kind != tc.kind || reason != tc.reason {
				t.Errorf("decode(%q) = %q, %q; want %q, %q", tc.line, kind, reason, tc.kind, tc.reason)
			}
			if kind == "" && row.Text != tc.text {
				t.Errorf("decode(%q) text = %q, want %q", tc.line, row.Text, tc.text)
			}
		})
	}
}

// TestLenientJSON checks that Options.LenientJSON reads as before: what
// fastjson accepts is a record, a key twice is read once.
func TestLenientJSON(t *testing.T) {
	for _, tc := range []struct{ line, text string }{
		{`{"text":"clean text","text":"toxic payload"}`, "clean text"},
		{`{"text":"x","n":01}`, "x"},
		{`{"text":"bell \a"}`, `bell \a`},
		{"{\"text\":\"a\tb\"}", "a\tb"},
	} {
		t.Run(tc.line, func(t *testing.T) {
			kind, reason, row := decodeOne(&Options{Text: []string{"text"}, LenientJSON: true}, tc.line, false)
			if kind != "" || row.Text != tc.text {
				t.Errorf("lenient decode(%q) = %q (%s), text %q; want a record with text %q", tc.line, kind, reason, row.Text, tc.text)
			}
		})
	}
}

// TestStrictPaths checks that the strict parser finds the fields where
// fastjson's Get does: nested keys, array indexes, escaped keys.
func TestStrictPaths(t *testing.T) {
	for _, tc := range []struct {
		name, line string
		opts       Options
		want       gotRow
	}{
		{"nested", `{"meta":{"body":"b","x":[1]},"text":"t","label":2,"id":"i"}`,
			Options{Text: []string{"text", "meta.body"}, Label: "label", ID: "id"},
			gotRow{N: 7, Text: "t\nb", Label: strp("2"), ID: strp("i")}},
		{"array index", `{"m":[{"c":"a"},{"c":"b"}],"l":[true,false]}`,
			Options{Text: []string{"m.1.c"}, Label: "l.0", ID: "m.0.c"},
			gotRow{N: 7, Text: "b", Label: strp("true"), ID: strp("a")}},
		{"escaped key", `{"te\u0078t":"t","\u006c":"x"}`,
			Options{Text: []string{"text"}, Label: "l"},
			gotRow{N: 7, Text: "t", Label: strp("x")}},
		{"same key deeper", `{"a":{"text":"inner"},"text":"outer"}`,
			Options{Text: []string{"text"}, ID: "a.text"},
			gotRow{N: 7, Text: "outer", ID: strp("inner")}},
		{"label object", `{"text":"t","label":{"x":1}}`,
			Options{Text: []string{"text"}, Label: "label"},
			gotRow{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, lenient := range []bool{false, true} {
				opts := tc.opts
				opts.LenientJSON = lenient
				kind, _, row := decodeOne(&opts, tc.line, false)
				if tc.want.N == 0 {
					if kind != BadLabelType {
						t.Errorf("lenient=%v: decode(%q) = %q, want %q", lenient, tc.line, kind, BadLabelType)
					}
					continue
				}
				if kind != "" || rowString(row) != rowString(tc.want) {
					t.Errorf("lenient=%v: decode(%q) = %q, %s; want %s", lenient, tc.line, kind, rowString(row), rowString(tc.want))
				}
			}
		})
	}
}

func rowString(r gotRow) string {
	s := func(p *string) string {
		if p == nil {
			return "nil"
		}
		return strconv.Quote(*p)
	}
	return fmt.Sprintf("{N %d, text %q, label %s, id %s}", r.N, r.Text, s(r.Label), s(r.ID))
}

// TestStrictManyPaths checks the decoder with more fields than the strict
// parser follows: it validates with the parser and reads with fastjson.
func TestStrictManyPaths(t *testing.T) {
	text := []string{"text"}
	for i := range strictjson.MaxPaths {
		text = append(text, fmt.Sprintf("f%d", i))
	}
	opts := &Options{Text: text}
	// textread's TestManyPathsMode checks that this decoder validates
	// with the strict parser and reads with fastjson.
	for _, tc := range []struct{ line, kind, text string }{
		{`{"text":"x","f3":"y"}`, "", "x\ny"},
		{`{"text":"x","n":01}`, BadJSON, ""},
		{`{"text":"x","f3":"y","f3":"z"}`, BadDuplicateKey, ""},
	} {
		kind, reason, row := decodeOne(opts, tc.line, false)
		if kind != tc.kind || row.Text != tc.text {
			t.Errorf("decode(%q) = %q (%s), text %q; want %q, text %q", tc.line, kind, reason, row.Text, tc.kind, tc.text)
		}
	}
}
