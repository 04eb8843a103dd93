package shards

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/source"
)

// A state file is what a shard writes and a merge reads: the shard's
// settings and file table, then its analyses' encoded states (each
// headed by its spec's name and version: analysis.Encode), then the
// SHA-256 of everything before it, so that a truncated or damaged file
// is refused:
//
//	+--------------+------+-----------+-----------+--------------------------+
//	| "DASHARDS\x03" | kind | uvarint K | uvarint N | settings (string, JSON)  |
//	+--------------+------+-----------+-----------+--------------------------+
//	| inputs: uvarint n, (path, format, compression, uvarint size, url)…     |
//	| skipped: uvarint n, (path, reason)…                                     |
//	| splits: byte 0, or 1 then a split name per input                        |
//	| hashes: uvarint n (0 or one per input), (hex SHA-256 or "")…            |
//	| first: hex SHA-256 of the merged first pass a second pass ran on, or "" |
//	| states: uvarint n, (spec name, uvarint len, analysis.Encode bytes)…     |
//	+--------------------------------------------------------------------------+
//	| SHA-256 of all the above (32 bytes)                                     |
//	+--------------------------------------------------------------------------+
//
// Strings are analysis.AppendString's. Every shard of one job writes the
// same settings, inputs, skipped inputs and splits: a merge refuses
// states that differ in any of them. An input's url is "" for a file,
// and for an object the URL that reopens it (source.Input.URL: with the
// driver's query, which its path leaves out), so that a merge reads the
// objects again for excerpts (format 2; format 1 had no url).
//
// Format 3 has format 2's layout; what changed is what a row's position
// means in a JSON array input: its element (format 3), where format 2
// had its line. A format 2 file is read if it has no JSON array input,
// and refused otherwise (format2Arrays): merged with format 3 shards,
// lines and elements would mix, and read back for excerpts its lines
// would name other rows.
const fileMagic = "DASHARDS\x03"

// format2 is the magic of format 2 files, read when they have no JSON
// array input.
const format2 = "DASHARDS\x02"

// Kind says what a state file holds.
type Kind uint8

// The kinds of state files.
const (
	// KindProfile is a shard of a profile: the token summary's state
	// (stats.Spec) and the rows per file (stats.FileRowsSpec), and the
	// SHA-256 of the files whose first byte the shard owns.
	KindProfile Kind = 1 + iota
	// KindScan is a shard of a scan: the first pass of every analysis.
	KindScan
	// KindScanFirst is the merge of the KindScan shards of a scan some
	// of whose analyses read the input twice: every first pass, merged,
	// for the shards' second passes to be built from.
	KindScanFirst
	// KindScanSecond is a shard's second passes, run on a KindScanFirst
	// (named by the SHA-256 of its file).
	KindScanSecond
)

func (k Kind) String() string {
	switch k {
	case KindProfile:
		return "a profile shard"
	case KindScan:
		return "a scan shard"
	case KindScanFirst:
		return "a scan's merged first pass"
	case KindScanSecond:
		return "a scan shard's second pass"
	}
	return fmt.Sprintf("kind %d", k)
}

// File is a state file.
type File struct {
	Kind  Kind
	Shard Shard
	// Settings are the command's settings that shape the states, as
	// JSON; every shard of a job has the same.
	Settings []byte
	Inputs   []Input
	Skipped  []ingest.Skipped
	// Splits names the dataset split of each input, nil for none.
	Splits []string
	// Hashes are the hex SHA-256 of the inputs the shard hashed, by
	// file index ("" for the others); nil when none was.
	Hashes []string
	// First is the hex SHA-256 of the KindScanFirst file a
	// KindScanSecond shard ran on.
	First  string
	States []State
}

// Input is one input of the run's file table.
type Input struct {
	Path, Format, Compression string
	Size                      int64
	URL                       string // an object's URL (source.Input.URL), "" for a file
}

// State is an analysis' encoded state.
type State struct {
	Name string // its spec's name
	Data []byte // analysis.Encode's bytes
}

// InputsOf returns the file table of inputs.
func InputsOf(inputs []ingest.Input) []Input {
	out := make([]Input, len(inputs))
	for i, in := range inputs {
		out[i] = Input{Path: in.Path, Format: in.Format.String(), Compression: in.Compression.String(), Size: in.Size}
		if in.IsObject() {
			out[i].URL = in.URL()
		}
	}
	return out
}

