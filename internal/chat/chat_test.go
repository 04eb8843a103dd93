package chat_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/analysis/analysistest"
	"github.com/dataaudit/dataaudit/internal/chat"
	"github.com/dataaudit/dataaudit/internal/fixtures"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// corpus writes OpenAI chats made of the shipped sample's texts (turns of
// 1 to 4 texts, roles in turn, a system turn every seventh) and returns
// its path with the chat fixtures'.
func corpus(t *testing.T) []string {
	t.Helper()
	root := fixtures.Root()
	f, err := os.Open(filepath.Join(root, "testdata", "sample.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var texts []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var r struct{ Text string }
		if json.Unmarshal(sc.Bytes(), &r) == nil && r.Text != "" {
			texts = append(texts, r.Text)
		}
	}
	path := filepath.Join(t.TempDir(), "chats.jsonl")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	enc := json.NewEncoder(out)
	for i, c := 0, 0; i < len(texts); c++ {
		n := 1 + c%4
		var msgs []map[string]string
		for k := 0; k < n && i < len(texts); k, i = k+1, i+1 {
			role := []string{"user", "assistant"}[k%2]
			if k == 0 && c%7 == 0 {
				role = "system"
			}
			msgs = append(msgs, map[string]string{"role": role, "content": texts[i]})
		}
		if err := enc.Encode(map[string]any{"messages": msgs}); err != nil {
			t.Fatal(err)
		}
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "testdata", "chat")
	return []string{path, filepath.Join(dir, "openai.jsonl"), filepath.Join(dir, "sharegpt.jsonl"), filepath.Join(dir, "alpaca.jsonl"), filepath.Join(dir, "chat.parquet")}
}

func finish(t *testing.T, paths []string, workers int, roles []ingest.Role) string {
	t.Helper()
	inputs, err := ingest.Expand(paths)
	if err != nil {
		t.Fatal(err)
	}
	defer ingest.Close(inputs)
	opts := analysis.Options{Ingest: ingest.Options{Text: []string{"text"}, DetectShape: true, Roles: roles, Workers: workers, ChunkBytes: 16 << 10, BatchRows: 2}}
	all, err := analysis.RunSpecs(context.Background(), inputs, opts, []*analysis.Spec{chat.Spec}, &analysis.Config{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := all[0].Finish(&analysis.Env{Files: paths})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(r.Section)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestLaw: the chat summary of any number of workers is the one of one.
func TestLaw(t *testing.T) {
	paths := corpus(t)
	for _, roles := range [][]ingest.Role{nil, {ingest.RoleUser}} {
		want := finish(t, paths, 1, roles)
		var r chat.Result
		if err := json.Unmarshal([]byte(want), &r); err != nil || r.Shape != "mixed" || r.Prompt == nil || len(r.Roles) == 0 {
			t.Fatalf("one worker: %.300s (%v): want a mixed chat section with prompts and roles", want, err)
		}
		for _, w := range []int{2, 5} {
			t.Run(fmt.Sprintf("roles=%v/workers=%d", roles, w), func(t *testing.T) {
				if got := finish(t, paths, w, roles); got != want {
					t.Errorf("finish(%d workers) = %.400s, want %.400s", w, got, want)
				}
			})
		}
	}
}

// TestFlat: flat text without a prompt or response has no chat section.
func TestFlat(t *testing.T) {
	got := finish(t, []string{filepath.Join(fixtures.Root(), "testdata", "sample.jsonl")}, 2, nil)
	if got != "null" {
		t.Errorf("finish(sample.jsonl) = %.200s, want null", got)
	}
}

// TestWholeTurns: measuring prompts and responses from the turns (the
// fast path of ingest.Batch.WholeTurns) gives the section that measuring
// the prompt and response columns gives.
func TestWholeTurns(t *testing.T) {
	paths := corpus(t)
	inputs, err := ingest.Expand(paths)
	if err != nil {
		t.Fatal(err)
	}
	defer ingest.Close(inputs)
	fast, _ := chat.Spec.New(&analysis.Config{})
	slow, _ := chat.Spec.New(&analysis.Config{})
	whole := 0
	err = ingest.Run(context.Background(), inputs, ingest.Options{Text: []string{"text"}, DetectShape: true, Workers: 1}, func(_ int, b *ingest.Batch) error {
		defer b.Record.Release()
		if b.WholeTurns {
			whole++
		}
		if err := fast.Add(b); err != nil {
			return err
		}
		b.WholeTurns = false
		return slow.Add(b)
	})
	if err != nil {
		t.Fatal(err)
	}
	if whole == 0 {
		t.Fatal("no batch has WholeTurns: the test tests nothing")
	}
	env := &analysis.Env{Files: paths}
	f, _ := fast.Finish(env)
	s, _ := slow.Finish(env)
	fj, _ := json.Marshal(f.Section)
	sj, _ := json.Marshal(s.Section)
	if string(fj) != string(sj) {
		t.Errorf("section from turns = %.600s\nwant (from the columns) %.600s", fj, sj)
	}
}

// TestEncodedShards: the chat corpus cut into random shards, each
// encoded, decoded and merged, gives the one-process section byte for
// byte, with all roles and with one.
func TestEncodedShards(t *testing.T) {
	paths := corpus(t)
	for _, roles := range [][]ingest.Role{nil, {ingest.RoleUser}} {
		for _, k := range []int{1, 3, 8} {
			t.Run(fmt.Sprintf("roles=%v/shards=%d", roles, k), func(t *testing.T) {
				iopts := ingest.Options{Text: []string{"text"}, DetectShape: true, Roles: roles}
				states, want := analysistest.EncodedShardsIn(t, chat.Spec, &analysis.Config{}, paths, iopts, k, uint64(k))
				if len(states) != k || !strings.Contains(string(want), `"prompt"`) || !strings.Contains(string(want), `"roles"`) {
					t.Errorf("%d shards: %d states, result %.300s: want a section with prompts and roles", k, len(states), want)
				}
			})
		}
	}
}

// TestDecodeRefuses: a state of another tokenizer, a bad part flag and
// lengths out of order are refused.
func TestDecodeRefuses(t *testing.T) {
	paths := corpus(t)
	iopts := ingest.Options{Text: []string{"text"}, DetectShape: true}
	states, _ := analysistest.EncodedShardsIn(t, chat.Spec, &analysis.Config{}, paths, iopts, 1, 1)
	h, body, err := analysis.ReadHeader(states[0])
	if err != nil {
		t.Fatal(err)
	}
	head := h.AppendHeader(nil)
	for _, tc := range []struct {
		name  string
		state []byte
	}{
		{"another tokenizer", append(append(append([]byte{}, head...), 3, 'c', 'l', '1'), body[1:]...)},
		{"bad part flag", append(append([]byte{}, head...), 0, 0, 0, 0, 0, 7)},
		{"lengths out of order", append(append([]byte{}, head...), 0, 0, 0, 0, 0, 1, 1, 1, 2, 5, 1, 4, 1)},
		{"bytes after", append(append([]byte{}, states[0]...), 0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := analysis.Decode(chat.Spec, &analysis.Config{}, tc.state); err == nil {
				t.Errorf("Decode(%s) succeeded, want an error", tc.name)
			}
		})
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, state []byte) {
		analysistest.FuzzDecode(t, chat.Spec, &analysis.Config{}, append(chat.Spec.Header().AppendHeader(nil), state...))
	})
}
