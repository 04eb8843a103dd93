package ingest

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestBadRecordIDs: a record the reader makes a bad record after reading
// its object or row (null or missing text, a text of the wrong type, an
// empty CSV text) carries its --id (BadRecord.ID), so that the report
// names it as it names rows; a line that is no object, or a record
// without an id, carries none. Session 31 (evplant13's json_null_text
// and missing_text_field were named by file:line only).
func TestBadRecordIDs(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		name, file, data string
		want             []gotBad
	}{
		{"jsonl", "a.jsonl", `{"id":"a1","text":"hello"}
{"id":"a2","text":null}
{"id":7}
{"text":null}
{"id":"a\u00e9","text":5}
not json
{"id":[1],"text":null}
`, []gotBad{
			{N: 2, Kind: BadNullText, Rows: 1, ID: "a2"},
			{N: 3, Kind: BadMissingText, Rows: 1, ID: "7"},
			{N: 4, Kind: BadNullText, Rows: 1},
			{N: 5, Kind: BadTextType, Rows: 1, ID: "aé"},
			{N: 6, Kind: BadJSON, Rows: 1},
			{N: 7, Kind: BadNullText, Rows: 1},
		}},
		{"json array", "a.json", `[{"id":"e0","text":"hi"},{"id":"e1","text":null},{"id":"e2"}]`, []gotBad{
			{N: 1, Kind: BadNullText, Rows: 1, ID: "e1"},
			{N: 2, Kind: BadMissingText, Rows: 1, ID: "e2"},
		}},
		{"chat", "c.jsonl", `{"id":"m1","messages":null}
{"id":"m2","messages":[{"role":"user","content":"hi there"},{"role":"assistant","content":"hello"}]}
{"id":"m3","instruction":"do","output":null}
`, []gotBad{
			{N: 1, Kind: BadNullText, Rows: 1, ID: "m1"},
			{N: 3, Kind: BadNullText, Rows: 1, ID: "m3"},
		}},
		{"csv", "a.csv", "id,text\nc1,hello\nc2,\n,\n\"c,4\",\n", []gotBad{
			{N: 3, Kind: BadNullText, Rows: 1, ID: "c2"},
			{N: 4, Kind: BadNullText, Rows: 1},
			{N: 5, Kind: BadNullText, Rows: 1, ID: "c,4"},
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, filepath.Join(dir, tt.file), []byte(tt.data))
			inputs, err := Expand([]string{path})
			if err != nil {
				t.Fatal(err)
			}
			opts := Options{Text: []string{"text"}, DetectShape: tt.name == "chat", ID: "id", Workers: 1}
			got, err := collect(t, inputs, opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got.Bad); diff != "" {
				t.Errorf("bad records (-want +got):\n%s", diff)
			}
		})
	}
}
