package dups

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"runtime"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/dataaudit/dataaudit/internal/stats"
)

// signBoth returns the signatures sign gives with the AVX-512 kernels
// (minhash512, emptyBins512, densify512, bandsBytes512) and with the Go
// loops.
func signBoth(hs []uint64) (kernel, goPath sigRow) {
	defer func(u, m, d bool) { useSign512, useMinhash512, useDensify512 = u, m, d }(useSign512, useMinhash512, useDensify512)
	useSign512, useMinhash512, useDensify512 = true, true, true
	sign(hs, &kernel.nearRow, &kernel.word, &kernel.pair)
	useSign512, useMinhash512, useDensify512 = false, false, false
	sign(hs, &goPath.nearRow, &goPath.word, &goPath.pair)
	return kernel, goPath
}

// TestSignKernels: sign gives the same band keys and signatures with the
// AVX-512 kernels as with the Go loops, from one word (63 empty bins) to
// hundreds, with repeats, and on real texts; and emptyBins512 finds the
// bins emptyBins finds.
func TestSignKernels(t *testing.T) {
	if !useSign512 || !useMinhash512 || !useDensify512 {
		t.Skip("no AVX-512 on this CPU")
	}
	rng := rand.New(rand.NewPCG(7, 8))
	cases := map[string][]uint64{"repeated": {7, 7, 7, 1, 7, 7, 2}}
	for _, n := range []int{1, 2, 3, 5, 8, 13, 30, 63, 64, 65, 100, 300, 1000} {
		for i := range 20 {
			hs := make([]uint64, n)
			for k := range hs {
				hs[k] = rng.Uint64()
				if i%2 == 1 {
					hs[k] &= 0xff // few distinct words
				}
			}
			cases[fmt.Sprintf("%d words #%d", n, i)] = hs
		}
	}
	var wh stats.WordHasher
	for i, s := range sampleCorpus(t)[:100] {
		cases[fmt.Sprintf("text %d", i)] = wh.Hashes(nil, []byte(s))
	}
	for name, hs := range cases {
		t.Run(name, func(t *testing.T) {
			if len(hs) == 0 {
				return
			}
			k, g := signBoth(hs)
			if k != g {
				t.Errorf("sign(%d hashes) with AVX-512 = %v, want %v", len(hs), k, g)
			}
			var word, bi [nearK]uint32
			minhash(hs, &word, &bi)
			we, be := emptyBins512(&word, &bi)
			if wwe, wbe := emptyBins(&word), emptyBins(&bi); we != wwe || be != wbe {
				t.Errorf("emptyBins512(%d hashes) = %#x, %#x, want %#x, %#x", len(hs), we, be, wwe, wbe)
			}
		})
	}
}

// TestMinhashKernelEveryLength: minhash with minhash512 gives the
// signatures of minhashRef and sign those of the Go loops at every length
// from 1 to 300 words, so one, two and more of the kernel's 16-word steps
// (it is three steps deep) with every tail after them, on random hashes and
// on hashes of few distinct words (many equal minimums).
func TestMinhashKernelEveryLength(t *testing.T) {
	if !useSign512 || !useMinhash512 || !useDensify512 {
		t.Skip("no AVX-512 on this CPU")
	}
	rng := rand.New(rand.NewPCG(11, 12))
	for n := 1; n <= 300; n++ {
		for i := range 4 {
			hs := make([]uint64, n)
			for k := range hs {
				hs[k] = rng.Uint64()
				if i%2 == 1 {
					hs[k] &= 0x1f
				}
			}
			var got, want [2][nearK]uint32
			minhash(hs, &got[0], &got[1])
			minhashRef(hs, &want[0], &want[1])
			if got != want {
				t.Fatalf("minhash(%d hashes #%d) = %v, want %v", n, i, got, want)
			}
			if k, g := signBoth(hs); k != g {
				t.Fatalf("sign(%d hashes #%d) with AVX-512 = %v, want %v", n, i, k, g)
			}
		}
	}
}

// FuzzSignKernels: sign's AVX-512 kernels and Go loops agree on any
// word hashes (8 bytes each of the input).
func FuzzSignKernels(f *testing.F) {
	if !useSign512 || !useMinhash512 || !useDensify512 {
		f.Skip("no AVX-512 on this CPU")
	}
	f.Add([]byte("0123456789abcdef"))
	f.Add(make([]byte, 8*70))
	f.Fuzz(func(t *testing.T, raw []byte) {
		var hs []uint64
		for len(raw) >= 8 {
			hs = append(hs, binary.LittleEndian.Uint64(raw))
			raw = raw[8:]
		}
		if len(hs) == 0 {
			return
		}
		if k, g := signBoth(hs); k != g {
			t.Errorf("sign(%v) with AVX-512 = %v, want %v", hs, k, g)
		}
	})
}

