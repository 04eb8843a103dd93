//go:build !purego

#include "textflag.h"

// EMPTYBINS sets bit k of AX when bin k of the 64 uint32 at p is all
// ones (Z0 holds all ones); BX, CX and DX are scratch.
#define EMPTYBINS(p) \
	VPCMPEQD (p), Z0, K1    \
	VPCMPEQD 64(p), Z0, K2  \
	VPCMPEQD 128(p), Z0, K3 \
	VPCMPEQD 192(p), Z0, K4 \
	KMOVW    K1, AX         \
	KMOVW    K2, BX         \
	KMOVW    K3, CX         \
	KMOVW    K4, DX         \
	SHLQ     $16, BX        \
	SHLQ     $32, CX        \
	SHLQ     $48, DX        \
	ORQ      BX, AX         \
	ORQ      DX, CX         \
	ORQ      CX, AX

// func emptyBins512(word, bi *[64]uint32) (we, be uint64)
//
// Bit k of we (be) is set when bin k of word (bi) is 0xffffffff: four
// VPCMPEQD against all ones each.
TEXT ·emptyBins512(SB), NOSPLIT, $0-32
	MOVQ word+0(FP), SI
	MOVQ bi+8(FP), DI
	VPTERNLOGD $0xff, Z0, Z0, Z0
	EMPTYBINS(SI)
	MOVQ       AX, we+16(FP)
	EMPTYBINS(DI)
	MOVQ       AX, be+24(FP)
	VZEROUPPER
	RET

// MIX64 applies the murmur3 finalizer (stats.Mix64) to every lane of z,
// with t as scratch: the multipliers are in Z30 and Z29.
#define MIX64(z, t) \
	VPSRLQ  $33, z, t \
	VPXORQ  t, z, z \
	VPMULLQ Z30, z, z \
	VPSRLQ  $33, z, t \
	VPXORQ  t, z, z \
	VPMULLQ Z29, z, z \
	VPSRLQ  $33, z, t \
	VPXORQ  t, z, z

// OPH puts the hashed element at off(base) into the signature at sig:
// bin = h>>58, sig[bin] = min(sig[bin], uint32(h)). The bin's byte
// offset, bin*4, is h's top byte with its low two bits cleared: a byte
// load and an AND, where a shift (SHRX) took one more of the two ports
// that run CMOV (BX is the offset, AX the value, CX the minimum).
#define OPH(off, base, sig) \
	MOVL    off(base), AX \
	MOVBLZX off+7(base), BX \
	ANDL    $0xfc, BX \
	MOVL    (sig)(BX*1), CX \
	CMPL    AX, CX \
	CMOVLCS AX, CX \
	MOVL    CX, (sig)(BX*1)

// HASH8 computes the hashes of the 8 words at off(SI) into h and of
// their pairs into p, with t and u as scratch (the previous block's
// hashes in Z27, which it updates).
#define HASH8(off, h, p, t, u) \
	VPXORQ off(SI), Z31, h \
	HASHED8(h, p, t, u)

// HASH8R is HASH8 on the 8 words in h (the tail's, masked in).
#define HASH8R(h, p, t, u) \
	VPXORQ h, Z31, h \
	HASHED8(h, p, t, u)

// HASHED8 finishes HASH8 from h = words ^ golden.
#define HASHED8(h, p, t, u) \
	MIX64(h, t) \
	VALIGNQ   $7, Z27, h, p \
	VMOVDQA64 h, Z27 \
	VPMULLQ   Z28, p, p \
	VPXORQ    h, p, p \
	MIX64(p, u)

// HASH16 hashes the 16 words at SI into Z0, Z2 (words 0-7 and their
// pairs) and Z4, Z6 (words 8-15), and moves SI on.
#define HASH16 \
	HASH8(0, Z0, Z2, Z1, Z3) \
	HASH8(64, Z4, Z6, Z5, Z7) \
	ADDQ $128, SI

