//go:build !purego

#include "textflag.h"

// FOLD writes to Z1 the bytes of Z0 (ASCII) lowercased and their white
// space (9-13, 32) made a space, looked up in asciiLower (Z20, Z21:
// VPERMI2B), and marks that white space in K2: two vector instructions
// and a move where comparisons and masked adds took eight (VPSUBB and
// VPCMPUB for the white space and the capitals each, VPCMPEQB, KORQ,
// VPADDB and VMOVDQU8 under masks). Z11 holds spaces.
#define FOLD \
	VMOVDQA64 Z0, Z1; \
	VPERMI2B  Z21, Z20, Z1; \
	VPCMPEQB  Z11, Z1, K2

// func collapse512(dst, src *byte, n int, sp uint64) (w, read int, spOut uint64)
//
// Registers: SI src, DI dst, CX n, R8 read, AX w, DX sp (0 or 1).
// Z11 spaces, Z20 and Z21 asciiLower.
TEXT ·collapse512(SB), NOSPLIT, $0-56
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ sp+24(FP), DX
	XORQ AX, AX
	XORQ R8, R8
	MOVL $32, BX
	VPBROADCASTB BX, Z11
	LEAQ ·asciiLower(SB), BX
	VMOVDQU64 0(BX), Z20
	VMOVDQU64 64(BX), Z21

full:
	LEAQ 64(R8), BX
	CMPQ BX, CX
	JHI  tail
	PREFETCHT0 512(SI)(R8*1) // the text comes from L3: see collapse512's doc
	VMOVDQU8 (SI)(R8*1), Z0
	VPMOVB2M Z0, K1
	KORTESTQ K1, K1
	JNE  high

	FOLD

	// Keep every byte but white space after white space (or after the
	// white space before the block: sp).
	KMOVQ K2, BX
	LEAQ  (DX)(BX*2), R10
	ANDQ  BX, R10
	NOTQ  R10
	SHRQ  $63, BX
	MOVQ  BX, DX
	KMOVQ R10, K4
	VPCOMPRESSB Z1, K4, Z2
	VMOVDQU8    Z2, (DI)(AX*1)
	POPCNTQ     R10, R10
	ADDQ        R10, AX
	ADDQ        $64, R8
	JMP         full

tail:
	// The last n-read < 64 bytes, loaded under a mask (the bytes after
	// them read as 0), up to the first that is not ASCII.
	MOVQ  CX, R11
	SUBQ  R8, R11
	JEQ   done
	MOVQ  $-1, BX
	BZHIQ R11, BX, BX
	KMOVQ BX, K5
	VMOVDQU8.Z (SI)(R8*1), K5, Z0
	VPMOVB2M   Z0, K1
	KMOVQ      K1, BX
	TZCNTQ     BX, BX
	CMPQ       BX, R11
	CMOVQLT    BX, R11
	JMP        part

high:
	// A byte that is not ASCII: the bytes before it, then stop.
	KMOVQ  K1, BX
	TZCNTQ BX, R11

part:
	// Z0 holds R11 < 64 bytes to write, then the block stops.
	TESTQ R11, R11
	JEQ   done
	FOLD
	KMOVQ    K2, BX
	MOVQ     $-1, R9
	BZHIQ    R11, R9, R9
	ANDQ     R9, BX
	LEAQ     (DX)(BX*2), R10
	ANDQ     BX, R10
	NOTQ     R10
	ANDQ     R9, R10
	LEAQ     -1(R11), R12
	SHRXQ    R12, BX, DX
	ANDQ     $1, DX
	KMOVQ    R10, K4
	VPCOMPRESSB Z1, K4, Z2
	VMOVDQU8    Z2, (DI)(AX*1)
	POPCNTQ     R10, R10
	ADDQ        R10, AX
	ADDQ        R11, R8

done:
	MOVQ AX, w+32(FP)
	MOVQ R8, read+40(FP)
	MOVQ DX, spOut+48(FP)
	VZEROUPPER
	RET
