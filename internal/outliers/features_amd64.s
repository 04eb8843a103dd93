#include "textflag.h"

// PFDIST is how far ahead of the chunk it loads the loop prefetches
// (PREFETCHT0): a batch's texts lie one after another, so past a text's
// end it brings in the next ones (see chunks.go).
#define PFDIST 2048

// GROUP counts the bytes of one group of eight byte values (8g to 8g+7)
// in the chunk at Z0 into the byte counters acc: tab is the group's
// one-hot table (byte i: 1<<(i&7) where i>>3 is g&7, else 0), half the
// mask of the bytes of its half (K3: 64 to 127, K4: 0 to 63). VPERMB
// sets each byte of the group to its one-hot bit (others to 0);
// VGF2P8AFFINEQB with Z17 (byte p of each qword 1<<p) transposes each
// eight bytes' bits, so that byte p holds bit p of each of the eight;
// VPOPCNTB counts them: byte p of each qword is how many of its eight
// bytes are 8g+p.
#define GROUP(tab, half, acc) \
	VPERMB.Z       tab, Z0, half, Z3; \
	VGF2P8AFFINEQB $0, Z3, Z17, Z3; \
	VPOPCNTB       Z3, Z3; \
	VPADDB         Z3, acc, acc

// FLUSH adds the counters acc (byte p of each qword: how many 8g+p) to
// hist[0][8g:8g+8] at off(DI), off = 32g, and clears them: the eight
// qwords summed in 16-bit lanes (at most 8 x 248), widened to 32 bits.
#define FLUSH(acc, lo, off) \
	VEXTRACTI64X4 $1, acc, Y1; \
	VPMOVZXBW     Y1, Z1; \
	VPMOVZXBW     lo, Z2; \
	VPADDW        Z1, Z2, Z1; \
	VEXTRACTI64X4 $1, Z1, Y2; \
	VPADDW        Y2, Y1, Y1; \
	VEXTRACTI128  $1, Y1, X2; \
	VPADDW        X2, X1, X1; \
	VPMOVZXWD     X1, Y1; \
	VPADDD        off(DI), Y1, Y1; \
	VMOVDQU       Y1, off(DI); \
	VPXORQ        acc, acc, acc

// GROUPS counts the chunk at Z0 in the thirteen groups of eight values
// (8-15, 32-127: all but the controls that stop the kernel), K3 holding
// its bytes of 64 to 127, K4 those of 0 to 63: the one-hot table of
// values 8g to 8g+7 is Z22+(g&7), its byte counters Z4 to Z16 in the
// order 8-15, 32-39, ..., 120-127.
#define GROUPS \
	GROUP(Z23, K4, Z4); \
	GROUP(Z26, K4, Z5); \
	GROUP(Z27, K4, Z6); \
	GROUP(Z28, K4, Z7); \
	GROUP(Z29, K4, Z8); \
	GROUP(Z22, K3, Z9); \
	GROUP(Z23, K3, Z10); \
	GROUP(Z24, K3, Z11); \
	GROUP(Z25, K3, Z12); \
	GROUP(Z26, K3, Z13); \
	GROUP(Z27, K3, Z14); \
	GROUP(Z28, K3, Z15); \
	GROUP(Z29, K3, Z16)

// func featChunksAVX512(t []byte, hist *[4][256]uint32, st *featState, tab *featTables) int
TEXT ·featChunksAVX512(SB), NOSPLIT, $0-56
	MOVQ t_base+0(FP), SI
	MOVQ t_len+8(FP), CX
	MOVQ hist+24(FP), DI
	MOVQ st+32(FP), R8
	MOVQ 0(R8), BX // words
	MOVQ 8(R8), R9 // 1 after a letter or digit
	XORQ AX, AX    // bytes taken
	MOVQ tab+40(FP), DX
	VMOVDQU64 0(DX), Z20 // class
	VMOVDQU64 64(DX), Z21
	VMOVDQU64 128(DX), Z22 // one-hot tables, by g&7
	VMOVDQU64 192(DX), Z23
	VMOVDQU64 256(DX), Z24
	VMOVDQU64 320(DX), Z25
	VMOVDQU64 384(DX), Z26
	VMOVDQU64 448(DX), Z27
	VMOVDQU64 512(DX), Z28
	VMOVDQU64 576(DX), Z29
	MOVQ $0x8040201008040201, DX
	VPBROADCASTQ DX, Z17
	MOVQ $0x0101010101010101, DX
	VPBROADCASTQ DX, Z30 // class: stops the kernel
	MOVQ $0x4040404040404040, DX
	VPBROADCASTQ DX, Z31 // the high half of ASCII
	VPXORQ Z4, Z4, Z4
	VPXORQ Z5, Z5, Z5
	VPXORQ Z6, Z6, Z6
	VPXORQ Z7, Z7, Z7
	VPXORQ Z8, Z8, Z8
	VPXORQ Z9, Z9, Z9
	VPXORQ Z10, Z10, Z10
	VPXORQ Z11, Z11, Z11
	VPXORQ Z12, Z12, Z12
	VPXORQ Z13, Z13, Z13
	VPXORQ Z14, Z14, Z14
	VPXORQ Z15, Z15, Z15
	VPXORQ Z16, Z16, Z16
	MOVL $31, R13 // chunks before the counters must be flushed (8 x 31 < 256)

