package textread

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/ingest/batch"
	"github.com/dataaudit/dataaudit/internal/source"
)

// refProbe is the probe without its early stop: every one of the first
// probeLines lines is parsed before the result.
func refProbe(data []byte, in source.Input, opts *batch.Options) error {
	pr := newProber(opts)
	lines := bytes.SplitAfter(data, []byte("\n"))
	for i, line := range lines {
		if i == probeLines {
			break
		}
		if l := trimLine(line); len(l) > 0 {
			pr.add(l)
		}
	}
	return pr.result(in)
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// probeLinesOf is a JSONL input of n records: fields(i) gives record i's
// fields besides a text of pad bytes.
func probeLinesOf(n, pad int, fields func(i int) string) []byte {
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, `{%s"body":%q}`+"\n", fields(i), strings.Repeat("x", pad))
	}
	return b.Bytes()
}

// TestProbeStopsWhenComplete: the probe reads no further than the records
// that have every field asked for (one buffer's worth here), and decides
// as the probe that parses its first probeLines records: a field found
// late is found, and a missing one is an error naming the fields of all
// of them.
func TestProbeStopsWhenComplete(t *testing.T) {
	in := source.Input{Path: "probe.jsonl", Format: source.JSONL}
	all := func(int) string { return `"text":"t","label":"l",` }
	late := func(i int) string {
		if i == 700 {
			return `"text":"t","label":"l",`
		}
		return `"text":"t",`
	}
	zeta := func(i int) string {
		if i == 900 {
			return `"zeta":1,"text":"t",`
		}
		return `"text":"t",`
	}
	chat := func(int) string { return `"messages":[{"role":"user","content":"hi"}],"label":"l",` }
	inputOnly := func(int) string { return `"input":"x","label":"l",` }
	for _, tc := range []struct {
		name     string
		data     []byte
		opts     batch.Options
		maxRead  int // bytes the probe may read; 0: no bound
		wantErr  string
		wantKeys string
	}{
		{"all fields first", probeLinesOf(3000, 1000, all), batch.Options{Text: []string{"text"}, Label: "label"}, 128 << 10, "", ""},
		{"label late", probeLinesOf(3000, 100, late), batch.Options{Text: []string{"text"}, Label: "label"}, 0, "", ""},
		{"label missing", probeLinesOf(3000, 100, zeta), batch.Options{Text: []string{"text"}, Label: "label"}, 0, `no field "label" in the first 1000 records`, "body, text, zeta"},
		{"two texts", probeLinesOf(3000, 1000, all), batch.Options{Text: []string{"text", "label"}}, 128 << 10, "", ""},
		{"shape stands for text", probeLinesOf(3000, 1000, chat), batch.Options{Text: []string{"text"}, Label: "label", DetectShape: true}, 128 << 10, "", ""},
		{"shape not detected", probeLinesOf(3000, 100, chat), batch.Options{Text: []string{"text"}, Label: "label"}, 0, `no field "text"`, "body, label, messages"},
		{"input is no text", probeLinesOf(3000, 100, inputOnly), batch.Options{Text: []string{"text"}, Label: "label", DetectShape: true}, 0, `no field "text"`, "body, input, label"},
		{"no text asked", probeLinesOf(3000, 100, zeta), batch.Options{Label: "label", DetectShape: true}, 0, `no field "label"`, "body, text, zeta"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cr := &countingReader{r: bytes.NewReader(tc.data)}
			err := probeReader(cr, in, &tc.opts)
			ref := refProbe(tc.data, in, &tc.opts)
			if fmt.Sprint(err) != fmt.Sprint(ref) {
				t.Errorf("probe = %v, the probe of all %d records = %v", err, probeLines, ref)
			}
			if tc.wantErr == "" && err != nil {
				t.Errorf("probe = %v, want no error", err)
			}
			if tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), tc.wantKeys)) {
				t.Errorf("probe = %v, want %q naming %s", err, tc.wantErr, tc.wantKeys)
			}
			if tc.maxRead > 0 && cr.n > tc.maxRead {
				t.Errorf("probe read %d bytes, want at most %d: it should stop at the first record with every field", cr.n, tc.maxRead)
			}
		})
	}
}

// TestProbeArrayStopsWhenComplete is TestProbeStopsWhenComplete for a
// JSON array's elements.
func TestProbeArrayStopsWhenComplete(t *testing.T) {
	in := source.Input{Path: "probe.json", Format: source.JSONArray}
	var b bytes.Buffer
	b.WriteString("[")
	for i := range 3000 {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"text":"t","label":"l","body":%q}`, strings.Repeat("x", 1000))
	}
	b.WriteString("]")
	cr := &countingReader{r: bytes.NewReader(b.Bytes())}
	if err := probeReader(cr, in, &batch.Options{Text: []string{"text"}, Label: "label"}); err != nil {
		t.Fatal(err)
	}
	if cr.n > 2<<20 {
		t.Errorf("probe read %d bytes of the array, want at most %d: it should stop at the first element with every field", cr.n, 2<<20)
	}
	cr = &countingReader{r: bytes.NewReader(b.Bytes())}
	if err := probeReader(cr, in, &batch.Options{Text: []string{"text"}, Label: "lbl"}); err == nil || !strings.Contains(err.Error(), `no field "lbl"`) {
		t.Errorf("probe for a missing label = %v, want the missing field named", err)
	}
}
