package ingest

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dataaudit/dataaudit/internal/source"
)

var update = flag.Bool("update", false, "rewrite testdata/jsonl/messy.jsonl from messyLines")

const messyPath = "../../testdata/jsonl/messy.jsonl"

// messyLine is one line of testdata/jsonl/messy.jsonl and what reading it
// with Text ["text"], Label "label", ID "id" must give.
type messyLine struct {
	raw   string // the line without "\n"; a CRLF line ends in "\r"
	kind  string // a Bad* kind, kindBlank, or "" for a good record
	text  string
	label *string
	lkind LabelKind // LabelKind(NumLabelKinds) when label is nil
	id    *string
	// strictKind, if set, is the kind of a line that only lenient reading
	// (Options.LenientJSON) takes as kind says.
	strictKind string
}

const kindBlank = "blank"

func good(raw, text string, id *string) messyLine {
	return messyLine{raw: raw, text: text, lkind: LabelKind(NumLabelKinds), id: id}
}

func goodL(raw, text, label string, k LabelKind, id *string) messyLine {
	return messyLine{raw: raw, text: text, label: &label, lkind: k, id: id}
}

func badLine(raw, kind string) messyLine { return messyLine{raw: raw, kind: kind} }

// lenientOnly marks a line that is not RFC 8259 JSON: lenient reading takes
// it as l says, strict reading makes it an invalid_json bad record.
func lenientOnly(l messyLine) messyLine {
	l.strictKind = BadJSON
	return l
}

// messyLines is the fixture, line 1 first. The file has no final newline.
var messyLines = []messyLine{
	// 1: a UTF-8 byte-order mark in front of the first record.
	goodL("\xEF\xBB\xBF"+`{"id":1,"text":"hello world","label":"news"}`, "hello world", "news", LabelString, strp("1")),
	goodL(`{"id":2,"text":"crlf line","label":"review"}`+"\r", "crlf line", "review", LabelString, strp("2")),
	{raw: "", kind: kindBlank},
	{raw: "   \t  ", kind: kindBlank},
	// 5
	badLine(`{"id":3,"text":"trunc`, BadJSON),
	badLine(`{"text":"a"} x`, BadJSON),
	badLine(`["text","array"]`, BadNotObject),
	badLine(`42`, BadNotObject),
	badLine(`"just a string"`, BadNotObject),
	// 10
	badLine(`{"id":4,"label":"news"}`, BadMissingText),
	badLine(`{"id":5,"text":null,"label":"news"}`, BadNullText),
	badLine(`{"id":6,"text":5}`, BadTextType),
	badLine(`{"id":7,"text":{"a":1}}`, BadTextType),
	badLine(`{"id":8,"text":"label object","label":{"x":1}}`, BadLabelType),
	// 15
	badLine(`{"id":9,"text":"label array","label":[1,2]}`, BadLabelType),
	goodL(`{"id":10,"text":"int label zero","label":0}`, "int label zero", "0", LabelNumber, strp("10")),
	goodL(`{"id":11,"text":"int label one","label":1}`+"\r", "int label one", "1", LabelNumber, strp("11")),
	goodL(`{"id":12,"text":"float label","label":0.75}`, "float label", "0.75", LabelNumber, strp("12")),
	goodL(`{"id":13,"text":"bool label","label":true}`, "bool label", "true", LabelBool, strp("13")),
	// 20
	goodL(`{"id":14,"text":"false label","label":false}`, "false label", "false", LabelBool, strp("14")),
	good(`{"id":15,"text":"no label"}`, "no label", strp("15")),
	good(`{"id":16,"text":"null label","label":null}`, "null label", strp("16")),
	goodL(`{"id":17,"text":"emoji \ud83d\ude00 ok","label":"forum"}`, "emoji 😀 ok", "forum", LabelString, strp("17")),
	goodL(`{"id":18,"text":"lone \ud800 high","label":"forum"}`, "lone \uFFFD high", "forum", LabelString, strp("18")),
	// 25
	goodL(`{"id":19,"text":"mixed \ud83d\u0041 pair","label":"forum"}`, "mixed \uFFFDA pair", "forum", LabelString, strp("19")),
	goodL(`{"id":20,"text":"esc \" \\ \/ \b \f \n \r \t \u00e9 \u4E2D","label":"news"}`, "esc \" \\ / \b \f \n \r \t é 中", "news", LabelString, strp("20")),
	goodL(`{"id":21,"text":"raw bad utf8 `+"\xff\xfe"+` end","label":"news"}`, "raw bad utf8 \xff\xfe end", "news", LabelString, strp("21")),
	goodL(`{"id":"s-22","text":"string id","label":"news"}`, "string id", "news", LabelString, strp("s-22")),
	badLine(`{"id":[1],"text":"array id"}`, BadIDType),
	// 30
	badLine(`{"id":true,"text":"bool id"}`, BadIDType),
	badLine(`{"meta":{"title":"t","body":"nested body"},"label":"news"}`, BadMissingText),
	good(`{"id":23,"text":"top","meta":{"body":"deep \u00e9"}}`, "top", strp("23")),
	good(`{"id":24,"text":""}`, "", strp("24")),
	good(`{"id":25,"text":"`+strings.Repeat("a long line that spans many small chunks ", 8)+`"}`, strings.Repeat("a long line that spans many small chunks ", 8), strp("25")),
	// 35
	goodL(`{"id":26,"text":"unicode café Привет 🚀","label":"review"}`, "unicode café Привет 🚀", "review", LabelString, strp("26")),
	good(`{"id":27,"text":"before a CRLF blank line"}`+"\r", "before a CRLF blank line", strp("27")),
	{raw: "\r", kind: kindBlank},
	badLine(`{"id":28 "text":"missing comma"}`, BadJSON),
	badLine(`null`, BadNotObject),
	// 40
	badLine(`{}`, BadMissingText),
	good(`{"id":29,"text":"trailing blanks"}  `+"\t", "trailing blanks", strp("29")),
	good(`  {"id":30,"text":"leading blanks"}`, "leading blanks", strp("30")),
	// Escapes JSON does not know: invalid JSON, or kept as written when
	// reading is lenient.
	lenientOnly(goodL(`{"id":31,"text":"odd \x and \u12G4 and \u00","label":"news"}`, `odd \x and \u12G4 and \u00`, "news", LabelString, strp("31"))),
	// A byte-order mark anywhere but at the start of the file is garbage.
	badLine("\xEF\xBB\xBF"+`{"id":32,"text":"bom mid-file"}`, BadJSON),
	// 45: no final newline.
	goodL(`{"id":33,"text":"last line, no newline","label":1}`, "last line, no newline", "1", LabelNumber, strp("33")),
}

