//go:build !purego

#include "textflag.h"

// HighwayHash-128 (github.com/minio/highwayhash's AVX2 code, Apache 2.0),
// its update and finalisation, for one text and for two texts side by
// side (see hwhash.go). A state is 16 words: v0, v1, mul0, mul1, four each.

DATA hwZipper<>+0x00(SB)/8, $0x000f010e05020c03
DATA hwZipper<>+0x08(SB)/8, $0x070806090d0a040b
DATA hwZipper<>+0x10(SB)/8, $0x000f010e05020c03
DATA hwZipper<>+0x18(SB)/8, $0x070806090d0a040b
GLOBL hwZipper<>(SB), (NOPTR+RODATA), $32

// UPDATE adds the packet msg (a register or memory) to the state v0, v1,
// mul0, mul1, with tmp a scratch register and zip the zipper merge's
// shuffle: minio's UPDATE.
#define UPDATE(msg, v0, v1, mul0, mul1, tmp, zip) \
	VPADDQ   msg, v1, v1    \
	VPADDQ   mul0, v1, v1   \
	VPSRLQ   $32, v0, tmp   \
	VPMULUDQ v1, tmp, tmp   \
	VPXOR    tmp, mul0, mul0 \
	VPADDQ   mul1, v0, v0   \
	VPSRLQ   $32, v1, tmp   \
	VPMULUDQ v0, tmp, tmp   \
	VPXOR    tmp, mul1, mul1 \
	VPSHUFB  zip, v1, tmp   \
	VPADDQ   tmp, v0, v0    \
	VPSHUFB  zip, v0, tmp   \
	VPADDQ   tmp, v1, v1

// LOAD and STORE move the state at off(st) to and from registers.
#define LOAD(off, st, v0, v1, mul0, mul1) \
	VMOVDQU off+0(st), v0   \
	VMOVDQU off+32(st), v1  \
	VMOVDQU off+64(st), mul0 \
	VMOVDQU off+96(st), mul1

#define STORE(off, st, v0, v1, mul0, mul1) \
	VMOVDQU v0, off+0(st)   \
	VMOVDQU v1, off+32(st)  \
	VMOVDQU mul0, off+64(st) \
	VMOVDQU mul1, off+96(st)

// UPDATEX, LOADX and STOREX are UPDATE, LOAD and STORE in EVEX forms,
// for registers Y16 to Y31 (AVX-512 VL).
#define UPDATEX(msg, v0, v1, mul0, mul1, tmp, zip) \
	VPADDQ   msg, v1, v1    \
	VPADDQ   mul0, v1, v1   \
	VPSRLQ   $32, v0, tmp   \
	VPMULUDQ v1, tmp, tmp   \
	VPXORQ   tmp, mul0, mul0 \
	VPADDQ   mul1, v0, v0   \
	VPSRLQ   $32, v1, tmp   \
	VPMULUDQ v0, tmp, tmp   \
	VPXORQ   tmp, mul1, mul1 \
	VPSHUFB  zip, v1, tmp   \
	VPADDQ   tmp, v0, v0    \
	VPSHUFB  zip, v0, tmp   \
	VPADDQ   tmp, v1, v1

#define LOADX(off, st, v0, v1, mul0, mul1) \
	VMOVDQU64 off+0(st), v0   \
	VMOVDQU64 off+32(st), v1  \
	VMOVDQU64 off+64(st), mul0 \
	VMOVDQU64 off+96(st), mul1

#define STOREX(off, st, v0, v1, mul0, mul1) \
	VMOVDQU64 v0, off+0(st)   \
	VMOVDQU64 v1, off+32(st)  \
	VMOVDQU64 mul0, off+64(st) \
	VMOVDQU64 mul1, off+96(st)

