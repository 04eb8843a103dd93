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

// FuzzSnappyStream decodes fuzzed snappy blocks with snappyStream (with
// its fast loop and without) and with klauspost's decoder: both decode
// the same bytes, or both fail (a block over snappyWhole may also stop
// snappyStream at a copy past its window, after the same bytes); never a
// panic.
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
	rng := rand.New(rand.NewPCG(5, 6))
	for _, maxOff := range []int{7, 15, 3000} {
		block, _ := snappyElems(rng, 5000, maxOff, 0)
		f.Add(block)
	}
	f.Fuzz(func(t *testing.T, block []byte) {
		want, n := binary.Uvarint(block)
		if n <= 0 || want > 1<<24 {
			return
		}
		ref, refErr := snappy.Decode(nil, block)
		defer func(old bool) { snappyFast = old }(snappyFast)
		for _, fast := range []bool{true, false} {
			snappyFast = fast
			for _, step := range []int{1 << 16, 13} {
				got, err := readSnappy(block, int64(want), step)
				switch {
				case refErr == nil && err == nil:
					if !bytes.Equal(got, ref) {
						t.Fatalf("fast %v, step %d: decoded otherwise than klauspost's decoder", fast, step)
					}
				case refErr == nil:
					if want <= snappyWhole || !bytes.Equal(got, ref[:len(got)]) {
						t.Fatalf("fast %v, step %d: error %v after %d of %d bytes klauspost's decoder decoded", fast, step, err, len(got), len(ref))
					}
				case err == nil:
					t.Fatalf("fast %v, step %d: decoded %d bytes of a block klauspost's decoder refused (%v)", fast, step, len(got), refErr)
				}
			}
		}
	})
}

// snappyElems makes a snappy block of about n bytes of random elements:
// literals of 1 to 300 bytes (in each tag form) and copies of each tag
// form with offsets up to maxOff (runs of offset 1 to 7, 8 to 15, 16 and
// more), and the bytes it decodes to. bad, if not zero, makes the
// element at that output offset a copy reaching one byte before the
// block's start.
func snappyElems(rng *rand.Rand, n, maxOff, bad int) (block, want []byte) {
	var body []byte
	for len(want) < n {
		if bad > 0 && len(want) >= bad {
			body = binary.LittleEndian.AppendUint32(append(body, 63<<2|3), uint32(len(want)+1))
			bad = 0
			continue
		}
		if len(want) == 0 || rng.IntN(3) == 0 {
			l := 1 + rng.IntN(300)
			if rng.IntN(4) > 0 {
				l = 1 + rng.IntN(60)
			}
			switch {
			case l <= 60:
				body = append(body, byte(l-1)<<2)
			case l <= 256:
				body = append(body, 60<<2, byte(l-1))
			default:
				body = append(body, 61<<2, byte(l-1), byte((l-1)>>8))
			}
			for range l {
				c := byte('a' + rng.IntN(26))
				body = append(body, c)
				want = append(want, c)
			}
			continue
		}
		off := 1 + rng.IntN(min(len(want), maxOff))
		if rng.IntN(2) == 0 {
			off = 1 + rng.IntN(min(len(want), 24)) // overlapping copies
		}
		length := 1 + rng.IntN(64)
		switch k := rng.IntN(3); {
		case k == 0 && off < 2048:
			length = 4 + rng.IntN(8)
			body = append(body, byte(off>>8)<<5|byte(length-4)<<2|1, byte(off))
		case k == 1 && off < 1<<16:
			body = append(body, byte(length-1)<<2|2, byte(off), byte(off>>8))
		default:
			body = binary.LittleEndian.AppendUint32(append(body, byte(length-1)<<2|3), uint32(off))
		}
		for range length {
			want = append(want, want[len(want)-off])
		}
	}
	return append(binary.AppendUvarint(nil, uint64(len(want))), body...), want
}

// TestSnappyFast holds snappyStream's fast loop to decode's element at a
// time path (snappyFast off): blocks of every element form, overlapping
// copies of every offset class, whole and through the window, read in
// pieces of several sizes, each decoding to the bytes encoded; and a copy
// reaching before the block's start is an error either way.
func TestSnappyFast(t *testing.T) {
	defer func(old bool) { snappyFast = old }(snappyFast)
	rng := rand.New(rand.NewPCG(3, 4))
	type tc struct {
		n, maxOff, bad int
	}
	var cases []tc
	for _, n := range []int{1, 70, 1000, 65536 + 100, 300000} {
		for _, maxOff := range []int{1, 7, 15, 40, 3000, 1 << 20} {
			cases = append(cases, tc{n, maxOff, 0})
		}
		if n > 70 {
			cases = append(cases, tc{n, 3000, n / 2})
		}
	}
	// Through the window: past snappyWhole, copies within snappyKeep.
	cases = append(cases, tc{snappyWhole + 2*snappyWindow, snappyKeep, 0}, tc{snappyWhole + 2*snappyWindow, snappyKeep, snappyWhole + snappyWindow})
	for i, c := range cases {
		block, want := snappyElems(rng, c.n, c.maxOff, c.bad)
		for _, step := range []int{1 << 20, 4096, 7} {
			if step == 7 && len(want) > 100000 {
				continue
			}
			var got [2][]byte
			var errs [2]error
			for k, fast := range []bool{true, false} {
				snappyFast = fast
				got[k], errs[k] = readSnappy(block, int64(len(want)), step)
			}
			name := fmt.Sprintf("case %d (n %d, offsets to %d, bad at %d) step %d", i, c.n, c.maxOff, c.bad, step)
			for k, mode := range []string{"fast", "by element"} {
				if c.bad > 0 {
					if errs[k] == nil || !bytes.Equal(got[k], want[:len(got[k])]) {
						t.Fatalf("%s, %s: error %v after %d bytes, want an error after bytes as encoded", name, mode, errs[k], len(got[k]))
					}
					continue
				}
				if errs[k] != nil || !bytes.Equal(got[k], want) {
					t.Fatalf("%s, %s: error %v, %d bytes, equal %v; want the %d encoded", name, mode, errs[k], len(got[k]), bytes.Equal(got[k], want), len(want))
				}
			}
		}
	}
}
