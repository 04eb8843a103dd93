package textread

import (
	"os"
	"testing"

	"github.com/dataaudit/dataaudit/internal/ingest/batch"
	"github.com/dataaudit/dataaudit/internal/source"
)

// BenchmarkProbeFile checks the text and label fields of a JSONL file's
// first records (set DA_PROBE_FILE to a corpus; the shipped sample by
// default): the check every scan's analysers wait for before their
// first batch.
func BenchmarkProbeFile(b *testing.B) {
	path := "../../../testdata/sample.jsonl"
	if p := os.Getenv("DA_PROBE_FILE"); p != "" {
		path = p
	}
	ins, err := source.Expand([]string{path})
	if err != nil || len(ins) != 1 {
		b.Skip(err)
	}
	opts := &batch.Options{Text: []string{"text"}, Label: "label"}
	b.ReportAllocs()
	for b.Loop() {
		if err := ProbeFile(ins[0], opts); err != nil {
			b.Fatal(err)
		}
	}
}