// func hwStep4(st *[nLanes]hwState, p *[nLanes]uintptr, left *[nLanes]int) (done uint64)
TEXT ·hwStep4(SB), NOSPLIT, $0-32
	MOVQ st+0(FP), AX
	MOVQ p+8(FP), DX
	MOVQ left+16(FP), R9

	// CX: the packets every lane has, the least of left >> 5.
	MOVQ 0(R9), CX
	MOVQ 8(R9), R10
	CMPQ R10, CX
	CMOVQLT R10, CX
	MOVQ 16(R9), R10
	CMPQ R10, CX
	CMOVQLT R10, CX
	MOVQ 24(R9), R10
	CMPQ R10, CX
	CMOVQLT R10, CX
	SHRQ $5, CX
	JZ   ends4
	MOVQ CX, R11
	SHLQ $5, R11 // the bytes each lane reads

	MOVQ 0(DX), BX
	MOVQ 8(DX), SI
	MOVQ 16(DX), DI
	MOVQ 24(DX), R8
	LOADX(0, AX, Y1, Y2, Y3, Y4)
	LOADX(128, AX, Y7, Y8, Y9, Y10)
	LOADX(256, AX, Y11, Y12, Y13, Y14)
	LOADX(384, AX, Y16, Y17, Y18, Y19)
	VMOVDQU hwZipper<>(SB), Y5

loop4:
	UPDATEX(0(BX), Y1, Y2, Y3, Y4, Y0, Y5)
	UPDATEX(0(SI), Y7, Y8, Y9, Y10, Y6, Y5)
	UPDATEX(0(DI), Y11, Y12, Y13, Y14, Y15, Y5)
	UPDATEX(0(R8), Y16, Y17, Y18, Y19, Y20, Y5)
	ADDQ $32, BX
	ADDQ $32, SI
	ADDQ $32, DI
	ADDQ $32, R8
	DECQ CX
	JNZ  loop4
	STOREX(0, AX, Y1, Y2, Y3, Y4)
	STOREX(128, AX, Y7, Y8, Y9, Y10)
	STOREX(256, AX, Y11, Y12, Y13, Y14)
	STOREX(384, AX, Y16, Y17, Y18, Y19)
	VZEROUPPER
	MOVQ BX, 0(DX)
	MOVQ SI, 8(DX)
	MOVQ DI, 16(DX)
	MOVQ R8, 24(DX)
	SUBQ R11, 0(R9)
	SUBQ R11, 8(R9)
	SUBQ R11, 16(R9)
	SUBQ R11, 24(R9)

ends4:
	// done: bit k for each lane with fewer than 32 bytes left.
	XORQ AX, AX
	XORQ R10, R10
	CMPQ 0(R9), $32
	SETLT R10
	ORQ  R10, AX
	CMPQ 8(R9), $32
	SETLT R10
	SHLQ $1, R10
	ORQ  R10, AX
	XORQ R10, R10
	CMPQ 16(R9), $32
	SETLT R10
	SHLQ $2, R10
	ORQ  R10, AX
	XORQ R10, R10
	CMPQ 24(R9), $32
	SETLT R10
	SHLQ $3, R10
	ORQ  R10, AX
	MOVQ AX, done+24(FP)
	RET

// PERMUTE_UPDATEX is PERMUTE_UPDATE of the lane v0, v1, mul0, mul1 in
// EVEX forms, tmp the packet.
#define PERMUTE_UPDATEX(v0, v1, mul0, mul1, tmp, zip) \
	VPERMQ  $0x4e, v0, tmp \
	VPSHUFD $177, tmp, tmp \
	UPDATEX(tmp, v0, v1, mul0, mul1, tmp, zip)

// SUM128 stores the HighwayHash-128 of the finalised lane at off(out):
// the low halves of v0+mul0 plus the high halves of v1+mul1.
#define SUM128(off, out, v0, v1, mul0, mul1, x0) \
	VPADDQ         mul0, v0, v0 \
	VPADDQ         mul1, v1, v1 \
	VEXTRACTI32X4  $1, v1, X21  \
	VPADDQ         X21, x0, x0  \
	VMOVDQU64      x0, off(out)

