#include "textflag.h"

// HIST8 counts the eight bytes at off(SI) in the histograms at DI, byte
// i of them in hist[i%4] (1024 bytes apart): one load into r, each byte
// taken into i and r shifted on. The loop alternates two pairs (DX and
// R10, R11 and R12), as the unrolled runs it replaced did.
#define HIST8(off, r, i) \
	MOVQ    off(SI), r; \
	MOVBLZX r, i; \
	INCL    0(DI)(i*4); \
	SHRQ    $8, r; \
	MOVBLZX r, i; \
	INCL    1024(DI)(i*4); \
	SHRQ    $8, r; \
	MOVBLZX r, i; \
	INCL    2048(DI)(i*4); \
	SHRQ    $8, r; \
	MOVBLZX r, i; \
	INCL    3072(DI)(i*4); \
	SHRQ    $8, r; \
	MOVBLZX r, i; \
	INCL    0(DI)(i*4); \
	SHRQ    $8, r; \
	MOVBLZX r, i; \
	INCL    1024(DI)(i*4); \
	SHRQ    $8, r; \
	MOVBLZX r, i; \
	INCL    2048(DI)(i*4); \
	SHRQ    $8, r; \
	MOVBLZX r, i; \
	INCL    3072(DI)(i*4)

// func featChunksAVX512(t []byte, hist *[4][256]uint32, st *featState, class *[128]byte) int
TEXT ·featChunksAVX512(SB), NOSPLIT, $0-56
	MOVQ t_base+0(FP), SI
	MOVQ t_len+8(FP), CX
	MOVQ hist+24(FP), DI
	MOVQ st+32(FP), R8
	MOVQ 0(R8), BX // words
	MOVQ 8(R8), R9 // 1 after a letter or digit
	XORQ AX, AX    // bytes taken
	MOVQ class+40(FP), DX
	VMOVDQU64 0(DX), Z20
	VMOVDQU64 64(DX), Z21

loop:
	CMPQ CX, $64
	JLT  done
	VMOVDQU64 (SI), Z0
	VPMOVB2M  Z0, K1 // bytes that are not ASCII
	KORTESTQ  K1, K1
	JNZ       done

	// Word starts: a letter or digit not after one.
	VPERMI2B Z21, Z20, Z0 // 0x80 for a letter or digit, else 0
	VPMOVB2M Z0, K2
	KMOVQ    K2, DX
	MOVQ     DX, R11
	SHLQ     $1, R11
	ORQ      R9, R11
	ANDNQ    DX, R11, R11
	POPCNTQ  R11, R11
	ADDQ     R11, BX
	SHRQ     $63, DX
	MOVQ     DX, R9

	// Histograms: byte i of the chunk in hist[i%4], from eight bytes
	// loaded at once (a load a byte fewer than byte loads).
	HIST8(0, DX, R10)
	HIST8(8, R11, R12)
	HIST8(16, DX, R10)
	HIST8(24, R11, R12)
	HIST8(32, DX, R10)
	HIST8(40, R11, R12)
	HIST8(48, DX, R10)
	HIST8(56, R11, R12)

	ADDQ $64, SI
	ADDQ $64, AX
	SUBQ $64, CX
	JMP  loop

done:
	MOVQ BX, 0(R8)
	MOVQ R9, 8(R8)
	MOVQ AX, ret+48(FP)
	VZEROUPPER
	RET

// func featMergeAVX512(hist *[4][256]uint32, n int, counts *[256]uint32, nz *[256]uint32) int
TEXT ·featMergeAVX512(SB), NOSPLIT, $0-40
	MOVQ   hist+0(FP), SI
	MOVQ   n+8(FP), CX
	MOVQ   counts+16(FP), DI
	MOVQ   nz+24(FP), R8
	XORQ   AX, AX // counts written to nz
	XORQ   BX, BX // byte offset in each histogram
	VPXORD Z2, Z2, Z2

merge:
	// Sixteen counts: the four histograms' sum, kept, and the
	// histograms cleared for the next text.
	VMOVDQU32   (SI)(BX*1), Z0
	VPADDD      1024(SI)(BX*1), Z0, Z0
	VPADDD      2048(SI)(BX*1), Z0, Z0
	VPADDD      3072(SI)(BX*1), Z0, Z0
	VMOVDQU32   Z2, (SI)(BX*1)
	VMOVDQU32   Z2, 1024(SI)(BX*1)
	VMOVDQU32   Z2, 2048(SI)(BX*1)
	VMOVDQU32   Z2, 3072(SI)(BX*1)
	VMOVDQU32   Z0, (DI)(BX*1)

	// The nonzero ones, in order, appended to nz (sixteen stored: at
	// most n in all, as nz has room for).
	VPTESTMD    Z0, Z0, K1
	VPCOMPRESSD Z0, K1, Z1
	VMOVDQU32   Z1, (R8)(AX*4)
	KMOVW       K1, DX
	POPCNTL     DX, DX
	ADDQ        DX, AX

	ADDQ $64, BX
	SUBQ $16, CX
	JGT  merge

	MOVQ AX, ret+32(FP)
	VZEROUPPER
	RET
