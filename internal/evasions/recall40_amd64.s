#include "textflag.h"

// func stops40AVX512(t []byte, odd *[64]byte) (win int, cands uint64, halves int)
//
// The first window of 64 bytes from t[0] (the next 61 bytes on, so that
// every four bytes in a row lie in one window; the last loaded under a
// mask, its bytes past t zero) with a place recall40.go's looks40 looks
// at, or -1:
//
//   - cands, a bit a byte: an xn-- or an &nu; (punycode, the entity of
//     ν) starts there. The window is ORed with 0x20 (X N U to lower
//     case; - & ; are unchanged) and compared with x, n, -, &, u and ;:
//     bit p of the x mask and the n mask shifted right by one and the -
//     mask by two and three, or of the & mask and the n, u and ; masks
//     so (CR, ACK and ESC read as - & ; after the OR: looks40 tests the
//     bytes). Bits 61 to 63 are never set (the next window has them);
//   - halves, bit 0 for bytes 0-31 and bit 1 for 32-63: a half without a
//     byte of 0x20 or under (white space, controls, the bytes past t)
//     and with two or more of Z85's ( ) { } [ ] < > ^ * ! $ # @ (odd:
//     odd[c&63] is c for those, 0x80 else; VPERMB looks it up by the low
//     six bits). Half starts are 29 or 32 bytes apart, so every run of
//     63 bytes or more holds a half whole.
TEXT ·stops40AVX512(SB), NOSPLIT, $0-56
	MOVQ t_base+0(FP), SI
	MOVQ t_len+8(FP), CX
	MOVQ odd+24(FP), R10
	VMOVDQU64 (R10), Z27
	XORQ AX, AX
	MOVL $0x20, DX
	VPBROADCASTB DX, Z20
	MOVL $0x78, DX
	VPBROADCASTB DX, Z21
	MOVL $0x6E, DX
	VPBROADCASTB DX, Z22
	MOVL $0x2D, DX
	VPBROADCASTB DX, Z23
	MOVL $0x26, DX
	VPBROADCASTB DX, Z24
	MOVL $0x75, DX
	VPBROADCASTB DX, Z25
	MOVL $0x3B, DX
	VPBROADCASTB DX, Z26

loop:
	MOVQ CX, BX
	SUBQ AX, BX
	CMPQ BX, $4
	JLT  none
	CMPQ BX, $64
	JGE  full
	MOVQ  $-1, DX
	BZHIQ BX, DX, DX
	KMOVQ DX, K7
	VMOVDQU8.Z (SI)(AX*1), K7, Z1
	JMP   look

full:
	VMOVDQU64 (SI)(AX*1), Z1

look:
	// The pairs "--" and "u;" (rare in prose) first: a window without one
	// has no candidate.
	XORL     R12, R12
	VPORQ    Z20, Z1, Z0
	VPCMPEQB Z23, Z0, K3
	VPCMPEQB Z25, Z0, K4
	VPCMPEQB Z26, Z0, K5
	KSHIFTRQ $1, K3, K1
	KANDQ    K3, K1, K1
	KSHIFTRQ $1, K5, K2
	KANDQ    K4, K2, K2
	KORTESTQ K1, K2
	JZ       halves
	VPCMPEQB Z21, Z0, K1
	VPCMPEQB Z22, Z0, K2
	KSHIFTRQ $1, K2, K2
	KANDQ    K2, K1, K1
	KSHIFTRQ $2, K3, K6
	KANDQ    K6, K1, K1
	KSHIFTRQ $3, K3, K6
	KANDQ    K6, K1, K1
	VPCMPEQB Z24, Z0, K6
	KANDQ    K2, K6, K6
	KSHIFTRQ $2, K4, K4
	KANDQ    K4, K6, K6
	KSHIFTRQ $3, K5, K5
	KANDQ    K5, K6, K6
	KORQ     K6, K1, K1
	KMOVQ    K1, R12

halves:
	// Z85's halves: no byte of 0x20 or under, two odd bytes.
	XORL     R13, R13
	VPCMPUB  $2, Z20, Z1, K6
	KMOVQ    K6, DX
	TESTL    DX, DX
	JNZ      hihalf
	VPERMB   Z27, Z1, Z5
	VPCMPEQB Z5, Z1, K6
	KMOVQ    K6, R9
	MOVL     R9, R11
	POPCNTL  R11, R11
	CMPL     R11, $2
	JB       hihalf
	ORL      $1, R13

hihalf:
	SHRQ     $32, DX
	TESTL    DX, DX
	JNZ      tell
	VPERMB   Z27, Z1, Z5
	VPCMPEQB Z5, Z1, K6
	KMOVQ    K6, R9
	SHRQ     $32, R9
	POPCNTL  R9, R11
	CMPL     R11, $2
	JB       tell
	ORL      $2, R13

tell:
	MOVQ R12, R9
	ORQ  R13, R9
	JNZ  found
	CMPQ BX, $64
	JLE  none
	ADDQ $61, AX
	JMP  loop

found:
	MOVQ AX, win+32(FP)
	MOVQ R12, cands+40(FP)
	MOVQ R13, halves+48(FP)
	VZEROUPPER
	RET

none:
	MOVQ $-1, win+32(FP)
	MOVQ $0, cands+40(FP)
	MOVQ $0, halves+48(FP)
	VZEROUPPER
	RET