// STORE16 stores HASH16's registers at R10: the word hashes of words
// 0-7 at 0, their pairs' at 64, words 8-15 at 128 and 192.
#define STORE16 \
	VMOVDQU64 Z0, 0(R10) \
	VMOVDQU64 Z2, 64(R10) \
	VMOVDQU64 Z4, 128(R10) \
	VMOVDQU64 Z6, 192(R10)

// OPH16 puts the 8 word hashes at off(R10) into word (DI) and the 8 pair
// hashes at off+64(R10) into bi (R8).
#define OPH16(off) \
	OPH(off+0, R10, DI) \
	OPH(off+64, R10, R8) \
	OPH(off+8, R10, DI) \
	OPH(off+72, R10, R8) \
	OPH(off+16, R10, DI) \
	OPH(off+80, R10, R8) \
	OPH(off+24, R10, DI) \
	OPH(off+88, R10, R8) \
	OPH(off+32, R10, DI) \
	OPH(off+96, R10, R8) \
	OPH(off+40, R10, DI) \
	OPH(off+104, R10, R8) \
	OPH(off+48, R10, DI) \
	OPH(off+112, R10, R8) \
	OPH(off+56, R10, DI) \
	OPH(off+120, R10, R8)

// OPH32 puts the 16 words' hashes at R10 and their pairs' into word and
// bi.
#define OPH32 \
	OPH16(0) \
	OPH16(128)

// func minhash512(hs []uint64, prev uint64, word, bi *[64]uint32)
//
// For each block of 8 word hashes of hs (at least one): the 8 hashes
// h = Mix64(x ^ golden) and the 8 pair hashes
// Mix64(previous h * 0x100000001b3 ^ h) in the lanes of two registers
// (VPMULLQ; VALIGNQ brings the previous word's hash), stored, then put
// into word and bi one by one. prev is the hash of the word before hs[0].
// The last len(hs)%16 words (the tail) come after the 16-word steps:
// loaded under a mask (the lanes past hs zero, not read), hashed as a
// step, and put into the signatures one word at a time.
//
// Software-pipelined, 16 words a step, three steps deep: it hashes
// words i to i+15 before it puts the hashes of words i-48 to i-33 into
// the signatures, the hashes of three steps in three buffers on the stack
// (R10 the one to put and then refill, R11 and R12 the next ones; ROT
// turns them). The hashes of a block are a chain of five VPMULLQ (15
// cycles each); computed right before their own minimums, the
// processor's window held too little work to hide them, and the kernel
// was slower than the Go loop (BenchmarkNearSign 5.8-6.2 ns a word to
// its 5.4-5.5); one step (16 words) ahead it took 4.6-4.9 (session 14).
// Session 15, BenchmarkNearSign cpu-ns/word, 6 rounds each, alternated:
// one step ahead 3.01, two steps (and SHRX for the bin) 2.39 (-20.6%),
// three steps 2.20 against two's 2.34 (-6.1%); four steps (a ring of
// 1 KiB, which is over NOSPLIT's stack limit) 2.42 against three's 2.31
// (+4.9%): not kept. Also tried and not kept: the Summary leaving the
// words' hashes unmixed (what StableHash's last Mix64 mixes) and this
// kernel mixing them (one more MIX64 a block, no mix64AVX512 pass over a
// batch's hashes): on the default audit of the 200 MB JSONL, 3 perf
// rounds alternated, the samples of the two kernels and minhash/sign
// summed 441, 441, 439 against 424, 437, 434 with the pass (0.9% of
// samples): the kernel's two more VPMULLQ cost what the pass did.
// PREFETCHT0 of the words 64 ahead: BenchmarkNearSign 2.20 against 2.19
// (p=0.49), the kernel's samples in the audit 243, 288, 282 against 277,
// 304, 271: not kept. In the audit the three steps' kernel took 302, 292,
// 267 samples against one step's 306, 300, 298: less than the benchmark's
// -26%.
//
// Session 18: the bin's offset from h's top byte (MOVBLZX, ANDL $0xfc),
// not SHRX: the scalar part alone (no hashing) had been as slow with its
// stores dropped, so the stores' aliasing was not the cost; SHRX and
// CMOV both run on ports 0 and 6, and port 0 also runs every VPMULLQ
// and VPSRLQ of the hashing. A bench of the kernel alone on 256-word
// rows (thread CPU, 5 rounds alternated): 1.98-2.16 ns a word to
// 1.86-1.94 (-8%); two copies of each signature (even and odd words
// apart, merged at the end) 1.89-2.10, with the offset 1.78-1.88 (-3%
// more, for a merge and 512 bytes more to fill a row): not kept. And the
// tail (the words past the last step, which minhash's Go loop took at
// 2.5 times the cost a word) hashed here under a mask:
// BenchmarkNearSign on the 200 MB mail's first 20,000 rows, both
// changes, 6 rounds alternated at load 5: 5.008 cpu-ns/word ± 5% to
// 4.327 ± 5% (-13.6%, p=0.002). In the default audit of the 200 MB
// JSONL (perf record, 9 runs each alternated, load 5-10) the samples of
// minhash, the kernel, sign, emptyBins512 and bandsBytes512 summed
// 393-439 (mean 416) before, 382-439 (mean 402) after: -3.5%, less than
// the benchmark's, whose rows' word hashes are cold.
// Tried and not kept (session 18): x >> 33 on port 5 (VPSHUFB for the
// high dword, then VPMULTISHIFTQB for the last bit) instead of VPSRLQ on
// port 0, in the pair hashes' MIX64 or in all: the kernel bench 1.94-1.99
// and 2.04-2.11 ns a word against 1.83-1.96 (5 rounds alternated).

