package parquetcompat

import (
	"bytes"
	"encoding/binary"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/pierrec/lz4/v4"
)

// TestHadoopLZ4 decodes Hadoop frames, a bare LZ4 block (older Arrow C++)
// and garbage through the codec registered for compress.Codecs.Lz4.
func TestHadoopLZ4(t *testing.T) {
	codec, err := compress.GetCodec(compress.Codecs.Lz4)
	if err != nil {
		t.Fatal(err)
	}
	dec, ok := codec.(compress.ErrorCodec)
	if !ok {
		t.Fatalf("the LZ4 codec is %T, not this package's", codec)
	}
	text := []byte(strings.Repeat("hello, parquet; ", 64))
	bare := make([]byte, lz4.CompressBlockBound(len(text)))
	n, err := lz4.CompressBlock(text, bare, nil)
	if err != nil {
		t.Fatal(err)
	}
	bare = bare[:n]
	framed := binary.BigEndian.AppendUint32(nil, uint32(len(text)))
	framed = binary.BigEndian.AppendUint32(framed, uint32(n))
	framed = append(framed, bare...)
	twoFrames := append(binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, uint32(len(text))), uint32(n)), bare...)
	twoFrames = append(twoFrames, framed...)
	tests := []struct {
		name    string
		src     []byte
		size    int
		want    []byte
		wantErr bool
	}{
		{"hadoop frame", framed, len(text), text, false},
		{"two hadoop frames", twoFrames, 2 * len(text), slices.Concat(text, text), false},
		{"bare block", bare, len(text), text, false},
		{"encoded by the codec", codec.Encode(nil, text), len(text), text, false},
		{"garbage", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, len(text), nil, true},
		{"frame too short for dst", framed, len(text) + 1, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := dec.DecodeWithError(make([]byte, tt.size), tt.src)
			if (err != nil) != tt.wantErr || !bytes.Equal(got, tt.want) {
				t.Errorf("DecodeWithError = %q, %v; want %q, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

// TestDropUnknownLogicalTypes drops the one unknown logical type of
// parquet-testing's file, keeps a footer without one unchanged, and
// refuses malformed footers with an error.
func TestDropUnknownLogicalTypes(t *testing.T) {
	footerOf := func(name string) []byte {
		f, err := os.Open("../ingest/testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			t.Fatal(err)
		}
		footer, err := ReadFooter(f, st.Size())
		if err != nil {
			t.Fatal(err)
		}
		return footer
	}
	unknown := footerOf("unknown-logical-type.parquet")
	known := footerOf("lz4_raw_compressed.parquet")

	patched, cols, err := DropUnknownLogicalTypes(unknown)
	if err != nil || !slices.Equal(cols, []string{"column with unknown type"}) || len(patched) >= len(unknown) {
		t.Errorf("unknown-logical-type: %d of %d bytes, columns %q, %v; want fewer bytes, [\"column with unknown type\"]", len(patched), len(unknown), cols, err)
	}
	if again, cols, err := DropUnknownLogicalTypes(patched); err != nil || cols != nil || !bytes.Equal(again, patched) {
		t.Errorf("patched footer: columns %q, %v, changed %v; want it unchanged", cols, err, !bytes.Equal(again, patched))
	}
	if same, cols, err := DropUnknownLogicalTypes(known); err != nil || cols != nil || !bytes.Equal(same, known) {
		t.Errorf("known types: columns %q, %v, changed %v; want it unchanged", cols, err, !bytes.Equal(same, known))
	}
	for _, cut := range []int{0, 1, len(unknown) / 3, len(unknown) / 2, len(unknown) - 1} {
		if _, _, err := DropUnknownLogicalTypes(unknown[:cut]); err == nil {
			t.Errorf("footer cut to %d of %d bytes: no error", cut, len(unknown))
		}
	}
	deep := bytes.Repeat([]byte{0x1c}, 100) // field 1, struct, 100 deep
	if _, _, err := DropUnknownLogicalTypes(deep); err == nil {
		t.Error("structs 100 deep: no error")
	}
}
