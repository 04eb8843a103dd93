package ingest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
)

// arrayChatRow is a row's text, prompt and response, and its shape.
type arrayChatRow struct {
	Text, Prompt, Response string
}

// readChat reads path with shape detection and returns its rows, in order.
func readArrayChat(t *testing.T, path string) []arrayChatRow {
	t.Helper()
	inputs, err := Expand([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	type posRow struct {
		n int64
		r arrayChatRow
	}
	var (
		mu   sync.Mutex
		rows []posRow
	)
	str := func(b *Batch, name string, i int) string {
		c, ok := b.Column(name).(*array.String)
		if !ok || c.IsNull(i) {
			return ""
		}
		return c.Value(i)
	}
	err = Run(context.Background(), inputs, Options{Text: []string{"text"}, DetectShape: true, Workers: 2}, func(_ int, b *Batch) error {
		defer b.Record.Release()
		mu.Lock()
		defer mu.Unlock()
		for i := 0; i < int(b.Record.NumRows()); i++ {
			rows = append(rows, posRow{b.Pos(i).N, arrayChatRow{str(b, ColText, i), str(b, ColPrompt, i), str(b, ColResponse, i)}})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].n < rows[j].n })
	out := make([]arrayChatRow, len(rows))
	for i, r := range rows {
		out[i] = r.r
	}
	return out
}

// TestChatArrays reads each chat fixture as JSONL and as one pretty JSON
// array of the same records: the array reader hands its elements to the
// JSONL decoder, so shapes, prompts and responses must come out the same.
func TestChatArrays(t *testing.T) {
	for _, name := range []string{"openai.jsonl", "sharegpt.jsonl", "alpaca.jsonl"} {
		t.Run(name, func(t *testing.T) {
			src := filepath.Join("..", "..", "testdata", "chat", name)
			data, err := os.ReadFile(src)
			if err != nil {
				t.Fatal(err)
			}
			var arr bytes.Buffer
			arr.WriteString("[\n")
			lines := strings.Split(strings.TrimSpace(string(data)), "\n")
			for i, ln := range lines {
				arr.WriteString("  " + ln)
				if i < len(lines)-1 {
					arr.WriteString(",")
				}
				arr.WriteString("\n")
			}
			arr.WriteString("]\n")
			dst := filepath.Join(t.TempDir(), strings.TrimSuffix(name, ".jsonl")+".json")
			if err := os.WriteFile(dst, arr.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			want, got := readArrayChat(t, src), readArrayChat(t, dst)
			if len(want) == 0 || want[0].Response == "" {
				t.Fatalf("%s: %d rows, first %+v: want rows with a response", src, len(want), want)
			}
			if len(got) != len(want) {
				t.Fatalf("array of %s: %d rows, want %d", name, len(got), len(want))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("array of %s, row %d = %+v, want %+v", name, i, got[i], want[i])
				}
			}
		})
	}
}
