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
