package shard

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/dataaudit/dataaudit/internal/audit"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/profile"
)

// messy is JSONL with what a range boundary can cut: a BOM, CRLF line
// ends, blank lines, invalid and over-long records, a line longer than a
// shard, and no newline at the end.
func messy() string {
	var b strings.Builder
	b.WriteString("\ufeff{\"text\":\"first line after a BOM\"}\r\n")
	for i := range 60 {
		switch i % 7 {
		case 0:
			b.WriteString("\n")
		case 1:
			b.WriteString("{\"text\": not json}\n")
		case 2:
			fmt.Fprintf(&b, "{\"text\":%q}\n", strings.Repeat("long words here ", 40))
		case 3:
			fmt.Fprintf(&b, "{\"text\":\"crlf %d\"}\r\n", i)
		default:
			fmt.Fprintf(&b, "{\"text\":\"row %d of the messy file\",\"label\":%q}\n", i, []string{"a", "b"}[i%2])
		}
	}
	b.WriteString("{\"text\":\"last, without a newline\"}")
	return b.String()
}

// corpus returns test inputs: the repository's sample, the messy file,
// and, when the machine has it, about 3 MB of a real mail corpus cut
// mid-line.
func corpus(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	paths := []string{filepath.Join("..", "..", "testdata", "sample.jsonl")}
	m := filepath.Join(dir, "messy.jsonl")
	if err := os.WriteFile(m, []byte(messy()), 0o644); err != nil {
		t.Fatal(err)
	}
	paths = append(paths, m)
	if f, err := os.Open("/work/bench-data/corpus-30MB-s1.jsonl"); err == nil {
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, 3<<20+12345))
		if err != nil {
			t.Fatal(err)
		}
		c := filepath.Join(dir, "corpus-3MB.jsonl")
		if err := os.WriteFile(c, b, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, c)
	}
	return paths
}

func expand(t *testing.T, paths []string) []ingest.Input {
	t.Helper()
	in, err := ingest.Expand(paths)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ingest.Close(in) })
	return in
}

// plan plans, counts and lines inputs as the pipeline does.
func plan(t *testing.T, in []ingest.Input, size int64) []Shard {
	t.Helper()
	p, err := Plan(in, size)
	if err != nil {
		t.Fatal(err)
	}
	counted := make([]Shard, len(p))
	for i, s := range p {
		if counted[len(p)-1-i], err = Count(context.Background(), in[s.File], s); err != nil {
			t.Fatal(err) // reversed: Lines takes them in any order
		}
	}
	lined, err := Lines(counted, in)
	if err != nil {
		t.Fatal(err)
	}
	return lined
}

// TestLines checks that the ranges of a file tile it at line starts and
// that each range's first line number is the file's.
func TestLines(t *testing.T) {
	data := messy()
	path := filepath.Join(t.TempDir(), "m.jsonl")
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	in := expand(t, []string{path})
	for _, size := range []int64{1, 7, 64, 333, int64(len(data)) - 1} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			at := int64(0)
			for _, s := range plan(t, in, size) {
				if !s.Ranged {
					t.Fatalf("shard %d is whole; want ranges of %d bytes", s.Index, size)
				}
				if s.Start != at {
					t.Fatalf("shard %d starts at %d, want %d (the previous end)", s.Index, s.Start, at)
				}
				if s.Start > 0 && data[s.Start-1] != '\n' {
					t.Fatalf("shard %d starts at %d, not a line start", s.Index, s.Start)
				}
				if want := 1 + int64(strings.Count(data[:s.Start], "\n")); s.FirstLine != want {
					t.Fatalf("shard %d at %d: FirstLine = %d, want %d", s.Index, s.Start, s.FirstLine, want)
				}
				at = s.End
			}
			if at != int64(len(data)) {
				t.Fatalf("the shards end at %d, want %d", at, len(data))
			}
		})
	}
}

