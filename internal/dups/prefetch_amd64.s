//go:build !purego

#include "textflag.h"

// func prefetchSigs(sigs *nearSig, idx []int32)
//
// For each x in idx: PREFETCHT0 of sigs + 64*(x ^ x>>31).
TEXT ·prefetchSigs(SB), NOSPLIT, $0-32
	MOVQ sigs+0(FP), SI
	MOVQ idx_base+8(FP), DI
	MOVQ idx_len+16(FP), CX
	TESTQ CX, CX
	JEQ  done

loop:
	MOVLQSX (DI), AX
	MOVQ    AX, DX
	SARQ    $63, DX
	XORQ    DX, AX
	SHLQ    $6, AX
	PREFETCHT0 (SI)(AX*1)
	ADDQ    $4, DI
	DECQ    CX
	JNE     loop

done:
	RET