// ROT turns the three buffers: R10 to the next step's, the one just
// filled going last.
#define ROT \
	MOVQ R10, R13 \
	MOVQ R11, R10 \
	MOVQ R12, R11 \
	MOVQ R13, R12

TEXT ·minhash512(SB), NOSPLIT, $768-48
	MOVQ         hs_base+0(FP), SI
	MOVQ         hs_len+8(FP), DX
	MOVQ         word+32(FP), DI
	MOVQ         bi+40(FP), R8
	MOVQ         DX, R9
	ANDQ         $15, R9
	LEAQ         0(SP), R10
	LEAQ         256(SP), R11
	LEAQ         512(SP), R12
	MOVQ         $0x9e3779b97f4a7c15, AX
	VPBROADCASTQ AX, Z31
	MOVQ         $0xff51afd7ed558ccd, AX
	VPBROADCASTQ AX, Z30
	MOVQ         $0xc4ceb9fe1a85ec53, AX
	VPBROADCASTQ AX, Z29
	MOVQ         $0x100000001b3, AX
	VPBROADCASTQ AX, Z28
	VPBROADCASTQ prev+24(FP), Z27
	SHRQ         $4, DX
	JEQ          tail
	HASH16
	STORE16
	ROT
	DECQ         DX
	JEQ          one
	HASH16
	STORE16
	ROT
	DECQ         DX
	JEQ          two0
	HASH16
	STORE16
	ROT
	DECQ         DX
	JEQ          three

loop:
	HASH16
	OPH32
	STORE16
	ROT
	DECQ DX
	JNE  loop

three:
	OPH32
	ROT

two:
	OPH32
	ROT

last:
	OPH32

