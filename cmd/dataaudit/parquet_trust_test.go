package main

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestParquetDirGoodAndBroken scans a directory holding a good Parquet
// file and one whose footer makes arrow-go panic (a TIME logical type
// without a unit on its string columns): the good file is reported whole,
// the broken one is an unreadable_input finding, exit 2, and no goroutine
// dump reaches the user.
func TestParquetDirGoodAndBroken(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile("../../testdata/parquet/duckdb.parquet")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a-good.parquet"), good, 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("../../testdata/parquet/plain_dict.parquet")
	if err != nil {
		t.Fatal(err)
	}
	// In the Thrift footer, SchemaElement field 10 (logicalType) =
	// {STRING: {}} becomes {TIME: {isAdjustedToUTC: true, unit: {}}}.
	n := int(binary.LittleEndian.Uint32(src[len(src)-8:]))
	footer := src[len(src)-8-n : len(src)-8]
	broken := bytes.ReplaceAll(footer, []byte{0x4c, 0x1c, 0, 0}, []byte{0x4c, 0x7c, 0x11, 0x1c, 0, 0, 0})
	if len(broken) == len(footer) {
		t.Fatal("plain_dict.parquet has no STRING logical type to break")
	}
	data := append(append([]byte{}, src[:len(src)-8-n]...), broken...)
	data = binary.LittleEndian.AppendUint32(data, uint32(len(broken)))
	data = append(data, "PAR1"...)
	if err := os.WriteFile(filepath.Join(dir, "b-broken.parquet"), data, 0o644); err != nil {
		t.Fatal(err)
	}

	doc, code, stderr := scanJSON(t, dir)
	if code != exitError || doc == nil {
		t.Fatalf("scan DIR: exit %d, report %v; want exit %d and a report\nstderr: %s", code, doc != nil, exitError, stderr)
	}
	if strings.Contains(stderr, "goroutine") || strings.Contains(stderr, "panic:") {
		t.Errorf("stderr holds a panic:\n%s", stderr)
	}
	sum := doc["summary"].(map[string]any)
	if got := sum["records_read"].(float64); got != 40 {
		t.Errorf("records_read = %v, want the good file's 40", got)
	}
	if got := sum["unreadable_inputs"].(float64); got != 1 {
		t.Errorf("unreadable_inputs = %v, want 1", got)
	}
	var found bool
	for _, f := range doc["findings"].([]any) {
		f := f.(map[string]any)
		if f["kind"] == "unreadable_input" && strings.Contains(f["evidence"].(string), "b-broken.parquet") && strings.Contains(f["evidence"].(string), "panicked") {
			found = true
		}
	}
	if !found {
		t.Errorf("no unreadable_input finding for b-broken.parquet naming the panic; findings: %v", doc["findings"])
	}
}