// positions reads inputs, all at once or shard by shard, and returns
// every row's and bad record's position and the blank lines.
func positions(t *testing.T, in []ingest.Input, shards []Shard) (pos []string, blank int64) {
	t.Helper()
	var mu sync.Mutex
	read := func(sp *ingest.Span) {
		err := ingest.Run(context.Background(), in, ingest.Options{Text: []string{"text"}, Workers: 2, ChunkBytes: 300, Span: sp}, func(_ int, b *ingest.Batch) error {
			defer b.Record.Release()
			mu.Lock()
			defer mu.Unlock()
			for i := range int(b.Record.NumRows()) {
				pos = append(pos, fmt.Sprintf("%d:%d row", b.File, b.Pos(i).N))
			}
			for _, r := range b.Bad {
				pos = append(pos, fmt.Sprintf("%d:%d %s", r.Pos.File, r.Pos.N, r.Kind))
			}
			blank += b.Blank
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if shards == nil {
		read(nil)
	}
	for _, s := range shards {
		read(s.Span())
	}
	slices.Sort(pos)
	return pos, blank
}

// TestPositions checks that a file read in shards gives every record at
// the line the whole file gives it, bad records and blank lines included.
func TestPositions(t *testing.T) {
	in := expand(t, corpus(t)[:2])
	want, wantBlank := positions(t, in, nil)
	for _, size := range []int64{0, 37, 700, 100000} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			got, blank := positions(t, in, plan(t, in, size))
			if !slices.Equal(got, want) || blank != wantBlank {
				t.Fatalf("positions(%d-byte shards) = %d records, %d blank lines, want %d, %d; first difference %q",
					size, len(got), blank, len(want), wantBlank, firstDiff(got, want))
			}
		})
	}
}

func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return a[i] + " vs " + b[i]
		}
	}
	return "(one is a prefix of the other)"
}

// opts are dataaudit profile's defaults.
func opts() profile.Options {
	return profile.Options{
		Ingest: ingest.Options{Text: []string{"text"}, Label: "label", ChunkBytes: 512 << 10, MaxLineBytes: 256 << 20,
			MaxPageBytes: ingest.DefaultMaxPageBytes, DetectShape: true},
		TopN: profile.DefaultTopN, Tokenizer: audit.WordTokenizer(), ToolVersion: "test",
	}
}

// OneProcess is dataaudit profile's profile of paths, written.
func OneProcess(t testing.TB, paths []string, o profile.Options) []byte {
	t.Helper()
	p, err := audit.Profile(context.Background(), &audit.ProfileConfig{
		Inputs: paths, Ingest: o.Ingest, Top: o.TopN, Tokenizer: o.Tokenizer, NoHash: o.NoHash, ToolVersion: o.ToolVersion,
	}, audit.Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := profile.Write(&b, p); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestProfile checks that the shards' states, merged, make the profile
// dataaudit profile makes, whatever the shard size.
func TestProfile(t *testing.T) {
	paths := corpus(t)
	in := expand(t, paths)
	o := opts()
	want := OneProcess(t, paths, o)
	for _, size := range []int64{0, 7919, 65536, 1 << 20} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			var parts []Part
			for _, s := range plan(t, in, size) {
				p, err := ReadProfile(context.Background(), in, s, o)
				if err != nil {
					t.Fatal(err)
				}
				parts = append(parts, p, Part{Index: s.Index, File: s.File, Planned: true})
			}
			for i := range in {
				h, err := HashPart(context.Background(), in, i)
				if err != nil {
					t.Fatal(err)
				}
				parts = append(parts, h)
			}
			slices.Reverse(parts) // the runner's order is any
			p, err := MergeProfile(in, parts, o)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := profile.Write(&got, p); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Fatalf("profile of %d-byte shards differs from dataaudit profile's:\n%s", size, lineDiff(got.String(), string(want)))
			}
			// A lost shard is an error, never a smaller profile.
			if len(parts) > 2 {
				var lost []Part
				for _, p := range parts {
					if p.Planned || p.Index < 0 || p.Index != 0 {
						lost = append(lost, p)
					}
				}
				if _, err := MergeProfile(in, lost, o); err == nil || !strings.Contains(err.Error(), "never came") {
					t.Fatalf("MergeProfile without shard 0's state = %v, want an error", err)
				}
			}
		})
	}
}

func lineDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d: %q\n   want %q", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(al), len(bl))
}
