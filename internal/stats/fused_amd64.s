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
	// 2 KB ahead: in the audit a batch's texts come from the last-level
	// cache (the analyses before push them out of L2), and past this
	// text's end the next texts of the batch follow it (session 16:
	// 69% of this kernel's samples sat on the load above; the prefetch
	// took them from 202/184 to 98/108 in perf runs of the default audit
	// of the 200 MB JSONL, as it did for the evasion and outlier kernels).
	PREFETCHT0 2048(SI)
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

// CONSTS2 broadcasts the AVX2 kernels' constants. AVX2 compares bytes as
// signed only: a range lo..lo+k-1 is tested as b+(0x80-lo) < -128+k.
#define CONSTS2 \
	MOVL         $0x20, AX; \
	VMOVD        AX, X10; \
	VPBROADCASTB X10, Y10; \
	MOVL         $0x1f, AX; \
	VMOVD        AX, X11; \
	VPBROADCASTB X11, Y11; \
	MOVL         $0x9a, AX; \
	VMOVD        AX, X12; \
	VPBROADCASTB X12, Y12; \
	MOVL         $0x50, AX; \
	VMOVD        AX, X13; \
	VPBROADCASTB X13, Y13; \
	MOVL         $0x8a, AX; \
	VMOVD        AX, X14; \
	VPBROADCASTB X14, Y14; \
	MOVL         $0x3f, AX; \
	VMOVD        AX, X15; \
	VPBROADCASTB X15, Y15; \
	MOVL         $0xc0, AX; \
	VMOVD        AX, X9; \
	VPBROADCASTB X9, Y9

// BITS2 leaves in AX the cand bits of the 32 bytes in Y0 (a letter:
// (b|0x20)+0x1f < -102; a digit: b+0x50 < -118; or a high byte), in R8
// their high bits, and ORs R8 into R11.
#define BITS2 \
	VPOR      Y10, Y0, Y1; \
	VPADDB    Y11, Y1, Y1; \
	VPCMPGTB  Y1, Y12, Y1; \
	VPADDB    Y13, Y0, Y2; \
	VPCMPGTB  Y2, Y14, Y2; \
	VPOR      Y1, Y2, Y1; \
	VPOR      Y0, Y1, Y1; \
	VPMOVMSKB Y1, AX; \
	VPMOVMSKB Y0, R8; \
	ORQ       R8, R11

// LOWER2 counts the continuation bytes of Y0 (b < -64) into BX and stores
// Y0 with 'A'..'Z' (b+0x3f < -102) lowercased at off(DI).
#define LOWER2(off) \
	VPCMPGTB  Y0, Y9, Y3; \
	VPMOVMSKB Y3, R9; \
	POPCNTL   R9, R9; \
	ADDQ      R9, BX; \
	VPADDB    Y15, Y0, Y4; \
	VPCMPGTB  Y4, Y12, Y4; \
	VPAND     Y10, Y4, Y4; \
	VPADDB    Y4, Y0, Y0; \
	VMOVDQU   Y0, off(DI)

// func lowerBitsAVX2(dst []byte, bm []uint64, text []byte) (cont int, high uint64)
TEXT ·lowerBitsAVX2(SB), NOSPLIT, $0-88
	MOVQ dst_base+0(FP), DI
	MOVQ bm_base+24(FP), DX
	MOVQ text_base+48(FP), SI
	MOVQ text_len+56(FP), CX
	XORQ BX, BX
	XORQ R11, R11
	CONSTS2

lower2Loop:
	CMPQ    CX, $64
	JB      lower2Done
	VMOVDQU (SI), Y0
	BITS2
	MOVQ    AX, R10
	MOVQ    R8, R12
	LOWER2(0)
	VMOVDQU 32(SI), Y0
	BITS2
	SHLQ    $32, AX
	ORQ     AX, R10
	SHLQ    $32, R8
	ORQ     R8, R12
	MOVQ    R10, (DX)
	MOVQ    R12, 8(DX)
	LOWER2(32)
	ADDQ    $64, SI
	ADDQ    $64, DI
	ADDQ    $16, DX
	SUBQ    $64, CX
	JMP     lower2Loop

