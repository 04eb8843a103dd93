package textread

import (
	"fmt"
	"testing"

	"github.com/dataaudit/dataaudit/internal/ingest/batch"
	"github.com/dataaudit/dataaudit/internal/strictjson"
)

// TestManyPathsMode: with more fields than the strict parser follows, the
// decoder validates with the parser and reads with fastjson (ingest's
// TestStrictManyPaths checks what it reads).
func TestManyPathsMode(t *testing.T) {
	text := []string{"text"}
	for i := range strictjson.MaxPaths {
		text = append(text, fmt.Sprintf("f%d", i))
	}
	if d := NewDecoder(&batch.Options{Text: text}); d.strict == nil || d.spans {
		t.Fatalf("decoder of %d paths: strict %v, spans %v; want a validating parser, no spans", len(text), d.strict != nil, d.spans)
	}
}
