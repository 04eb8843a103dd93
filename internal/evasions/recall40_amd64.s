#include "textflag.h"

// func punyIndexAVX512(t []byte) int
//
// The offset of the first xn-- of t, letters in either case, or -1
// (recall40.go's punyIndex). A chunk of 64 bytes at a time, each
// compared, ORed with 0x20 (x and n to lower case; - is 0x2D already), with
// x, n and - once: a bit p of the x mask, the n mask shifted right by one
// and the - mask by two and three, all set, is an xn-- at p. The next
// chunk starts 61 bytes on, so every four bytes lie in one chunk; the
// last one is loaded under a mask, its bytes past t zero (0x20 after the
// OR: no match). A CR (0x0D) is 0x2D after the OR, so "xn\r\r" is a
// candidate too: punyIndex tests each candidate's bytes.
TEXT ·punyIndexAVX512(SB), NOSPLIT, $0-32
	MOVQ t_base+0(FP), SI
	MOVQ t_len+8(FP), CX
	XORQ AX, AX
	MOVL $0x20, DX
	VPBROADCASTB DX, Z20
	MOVL $0x78, DX
	VPBROADCASTB DX, Z21
	MOVL $0x6E, DX
	VPBROADCASTB DX, Z22
	MOVL $0x2D, DX
	VPBROADCASTB DX, Z23

loop:
	MOVQ CX, BX
	SUBQ AX, BX
	CMPQ BX, $64
	JLT  tail
	VPORQ (SI)(AX*1), Z20, Z0
	VPCMPEQB Z21, Z0, K1
	VPCMPEQB Z22, Z0, K2
	VPCMPEQB Z23, Z0, K3
	KSHIFTRQ $1, K2, K2
	KANDQ    K2, K1, K1
	KSHIFTRQ $2, K3, K4
	KSHIFTRQ $3, K3, K3
	KANDQ    K4, K1, K1
	KANDQ    K3, K1, K1
	KORTESTQ K1, K1
	JNZ      found
	ADDQ     $61, AX
	JMP      loop

tail:
	CMPQ  BX, $4
	JLT   none
	MOVQ  $-1, DX
	BZHIQ BX, DX, DX
	KMOVQ DX, K5
	VMOVDQU8.Z (SI)(AX*1), K5, Z0
	VPORQ    Z20, Z0, Z0
	VPCMPEQB Z21, Z0, K1
	VPCMPEQB Z22, Z0, K2
	VPCMPEQB Z23, Z0, K3
	KSHIFTRQ $1, K2, K2
	KANDQ    K2, K1, K1
	KSHIFTRQ $2, K3, K4
	KSHIFTRQ $3, K3, K3
	KANDQ    K4, K1, K1
	KANDQ    K3, K1, K1
	KORTESTQ K1, K1
	JZ       none

found:
	KMOVQ  K1, DX
	TZCNTQ DX, DX
	ADDQ   DX, AX
	MOVQ   AX, ret+24(FP)
	VZEROUPPER
	RET

none:
	MOVQ $-1, ret+24(FP)
	VZEROUPPER
	RET
