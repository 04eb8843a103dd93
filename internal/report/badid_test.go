package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/finding"
)

// TestBadRecordNamedByID: the text report names a bad record by its id
// and, when that is not its place, by its place too (file:line or
// file#row); one without an id by its place alone. Session 31.
func TestBadRecordNamedByID(t *testing.T) {
	row := int64(7)
	d := hostileDoc()
	d.Findings = []finding.Finding{
		{Kind: finding.KindBadRecord, Subkind: "null_text", Rows: []finding.Row{{ID: "r00271", File: "a.jsonl", Line: 272}}, Evidence: "text field \"text\" is null"},
		{Kind: finding.KindBadRecord, Subkind: "null_text", Rows: []finding.Row{{ID: "id-7", File: "b.parquet", Row: &row}}, Evidence: "text is null"},
		{Kind: finding.KindBadRecord, Subkind: "missing_text", Rows: []finding.Row{{ID: "a.jsonl:9", File: "a.jsonl", Line: 9}}, Evidence: "text field \"text\" is missing"},
	}
	d.Summary.FindingsByKind = map[string]int64{finding.KindBadRecord: 3}
	var b bytes.Buffer
	if err := WriteText(&b, d, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, w := range []string{"    r00271 (a.jsonl:272)  [null_text]", "    id-7 (b.parquet#7)  [null_text]", "    a.jsonl:9  [missing_text]"} {
		if !strings.Contains(out, w) {
			t.Errorf("WriteText(...) lacks %q:\n%s", w, out)
		}
	}
}
