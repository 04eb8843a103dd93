#include "textflag.h"

// args (main.go) by offset: 0 slots, 8 mids, 16 shift, 24 midShift, 32 st,
// 40 n, 48 pipe, 56 mpipe, 64 w, 72 pbits, 80 sptr, 88 mptr, 96 sbase,
// 104 mbase.

// func windowCount(a *args) int
// Stage A hashes nothing (the stream holds the hashes): it takes each
// token's home slot, PREFETCHT0s it and pushes the token to its pipe;
// stage B compares and counts each pipe's tokens, as countShortASCII.
TEXT ·windowCount(SB), NOSPLIT, $0-16
	MOVQ a+0(FP), R9
	MOVQ 32(R9), SI      // st
	MOVQ 40(R9), R10     // n
	IMUL3Q $24, R10, R10
	ADDQ SI, R10         // end of stream
	XORQ R11, R11        // misses
wLoop:
	CMPQ SI, R10
	JAE  wDone
	MOVQ 64(R9), R12
	IMUL3Q $24, R12, R12
	ADDQ SI, R12
	CMPQ R12, R10
	CMOVQHI R10, R12     // window end
	MOVQ 48(R9), R15     // short pipe
	MOVQ 56(R9), R14     // mid pipe
wA:
	CMPQ SI, R12
	JAE  wB
	MOVQ (SI), DX
	MOVQ 8(SI), BX
	ADDQ $24, SI
	TESTQ BX, BX
	JNZ  wAMid
	MOVQ 16(R9), CX
	SHRXQ CX, DX, CX
	SHLQ $4, CX
	ADDQ 0(R9), CX
	PREFETCHT0 (CX)
	MOVQ DX, (R15)
	MOVQ CX, 8(R15)
	ADDQ $16, R15
	JMP wA
wAMid:
	MOVQ 24(R9), CX
	SHRXQ CX, DX, CX
	SHLQ $5, CX
	ADDQ 8(R9), CX
	PREFETCHT0 (CX)
	MOVQ BX, (R14)
	MOVQ -8(SI), AX
	MOVQ AX, 8(R14)
	MOVQ CX, 16(R14)
	ADDQ $24, R14
	JMP wA
wB:
	MOVQ 48(R9), R13
wBS:
	CMPQ R13, R15
	JAE  wBM0
	MOVQ (R13), DX
	MOVQ 8(R13), CX
	ADDQ $16, R13
	CMPQ DX, (CX)
	JNE  wBSMiss
	INCL 12(CX)
	JMP  wBS
wBSMiss:
	INCQ R11
	JMP  wBS
wBM0:
	MOVQ 56(R9), R13
wBM:
	CMPQ R13, R14
	JAE  wLoop
	MOVQ (R13), DX
	MOVQ 8(R13), AX
	MOVQ 16(R13), CX
	ADDQ $24, R13
	CMPQ DX, 8(CX)
	JNE  wBMMiss
	CMPQ AX, 16(CX)
	JNE  wBMMiss
	INCL 28(CX)
	JMP  wBM
wBMMiss:
	INCQ R11
	JMP  wBM
wDone:
	MOVQ R11, ret+8(FP)
	RET

// func partCount(a *args) int
// Pass 1 scatters the tokens by their hash's top pbits (a short token's
// hash and index, 16 bytes; a mid token's words and mid slot << 32 |
// index, 24); pass 2 counts each partition's short then mid tokens, and
// sets its next entry back to its first.
TEXT ·partCount(SB), NOSPLIT, $0-16
	MOVQ a+0(FP), R9
	MOVQ 32(R9), SI
	MOVQ 40(R9), R10
	IMUL3Q $24, R10, R10
	ADDQ SI, R10
	MOVQ $64, R8
	SUBQ 72(R9), R8      // 64 - pbits
	MOVQ 80(R9), R12     // sptr
	MOVQ 88(R9), R13     // mptr
	XORQ DI, DI          // token index
pA:
	CMPQ SI, R10
	JAE  pB0
	MOVQ (SI), DX
	MOVQ 8(SI), BX
	ADDQ $24, SI
	SHRXQ R8, DX, CX     // partition
	TESTQ BX, BX
	JNZ  pAMid
	MOVQ (R12)(CX*8), AX
	MOVQ DX, (AX)
	MOVQ DI, 8(AX)
	ADDQ $16, AX
	MOVQ AX, (R12)(CX*8)
	INCQ DI
	JMP  pA
pAMid:
	MOVQ (R13)(CX*8), AX
	MOVQ BX, (AX)
	MOVQ -8(SI), R11
	MOVQ R11, 8(AX)
	MOVQ 24(R9), R11
	SHRXQ R11, DX, R11
	SHLQ $32, R11
	ORQ  DI, R11
	MOVQ R11, 16(AX)
	ADDQ $24, AX
	MOVQ AX, (R13)(CX*8)
	INCQ DI
	JMP  pA
pB0:
	XORQ R11, R11        // misses
	XORQ R8, R8          // partition
	MOVQ 72(R9), R10
	MOVQ $1, AX
	SHLXQ R10, AX, R10   // P
	MOVQ 16(R9), DI
	MOVQ 0(R9), BX
pBP:
	CMPQ R8, R10
	JAE  pDone
	MOVQ 96(R9), AX
	MOVQ (AX)(R8*8), SI  // start
	MOVQ (R12)(R8*8), R14 // end
	MOVQ SI, (R12)(R8*8) // reset
pBS:
	CMPQ SI, R14
	JAE  pBM0
	MOVQ (SI), DX
	ADDQ $16, SI
	SHRXQ DI, DX, CX
	SHLQ $4, CX
	ADDQ BX, CX
	CMPQ DX, (CX)
	JNE  pBSMiss
	INCL 12(CX)
	JMP  pBS
pBSMiss:
	INCQ R11
	JMP  pBS
pBM0:
	MOVQ 104(R9), AX
	MOVQ (AX)(R8*8), SI
	MOVQ (R13)(R8*8), R14
	MOVQ SI, (R13)(R8*8)
	MOVQ 8(R9), R15
pBM:
	CMPQ SI, R14
	JAE  pBNext
	MOVQ (SI), DX
	MOVQ 8(SI), AX
	MOVQ 16(SI), CX
	ADDQ $24, SI
	SHRQ $32, CX
	SHLQ $5, CX
	ADDQ R15, CX
	CMPQ DX, 8(CX)
	JNE  pBMMiss
	CMPQ AX, 16(CX)
	JNE  pBMMiss
	INCL 28(CX)
	JMP  pBM
pBMMiss:
	INCQ R11
	JMP  pBM
pBNext:
	INCQ R8
	JMP  pBP
pDone:
	MOVQ R11, ret+8(FP)
	RET