tail:
	TESTQ       R9, R9
	JEQ         done
	MOVQ        $1, AX
	SHLXQ       R9, AX, AX
	DECQ        AX
	KMOVW       AX, K1
	KSHIFTRW    $8, K1, K2
	VMOVDQU64.Z 0(SI), K1, Z0
	VMOVDQU64.Z 64(SI), K2, Z4
	HASH8R(Z0, Z2, Z1, Z3)
	HASH8R(Z4, Z6, Z5, Z7)
	VMOVDQU64   Z0, 0(R10)
	VMOVDQU64   Z4, 64(R10)
	VMOVDQU64   Z2, 128(R10)
	VMOVDQU64   Z6, 192(R10)
	MOVQ        R10, R13

	// The tail's words one at a time (R9 of them, at least one): word
	// i's hash at 8i(R10), its pair's at 128+8i.
tailloop:
	OPH(0, R13, DI)
	OPH(128, R13, R8)
	ADDQ $8, R13
	DECQ R9
	JNE  tailloop

done:
	VZEROUPPER
	RET

one:
	ROT
	ROT
	JMP last

two0:
	ROT
	JMP two

// bandIdx are VPERMI2D's indexes of the first value of each of 8 bands
// (4 bins each) in two registers of 16 bins: dword 2j is 4j.
DATA bandIdx<>+0(SB)/8, $0
DATA bandIdx<>+8(SB)/8, $4
DATA bandIdx<>+16(SB)/8, $8
DATA bandIdx<>+24(SB)/8, $12
DATA bandIdx<>+32(SB)/8, $16
DATA bandIdx<>+40(SB)/8, $20
DATA bandIdx<>+48(SB)/8, $24
DATA bandIdx<>+56(SB)/8, $28
GLOBL bandIdx<>(SB), RODATA|NOPTR, $64

// bandInit is each band's first hash state, j+1.
DATA bandInit<>+0(SB)/8, $1
DATA bandInit<>+8(SB)/8, $2
DATA bandInit<>+16(SB)/8, $3
DATA bandInit<>+24(SB)/8, $4
DATA bandInit<>+32(SB)/8, $5
DATA bandInit<>+40(SB)/8, $6
DATA bandInit<>+48(SB)/8, $7
DATA bandInit<>+56(SB)/8, $8
DATA bandInit<>+64(SB)/8, $9
DATA bandInit<>+72(SB)/8, $10
DATA bandInit<>+80(SB)/8, $11
DATA bandInit<>+88(SB)/8, $12
DATA bandInit<>+96(SB)/8, $13
DATA bandInit<>+104(SB)/8, $14
DATA bandInit<>+112(SB)/8, $15
DATA bandInit<>+120(SB)/8, $16
GLOBL bandInit<>(SB), RODATA|NOPTR, $128

// BANDROUND mixes the next value of every band into its state: bands
// 0-7 in Z10 from the bins in Z0:Z1, bands 8-15 in Z11 from Z2:Z3, the
// value's index in Z25 (then moved on by one).
//
// A band's key is four Mix64 in a chain, eight dependent VPMULLQ of 15
// cycles: about 150 cycles of latency a row for 48 of port 0's work.
// Tried and not kept (session 20): each multiplication by a constant as
// three VPMULUDQ (zl*cl + (zh*cl + zl*ch)<<32, 9 cycles from input to
// product, 7 micro-ops against 3): bandsBytes512's share of
// BenchmarkNearSign's samples (30 MB mail, 4 perf runs each alternated,
// load 1) 6.77-7.84% (mean 7.34) to 5.74-6.62% (6.12), minhash512's
// unchanged; BenchmarkNearSign 3.916 to 3.831 cpu-ns/word (p=1.0, 12
// runs each). About 0.2% of the default audit, too little to measure
// there. Working on two rows at once (four chains) would hide more of
// the latency, for at most 0.4% of the audit.
#define BANDROUND \
	VMOVDQA64 Z25, Z8 \
	VMOVDQA64 Z25, Z9 \
	VPERMI2D  Z1, Z0, Z8 \
	VPERMI2D  Z3, Z2, Z9 \
	VPANDQ    Z27, Z8, Z8 \
	VPANDQ    Z27, Z9, Z9 \
	VPXORQ    Z8, Z10, Z10 \
	VPXORQ    Z9, Z11, Z11 \
	MIX64(Z10, Z12) \
	MIX64(Z11, Z13) \
	VPADDD    Z26, Z25, Z25