// Ingest returns the inputs of the file table as ingest inputs (for a
// report's input list, and to read the rows of findings again): an
// object is read at its URL.
func (f *File) Ingest() ([]ingest.Input, error) {
	out := make([]ingest.Input, len(f.Inputs))
	for i, in := range f.Inputs {
		out[i] = ingest.Input{Path: in.Path, Size: in.Size}
		var ok bool
		if out[i].Format, ok = parse(in.Format, source.Format.String); !ok {
			return nil, fmt.Errorf("input %s: unknown format %q", in.Path, in.Format)
		}
		if out[i].Compression, ok = parse(in.Compression, source.Compression.String); !ok {
			return nil, fmt.Errorf("input %s: unknown compression %q", in.Path, in.Compression)
		}
		if in.URL != "" {
			var err error
			if out[i], err = out[i].WithURL(context.Background(), in.URL); err != nil {
				return nil, fmt.Errorf("input %s: %w", in.Path, err)
			}
		}
	}
	return out, nil
}

// parse returns the value of a small enumeration whose String is s.
func parse[T ~uint8](s string, str func(T) string) (T, bool) {
	for v := range 64 {
		if str(T(v)) == s {
			return T(v), true
		}
	}
	return 0, false
}

// Encode returns the file's bytes.
func (f *File) Encode() []byte {
	b := append([]byte(fileMagic), byte(f.Kind))
	b = binary.AppendUvarint(b, uint64(f.Shard.K))
	b = binary.AppendUvarint(b, uint64(f.Shard.N))
	b = analysis.AppendString(b, string(f.Settings))
	b = binary.AppendUvarint(b, uint64(len(f.Inputs)))
	for _, in := range f.Inputs {
		b = analysis.AppendString(b, in.Path)
		b = analysis.AppendString(b, in.Format)
		b = analysis.AppendString(b, in.Compression)
		b = binary.AppendUvarint(b, uint64(in.Size))
		b = analysis.AppendString(b, in.URL)
	}
	b = binary.AppendUvarint(b, uint64(len(f.Skipped)))
	for _, s := range f.Skipped {
		b = analysis.AppendString(b, s.Path)
		b = analysis.AppendString(b, s.Reason)
	}
	if f.Splits == nil {
		b = append(b, 0)
	} else {
		b = append(b, 1)
		for _, s := range f.Splits {
			b = analysis.AppendString(b, s)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(f.Hashes)))
	for _, h := range f.Hashes {
		b = analysis.AppendString(b, h)
	}
	b = analysis.AppendString(b, f.First)
	b = binary.AppendUvarint(b, uint64(len(f.States)))
	for _, s := range f.States {
		b = analysis.AppendString(b, s.Name)
		b = analysis.AppendString(b, string(s.Data))
	}
	sum := sha256.Sum256(b)
	return append(b, sum[:]...)
}

