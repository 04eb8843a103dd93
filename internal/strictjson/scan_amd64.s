//go:build amd64 && !purego

#include "textflag.h"

// func decodeRunAVX512(dst, src *byte, n int, table *[256]byte) (read, written int)
TEXT ·decodeRunAVX512(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), DX
	MOVQ table+24(FP), R9
	XORQ AX, AX // read
	XORQ BX, BX // written
	MOVL $0x20, CX
	VPBROADCASTB CX, Z1 // controls are below
	MOVL $0x22, CX
	VPBROADCASTB CX, Z2 // '"'
	MOVL $0x5c, CX
	VPBROADCASTB CX, Z3 // '\\'
	MOVQ DX, R10        // n
	SUBQ $64, DX        // a block is read while AX <= n-64

loop:
	CMPQ AX, DX
	JGT  done
	VMOVDQU8 (SI)(AX*1), Z0
	VMOVDQU8 Z0, (DI)(BX*1)
	VPCMPUB  $1, Z1, Z0, K1 // below 0x20
	VPCMPEQB Z2, Z0, K2
	VPCMPEQB Z3, Z0, K3
	KORQ     K2, K1, K1
	KORQ     K3, K1, K1
	KMOVQ    K1, CX
	TESTQ    CX, CX
	JNZ      stop
	ADDQ     $64, AX
	ADDQ     $64, BX
	JMP      loop

stop:
	BSFQ    CX, CX
	ADDQ    CX, AX
	ADDQ    CX, BX
	MOVBLZX (SI)(AX*1), CX
	CMPQ    CX, $0x5c
	JNE     done // a quote or a control: scanDecode's
	LEAQ    1(AX), R8
	CMPQ    R8, R10
	JGE     done // the backslash ends the line
	MOVBLZX (SI)(R8*1), CX
	MOVBLZX (R9)(CX*1), R11
	TESTQ   R11, R11
	JZ      done // \u, or no escape: scanDecode's
	MOVB    R11, (DI)(BX*1)
	ADDQ    $2, AX
	INCQ    BX
	JMP     loop

done:
	VZEROUPPER
	MOVQ AX, read+32(FP)
	MOVQ BX, written+40(FP)
	RET
