package columnar

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/klauspost/compress/s2"
	"github.com/klauspost/compress/snappy"
)

// snappyInputs are texts of the kinds a text column holds: repetitive,
// random, mixed, and the sizes around snappyStream's window.
func snappyInputs() [][]byte {
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"the ", "spam ", "ham ", "Received: ", "from ", "\n", "=20", "<html>", "0x1f ", "é "}
	text := func(n int) []byte {
		var b bytes.Buffer
		for b.Len() < n {
			if rng.IntN(50) == 0 {
				for range rng.IntN(300) {
					b.WriteByte(byte(rng.Uint32()))
				}
			}
			b.WriteString(words[rng.IntN(len(words))])
		}
		return b.Bytes()[:n]
	}
	random := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		return b
	}
	var out [][]byte
	for _, n := range []int{1, 5, 63, 64, 65, 1000, 4096, 65536, 65537, snappyWindow + 1, snappyWhole, snappyWhole + 1, snappyWhole + 3*snappyWindow + 12345} {
		out = append(out, text(n), random(n), bytes.Repeat([]byte{'a'}, n))
	}
	return out
}

// cppSnappy encodes b as the C++ library does: one block, its 64 KiB
// pieces compressed each on its own, so that no copy reaches back further
// than 64 KiB.
func cppSnappy(b []byte) []byte {
	out := binary.AppendUvarint(nil, uint64(len(b)))
	for len(b) > 0 {
		piece := b[:min(len(b), 64<<10)]
		b = b[len(piece):]
		enc := snappy.Encode(nil, piece)
		_, n := binary.Uvarint(enc)
		out = append(out, enc[n:]...)
	}
	return out
}

// readSnappy decodes a snappy block with snappyStream, reading it in
// pieces of step bytes.
func readSnappy(block []byte, want int64, step int) ([]byte, error) {
	var s snappyStream
	s.reset(bytes.NewReader(block), want)
	var got []byte
	buf := make([]byte, step)
	for {
		n, err := s.Read(buf)
		got = append(got, buf[:n]...)
		if err == io.EOF {
			return got, nil
		}
		if err != nil {
			return got, err
		}
	}
}

// TestSnappyStream decodes blocks of the C++ library's kind (klauspost's
// snappy package, 64 KiB blocks) and s2's snappy-compatible ones (one
// block, copies reaching back anywhere) with snappyStream, against the
// library's decoder: every byte alike, or (s2's, past the window) an
// error, never a different output.
func TestSnappyStream(t *testing.T) {
	for i, in := range snappyInputs() {
		for _, enc := range []struct {
			name string
			f    func([]byte) []byte
		}{
			{"C++", cppSnappy},
			{"snappy", func(b []byte) []byte { return snappy.Encode(nil, b) }},
			{"s2", func(b []byte) []byte { return s2.EncodeSnappy(nil, b) }},
			{"s2 better", func(b []byte) []byte { return s2.EncodeSnappyBetter(nil, b) }},
		} {
			block := enc.f(in)
			for _, step := range []int{1 << 20, 4096, 7} {
				if step == 7 && len(in) > 100000 {
					continue
				}
				t.Run(fmt.Sprintf("%d %s len %d step %d", i, enc.name, len(in), step), func(t *testing.T) {
					got, err := readSnappy(block, int64(len(in)), step)
					if err != nil {
						if enc.name == "C++" || len(in) <= snappyWhole {
							t.Fatalf("error %v after %d of %d bytes", err, len(got), len(in))
						}
						if !bytes.Equal(got, in[:len(got)]) {
							t.Fatalf("the %d bytes before the error differ", len(got))
						}
						return
					}
					if !bytes.Equal(got, in) {
						t.Fatalf("decoded %d bytes, differ from the %d encoded", len(got), len(in))
					}
				})
			}
		}
	}
}

// BenchmarkSnappyStream decodes 8 MiB of mail-like text compressed as the
// C++ library does, with snappyStream (read 256 KiB at a time) and with
// klauspost's decoder whole (what arrow-go does with a snappy page).
func BenchmarkSnappyStream(b *testing.B) {
	in := snappyInputs()[len(snappyInputs())-3] // text, the largest size
	block := cppSnappy(in)
	b.Run("stream", func(b *testing.B) {
		b.SetBytes(int64(len(in)))
		var s snappyStream
		buf := make([]byte, 256<<10)
		for b.Loop() {
			s.reset(bytes.NewReader(block), int64(len(in)))
			for {
				_, err := s.Read(buf)
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("whole", func(b *testing.B) {
		b.SetBytes(int64(len(in)))
		dst := make([]byte, len(in))
		for b.Loop() {
			if _, err := snappy.Decode(dst, block); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// FuzzSnappyStream decodes fuzzed snappy blocks with snappyStream and with
// klauspost's decoder: both decode the same bytes, or both fail (a block
// over snappyWhole may also stop snappyStream at a copy past its window,
// after the same bytes); never a panic.
//
//	go test ./internal/ingest/columnar -run '^$' -fuzz FuzzSnappyStream -fuzztime 1m
func FuzzSnappyStream(f *testing.F) {
	for _, in := range snappyInputs() {
		if len(in) <= 70000 {
			f.Add(cppSnappy(in))
			f.Add(snappy.Encode(nil, in))
		}
	}
	f.Add([]byte{5, 0, 'a', 1 << 2, 1})
	f.Fuzz(func(t *testing.T, block []byte) {
		want, n := binary.Uvarint(block)
		if n <= 0 || want > 1<<24 {
			return
		}
		ref, refErr := snappy.Decode(nil, block)
		for _, step := range []int{1 << 16, 13} {
			got, err := readSnappy(block, int64(want), step)
			switch {
			case refErr == nil && err == nil:
				if !bytes.Equal(got, ref) {
					t.Fatalf("step %d: decoded otherwise than klauspost's decoder", step)
				}
			case refErr == nil:
				if want <= snappyWhole || !bytes.Equal(got, ref[:len(got)]) {
					t.Fatalf("step %d: error %v after %d of %d bytes klauspost's decoder decoded", step, err, len(got), len(ref))
				}
			case err == nil:
				t.Fatalf("step %d: decoded %d bytes of a block klauspost's decoder refused (%v)", step, len(got), refErr)
			}
		}
	})
}