// func hwFinish4(st *[nLanes]hwState, blocks *[nLanes][32]byte, with uint64, out *[nLanes][2]uint64)
TEXT ·hwFinish4(SB), NOSPLIT, $0-32
	MOVQ st+0(FP), AX
	MOVQ blocks+8(FP), BX
	MOVQ with+16(FP), CX
	MOVQ out+24(FP), DX
	LOADX(0, AX, Y1, Y2, Y3, Y4)
	LOADX(128, AX, Y7, Y8, Y9, Y10)
	LOADX(256, AX, Y11, Y12, Y13, Y14)
	LOADX(384, AX, Y16, Y17, Y18, Y19)
	VMOVDQU64 hwZipper<>(SB), Y5
	BTQ $0, CX
	JCC block1
	UPDATEX(0(BX), Y1, Y2, Y3, Y4, Y0, Y5)

block1:
	BTQ $1, CX
	JCC block2
	UPDATEX(32(BX), Y7, Y8, Y9, Y10, Y6, Y5)

block2:
	BTQ $2, CX
	JCC block3
	UPDATEX(64(BX), Y11, Y12, Y13, Y14, Y15, Y5)

block3:
	BTQ $3, CX
	JCC rounds4
	UPDATEX(96(BX), Y16, Y17, Y18, Y19, Y20, Y5)

rounds4:
	MOVQ $6, CX

round4:
	PERMUTE_UPDATEX(Y1, Y2, Y3, Y4, Y0, Y5)
	PERMUTE_UPDATEX(Y7, Y8, Y9, Y10, Y6, Y5)
	PERMUTE_UPDATEX(Y11, Y12, Y13, Y14, Y15, Y5)
	PERMUTE_UPDATEX(Y16, Y17, Y18, Y19, Y20, Y5)
	DECQ CX
	JNZ  round4

	SUM128(0, DX, Y1, Y2, Y3, Y4, X1)
	SUM128(16, DX, Y7, Y8, Y9, Y10, X7)
	SUM128(32, DX, Y11, Y12, Y13, Y14, X11)
	SUM128(48, DX, Y16, Y17, Y18, Y19, X16)
	VZEROUPPER
	RET

// func hwRemainder(st *hwState, rest *byte, n int, block *[32]byte)
TEXT ·hwRemainder(SB), NOSPLIT, $0-32
	MOVQ st+0(FP), AX
	MOVQ rest+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ block+24(FP), DI

	// v0 += n in both halves of each word; v1's halves rotated left by n.
	MOVQ         CX, DX
	SHLQ         $32, DX
	ORQ          CX, DX
	VPBROADCASTQ DX, Y0
	VPADDQ       0(AX), Y0, Y0
	VMOVDQU      Y0, 0(AX)
	VPBROADCASTD CX, Y1
	VMOVDQU      32(AX), Y2
	VPROLVD      Y1, Y2, Y2
	VMOVDQU      Y2, 32(AX)

	// The packet: the first n&^3 bytes, then the last 4 bytes at 28 when
	// n >= 16, else the bytes n&^3, n&^3 + (n&3)/2 and n-1 at 16.
	MOVQ        CX, R8
	ANDQ        $~3, R8
	MOVQ        $-1, R9
	BZHIQ       R8, R9, R9
	KMOVD       R9, K1
	VMOVDQU8.Z  (SI), K1, Y3
	CMPQ        CX, $16
	JB          small
	MOVL        -4(SI)(CX*1), R10
	VPBROADCASTD R10, Y4
	MOVL        $0x80, R11
	KMOVW       R11, K2
	VMOVDQA32   Y4, K2, Y3
	JMP         packet

small:
	MOVQ    CX, R10
	ANDQ    $3, R10
	JZ      packet
	MOVBLZX (SI)(R8*1), R11
	SHRQ    $1, R10
	ADDQ    R8, R10
	MOVBLZX (SI)(R10*1), R12
	SHLL    $8, R12
	ORL     R12, R11
	MOVBLZX -1(SI)(CX*1), R12
	SHLL    $16, R12
	ORL     R12, R11
	VPBROADCASTD R11, Y4
	MOVL    $0x10, R12
	KMOVW   R12, K2
	VMOVDQA32 Y4, K2, Y3

packet:
	VMOVDQU Y3, 0(DI)
	VZEROUPPER
	RET