lower2Done:
	MOVQ       BX, cont+72(FP)
	MOVQ       R11, high+80(FP)
	VZEROUPPER
	RET

// func wordBitsAVX2(bm []uint64, text []byte)
TEXT ·wordBitsAVX2(SB), NOSPLIT, $0-48
	MOVQ bm_base+0(FP), DX
	MOVQ text_base+24(FP), SI
	MOVQ text_len+32(FP), CX
	XORQ R11, R11
	CONSTS2

bits2Loop:
	CMPQ    CX, $64
	JB      bits2Done
	VMOVDQU (SI), Y0
	BITS2
	MOVQ    AX, R10
	MOVQ    R8, R12
	VMOVDQU 32(SI), Y0
	BITS2
	SHLQ    $32, AX
	ORQ     AX, R10
	SHLQ    $32, R8
	ORQ     R8, R12
	MOVQ    R10, (DX)
	MOVQ    R12, 8(DX)
	ADDQ    $64, SI
	ADDQ    $16, DX
	SUBQ    $64, CX
	JMP     bits2Loop

bits2Done:
	VZEROUPPER
	RET

// MIX is Mix64 of the eight words of Z0 (Z30, Z31: its multipliers).
#define MIX \
	VPSRLQ  $33, Z0, Z1; \
	VPXORQ  Z1, Z0, Z0; \
	VPMULLQ Z30, Z0, Z0; \
	VPSRLQ  $33, Z0, Z1; \
	VPXORQ  Z1, Z0, Z0; \
	VPMULLQ Z31, Z0, Z0; \
	VPSRLQ  $33, Z0, Z1; \
	VPXORQ  Z1, Z0, Z0

// func mix64AVX512(h []uint64)
TEXT ·mix64AVX512(SB), NOSPLIT, $0-24
	MOVQ         h_base+0(FP), SI
	MOVQ         h_len+8(FP), CX
	MOVQ         $0xff51afd7ed558ccd, AX
	VPBROADCASTQ AX, Z30
	MOVQ         $0xc4ceb9fe1a85ec53, AX
	VPBROADCASTQ AX, Z31

mixLoop:
	CMPQ      CX, $8
	JB        mixTail
	VMOVDQU64 (SI), Z0
	MIX
	VMOVDQU64 Z0, (SI)
	ADDQ      $64, SI
	SUBQ      $8, CX
	JMP       mixLoop

mixTail:
	MOVQ        $1, AX
	SHLQ        CX, AX
	DECQ        AX
	KMOVB       AX, K1
	VMOVDQU64.Z (SI), K1, Z0
	MIX
	VMOVDQU64   Z0, K1, (SI)
	VZEROUPPER
	RET

// MIX64 is Mix64 of AX (CX: scratch).
#define MIX64 \
	MOVQ  AX, CX; \
	SHRQ  $33, CX; \
	XORQ  CX, AX; \
	MOVQ  $0xff51afd7ed558ccd, CX; \
	IMULQ CX, AX; \
	MOVQ  AX, CX; \
	SHRQ  $33, CX; \
	XORQ  CX, AX; \
	MOVQ  $0xc4ceb9fe1a85ec53, CX; \
	IMULQ CX, AX; \
	MOVQ  AX, CX; \
	SHRQ  $33, CX; \
	XORQ  CX, AX