// TestMinhash512Tail: minhash512 puts every word of hs into the
// signatures, the words past the last 16-word step (the tail, loaded
// under a mask) too, for every length from 1 to 100 and any prev, as one
// word at a time does; and it reads no byte past hs: the words end at a
// page that may not be read.
func TestMinhash512Tail(t *testing.T) {
	if !useMinhash512 {
		t.Skip("no AVX-512 on this CPU")
	}
	page := unix.Getpagesize()
	mem, err := unix.Mmap(-1, 0, 2*page, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		t.Skip("mmap:", err)
	}
	defer unix.Munmap(mem)
	if err := unix.Mprotect(mem[page:], unix.PROT_NONE); err != nil {
		t.Skip("mprotect:", err)
	}
	all := unsafe.Slice((*uint64)(unsafe.Pointer(&mem[0])), page/8)
	rng := rand.New(rand.NewPCG(21, 22))
	for n := 1; n <= 100; n++ {
		for i := range 3 {
			hs := all[len(all)-n:] // ends at the page that may not be read
			for k := range hs {
				hs[k] = rng.Uint64()
				if i == 1 {
					hs[k] &= 0x1f
				}
			}
			prev := rng.Uint64()
			var got, want [2][nearK]uint32
			got[0], got[1], want[0], want[1] = emptySig, emptySig, emptySig, emptySig
			minhash512(hs, prev, &got[0], &got[1])
			for _, x := range hs {
				h := stats.Mix64(x ^ 0x9e3779b97f4a7c15)
				oph(&want[0], h)
				oph(&want[1], stats.Mix64(prev*0x100000001b3^h))
				prev = h
			}
			if got != want {
				t.Fatalf("minhash512(%d hashes #%d) = %v, want %v", n, i, got, want)
			}
		}
	}
}

// TestDensify512: densify512 fills the empty bins as densifyFull does,
// for one full bin at every place, every bin but one full, and random
// masks from sparse to dense, the values random, around zero and around
// math.MaxUint32 - 1 (where adding the offset wraps).
func TestDensify512(t *testing.T) {
	if !useDensify512 {
		t.Skip("no AVX-512 on this CPU")
	}
	rng := rand.New(rand.NewPCG(31, 32))
	var masks []uint64
	for k := range nearK {
		masks = append(masks, 1<<k, ^uint64(1<<k), 1<<k|1<<((k+1)%nearK), 1<<k|1<<((k+33)%nearK))
	}
	for range 2000 {
		m := rng.Uint64()
		for range rng.IntN(6) {
			m &= rng.Uint64()
		}
		if m == 0 || m == ^uint64(0) {
			continue
		}
		masks = append(masks, m)
	}
	for i, full := range masks {
		var sig [nearK]uint32
		for k := range sig {
			switch i % 3 {
			case 0:
				sig[k] = rng.Uint32()
			case 1:
				sig[k] = uint32(rng.IntN(4))
			default:
				sig[k] = math.MaxUint32 - 1 - uint32(rng.IntN(4))
			}
			if full&(1<<k) == 0 {
				sig[k] = math.MaxUint32
			}
		}
		got, want := sig, sig
		densify512(&got, full)
		densifyFull(&want, full)
		if got != want {
			t.Fatalf("densify512(%#x) = %v, want %v", full, got, want)
		}
	}
}

// BenchmarkDensify times densifyFull's loop and densify512 on
// signatures with e empty bins.
func BenchmarkDensify(b *testing.B) {
	rng := rand.New(rand.NewPCG(33, 34))
	for _, e := range []int{4, 8, 12, 16, 24, 32, 48, 60} {
		var fulls []uint64
		for range 256 {
			m := ^uint64(0)
			for bits.OnesCount64(m) > nearK-e {
				m &^= 1 << rng.IntN(nearK)
			}
			fulls = append(fulls, m)
		}
		var sig [nearK]uint32
		run := func(name string, densify func(*[nearK]uint32, uint64)) {
			b.Run(fmt.Sprintf("%s/%d", name, e), func(b *testing.B) {
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				own := threadCPUTime()
				for b.Loop() {
					for _, f := range fulls {
						densify(&sig, f)
					}
				}
				b.ReportMetric(float64(threadCPUTime()-own)/float64(b.N*len(fulls)), "cpu-ns/sig")
			})
		}
		run("loop", densifyFull)
		if useDensify512 {
			run("avx512", densify512)
		}
	}
}
