package shards

import (
	"bytes"
	"crypto/sha256"
	"reflect"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/ingest"
)

// seedFiles are state files of every kind and shape, for the tests of
// Decode.
func seedFiles() []*File {
	return []*File{
		{Kind: KindProfile, Shard: Shard{0, 1}, Settings: []byte(`{}`)},
		{Kind: KindScan, Shard: Shard{2, 3}, Settings: []byte(`{"Top":10}`),
			Inputs:  []Input{{Path: "a.jsonl", Format: "jsonl", Compression: "none", Size: 120}, {Path: "b", Format: "parquet", Compression: "none", Size: 7, URL: "s3://b/b?region=x"}},
			Skipped: []ingest.Skipped{{Path: "c", Reason: "not a corpus"}},
			Splits:  []string{"train", "test"}, Hashes: []string{"ab", ""},
			States: []State{{Name: "stats", Data: []byte{1, 2, 3}}, {Name: "dups.exact", Data: nil}}},
		{Kind: KindScanSecond, Shard: Shard{1, 2}, Settings: []byte(`{}`), First: "00ff",
			Inputs: []Input{{Path: "a.jsonl", Format: "jsonl", Compression: "gzip", Size: 1 << 40}}},
	}
}

// sealed returns magic + body + the SHA-256 of both: a state file whose
// checksum holds, whatever the body.
func sealed(body []byte) []byte {
	b := append([]byte(fileMagic), body...)
	sum := sha256.Sum256(b)
	return append(b, sum[:]...)
}

// FuzzDecode feeds Decode state files whose checksum holds but whose body
// is arbitrary: Decode returns a file or an error, never panics, and a
// file it accepts encodes to bytes that decode to it, and goes through Complete and Ingest without a panic.
func FuzzDecode(f *testing.F) {
	for _, s := range seedFiles() {
		b := s.Encode()
		f.Add(b[len(fileMagic) : len(b)-sha256.Size])
	}
	f.Add([]byte("DASHARDS"))
	f.Fuzz(func(t *testing.T, body []byte) {
		Decode(body) // no panic, whatever the bytes
		data := sealed(body)
		file, err := Decode(data)
		if err != nil {
			return
		}
		again, err := Decode(file.Encode())
		if err != nil || !reflect.DeepEqual(again, file) {
			t.Errorf("Decode(Decode(%q).Encode()) = %+v, %v, want %+v", data, again, err, file)
		}
		if _, err := Complete([]Named{{Name: "a", File: file}, {Name: "b", File: file}}, file.Kind); err == nil && file.Shard.N < 2 {
			t.Errorf("Complete of one shard given twice: no error")
		}
		file.Ingest()
	})
}

// TestDecodeRefuses: a state file whose checksum holds but whose fields
// do not is refused, saying why.
func TestDecodeRefuses(t *testing.T) {
	good := seedFiles()[1].Encode()
	body := good[len(fileMagic) : len(good)-sha256.Size]
	// The splits byte follows the skipped inputs' reason.
	at := bytes.Index(body, []byte("not a corpus")) + len("not a corpus")
	splits := func(b byte) []byte {
		c := bytes.Clone(body)
		c[at] = b
		return sealed(c)
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"splits byte 2", splits(2), "splits"},
		{"splits byte '0'", splits('0'), "splits"},
		{"truncated", good[:len(good)-1], "checksum"},
		{"magic without its format", []byte("DASHARDS"), "truncated"},
		{"magic alone", []byte(fileMagic), "truncated"},
		{"shard K = N", sealed(append([]byte{byte(KindScan), 3, 3}, body[3:]...)), "shard 3/3"},
		{"unknown kind", sealed(append([]byte{9}, body[1:]...)), "unknown kind"},
		{"format 1", append([]byte("DASHARDS\x01"), body...), "format 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Decode(tt.data); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Decode(%s) = %v, want an error saying %q", tt.name, err, tt.want)
			}
		})
	}
	if _, err := Decode(sealed(body)); err != nil {
		t.Fatalf("Decode of the good file: %v", err)
	}
}

// TestDecodeFormat2Arrays: a state file of format 2 (before JSON array
// rows were numbered by element) that read a JSON array input is
// refused, naming the input: its positions there are lines, and merged
// with a newer shard's (elements) they would mix, or read back for
// excerpts as elements they would name other rows. A format 2 file of
// other inputs is read as before.
func TestDecodeFormat2Arrays(t *testing.T) {
	format2 := func(f *File) []byte {
		b := f.Encode()
		body := b[len(fileMagic) : len(b)-sha256.Size]
		old := append([]byte("DASHARDS\x02"), body...)
		sum := sha256.Sum256(old)
		return append(old, sum[:]...)
	}
	arrays := &File{Kind: KindScan, Shard: Shard{0, 2}, Settings: []byte(`{}`),
		Inputs: []Input{{Path: "a.jsonl", Format: "jsonl", Compression: "none", Size: 9}, {Path: "rows.json", Format: "json", Compression: "none", Size: 9}}}
	lines := seedFiles()[1]
	tests := []struct {
		name    string
		data    []byte
		wantErr string // "" for none
	}{
		{"format 2 with a JSON array", format2(arrays), "rows.json"},
		{"format 2 of JSONL and Parquet", format2(lines), ""},
		{"this format with a JSON array", arrays.Encode(), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(tt.data)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("Decode(%s) = %v, want no error", tt.name, err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "format 2")):
				t.Errorf("Decode(%s) = %v, want an error naming format 2 and %q", tt.name, err, tt.wantErr)
			}
		})
	}
}
