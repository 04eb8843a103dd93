package dups

import (
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/dataaudit/dataaudit/internal/fixtures"
)

// TestHashLanes holds hashLanes to highwayhash.Sum128 (dupHash) on texts
// of every length up to 300 bytes and a few long ones, pushed in orders
// that end a lane's text before, with and after the other's, and
// flushed with one or two lanes busy.
func TestHashLanes(t *testing.T) {
	if !useLanes {
		t.Skip("no AVX-512")
	}
	d, err := NewExact(NormalizeDefault)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(27, 1))
	var texts [][]byte
	for n := range 300 {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		texts = append(texts, b)
	}
	for _, n := range []int{1 << 10, 4<<10 + 17, 64 << 10, 100<<10 + 31} {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		texts = append(texts, b)
	}
	for _, order := range []string{"ascending", "shuffled", "descending"} {
		idx := rng.Perm(len(texts))
		for i := range idx {
			switch order {
			case "ascending":
				idx[i] = i
			case "descending":
				idx[i] = len(texts) - 1 - i
			}
		}
		for _, batch := range []int{1, 2, 3, 7, len(texts)} {
			var l hashLanes
			rows := make([]dupRow, len(texts))
			for start := 0; start < len(idx); start += batch {
				for _, i := range idx[start:min(start+batch, len(idx))] {
					l.push(l.free(), &d.init, texts[i], &rows[i])
				}
				l.flush()
			}
			for i, tx := range texts {
				if w1, w2 := d.dupHash(tx); rows[i].h1 != w1 || rows[i].h2 != w2 {
					t.Fatalf("%s, batches of %d: text %d (%d bytes): hashLanes = %x %x, want %x %x", order, batch, i, len(tx), rows[i].h1, rows[i].h2, w1, w2)
				}
			}
		}
	}
}

// BenchmarkHashLanes measures hashLanes on the sample's normalised mails
// against highwayhash.Sum128 (dupHash) a text at a time.
func BenchmarkHashLanes(b *testing.B) {
	if !useLanes {
		b.Skip("no AVX-512")
	}
	texts, n := fixtures.SampleTexts(b)
	var z Normalizer
	norm := make([][]byte, len(texts))
	for i, t := range texts {
		norm[i] = append([]byte(nil), z.Normalize(t)...)
	}
	d, err := NewExact(NormalizeDefault)
	if err != nil {
		b.Fatal(err)
	}
	rows := make([]dupRow, len(norm))
	b.Run("sum128", func(b *testing.B) {
		b.SetBytes(n)
		defer fixtures.ThreadCPU(b)()
		for b.Loop() {
			for i, t := range norm {
				rows[i].h1, rows[i].h2 = d.dupHash(t)
			}
		}
	})
	b.Run("lanes", func(b *testing.B) {
		b.SetBytes(n)
		defer fixtures.ThreadCPU(b)()
		var l hashLanes
		for b.Loop() {
			for i, t := range norm {
				l.push(l.free(), &d.init, t, &rows[i])
			}
			l.flush()
		}
	})
}

// TestExactAddLanes holds the rows Exact.Add keeps with hashLanes to
// those it keeps hashing a text at a time (highwayhash.Sum128), for both
// normalisations, on texts of all lengths (short, around 32 bytes, long
// enough to be hashed in pieces) in batches of several sizes.
func TestExactAddLanes(t *testing.T) {
	if !useLanes {
		t.Skip("no AVX-512")
	}
	rng := rand.New(rand.NewPCG(27, 2))
	words := []string{"Hello", "world", "  ", "\t", "ÉTÉ", "ﬁne", "x", "\xff", "Straße", "\n\n"}
	var texts []string
	for i := range 400 {
		var b []byte
		n := rng.IntN(80)
		if i%50 == 7 {
			n = pieceLen/3 + rng.IntN(pieceLen) // some over pieceLen bytes
		}
		for len(b) < n {
			b = append(b, words[rng.IntN(len(words))]...)
		}
		texts = append(texts, string(b))
		if i%9 == 0 {
			texts = append(texts, texts[rng.IntN(len(texts))]) // duplicates
		}
	}
	for _, normalize := range []string{NormalizeDefault, NormalizeNone} {
		for _, size := range []int{1, 3, 64, len(texts)} {
			rows := func(lanes bool) []dupRow {
				saved := useLanes
				defer func() { useLanes = saved }()
				useLanes = lanes
				d, err := NewExact(normalize)
				if err != nil {
					t.Fatal(err)
				}
				for i := 0; i < len(texts); i += size {
					b := dupBatch(t, 0, texts[i:min(i+size, len(texts))], int64(i))
					if err := d.Add(b); err != nil {
						t.Fatal(err)
					}
					b.Record.Release()
				}
				return d.rows.Flatten()
			}
			want, got := rows(false), rows(true)
			if len(got) != len(want) {
				t.Fatalf("%s, batches of %d: %d rows with lanes, want %d", normalize, size, len(got), len(want))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("%s, batches of %d: row %d (%d bytes) = %+v with lanes, want %+v", normalize, size, i, len(texts[i]), got[i], want[i])
				}
			}
		}
	}
}

// BenchmarkHashLoop measures HighwayHash's update loop alone on texts of
// 64 KiB: highwayhash.Sum128 of one text (minio's AVX2 loop) and
// hwStep4 over four (bytes hashed a second, all lanes counted; thread
// CPU an operation).
func BenchmarkHashLoop(b *testing.B) {
	if !useLanes {
		b.Skip("no AVX-512")
	}
	const n = 64 << 10
	buf := make([]byte, n)
	d, err := NewExact(NormalizeDefault)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("sum128", func(b *testing.B) {
		b.SetBytes(n)
		defer fixtures.ThreadCPU(b)()
		for b.Loop() {
			d.dupHash(buf)
		}
	})
	b.Run("step4", func(b *testing.B) {
		var l hashLanes
		b.SetBytes(nLanes * n)
		defer fixtures.ThreadCPU(b)()
		for b.Loop() {
			for k := range nLanes {
				l.p[k], l.left[k] = uintptr(unsafe.Pointer(&buf[0])), n
			}
			hwStep4(&l.st, &l.p, &l.left)
		}
	})
}
