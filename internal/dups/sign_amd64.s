//go:build !purego

#include "textflag.h"

// func emptyBins512(word, bi *[64]uint32) (we, be uint64)
//
// Bit k of we (be) is set when bin k of word (bi) is 0xffffffff: four
// VPCMPEQD against all ones each.
TEXT ·emptyBins512(SB), NOSPLIT, $0-32
	MOVQ word+0(FP), SI
	MOVQ bi+8(FP), DI
	VPTERNLOGD $0xff, Z0, Z0, Z0
	VPCMPEQD   (SI), Z0, K1
	VPCMPEQD   64(SI), Z0, K2
	VPCMPEQD   128(SI), Z0, K3
	VPCMPEQD   192(SI), Z0, K4
	KMOVW      K1, AX
	KMOVW      K2, BX
	KMOVW      K3, CX
	KMOVW      K4, DX
	SHLQ       $16, BX
	SHLQ       $32, CX
	SHLQ       $48, DX
	ORQ        BX, AX
	ORQ        DX, CX
	ORQ        CX, AX
	MOVQ       AX, we+16(FP)
	VPCMPEQD   (DI), Z0, K1
	VPCMPEQD   64(DI), Z0, K2
	VPCMPEQD   128(DI), Z0, K3
	VPCMPEQD   192(DI), Z0, K4
	KMOVW      K1, AX
	KMOVW      K2, BX
	KMOVW      K3, CX
	KMOVW      K4, DX
	SHLQ       $16, BX
	SHLQ       $32, CX
	SHLQ       $48, DX
	ORQ        BX, AX
	ORQ        DX, CX
	ORQ        CX, AX
	MOVQ       AX, be+24(FP)
	VZEROUPPER
	RET

// func lowBytes512(word, bi *[64]uint32, w, b *[64]uint8)
//
// w[k] = uint8(word[k]), b[k] = uint8(bi[k]): VPMOVDB, 16 bins a store.
TEXT ·lowBytes512(SB), NOSPLIT, $0-32
	MOVQ      word+0(FP), SI
	MOVQ      bi+8(FP), DI
	MOVQ      w+16(FP), AX
	MOVQ      b+24(FP), BX
	VMOVDQU32 (SI), Z0
	VMOVDQU32 64(SI), Z1
	VMOVDQU32 128(SI), Z2
	VMOVDQU32 192(SI), Z3
	VPMOVDB   Z0, (AX)
	VPMOVDB   Z1, 16(AX)
	VPMOVDB   Z2, 32(AX)
	VPMOVDB   Z3, 48(AX)
	VMOVDQU32 (DI), Z0
	VMOVDQU32 64(DI), Z1
	VMOVDQU32 128(DI), Z2
	VMOVDQU32 192(DI), Z3
	VPMOVDB   Z0, (BX)
	VPMOVDB   Z1, 16(BX)
	VPMOVDB   Z2, 32(BX)
	VPMOVDB   Z3, 48(BX)
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

// OPH puts the hashed element at off(SP) into the signature at sig:
// bin = h>>58, sig[bin] = min(sig[bin], uint32(h)).
#define OPH(off, sig) \
	MOVQ    off(SP), AX \
	MOVQ    AX, BX \
	SHRQ    $58, BX \
	MOVL    (sig)(BX*4), CX \
	CMPL    AX, CX \
	CMOVLCS AX, CX \
	MOVL    CX, (sig)(BX*4)

// HASH8 computes the hashes of the 8 words at off(SI) into h and of
// their pairs into p, with t and u as scratch (the previous block's
// hashes in Z27, which it updates).
#define HASH8(off, h, p, t, u) \
	VPXORQ    off(SI), Z31, h \
	MIX64(h, t) \
	VALIGNQ   $7, Z27, h, p \
	VMOVDQA64 h, Z27 \
	VPMULLQ   Z28, p, p \
	VPXORQ    h, p, p \
	MIX64(p, u)

// OPH16 puts the 8 word hashes at off(SP) into word (DI) and the 8 pair
// hashes at off+64(SP) into bi (R8).
#define OPH16(off) \
	OPH(off+0, DI) \
	OPH(off+64, R8) \
	OPH(off+8, DI) \
	OPH(off+72, R8) \
	OPH(off+16, DI) \
	OPH(off+80, R8) \
	OPH(off+24, DI) \
	OPH(off+88, R8) \
	OPH(off+32, DI) \
	OPH(off+96, R8) \
	OPH(off+40, DI) \
	OPH(off+104, R8) \
	OPH(off+48, DI) \
	OPH(off+112, R8) \
	OPH(off+56, DI) \
	OPH(off+120, R8)

// func minhashBlocks512(hs []uint64, prev uint64, word, bi *[64]uint32) uint64
//
// For each block of 8 word hashes of hs (len(hs) a multiple of 16, at
// least 16): the 8 hashes h = Mix64(x ^ golden) and the 8 pair hashes
// Mix64(previous h * 0x100000001b3 ^ h) in the lanes of two registers
// (VPMULLQ; VALIGNQ brings the previous word's hash), stored, then put
// into word and bi one by one. prev is the hash of the word before hs[0];
// it returns the hash of the last word.
//
// Software-pipelined, 16 words an iteration: it hashes words i to i+15
// before it puts the hashes of words i-16 to i-1 into the signatures.
// The hashes of a block are a chain of five VPMULLQ (15 cycles each);
// computed right before their own minimums, the processor's window held
// too little work to hide them, and the kernel was slower than the Go
// loop (BenchmarkNearSign 5.8-6.2 ns a word to its 5.4-5.5); 8 words
// ahead it took 4.6-4.9.
TEXT ·minhashBlocks512(SB), NOSPLIT, $256-56
	MOVQ         hs_base+0(FP), SI
	MOVQ         hs_len+8(FP), DX
	MOVQ         word+32(FP), DI
	MOVQ         bi+40(FP), R8
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
	HASH8(0, Z0, Z2, Z1, Z3)
	HASH8(64, Z4, Z6, Z5, Z7)
	VMOVDQU64    Z0, 0(SP)
	VMOVDQU64    Z2, 64(SP)
	VMOVDQU64    Z4, 128(SP)
	VMOVDQU64    Z6, 192(SP)
	ADDQ         $128, SI
	DECQ         DX
	JEQ          last

loop:
	HASH8(0, Z0, Z2, Z1, Z3)
	HASH8(64, Z4, Z6, Z5, Z7)
	OPH16(0)
	OPH16(128)
	VMOVDQU64 Z0, 0(SP)
	VMOVDQU64 Z2, 64(SP)
	VMOVDQU64 Z4, 128(SP)
	VMOVDQU64 Z6, 192(SP)
	ADDQ      $128, SI
	DECQ      DX
	JNE       loop

last:
	OPH16(0)
	OPH16(128)
	VALIGNQ $7, Z27, Z27, Z0
	VMOVQ   X0, ret+48(FP)
	VZEROUPPER
	RET
