package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestBadRecordPlaces: every rendering of one scan (text, Markdown, HTML,
// JSON, the --findings export) names a bad record read before its id was
// found bad, and the empty_text finding its null or missing text makes,
// by its id and by its line both: a user fixes it in the source.
// A finding about a good row keeps its id alone. Session 32.
func TestBadRecordPlaces(t *testing.T) {
	dir := t.TempDir()
	out := func(name string) string { return filepath.Join(dir, name) }
	code, text, stderr := runCmd(t, "scan", "--quiet", "--label", "label", "--id", "id", sample,
		"--markdown", out("m.md"), "--html", out("h.html"), "--json", out("j.json"), "--findings", out("f.jsonl"))
	if code != exitOK {
		t.Fatalf("scan: exit %d: %s", code, stderr)
	}
	read := func(name string) string {
		b, err := os.ReadFile(out(name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	md, html := read("m.md"), read("h.html")
	// The sample's records bad after their id was read, and the rows a
	// rendering must name them by.
	bad := []struct {
		id, subkind string
		line        int
		emptyText   bool // its text is null or missing: an empty_text finding too
	}{
		{"bad-3", "missing_text", 204, true},
		{"bad-4", "null_text", 252, true},
		{"bad-5", "label_not_scalar", 286, false},
	}
	mdEsc := strings.NewReplacer("_", `\_`).Replace
	for _, b := range bad {
		place := sample + ":" + strconv.Itoa(b.line)
		subkinds := []string{b.subkind}
		if b.emptyText {
			subkinds = append(subkinds, "empty_text")
		}
		for _, sub := range subkinds {
			for _, c := range []struct{ format, out, want string }{
				{"text", text, b.id + " (" + place + ")  [" + sub + "]"},
				{"Markdown", md, "`" + b.id + "` (`" + place + "`) [" + mdEsc(sub) + "]"},
				{"HTML", html, "<code>" + b.id + " (" + place + ")</code></td><td>" + sub + "</td>"},
			} {
				if !strings.Contains(c.out, c.want) {
					t.Errorf("the %s report lacks %q", c.format, c.want)
				}
			}
		}
	}
	// A good row is named by its id alone.
	for _, c := range []struct{ format, out, want string }{
		{"text", text, "\n    spam-2/00815  labelled"},
		{"Markdown", md, "`spam-2/00815` labelled"},
		{"HTML", html, "<code>spam-2/00815</code>"},
	} {
		if !strings.Contains(c.out, c.want) {
			t.Errorf("the %s report lacks %q", c.format, c.want)
		}
	}

	// The JSON report and the export: the id, the file and the line.
	type row struct {
		ID, File string
		Line     int
	}
	var doc struct {
		Findings []struct {
			Kind, Subkind string
			Rows          []row
		}
	}
	if err := json.Unmarshal([]byte(read("j.json")), &doc); err != nil {
		t.Fatal(err)
	}
	jsonRows := map[string]row{}
	for _, f := range doc.Findings {
		if len(f.Rows) > 0 {
			jsonRows[f.Subkind+" "+f.Rows[0].ID] = f.Rows[0]
		}
	}
	exportRows := map[string]row{}
	for _, line := range strings.Split(strings.TrimSpace(read("f.jsonl")), "\n") {
		var r struct {
			Subkind string
			row
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		exportRows[r.Subkind+" "+r.ID] = r.row
	}
	for _, b := range bad {
		want := row{b.id, sample, b.line}
		subkinds := []string{b.subkind}
		if b.emptyText {
			subkinds = append(subkinds, "empty_text")
		}
		for _, sub := range subkinds {
			if got := jsonRows[sub+" "+b.id]; got != want {
				t.Errorf("JSON report: %s finding of %s names %+v, want %+v", sub, b.id, got, want)
			}
			if got := exportRows[sub+" "+b.id]; got != want {
				t.Errorf("--findings: %s finding of %s names %+v, want %+v", sub, b.id, got, want)
			}
		}
	}
}