// func bandsBytes512(word, bi *[64]uint32, bands *[16]uint32, w, b *[64]uint8)
//
// bands[j] = uint32 of h, h = j+1 then h = Mix64(h ^ word[4j+r]) for
// r = 0..3, the 16 bands in the lanes of two registers (the values
// brought into place by VPERMI2D); and w[k] = uint8(word[k]),
// b[k] = uint8(bi[k]) (VPMOVDB, 16 bins a store).
TEXT ·bandsBytes512(SB), NOSPLIT, $0-40
	MOVQ         word+0(FP), SI
	MOVQ         bi+8(FP), DI
	MOVQ         bands+16(FP), DX
	MOVQ         w+24(FP), AX
	MOVQ         b+32(FP), BX
	MOVQ         $0xff51afd7ed558ccd, CX
	VPBROADCASTQ CX, Z30
	MOVQ         $0xc4ceb9fe1a85ec53, CX
	VPBROADCASTQ CX, Z29
	VPTERNLOGD   $0xff, Z28, Z28, Z28
	VPSRLQ       $32, Z28, Z27
	VPSRLD       $31, Z28, Z26
	VMOVDQU64    bandIdx<>(SB), Z25
	VMOVDQU64    bandInit<>(SB), Z10
	VMOVDQU64    bandInit<>+64(SB), Z11
	VMOVDQU32    (SI), Z0
	VMOVDQU32    64(SI), Z1
	VMOVDQU32    128(SI), Z2
	VMOVDQU32    192(SI), Z3
	BANDROUND
	BANDROUND
	BANDROUND
	BANDROUND
	VPMOVQD      Z10, (DX)
	VPMOVQD      Z11, 32(DX)
	VPMOVDB      Z0, (AX)
	VPMOVDB      Z1, 16(AX)
	VPMOVDB      Z2, 32(AX)
	VPMOVDB      Z3, 48(AX)
	VMOVDQU32    (DI), Z0
	VMOVDQU32    64(DI), Z1
	VMOVDQU32    128(DI), Z2
	VMOVDQU32    192(DI), Z3
	VPMOVDB      Z0, (BX)
	VPMOVDB      Z1, 16(BX)
	VPMOVDB      Z2, 32(BX)
	VPMOVDB      Z3, 48(BX)
	VZEROUPPER
	RET

// densIdxQ are the bins of the first group of 8 (qword lanes) and
// densIdxD those of the first 16 (dword lanes).
DATA densIdxQ<>+0(SB)/8, $0
DATA densIdxQ<>+8(SB)/8, $1
DATA densIdxQ<>+16(SB)/8, $2
DATA densIdxQ<>+24(SB)/8, $3
DATA densIdxQ<>+32(SB)/8, $4
DATA densIdxQ<>+40(SB)/8, $5
DATA densIdxQ<>+48(SB)/8, $6
DATA densIdxQ<>+56(SB)/8, $7
GLOBL densIdxQ<>(SB), RODATA|NOPTR, $64

DATA densIdxD<>+0(SB)/8, $0x0000000100000000
DATA densIdxD<>+8(SB)/8, $0x0000000300000002
DATA densIdxD<>+16(SB)/8, $0x0000000500000004
DATA densIdxD<>+24(SB)/8, $0x0000000700000006
DATA densIdxD<>+32(SB)/8, $0x0000000900000008
DATA densIdxD<>+40(SB)/8, $0x0000000b0000000a
DATA densIdxD<>+48(SB)/8, $0x0000000d0000000c
DATA densIdxD<>+56(SB)/8, $0x0000000f0000000e
GLOBL densIdxD<>(SB), RODATA|NOPTR, $64