func messyBytes() []byte {
	var b bytes.Buffer
	for i, l := range messyLines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l.raw)
	}
	return b.Bytes()
}

// TestMessyFixture checks that the committed fixture is messyLines, so that
// the expectations below describe the file; go test -update rewrites it.
func TestMessyFixture(t *testing.T) {
	want := messyBytes()
	if *update {
		if err := os.MkdirAll(filepath.Dir(messyPath), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(messyPath, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(messyPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs from messyLines; run go test ./internal/ingest -run TestMessyFixture -update", messyPath)
	}
	if !bytes.HasPrefix(got, bom) || !bytes.Contains(got, []byte("\r\n")) || bytes.HasSuffix(got, []byte("\n")) {
		t.Errorf("%s lost its BOM, its CRLF lines or its missing final newline", messyPath)
	}
}

// messyWant is what Run must give for the fixture read with opts, derived
// from messyLines. Only Text and LenientJSON change between the runs: Text
// is ["text"], ["meta.body"] or ["text", "meta.body"].
func messyWant(text []string, lenient bool) result {
	var want result
	for i, l := range messyLines {
		n := int64(i + 1)
		if l.strictKind != "" && !lenient {
			l = badLine(l.raw, l.strictKind)
		}
		kind, row := l.kind, gotRow{N: n, Text: l.text, Label: l.label, ID: l.id}
		switch strings.Join(text, ",") {
		case "meta.body":
			// Only lines 31 and 32 have a meta.body; every other object
			// fails on its text before its label or id is looked at.
			switch {
			case n == 31:
				kind, row = "", gotRow{N: n, Text: "nested body", Label: strp("news")}
			case n == 32:
				kind, row.Text = "", "deep é"
			case kind != kindBlank && kind != BadJSON && kind != BadNotObject:
				kind = BadMissingText
			}
		case "text,meta.body":
			// With several text fields a null one is skipped like a
			// missing one, and present ones are joined with "\n".
			switch {
			case n == 31:
				kind, row = "", gotRow{N: n, Text: "nested body", Label: strp("news")}
			case n == 32:
				row.Text = "top\ndeep é"
			case kind == BadNullText:
				kind = BadMissingText
			}
		}
		switch kind {
		case "":
			want.Rows = append(want.Rows, row)
			if row.Label != nil {
				want.LabelKinds[l.lkind]++
			}
		case kindBlank:
			want.Blank++
		default:
			want.Bad = append(want.Bad, gotBad{N: n, Kind: kind, Rows: 1, ID: messyBadID(l, kind)})
		}
	}
	return want
}

// messyBadID is the id a bad record of kind carries (BadRecord.ID): the
// id of a line that is a JSON object, a string or number, when the
// record was made bad after its object was read.
func messyBadID(l messyLine, kind string) string {
	switch kind {
	case BadJSON, BadNotObject, BadDuplicateKey, BadLongLine:
		return ""
	}
	if l.id != nil {
		return *l.id // a row's id (a row read with another --text is a bad record)
	}
	raw := l.raw
	var obj map[string]json.RawMessage
	if json.Unmarshal([]byte(strings.TrimPrefix(raw, "\xEF\xBB\xBF")), &obj) != nil {
		return ""
	}
	id := obj["id"]
	var s string
	if json.Unmarshal(id, &s) == nil {
		return s
	}
	var f json.Number
	if json.Unmarshal(id, &f) == nil {
		return string(id)
	}
	return ""
}

func TestRunMessyJSONL(t *testing.T) {
	inputs, err := Expand([]string{messyPath})
	if err != nil {
		t.Fatal(err)
	}
	if got := inputs[0]; got.Format != JSONL || got.Compression != source.None {
		t.Fatalf("Expand(%q) = %+v, want plain JSONL", messyPath, got)
	}
	for _, lenient := range []bool{false, true} {
		for _, text := range [][]string{{"text"}, {"meta.body"}, {"text", "meta.body"}} {
			want := messyWant(text, lenient)
			for _, workers := range []int{1, 3} {
				for _, chunk := range []int{1, 64, 100, 0} {
					name := fmt.Sprintf("lenient=%v/text=%s/workers=%d/chunk=%d", lenient, strings.Join(text, ","), workers, chunk)
					t.Run(name, func(t *testing.T) {
						opts := Options{Text: text, Label: "label", ID: "id", Workers: workers, ChunkBytes: chunk, LenientJSON: lenient}
						got, err := collect(t, inputs, opts)
						if err != nil {
							t.Fatalf("Run: %v", err)
						}
						got.Batches = 0
						if diff := cmp.Diff(want, got); diff != "" {
							t.Errorf("Run(messy.jsonl) mismatch (-want +got):\n%s", diff)
						}
					})
				}
			}
		}
	}
}

// TestRunMessyJSONLLabelKindsCount spells the label kinds out, so that a
// mistake in messyWant cannot hide one in Run.
func TestRunMessyJSONLLabelKindsCount(t *testing.T) {
	inputs, err := Expand([]string{messyPath})
	if err != nil {
		t.Fatal(err)
	}
	got, err := collect(t, inputs, Options{Text: []string{"text"}, Label: "label", Workers: 2, ChunkBytes: 64})
	if err != nil {
		t.Fatal(err)
	}
	// Line 43's string label is not read: the line is not RFC 8259 JSON.
	want := [NumLabelKinds]int64{LabelString: 9, LabelNumber: 4, LabelBool: 2}
	if got.LabelKinds != want {
		t.Errorf("LabelKinds = %v, want %v", got.LabelKinds, want)
	}
	if got.Blank != 3 {
		t.Errorf("Blank = %d, want 3", got.Blank)
	}
	if len(got.Rows)+len(got.Bad)+int(got.Blank) != len(messyLines) || len(messyLines) != 45 {
		t.Errorf("%d rows + %d bad + %d blank, want %d lines", len(got.Rows), len(got.Bad), got.Blank, 45)
	}
}