// func countShortASCII(a *asciiArgs, full *byte, bm *uint64, from, to int)
// A software pipeline of two stages, a window apart: stage A finds the
// tokens of each block k from from to to-1 (less the starts a.mixed marks), writes their word
// hashes, hashes those of at most 63 bytes, PREFETCHT0s their home slots and appends an entry to
// a pipe: a short token's of 32 bytes to the first (hash; slot address; st | l<<32; where its
// word hash is), a longer token's of 40 to the second (w0 or hash; slot address; st | l<<32;
// w1; where its word hash is); stage B then counts each pipe's entries, in order, in their
// home slots or appends them to that pipe's records, which countASCIIAsm
// merges by start. (Stage B ran after each block until session 20, and
// one pipe held every token until its second round: see the package doc.)
// R9: a, SI: full, DI: bm, R8: the block's first byte (64k), R10: 64*to, R11: its cand (in
// stage B: the next record), R12: the next block's cand shifted
// left by 1, R13: the starts left (in stage B: the entry), R14:
// the next word hash, R15: the next pipe entry (in stage B: the end of the entries).
TEXT ·countShortASCII(SB), NOSPLIT, $0-40
	MOVQ a+0(FP), R9
	MOVQ full+8(FP), SI
	MOVQ bm+16(FP), DI
	MOVQ from+24(FP), R8
	SHLQ $6, R8
	MOVQ to+32(FP), R10
	SHLQ $6, R10
	MOVQ 32(R9), R14
	MOVQ 64(R9), R15
	MOVQ 72(R9), AX
	MOVQ AX, 88(R9)     // the second pipe's next entry
	CMPQ R8, R10
	JGE  csStageB

csBlock:
	MOVQ  R8, AX
	SHRQ  $2, AX        // 16k: the block's words in bm
	MOVQ  (DI)(AX*1), R11
	XORQ  DX, DX
	TESTQ R8, R8
	JZ    csNoPrev
	MOVQ  -16(DI)(AX*1), DX
	SHRQ  $63, DX

csNoPrev:
	XORQ R12, R12
	MOVQ 24(R9), BX
	SHLQ $6, BX
	SUBQ $64, BX
	CMPQ R8, BX         // the last block?
	JGE  csNoNext
	MOVQ 16(DI)(AX*1), R12
	SHLQ $1, R12

csNoNext:
	MOVQ  R11, R13
	SHLQ  $1, R13
	ORQ   DX, R13
	ANDNQ R11, R13, R13 // starts = cand &^ (cand<<1 | carry)
	MOVQ  160(R9), AX
	TESTQ AX, AX
	JZ    csTok
	MOVQ  R8, BX
	SHRQ  $3, BX
	MOVQ  (AX)(BX*1), AX
	ANDNQ R13, AX, R13  // starts &^= the block's mixed starts

csTok:
	TESTQ  R13, R13
	JZ     csNext
	TZCNTQ R13, CX      // sb
	BLSRQ  R13, R13
	SHRXQ  CX, R11, AX  // cand >> sb
	MOVQ   CX, DX
	NOTQ   DX
	SHLXQ  DX, R12, BX  // next << 1 << (63-sb): SHLXQ takes ^sb mod 64
	ORQ    BX, AX
	NOTQ   AX
	TZCNTQ AX, AX       // l (64: a run of 64 bytes or more)
	LEAQ   (R8)(CX*1), BX // st
	CMPQ   AX, $8
	JA     csLonger
	MOVQ   (SI)(BX*1), DX
	SHLQ   $3, AX
	BZHIQ  AX, DX, DX   // w: the token's bytes, zero-padded
	MOVQ   DX, (R14)
	XORQ   16(R9), DX
	MOVQ   $0x9e3779b97f4a7c15, CX
	IMULQ  CX, DX       // h = shortHash(w)
	MOVQ   8(R9), CX
	SHRXQ  CX, DX, CX
	SHLQ   $4, CX
	ADDQ   0(R9), CX    // &slots[h>>shift]
	PREFETCHT0 (CX)
	MOVQ   DX, (R15)    // h, slot, st | l<<32 (l*8 in AX), where its word hash is
	MOVQ   CX, 8(R15)
	SHLQ   $29, AX
	ORQ    BX, AX
	MOVQ   AX, 16(R15)
	MOVQ   R14, 24(R15)
	ADDQ   $8, R14
	ADDQ   $32, R15
	JMP    csTok

