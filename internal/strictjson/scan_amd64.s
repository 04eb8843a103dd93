//go:build amd64 && !purego

#include "textflag.h"

// ESCAPE1 handles the byte at src[AX] where a block stopped: a backslash
// with a one-byte escape (table R9) is written to dst[BX] and the kernel
// goes on at again; a quote, a control, \u, an unknown escape or a
// backslash at the line's end (R10) go to out, for scanDecode.
#define ESCAPE1(again, out) \
	MOVBLZX (SI)(AX*1), CX \
	CMPQ    CX, $0x5c \
	JNE     out \
	LEAQ    1(AX), R8 \
	CMPQ    R8, R10 \
	JGE     out \
	MOVBLZX (SI)(R8*1), CX \
	MOVBLZX (R9)(CX*1), R11 \
	TESTQ   R11, R11 \
	JZ      out \
	MOVB    R11, (DI)(BX*1) \
	ADDQ    $2, AX \
	INCQ    BX \
	JMP     again

// RESULT returns read (AX) and written (BX).
#define RESULT \
	VZEROUPPER \
	MOVQ AX, read+32(FP) \
	MOVQ BX, written+40(FP) \
	RET


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
	ESCAPE1(loop, done)

done:
	RESULT

// func decodeRunVBMI2(dst, src *byte, n int, table *[256]byte) (read, written int)
//
// A block of 64 bytes with one-byte escapes is decoded whole: the escaped
// bytes are translated through the table's first 128 entries (VPERMI2B),
// the backslashes dropped (VPCOMPRESSB), and the block stored at once.
// It stops where decodeRunAVX512 would hand over to scanDecode: at a
// quote or control that is not escaped, at the backslash of an escape
// that is not one byte (\u, or none), and at a backslash whose escaped
// byte is in the next block (that block starts with it). A block with
// two backslashes in a row (\\) is done one escape at a time, as
// decodeRunAVX512 does.
TEXT ·decodeRunVBMI2(SB), NOSPLIT, $0-48
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
	VMOVDQU8 (R9), Z6   // table[0:64]
	VMOVDQU8 64(R9), Z7 // table[64:128]
	MOVQ DX, R10        // n
	SUBQ $64, DX        // a block is read while AX <= n-64

vloop:
	CMPQ AX, DX
	JGT  vdone
	VMOVDQU8 (SI)(AX*1), Z0
	// 2 KB ahead, into the lines after this string (session 16: the
	// chunk comes from the last-level cache, read(2) having filled it,
	// often on the other core): in perf runs of the default audit of the
	// 200 MB JSONL this function's share of samples fell from 2.14-2.60%
	// to 1.69-2.10% (2,000 Hz, four runs alternated) and from 3.05-3.43%
	// to 2.03-3.02% (4,000 Hz, four more).
	PREFETCHT0 2048(SI)(AX*1)
	VPCMPUB  $1, Z1, Z0, K1 // below 0x20
	VPCMPEQB Z2, Z0, K2
	VPCMPEQB Z3, Z0, K3
	KORQ     K2, K1, K4
	KORQ     K3, K4, K4
	KORTESTQ K4, K4
	JNZ      vspecial
	VMOVDQU8 Z0, (DI)(BX*1)
	ADDQ     $64, AX
	ADDQ     $64, BX
	JMP      vloop

vspecial:
	KMOVQ K3, R11 // backslashes
	MOVQ  R11, R12
	SHRQ  $1, R12
	TESTQ R11, R12
	JNZ   vsingle // \\ somewhere: one escape at a time
	MOVQ  R11, R13
	SHLQ  $1, R13 // escaped bytes
	KMOVQ K1, R12
	KMOVQ K2, CX
	ORQ   CX, R12 // quotes and controls
	MOVQ  R13, CX
	NOTQ  CX
	ANDQ  CX, R12 // ... not escaped: where the string or the run ends

	// What each byte stands for after a backslash (0: not a one-byte
	// escape); a byte of 0x80 or more is none.
	VMOVDQU64 Z0, Z4
	VPERMI2B  Z7, Z6, Z4
	VPTESTMB  Z4, Z4, K5
	VPMOVB2M  Z0, K6
	KANDNQ    K5, K6, K5
	KMOVQ     K5, R8
	NOTQ      R8
	ANDQ      R13, R8 // escaped bytes that are no one-byte escape
	SHRQ      $1, R8  // ... their backslashes
	ORQ       R8, R12
	MOVQ      $0x8000000000000000, CX
	ANDQ      R11, CX // a backslash that ends the block
	ORQ       CX, R12
	KMOVQ     R13, K2
	VMOVDQU8  Z4, K2, Z0 // the escaped bytes decoded
	MOVQ      R11, R8
	NOTQ      R8         // bytes kept: not backslashes
	TESTQ     R12, R12
	JNZ       vpart

	// No stop: the whole block is decoded, and the next one is read 64
	// bytes on, a constant: the next load does not wait for this block's
	// masks (the branch is predicted), so blocks overlap in the pipeline.
	KMOVQ       R8, K7
	VPCOMPRESSB Z0, K7, Z5
	VMOVDQU8    Z5, (DI)(BX*1)
	ADDQ        $64, AX
	POPCNTQ     R8, R8
	ADDQ        R8, BX
	JMP         vloop

vpart:
	TZCNTQ      R12, CX // bytes decoded here
	JZ          vdone   // a stop at the first byte: scanDecode's
	MOVQ        $1, R12
	SHLQ        CX, R12
	DECQ        R12
	ANDQ        R12, R8 // ... before the stop
	KMOVQ       R8, K7
	VPCOMPRESSB Z0, K7, Z5
	VMOVDQU8    Z5, (DI)(BX*1)
	ADDQ        CX, AX
	POPCNTQ     R8, R8
	ADDQ        R8, BX
	JMP         vloop

vsingle:
	VMOVDQU8 Z0, (DI)(BX*1)
	KMOVQ    K4, CX
	BSFQ     CX, CX
	ADDQ     CX, AX
	ADDQ     CX, BX
	ESCAPE1(vloop, vdone)

vdone:
	RESULT