loop:
	CMPQ CX, $64
	JLT  tail
	VMOVDQU64 (SI), Z0
	PREFETCHT0 PFDIST(SI) // a chunk 2 KB ahead, in a later text past this one's end
	VPMOVB2M  Z0, K1 // bytes that are not ASCII
	VMOVDQA64 Z0, Z1
	VPERMI2B  Z21, Z20, Z1 // Z1: the class of each byte
	VPTESTMB  Z30, Z1, K2  // controls outside the groups counted
	KORQ      K1, K2, K1
	KORTESTQ  K1, K1
	JNZ       done

	// Word starts: a letter or digit not after one.
	VPMOVB2M Z1, K2 // 0x80: a letter or digit
	KMOVQ    K2, DX
	MOVQ     DX, R11
	SHLQ     $1, R11
	ORQ      R9, R11
	ANDNQ    DX, R11, R11
	POPCNTQ  R11, R11
	ADDQ     R11, BX
	SHRQ     $63, DX
	MOVQ     DX, R9

	// The byte counts: thirteen groups of eight values, all but the
	// controls that stop the kernel (0-7, 16-31).
	VPTESTMB  Z31, Z0, K3 // 64 to 127
	KNOTQ     K3, K4      // 0 to 63
	GROUPS

	ADDQ $64, SI
	ADDQ $64, AX
	SUBQ $64, CX
	DECL R13
	JNZ  loop
	MOVL $1, R12 // flush, then go on
	JMP  flush

tail:
	// The last bytes of t, fewer than 64, loaded under a mask (none past
	// t is read): taken as a chunk when none stops the kernel. At most 30
	// chunks are counted since the last flush (R13 >= 1), so 31 with
	// these.
	TESTQ CX, CX
	JZ    done
	MOVQ  $-1, DX
	BZHIQ CX, DX, DX
	KMOVQ DX, K5
	VMOVDQU8.Z (SI), K5, Z0
	VPMOVB2M  Z0, K1
	VMOVDQA64 Z0, Z1
	VPERMI2B  Z21, Z20, Z1
	VPTESTMB  Z30, Z1, K2
	KORQ      K1, K2, K1
	KANDQ     K5, K1, K1
	KORTESTQ  K1, K1
	JNZ       done
	VPMOVB2M Z1, K2
	KANDQ    K5, K2, K2
	KMOVQ    K2, DX
	MOVQ     DX, R11
	SHLQ     $1, R11
	ORQ      R9, R11
	ANDNQ    DX, R11, R11
	POPCNTQ  R11, R11
	ADDQ     R11, BX
	LEAQ     -1(CX), R11
	SHRXQ    R11, DX, DX
	ANDQ     $1, DX
	MOVQ     DX, R9 // the last byte's
	VPTESTMB  Z31, Z0, K3
	KANDQ     K5, K3, K3
	KANDNQ    K5, K3, K4
	GROUPS
	ADDQ CX, AX
	DECL R13 // counted: flushed at done

done:
	XORL R12, R12 // flush, then return
	CMPL R13, $31
	JEQ  ret      // nothing counted since the last flush

flush:
	FLUSH(Z4, Y4, 32)
	FLUSH(Z5, Y5, 128)
	FLUSH(Z6, Y6, 160)
	FLUSH(Z7, Y7, 192)
	FLUSH(Z8, Y8, 224)
	FLUSH(Z9, Y9, 256)
	FLUSH(Z10, Y10, 288)
	FLUSH(Z11, Y11, 320)
	FLUSH(Z12, Y12, 352)
	FLUSH(Z13, Y13, 384)
	FLUSH(Z14, Y14, 416)
	FLUSH(Z15, Y15, 448)
	FLUSH(Z16, Y16, 480)
	MOVL  $31, R13
	TESTL R12, R12
	JNZ   loop

ret:
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

// func featMerge1AVX512(hist *[256]uint32, n int, counts *[256]uint32, nz *[256]uint32) int
TEXT ·featMerge1AVX512(SB), NOSPLIT, $0-40
	MOVQ   hist+0(FP), SI
	MOVQ   n+8(FP), CX
	MOVQ   counts+16(FP), DI
	MOVQ   nz+24(FP), R8
	XORQ   AX, AX // counts written to nz
	XORQ   BX, BX // byte offset in the histogram
	VPXORD Z2, Z2, Z2

merge1:
	// Sixteen counts, kept, and the histogram cleared for the next text.
	VMOVDQU32 (SI)(BX*1), Z0
	VMOVDQU32 Z2, (SI)(BX*1)
	VMOVDQU32 Z0, (DI)(BX*1)

	// The nonzero ones, in order, appended to nz (as in featMergeAVX512).
	VPTESTMD    Z0, Z0, K1
	VPCOMPRESSD Z0, K1, Z1
	VMOVDQU32   Z1, (R8)(AX*4)
	KMOVW       K1, DX
	POPCNTL     DX, DX
	ADDQ        DX, AX

	ADDQ $64, BX
	SUBQ $16, CX
	JGT  merge1

	MOVQ AX, ret+32(FP)
	VZEROUPPER
	RET