// Sum is the hex SHA-256 of a state file's bytes, which names it in a
// KindScanSecond file's First.
func Sum(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// IsState reports whether data starts as a state file does.
func IsState(data []byte) bool { return bytes.HasPrefix(data, []byte(fileMagic[:len(fileMagic)-1])) }

// Decode reads a state file, refusing one that is damaged or truncated.
func Decode(data []byte) (*File, error) {
	if !IsState(data) {
		return nil, errors.New("not a dataaudit state file")
	}
	if len(data) < len(fileMagic) {
		return nil, errors.New("state file truncated")
	}
	old := bytes.HasPrefix(data, []byte(format2))
	if !old && !bytes.HasPrefix(data, []byte(fileMagic)) {
		return nil, fmt.Errorf("a state file of format %d, this dataaudit reads %d (and 2 without JSON array inputs)", data[len(fileMagic)-1], fileMagic[len(fileMagic)-1])
	}
	if len(data) < len(fileMagic)+sha256.Size {
		return nil, errors.New("state file truncated")
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if s := sha256.Sum256(body); !bytes.Equal(s[:], sum) {
		return nil, errors.New("state file damaged or truncated: its checksum does not match")
	}
	r := analysis.NewReader(body[len(fileMagic):])
	f := &File{Kind: Kind(r.Byte("kind"))}
	f.Shard.K = r.Int("shard", 1<<20)
	f.Shard.N = r.Int("shards", 1<<20)
	f.Settings = []byte(r.String("settings"))
	n := r.Count("inputs", 5)
	for range n {
		in := Input{Path: r.String("input"), Format: r.String("format"), Compression: r.String("compression")}
		in.Size = int64(r.Int("size", 1<<62))
		in.URL = r.String("url")
		f.Inputs = append(f.Inputs, in)
	}
	n = r.Count("skipped inputs", 2)
	for range n {
		f.Skipped = append(f.Skipped, ingest.Skipped{Path: r.String("skipped"), Reason: r.String("reason")})
	}
	switch r.Byte("splits") {
	case 0:
	case 1:
		f.Splits = make([]string, len(f.Inputs))
		for i := range f.Splits {
			f.Splits[i] = r.String("split")
		}
	default:
		return nil, errors.New("state file: its splits are neither absent (0) nor listed (1)")
	}
	n = r.Count("hashes", 1)
	for range n {
		f.Hashes = append(f.Hashes, r.String("hash"))
	}
	f.First = r.String("first pass")
	n = r.Count("states", 2)
	for range n {
		f.States = append(f.States, State{Name: r.String("state name"), Data: []byte(r.String("state"))})
	}
	if err := r.Close(); err != nil {
		return nil, fmt.Errorf("state file: %w", err)
	}
	switch {
	case old && format2Arrays(f) != "":
		return nil, fmt.Errorf("a state file of format 2, written by a dataaudit that numbered the rows of a JSON array input (%s) by line, where this one numbers them by element: its positions would name other rows; run its shards again with this dataaudit", format2Arrays(f))
	case f.Kind < KindProfile || f.Kind > KindScanSecond:
		return nil, fmt.Errorf("state file of unknown kind %d", f.Kind)
	case f.Shard.N < 1 || f.Shard.K >= f.Shard.N:
		return nil, fmt.Errorf("state file of shard %s", f.Shard)
	case f.Hashes != nil && len(f.Hashes) != len(f.Inputs):
		return nil, fmt.Errorf("state file: %d hashes for %d inputs", len(f.Hashes), len(f.Inputs))
	}
	return f, nil
}

// format2Arrays returns the first JSON array input of f, "" for none.
func format2Arrays(f *File) string {
	for _, in := range f.Inputs {
		if in.Format == source.JSONArray.String() {
			return in.Path
		}
	}
	return ""
}

// Named is a state file and the name it was read from.
type Named struct {
	Name string
	*File
}

// Complete checks that files are the N shards of one job, each once,
// all of kind k, and returns them in shard order.
func Complete(files []Named, k Kind) ([]Named, error) {
	if len(files) == 0 {
		return nil, errors.New("no state file")
	}
	n := files[0].Shard.N
	byK := make([]*Named, n)
	for i := range files {
		f := &files[i]
		switch {
		case f.Kind != k:
			return nil, fmt.Errorf("%s is %s, not %s", f.Name, f.Kind, k)
		case f.Shard.N != n:
			return nil, fmt.Errorf("%s is shard %s and %s shard %s: the shards of one job share N", f.Name, f.Shard, files[0].Name, files[0].Shard)
		case byK[f.Shard.K] != nil:
			return nil, fmt.Errorf("shard %s given twice: %s and %s", f.Shard, byK[f.Shard.K].Name, f.Name)
		}
		if err := same(&files[0], f); err != nil {
			return nil, err
		}
		byK[f.Shard.K] = f
	}
	var missing []string
	out := make([]Named, 0, n)
	for k, f := range byK {
		if f == nil {
			missing = append(missing, Shard{k, n}.String())
			continue
		}
		out = append(out, *f)
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%d of %d shards missing: %v", len(missing), n, missing)
	}
	return out, nil
}

// same refuses two state files of different jobs: other settings,
// inputs or splits.
func same(a, b *Named) error {
	switch {
	case !bytes.Equal(a.Settings, b.Settings):
		return fmt.Errorf("%s and %s were made with other settings:\n  %s\n  %s", a.Name, b.Name, a.Settings, b.Settings)
	case !slices.Equal(a.Inputs, b.Inputs):
		return fmt.Errorf("%s and %s read other inputs (or the inputs changed between them)", a.Name, b.Name)
	case !slices.Equal(a.Skipped, b.Skipped) || !slices.Equal(a.Splits, b.Splits):
		return fmt.Errorf("%s and %s read other inputs: their skipped files or splits differ", a.Name, b.Name)
	}
	return nil
}

// Same refuses two state files of different jobs (see Complete).
func Same(a, b Named) error { return same(&a, &b) }
