//go:build !purego

#include "textflag.h"

// func prefetchSigs(t **[sigSize]nearSig, idx []int32)
//
// For each x in idx, i = x ^ x>>31: PREFETCHT0 of the signature at
// offset 64*(i & 0x3fff) of block i>>14 of the table t (sigShift = 14;
// t holds a pointer to each block).
TEXT ·prefetchSigs(SB), NOSPLIT, $0-32
	MOVQ t+0(FP), SI
	MOVQ idx_base+8(FP), DI
	MOVQ idx_len+16(FP), CX
	TESTQ CX, CX
	JEQ  done

loop:
	MOVLQSX (DI), AX
	MOVQ    AX, DX
	SARQ    $63, DX
	XORQ    DX, AX
	MOVQ    AX, DX
	SHRQ    $14, DX
	MOVQ    (SI)(DX*8), R8
	ANDQ    $0x3fff, AX
	SHLQ    $6, AX
	PREFETCHT0 (R8)(AX*1)
	ADDQ    $4, DI
	DECQ    CX
	JNE     loop

done:
	RET

// func prefetchFlat(sigs *nearSig, idx []int32)
//
// For each x in idx: PREFETCHT0 of sigs + 64*(x ^ x>>31).
TEXT ·prefetchFlat(SB), NOSPLIT, $0-32
	MOVQ sigs+0(FP), SI
	MOVQ idx_base+8(FP), DI
	MOVQ idx_len+16(FP), CX
	TESTQ CX, CX
	JEQ  flatdone

flatloop:
	MOVLQSX (DI), AX
	MOVQ    AX, DX
	SARQ    $63, DX
	XORQ    DX, AX
	SHLQ    $6, AX
	PREFETCHT0 (SI)(AX*1)
	ADDQ    $4, DI
	DECQ    CX
	JNE     flatloop

flatdone:
	RET

// func prefetchUint64(a *uint64, idx []int32)
//
// For each x in idx: PREFETCHT0 of a + 8*(x ^ x>>31).
TEXT ·prefetchUint64(SB), NOSPLIT, $0-32
	MOVQ a+0(FP), SI
	MOVQ idx_base+8(FP), DI
	MOVQ idx_len+16(FP), CX
	TESTQ CX, CX
	JEQ  u64done

u64loop:
	MOVLQSX (DI), AX
	MOVQ    AX, DX
	SARQ    $63, DX
	XORQ    DX, AX
	PREFETCHT0 (SI)(AX*8)
	ADDQ    $4, DI
	DECQ    CX
	JNE     u64loop

u64done:
	RET

// func prefetchInt32(a *int32, idx []int32)
//
// For each x in idx: PREFETCHT0 of a + 4*(x ^ x>>31).
TEXT ·prefetchInt32(SB), NOSPLIT, $0-32
	MOVQ a+0(FP), SI
	MOVQ idx_base+8(FP), DI
	MOVQ idx_len+16(FP), CX
	TESTQ CX, CX
	JEQ  i32done
i32loop:
	MOVLQSX (DI), AX
	MOVQ    AX, DX
	SARQ    $63, DX
	XORQ    DX, AX
	PREFETCHT0 (SI)(AX*4)
	ADDQ    $4, DI
	DECQ    CX
	JNE     i32loop
i32done:
	RET