// Tokens of 9 bytes or more go to the second pipe (R15 its next entry
// until they are pushed; the short pipe's is spilled to a).
csLonger:
	MOVQ R15, 176(R9)
	MOVQ 88(R9), R15
	CMPQ AX, $16
	JA   csLong
	MOVQ AX, DX
	SHLQ $32, DX
	ORQ  BX, DX
	MOVQ DX, 16(R15)    // st | l<<32
	MOVQ 8(SI)(BX*1), DX
	SHLQ $3, AX
	SUBQ $64, AX
	BZHIQ AX, DX, DX    // w1
	MOVQ (SI)(BX*1), BX // w0
	MOVQ DX, 24(R15)
	MOVQ BX, (R15)
	// The word hash, stableMidPre(l, w0, w1).
	MOVL 20(R15), AX
	MOVQ $0x9e3779b97f4a7c15, CX
	IMULQ CX, AX
	XORQ BX, AX
	MIX64
	CMPL 20(R15), $16
	JNE  csMidPre
	XORQ DX, AX
	MIX64
	XORQ DX, AX         // w1 counts as 0 below

csMidPre:
	XORQ DX, AX
	MOVQ $0xff51afd7ed558ccd, CX
	XORQ CX, AX
	MOVQ AX, (R14)
	// midHash(w0, w1) and the home slot.
	MOVQ BX, AX
	XORQ 112(R9), AX
	MOVQ $0x9e3779b97f4a7c15, CX
	IMULQ CX, AX
	MOVQ AX, 8(R15)
	MOVQ DX, AX
	XORQ 120(R9), AX
	MOVQ $0xc2b2ae3d27d4eb4f, CX
	IMULQ CX, AX
	XORQ 8(R15), AX
	MOVQ AX, CX
	SHRQ $29, CX
	XORQ CX, AX
	MOVQ 104(R9), CX
	SHRXQ CX, AX, AX
	SHLQ $5, AX
	ADDQ 96(R9), AX     // &mids[h>>midShift]
	PREFETCHT0 (AX)
	MOVQ AX, 8(R15)
	JMP  csMPushed

csLong:
	CMPQ AX, $64
	JB   csLongHash
	MOVQ $0, (R14)      // the Go loop writes this word hash
	XORQ DX, DX
	LEAQ 16(R9), CX
	JMP  csPush

// A token of 17 to 63 bytes: its word hash (stableHashPre) in AX and its
// longHash in R13, a word at a time (R11: the next word, R12: the bytes
// left), with cand, next and starts spilled to a.
csLongHash:
	MOVQ  R11, 136(R9)
	MOVQ  R12, 144(R9)
	MOVQ  R13, 152(R9)
	MOVQ  AX, DX
	SHLQ  $32, DX
	ORQ   BX, DX
	MOVQ  DX, 16(R15)   // st | l<<32
	LEAQ  (SI)(BX*1), R11
	MOVQ  AX, R12
	MOVQ  $0x9e3779b97f4a7c15, CX
	IMULQ CX, AX        // l*fib: stableHashPre's start
	MOVQ  AX, R13
	XORQ  128(R9), R13  // longHash's: longSeed ^ l*fib

csLongWord:
	MOVQ  (R11), DX
	XORQ  DX, R13
	MOVQ  $0xc2b2ae3d27d4eb4f, CX
	IMULQ CX, R13
	MOVQ  R13, CX
	SHRQ  $32, CX
	XORQ  CX, R13       // h = (h ^ w) * fib2; h ^= h >> 32
	XORQ  DX, AX
	MIX64               // the word hash: Mix64(h ^ w)
	ADDQ  $8, R11
	SUBQ  $8, R12
	CMPQ  R12, $8
	JAE   csLongWord
	TESTQ R12, R12
	JZ    csLongEnd
	MOVQ  (R11), DX
	SHLQ  $3, R12
	BZHIQ R12, DX, DX   // the tail, zero-padded
	XORQ  DX, R13
	MOVQ  $0xc2b2ae3d27d4eb4f, CX
	IMULQ CX, R13
	MOVQ  R13, CX
	SHRQ  $32, CX
	XORQ  CX, R13
	XORQ  DX, AX

