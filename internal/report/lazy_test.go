package report

import (
	"bytes"
	"testing"

	"github.com/dataaudit/dataaudit/internal/comparison"
)

// TestPagesParseLazily: the pages are parsed on first use, not at init;
// both parse, and the compare page still draws after the report page
// has executed (html/template cannot Clone an executed template, so the
// compare page parses its own copy).
func TestPagesParseLazily(t *testing.T) {
	if htmlPage() == nil || comparePage() == nil || misreadRe() == nil {
		t.Fatal("a page or expression did not parse")
	}
	var b bytes.Buffer
	if err := WriteHTML(&b, &Document{Command: "scan"}); err != nil {
		t.Fatalf("WriteHTML: %v", err)
	}
	b.Reset()
	if err := WriteCompareHTML(&b, &comparison.Report{}, CompareOptions{}); err != nil {
		t.Fatalf("WriteCompareHTML after WriteHTML: %v", err)
	}
	if !bytes.Contains(b.Bytes(), []byte("<!doctype html>")) {
		t.Fatalf("compare page: %.200q", b.String())
	}
}