// DENSIDX sets y to the source bins (k+s)&63 of the 8 bins k in Z27
// (qword lanes), s the distance from k to the first full bin at or after
// it (0 for a full bin): the trailing zeros of full rotated right by k
// (the full bins in Z29), as 63 - the leading zeros of its lowest set
// bit. It moves Z27 on to the next 8 bins.
#define DENSIDX(y) \
	VPRORVQ  Z27, Z29, Z4 \
	VPSUBQ   Z4, Z31, Z5  \
	VPANDQ   Z5, Z4, Z4   \
	VPLZCNTQ Z4, Z4       \
	VPSUBQ   Z4, Z30, Z4  \
	VPADDQ   Z27, Z4, Z4  \
	VPANDQ   Z30, Z4, Z4  \
	VPMOVQD  Z4, y        \
	VPADDQ   Z28, Z27, Z27

// DENSFILL sets the 16 bins k (dword lanes, in Z24) at off(DI) from their
// source bins in idx: sig[idx] (VPERMI2D from bins 0-31 in Z0:Z1 and
// 32-63 in Z2:Z3, by bit 5 of idx) + s*0x9e3779b9, s = (idx-k)&63. It
// moves Z24 on to the next 16 bins.
#define DENSFILL(idx, off) \
	VMOVDQA64 idx, Z12        \
	VPERMI2D  Z1, Z0, Z12     \
	VMOVDQA64 idx, Z13        \
	VPERMI2D  Z3, Z2, Z13     \
	VPTESTMD  Z25, idx, K1    \
	VMOVDQA32 Z13, K1, Z12    \
	VPSUBD    Z24, idx, Z14   \
	VPANDD    Z22, Z14, Z14   \
	VPMULLD   Z26, Z14, Z14   \
	VPADDD    Z14, Z12, Z12   \
	VMOVDQU32 Z12, off(DI)    \
	VPADDD    Z23, Z24, Z24

// func densify512(sig *[64]uint32, full uint64)
//
// densify512 is densifyFull (full neither 0 nor every bin) on the 64
// bins at once: each bin's source bin and distance from the rotations
// of full (VPRORVQ, VPLZCNTQ, 8 bins a register), then the values by
// VPERMI2D, where densifyFull loops over the empty bins one by one.
TEXT ·densify512(SB), NOSPLIT, $0-16
	MOVQ         sig+0(FP), DI
	VPBROADCASTQ full+8(FP), Z29
	VPXORQ       Z31, Z31, Z31
	MOVQ         $63, AX
	VPBROADCASTQ AX, Z30
	VPBROADCASTD AX, Z22
	MOVQ         $8, AX
	VPBROADCASTQ AX, Z28
	MOVQ         $16, AX
	VPBROADCASTD AX, Z23
	MOVQ         $32, AX
	VPBROADCASTD AX, Z25
	MOVL         $0x9e3779b9, AX
	VPBROADCASTD AX, Z26
	VMOVDQU64    densIdxQ<>(SB), Z27
	VMOVDQU64    densIdxD<>(SB), Z24
	VMOVDQU32    0(DI), Z0
	VMOVDQU32    64(DI), Z1
	VMOVDQU32    128(DI), Z2
	VMOVDQU32    192(DI), Z3
	DENSIDX(Y8)
	DENSIDX(Y6)
	VINSERTI64X4 $1, Y6, Z8, Z8
	DENSIDX(Y9)
	DENSIDX(Y6)
	VINSERTI64X4 $1, Y6, Z9, Z9
	DENSIDX(Y10)
	DENSIDX(Y6)
	VINSERTI64X4 $1, Y6, Z10, Z10
	DENSIDX(Y11)
	DENSIDX(Y6)
	VINSERTI64X4 $1, Y6, Z11, Z11
	DENSFILL(Z8, 0)
	DENSFILL(Z9, 64)
	DENSFILL(Z10, 128)
	DENSFILL(Z11, 192)
	VZEROUPPER
	RET
