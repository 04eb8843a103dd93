//go:build amd64

#include "textflag.h"

// CONSTS broadcasts the byte constants the blocks compare against.
#define CONSTS \
	MOVL         $0x20, AX; \
	VPBROADCASTB AX, Z20; \
	MOVL         $0x61, AX; \
	VPBROADCASTB AX, Z21; \
	MOVL         $26, AX; \
	VPBROADCASTB AX, Z22; \
	MOVL         $0x30, AX; \
	VPBROADCASTB AX, Z23; \
	MOVL         $10, AX; \
	VPBROADCASTB AX, Z24; \
	MOVL         $0x41, AX; \
	VPBROADCASTB AX, Z25; \
	MOVL         $0x80, AX; \
	VPBROADCASTB AX, Z26; \
	MOVL         $0x40, AX; \
	VPBROADCASTB AX, Z27

// BITS writes WordBits of the block in Z0 to (DX) and 8(DX): cand (a
// letter, (b|0x20)-'a' < 26, a digit, b-'0' < 10, or a high byte) and
// high (the bytes' top bits), and ORs high into R11.
#define BITS \
	VPMOVB2M Z0, K1; \
	VPORD    Z20, Z0, Z1; \
	VPSUBB   Z21, Z1, Z1; \
	VPCMPUB  $1, Z22, Z1, K2; \
	VPSUBB   Z23, Z0, Z2; \
	VPCMPUB  $1, Z24, Z2, K3; \
	KORQ     K2, K3, K2; \
	KORQ     K1, K2, K2; \
	KMOVQ    K2, AX; \
	MOVQ     AX, (DX); \
	KMOVQ    K1, AX; \
	MOVQ     AX, 8(DX); \
	ORQ      AX, R11

// LOWER counts the continuation bytes of the block in Z0 (b-0x80 < 0x40)
// into BX, adds 0x20 to its bytes 'A'..'Z' and stores it at (DI).
#define LOWER \
	VPSUBB   Z26, Z0, Z3; \
	VPCMPUB  $1, Z27, Z3, K4; \
	KMOVQ    K4, AX; \
	POPCNTQ  AX, AX; \
	ADDQ     AX, BX; \
	VPSUBB   Z25, Z0, Z3; \
	VPCMPUB  $1, Z22, Z3, K5; \
	VPADDB   Z20, Z0, K5, Z0; \
	VMOVDQU64 Z0, (DI)

// func lowerBitsAVX512(dst []byte, bm []uint64, text []byte) (chars int, high uint64)
TEXT ·lowerBitsAVX512(SB), NOSPLIT, $0-88
	MOVQ dst_base+0(FP), DI
	MOVQ bm_base+24(FP), DX
	MOVQ text_base+48(FP), SI
	MOVQ text_len+56(FP), CX
	MOVQ CX, R12
	MOVQ DI, R13
	XORQ BX, BX
	XORQ R11, R11
	CONSTS

lowerLoop:
	CMPQ      CX, $64
	JB        lowerTail
	VMOVDQU64 (SI), Z0
	BITS
	LOWER
	ADDQ      $64, SI
	ADDQ      $64, DI
	ADDQ      $16, DX
	SUBQ      $64, CX
	JMP       lowerLoop

lowerTail:
	// The last block, CX < 64 bytes of text and zeros: a masked load
	// reads no byte past the text.
	MOVQ       $1, AX
	SHLQ       CX, AX
	DECQ       AX
	KMOVQ      AX, K7
	VMOVDQU8.Z (SI), K7, Z0
	BITS
	LOWER
	// tokSlack zero bytes past the text.
	VPXORQ     Z0, Z0, Z0
	VMOVDQU64  Z0, (R13)(R12*1)
	SUBQ       BX, R12
	MOVQ       R12, chars+72(FP)
	MOVQ       R11, high+80(FP)
	VZEROUPPER
	RET

// func wordBitsAVX512(bm []uint64, text []byte)
TEXT ·wordBitsAVX512(SB), NOSPLIT, $0-48
	MOVQ bm_base+0(FP), DX
	MOVQ text_base+24(FP), SI
	MOVQ text_len+32(FP), CX
	XORQ R11, R11
	CONSTS

bitsLoop:
	CMPQ      CX, $64
	JB        bitsTail
	VMOVDQU64 (SI), Z0
	BITS
	ADDQ      $64, SI
	ADDQ      $16, DX
	SUBQ      $64, CX
	JMP       bitsLoop

bitsTail:
	MOVQ       $1, AX
	SHLQ       CX, AX
	DECQ       AX
	KMOVQ      AX, K7
	VMOVDQU8.Z (SI), K7, Z0
	BITS
	VZEROUPPER
	RET