csLongEnd:
	MOVQ  $0xff51afd7ed558ccd, CX
	XORQ  CX, AX
	MOVQ  AX, (R14)     // the word hash
	MOVQ  $0x9e3779b97f4a7c15, CX
	IMULQ CX, R13       // longHash
	MOVQ  R13, (R15)
	MOVQ  8(R9), CX
	SHRXQ CX, R13, CX
	SHLQ  $4, CX
	ADDQ  0(R9), CX     // &slots[h>>shift]
	PREFETCHT0 (CX)
	MOVQ  CX, 8(R15)
	MOVQ  136(R9), R11
	MOVQ  144(R9), R12
	MOVQ  152(R9), R13
	JMP   csMPushed

csPush:
	MOVQ DX, (R15)
	MOVQ CX, 8(R15)
	SHLQ $32, AX
	ORQ  BX, AX
	MOVQ AX, 16(R15)

// A second pipe's entry is written but for where its word hash is: 40
// bytes (w0 or hash, slot, st | l<<32, w1, word hash's address).
csMPushed:
	MOVQ R14, 32(R15)
	ADDQ $8, R14
	ADDQ $40, R15
	MOVQ R15, 88(R9)
	MOVQ 176(R9), R15
	JMP  csTok

// The block's tokens are in the pipe: on to the next block, or to stage B
// after the window's last.
csNext:
	ADDQ $64, R8
	CMPQ R8, R10
	JLT  csBlock

csStageB:
	SUBQ 32(R9), R14
	SHRQ $3, R14
	MOVQ R14, 48(R9)    // the tokens
	MOVQ 64(R9), R13    // the first entry
	MOVQ 40(R9), R11    // the next record

// The short tokens: no length to tell apart.
csB:
	CMPQ  R13, R15
	JAE   csBDone
	MOVQ  (R13), DX
	MOVQ  8(R13), CX
	ADDQ  $32, R13
	CMPQ  DX, (CX)
	JNE   csMiss
	CMPL  8(CX), $0x80000000
	JAE   csMiss
	INCL  12(CX)
	JZ    csWrap        // the count was 2^32-1: undone, left to the Go loop
	JMP   csB

csWrap:
	DECL 12(CX)

csMiss:
	PREFETCHT0 64(CX)   // the Go loop's probe past home
	MOVQ -16(R13), AX
	MOVQ AX, (R11)      // st | l<<32
	MOVQ -8(R13), AX
	MOVQ AX, 8(R11)     // where its word hash goes
	MOVQ DX, 16(R11)    // its hash
	ADDQ $24, R11
	JMP  csB

csBDone:
	MOVQ R11, AX
	SUBQ 40(R9), AX
	SHRQ $3, AX
	MOVQ $0xaaaaaaaaaaaaaaab, CX
	IMULQ CX, AX        // /3: exact, a multiple of 3 words
	MOVQ AX, 56(R9)
	MOVQ 72(R9), R13    // the second pipe's first entry
	MOVQ 88(R9), R15
	MOVQ 80(R9), R11    // its next record

// The mid tokens, and the long ones, which always miss (a longHash can
// equal a short token's hash).
csM:
	CMPQ  R13, R15
	JAE   csMDone
	MOVQ  (R13), DX
	MOVQ  8(R13), CX
	ADDQ  $40, R13
	CMPL  -20(R13), $16 // l
	JA    csMMiss
	CMPQ  DX, 8(CX)     // w0
	JNE   csMMiss
	MOVQ  -16(R13), AX
	CMPQ  AX, 16(CX)    // w1
	JNE   csMMiss
	INCL  28(CX)
	JZ    csMWrap
	JMP   csM

csMWrap:
	DECL 28(CX)

csMMiss:
	PREFETCHT0 64(CX)   // the Go loop's probe past home
	MOVQ -24(R13), AX
	MOVQ AX, (R11)      // st | l<<32
	MOVQ -8(R13), AX
	MOVQ AX, 8(R11)     // where its word hash goes
	MOVQ DX, 16(R11)    // its hash (a long token's longHash)
	ADDQ $24, R11
	JMP  csM

csMDone:
	MOVQ R11, AX
	SUBQ 80(R9), AX
	SHRQ $3, AX
	MOVQ $0xaaaaaaaaaaaaaaab, CX
	IMULQ CX, AX
	MOVQ AX, 168(R9)
	RET
