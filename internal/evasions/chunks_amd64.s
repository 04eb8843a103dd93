#include "textflag.h"

// PFDIST is how far ahead of the chunk it loads the loop prefetches
// (PREFETCHT0): a batch's texts lie one after another, so past a text's
// end it brings in the next ones (see chunks.go).
#define PFDIST 2048

// REPSKIP: the kernel tests for a repeated phrase the chunks at multiples
// of 256 bytes from where it started (bits 6-7 of the bytes taken clear;
// phrase.go's repEvery; 512 and bits 6-8 before session 32).
#define REPSKIP 0x0C0

// Class bits of kernelTables.class (chunks.go): 1 backslash, 2 control, 4 texty,
// 8 white space, 0x10 continues a base64 chain, 0x20 counts in it, 0x40
// : - , x (separated hex, sephex.go), 0x80 hex digit: counts in a hex
// chain, and continues it with white space (8 shifted left by 4).

// PCTPAIRS adds to k the bytes of Z0 that are a % with another % three
// bytes after it (two escape units in a row: escapes.go), from Z19 (%
// broadcast) and three, the 64 bytes from SI+3 (within t): the second %
// may be the next chunk's (recall26.go). Clobbers a.
#define PCTPAIRS(k, three, a) \
	VPCMPEQB Z19, Z0, a \
	VPCMPEQB Z19, three, a, a \
	KORQ     a, k, k

// JSCALL adds to k the bytes of Z0 that are an e or a b (or a % or a ",
// by their low six bits: jscall) with a ( after it (the 64 bytes from
// SI+1 in one): the end of fromCharCode( and atob( (recall19.go).
// Clobbers z and a.
#define JSCALL(k, one, z, a) \
	VPCMPEQB jsparen<>(SB), one, a \
	VPERMB   jscall<>(SB), Z0, z \
	VPTESTMB z, z, a, a \
	KORQ     a, k, k

// CHAINMASKS sets, for the 8 blocks of Z1, K4/K6: the block may continue
// a base64/hex chain (all its bytes are of the alphabet), and K5/K7: it
// may and holds a character that counts.
#define CHAINMASKS \
	VPANDQ   Z26, Z1, Z3 \
	VPCMPEQQ Z26, Z3, K4 \
	VPTESTMQ Z27, Z1, K4, K5 \
	VPSLLQ   $4, Z1, Z4 \
	VPTERNLOGQ $0xA8, Z29, Z1, Z4 \
	VPCMPEQQ Z29, Z4, K6 \
	VPTESTMQ Z29, Z1, K6, K7

// CHAIN carries a blob chain (chain) over a chunk whose blocks are all ok
// (bits of ok) and count (bits of cnt): with no break, chain += the
// counting blocks; else chain = the counting blocks after the last break.
// Clobbers ok, cnt, DX, R11.
#define CHAIN(ok, cnt, chain) \
	NOTL ok; \
	ANDL $0xFF, ok; \
	LZCNTL ok, DX; \
	NEGL DX; \
	ADDL $32, DX; \
	SHRXL DX, cnt, cnt; \
	POPCNTL cnt, cnt; \
	XORL R11, R11; \
	TESTL ok, ok; \
	CMOVQNE R11, chain; \
	ADDQ cnt, chain

// STOPS jumps to done when the chain going on (chain) plus the counting
// blocks (cnt) before the first break (in ok) reach min (an operand:
// chunkState's minB64 or minHex, the Go constants), or when the counting
// blocks after the first break do. Clobbers DX, R11.
#define STOPS(ok, cnt, chain, min) \
	MOVL ok, R11; \
	NOTL R11; \
	ORL $0x100, R11; \
	TZCNTL R11, R11; \
	BZHIL R11, cnt, DX; \
	POPCNTL DX, DX; \
	ADDQ chain, DX; \
	CMPQ DX, min; \
	JGE done; \
	INCL R11; \
	SHRXL R11, cnt, DX; \
	POPCNTL DX, DX; \
	CMPQ DX, min; \
	JGE done

// STOPS1 is STOPS for a chain whose min is over 7 (chainB64: checked at
// compile time in chunks.go): no 8 blocks after a break can reach it, so
// only the chain going on through the blocks before the first break is
// checked. Clobbers DX, R11.
#define STOPS1(ok, cnt, chain, min) \
	MOVL ok, R11; \
	NOTL R11; \
	ORL $0x100, R11; \
	TZCNTL R11, R11; \
	BZHIL R11, cnt, DX; \
	POPCNTL DX, DX; \
	ADDQ chain, DX; \
	CMPQ DX, min; \
	JGE done


// REPTEST tests the candidate period p (a register, 1 to 32) of a chunk
// (Z0, white-space mask R9; phrase.go's periodicWindow): the mask first,
// then the bytes (Z0 against itself rotated by p: VPERMB with Z31 + p);
// jumps to rephit when both repeat over the chunk's first 64-p bytes,
// else to skip. Clobbers R14, Z3, K3.
#define REPTEST(p, skip) \
	SHLXQ p, R9, R14; \
	XORQ  R9, R14; \
	SHRXQ p, R14, R14; \
	TESTQ R14, R14; \
	JNZ   skip; \
	VPBROADCASTB p, Z3; \
	VPADDB   Z31, Z3, Z3; \
	VPERMB   Z0, Z3, Z3; \
	VPCMPEQB Z0, Z3, K3; \
	KMOVQ    K3, R14; \
	NOTQ     R14; \
	SHLXQ    p, R14, R14; \
	TESTQ    R14, R14; \
	JZ       rephit

// REPNEXT takes the next white-space byte of R11 (the mask without the
// first, R10 its place) and puts its distance from the first in DX;
// jumps to norep when it is over 32 (or there is none: 64 - R10).
#define REPNEXT \
	TZCNTQ R11, DX; \
	SUBQ   R10, DX; \
	CMPQ   DX, $32; \
	JA     norep

// REPNEXT4 is REPNEXT up to 4 (recall24.go's shortMaxPeriod).
#define REPNEXT4 \
	TZCNTQ R11, DX; \
	SUBQ   R10, DX; \
	CMPQ   DX, $4; \
	JA     norep

// qplead: the byte after an =, less C, is C to F when no bit of 0xFC is
// set (EQLEAD); qptwo: a 2 (runs of =20 once a blob is found).
DATA qplead<>+0(SB)/8, $0xFCFCFCFCFCFCFCFC
DATA qplead<>+8(SB)/8, $0xFCFCFCFCFCFCFCFC
DATA qplead<>+16(SB)/8, $0xFCFCFCFCFCFCFCFC
DATA qplead<>+24(SB)/8, $0xFCFCFCFCFCFCFCFC
DATA qplead<>+32(SB)/8, $0xFCFCFCFCFCFCFCFC
DATA qplead<>+40(SB)/8, $0xFCFCFCFCFCFCFCFC
DATA qplead<>+48(SB)/8, $0xFCFCFCFCFCFCFCFC
DATA qplead<>+56(SB)/8, $0xFCFCFCFCFCFCFCFC
GLOBL qplead<>(SB), RODATA|NOPTR, $64

// qpfour: the byte after an =, less 4, is 4 to 7 when no bit of 0xFC is
// set (the escape of a letter, with an = three bytes after: recall9.go).
DATA qpfour<>+0(SB)/8, $0x3434343434343434
DATA qpfour<>+8(SB)/8, $0x3434343434343434
DATA qpfour<>+16(SB)/8, $0x3434343434343434
DATA qpfour<>+24(SB)/8, $0x3434343434343434
DATA qpfour<>+32(SB)/8, $0x3434343434343434
DATA qpfour<>+40(SB)/8, $0x3434343434343434
DATA qpfour<>+48(SB)/8, $0x3434343434343434
DATA qpfour<>+56(SB)/8, $0x3434343434343434
GLOBL qpfour<>(SB), RODATA|NOPTR, $64
DATA qptwo<>+0(SB)/8, $0x3232323232323232
DATA qptwo<>+8(SB)/8, $0x3232323232323232
DATA qptwo<>+16(SB)/8, $0x3232323232323232
DATA qptwo<>+24(SB)/8, $0x3232323232323232
DATA qptwo<>+32(SB)/8, $0x3232323232323232
DATA qptwo<>+40(SB)/8, $0x3232323232323232
DATA qptwo<>+48(SB)/8, $0x3232323232323232
DATA qptwo<>+56(SB)/8, $0x3232323232323232
GLOBL qptwo<>(SB), RODATA|NOPTR, $64
DATA grp40<>+0(SB)/8, $0x4040404040404040
DATA grp40<>+8(SB)/8, $0x4040404040404040
DATA grp40<>+16(SB)/8, $0x4040404040404040
DATA grp40<>+24(SB)/8, $0x4040404040404040
DATA grp40<>+32(SB)/8, $0x4040404040404040
DATA grp40<>+40(SB)/8, $0x4040404040404040
DATA grp40<>+48(SB)/8, $0x4040404040404040
DATA grp40<>+56(SB)/8, $0x4040404040404040
GLOBL grp40<>(SB), RODATA|NOPTR, $64
DATA grpsp<>+0(SB)/8, $0x2020202020202020
DATA grpsp<>+8(SB)/8, $0x2020202020202020
DATA grpsp<>+16(SB)/8, $0x2020202020202020
DATA grpsp<>+24(SB)/8, $0x2020202020202020
DATA grpsp<>+32(SB)/8, $0x2020202020202020
DATA grpsp<>+40(SB)/8, $0x2020202020202020
DATA grpsp<>+48(SB)/8, $0x2020202020202020
DATA grpsp<>+56(SB)/8, $0x2020202020202020
GLOBL grpsp<>(SB), RODATA|NOPTR, $64
DATA grpnl<>+0(SB)/8, $0x0A0A0A0A0A0A0A0A
DATA grpnl<>+8(SB)/8, $0x0A0A0A0A0A0A0A0A
DATA grpnl<>+16(SB)/8, $0x0A0A0A0A0A0A0A0A
DATA grpnl<>+24(SB)/8, $0x0A0A0A0A0A0A0A0A
DATA grpnl<>+32(SB)/8, $0x0A0A0A0A0A0A0A0A
DATA grpnl<>+40(SB)/8, $0x0A0A0A0A0A0A0A0A
DATA grpnl<>+48(SB)/8, $0x0A0A0A0A0A0A0A0A
DATA grpnl<>+56(SB)/8, $0x0A0A0A0A0A0A0A0A
GLOBL grpnl<>(SB), RODATA|NOPTR, $64
DATA grpgt<>+0(SB)/8, $0x3E3E3E3E3E3E3E3E
DATA grpgt<>+8(SB)/8, $0x3E3E3E3E3E3E3E3E
DATA grpgt<>+16(SB)/8, $0x3E3E3E3E3E3E3E3E
DATA grpgt<>+24(SB)/8, $0x3E3E3E3E3E3E3E3E
DATA grpgt<>+32(SB)/8, $0x3E3E3E3E3E3E3E3E
DATA grpgt<>+40(SB)/8, $0x3E3E3E3E3E3E3E3E
DATA grpgt<>+48(SB)/8, $0x3E3E3E3E3E3E3E3E
DATA grpgt<>+56(SB)/8, $0x3E3E3E3E3E3E3E3E
GLOBL grpgt<>(SB), RODATA|NOPTR, $64
DATA grptab<>+0(SB)/8, $0x0909090909090909
DATA grptab<>+8(SB)/8, $0x0909090909090909
DATA grptab<>+16(SB)/8, $0x0909090909090909
DATA grptab<>+24(SB)/8, $0x0909090909090909
DATA grptab<>+32(SB)/8, $0x0909090909090909
DATA grptab<>+40(SB)/8, $0x0909090909090909
DATA grptab<>+48(SB)/8, $0x0909090909090909
DATA grptab<>+56(SB)/8, $0x0909090909090909
GLOBL grptab<>(SB), RODATA|NOPTR, $64

// ampstop: the bytes after an & that stop the kernel, by their low six
// bits (AMPHASH; entnames.go's ampStopTab: # z s r l N Z and recall15.go's A B C E I K M O R T U o, recall17.go's a i u k v j V S).
DATA ampstop<>+0(SB)/8, $0x0000FF00FFFFFF00
DATA ampstop<>+8(SB)/8, $0xFFFFFF00FF00FF00
DATA ampstop<>+16(SB)/8, $0x00FFFFFFFFFF0000
DATA ampstop<>+24(SB)/8, $0x0000000000FF0000
DATA ampstop<>+32(SB)/8, $0x00000000FF00FF00
DATA ampstop<>+40(SB)/8, $0xFF0000FFFFFFFF00
DATA ampstop<>+48(SB)/8, $0x00FFFF00FFFF0000
DATA ampstop<>+56(SB)/8, $0x0000000000FF0000
GLOBL ampstop<>(SB), RODATA|NOPTR, $64

// qpctl1, qpctl2, qpctl3: the bytes after an =, the one after it and the
// next, looked up for the escape of a control (EQCTL, recall10.go's
// qpCtlLead, qpCtlNext, qpCtlAfter: the kernel stops where the three
// AND-ed are not zero).
DATA qpctl1<>+0(SB)/8, $0x0000000000000000
DATA qpctl1<>+8(SB)/8, $0x0000000000000000
DATA qpctl1<>+16(SB)/8, $0x0000000000000000
DATA qpctl1<>+24(SB)/8, $0x0000000000000000
DATA qpctl1<>+32(SB)/8, $0x0000000000000000
DATA qpctl1<>+40(SB)/8, $0x0000000000000000
DATA qpctl1<>+48(SB)/8, $0x0400000000000201
DATA qpctl1<>+56(SB)/8, $0x0800000000000000
GLOBL qpctl1<>(SB), RODATA|NOPTR, $64
DATA qpctl2<>+0(SB)/8, $0x0000000000000000
DATA qpctl2<>+8(SB)/8, $0x0000000000000000
DATA qpctl2<>+16(SB)/8, $0x0000000000000000
DATA qpctl2<>+24(SB)/8, $0x0000000000000000
DATA qpctl2<>+32(SB)/8, $0x0000000000000000
DATA qpctl2<>+40(SB)/8, $0x0000000000000000
DATA qpctl2<>+48(SB)/8, $0x0101010101010101
DATA qpctl2<>+56(SB)/8, $0x0000000000000001
DATA qpctl2<>+64(SB)/8, $0x080E0A0A0A0A0A00
DATA qpctl2<>+72(SB)/8, $0x0808080808080808
DATA qpctl2<>+80(SB)/8, $0x0808080808080808
DATA qpctl2<>+88(SB)/8, $0x0000000000080808
DATA qpctl2<>+96(SB)/8, $0x0808080808080800
DATA qpctl2<>+104(SB)/8, $0x0808080808080808
DATA qpctl2<>+112(SB)/8, $0x0808080808080808
DATA qpctl2<>+120(SB)/8, $0x0000000000080808
GLOBL qpctl2<>(SB), RODATA|NOPTR, $128
DATA qpctl3<>+0(SB)/8, $0xFFFFFFFFFFFFFFFF
DATA qpctl3<>+8(SB)/8, $0xFFFFFFFFFFFFFFFF
DATA qpctl3<>+16(SB)/8, $0xFFFFFFFFFFFFFFFF
DATA qpctl3<>+24(SB)/8, $0xFFFFFFFFFFFFFFFF
DATA qpctl3<>+32(SB)/8, $0xFF00FFFFFFFFFFFF
DATA qpctl3<>+40(SB)/8, $0x00FF00FFFFFFFFFF
DATA qpctl3<>+48(SB)/8, $0x0000000000000000
DATA qpctl3<>+56(SB)/8, $0xFF00FFFFFFFF0000
DATA qpctl3<>+64(SB)/8, $0xFFFFFFFFFFFFFFFF
DATA qpctl3<>+72(SB)/8, $0xFFFFFFFFFFFFFFFF
DATA qpctl3<>+80(SB)/8, $0xFFFFFFFFFFFFFFFF
DATA qpctl3<>+88(SB)/8, $0xFFFFFFFFFFFFFFFF
DATA qpctl3<>+96(SB)/8, $0xFFFFFFFFFFFFFFFF
DATA qpctl3<>+104(SB)/8, $0xFFFFFFFFFFFFFFFF
DATA qpctl3<>+112(SB)/8, $0xFFFFFFFFFFFFFFFF
DATA qpctl3<>+120(SB)/8, $0xFFFFFFFFFFFFFFFF
GLOBL qpctl3<>(SB), RODATA|NOPTR, $128

// jsparen: ( (JSCALL, recall19.go); jscall: e and b by their low six bits.
DATA jsparen<>+0(SB)/8, $0x2828282828282828
DATA jsparen<>+8(SB)/8, $0x2828282828282828
DATA jsparen<>+16(SB)/8, $0x2828282828282828
DATA jsparen<>+24(SB)/8, $0x2828282828282828
DATA jsparen<>+32(SB)/8, $0x2828282828282828
DATA jsparen<>+40(SB)/8, $0x2828282828282828
DATA jsparen<>+48(SB)/8, $0x2828282828282828
DATA jsparen<>+56(SB)/8, $0x2828282828282828
GLOBL jsparen<>(SB), RODATA|NOPTR, $64
DATA jscall<>+0(SB)/8, $0x0000000000000000
DATA jscall<>+8(SB)/8, $0x0000000000000000
DATA jscall<>+16(SB)/8, $0x0000000000000000
DATA jscall<>+24(SB)/8, $0x0000000000000000
DATA jscall<>+32(SB)/8, $0x0000FF0000FF0000
DATA jscall<>+40(SB)/8, $0x0000000000000000
DATA jscall<>+48(SB)/8, $0x0000000000000000
DATA jscall<>+56(SB)/8, $0x0000000000000000
GLOBL jscall<>(SB), RODATA|NOPTR, $64

// rottab: 0x40 at the low six bits of q v z j Q V Z J (chunkRot,
// recall34.go).
DATA rottab<>+0(SB)/8, $0x0000000000000000
DATA rottab<>+8(SB)/8, $0x0000000000400000
DATA rottab<>+16(SB)/8, $0x0040000000004000
DATA rottab<>+24(SB)/8, $0x0000000000400000
DATA rottab<>+32(SB)/8, $0x0000000000000000
DATA rottab<>+40(SB)/8, $0x0000000000400000
DATA rottab<>+48(SB)/8, $0x0040000000004000
DATA rottab<>+56(SB)/8, $0x0000000000400000
GLOBL rottab<>(SB), RODATA|NOPTR, $64

// func scanChunksAVX512(t []byte, st *chunkState, tab *chunkTables) int
TEXT ·scanChunksAVX512(SB), NOSPLIT, $0-48
	MOVQ t_base+0(FP), SI
	MOVQ t_len+8(FP), CX
	MOVQ st+24(FP), DI
	MOVQ 0(DI), BX   // texty
	MOVQ 8(DI), R13  // base64 chain
	MOVQ 16(DI), R12 // hex chain
	MOVQ 24(DI), R8  // flags
	XORQ AX, AX      // bytes taken

	MOVQ tab+32(FP), DX
	VMOVDQU64 0(DX), Z20   // class
	VMOVDQU64 64(DX), Z21
	VMOVDQU64 128(DX), Z22 // firstOfQword
	VMOVDQU64 192(DX), Z31 // iota (REPTEST)
	// The classes that stop the kernel: backslashes, controls unless one
	// is found.
	MOVQ $0x0303030303030303, DX
	MOVQ $0x0101010101010101, R9
	TESTQ $2, R8
	CMOVQNE R9, DX
	VPBROADCASTQ DX, Z23
	MOVQ $0x0404040404040404, DX
	VPBROADCASTQ DX, Z24
	MOVQ $0x0808080808080808, DX
	VPBROADCASTQ DX, Z25
	MOVQ $0x1010101010101010, DX
	VPBROADCASTQ DX, Z26
	MOVQ $0x2020202020202020, DX
	VPBROADCASTQ DX, Z27
	MOVQ $0xC8C8C8C8C8C8C8C8, DX // hex digits, white space, : - , x
	VPBROADCASTQ DX, Z28
	MOVQ $0x8080808080808080, DX
	VPBROADCASTQ DX, Z29
	MOVQ $0x2525252525252525, DX // % (PCTPAIRS)
	VPBROADCASTQ DX, Z19
	MOVQ $0x2626262626262626, DX // & (AMPHASH)
	VPBROADCASTQ DX, Z13
	VMOVDQU64 ampstop<>(SB), Z14 // the byte after an &, by its low six bits: # z s r l N Z ... (ampStop)
	MOVQ $0x3D3D3D3D3D3D3D3D, DX // = (EQLEAD: qp.go)
	VPBROADCASTQ DX, Z10
	MOVQ $0x4343434343434343, DX // C: the byte after an =, less C, is 0-3 for C to F
	VPBROADCASTQ DX, Z11
	// A ; with a , seven bytes after it (SEMICOMMA: datauri.go), and
	// chunks of base64url's alphabet (url: b64url.go), while no blob is
	// found: once one is, the ; is compared with 0x80 (a byte that stops
	// it anyway) and the url table is zeros.
	MOVQ $0x2C2C2C2C2C2C2C2C, DX // ,
	VPBROADCASTQ DX, Z18
	MOVQ $0x3B3B3B3B3B3B3B3B, DX // ;
	MOVQ $0x8080808080808080, R9
	TESTQ $1, R8
	CMOVQNE R9, DX
	VPBROADCASTQ DX, Z17
	MOVQ tab+32(FP), DX
	VMOVDQU64 256(DX), Z15 // url
	VMOVDQU64 320(DX), Z16
	TESTQ $1, R8
	JZ    urlon
	VPXORQ Z15, Z15, Z15
	VPXORQ Z16, Z16, Z16
urlon:
	VPTERNLOGD $0xFF, Z30, Z30, Z30 // the classes of the plain chunks' bytes, AND-ed

loop:
	CMPQ CX, $64
	JLT  tail
	VMOVDQU64 (SI), Z0
	PREFETCHT0 PFDIST(SI) // a chunk 2 KB ahead, in a later text past this one's end
	VPMOVB2M  Z0, K1      // bytes that are not ASCII
	VMOVDQA64 Z0, Z1
	VPERMI2B  Z21, Z20, Z1 // Z1: the class of each byte
	VPTESTMB  Z23, Z1, K2
	KORQ      K1, K2, K1
	// A ; with a , seven bytes after it: the 64 bytes from SI+7 (under a
	// mask at the end of t, semishort). AMPHASH (entities.go): an & with
	// a stop byte after it (ampStop: # z s r l N Z ...), the 64 bytes from SI+1 looked up under the &'s mask,
	// in K6: tested with K1 here, added to it at partial.
	VPCMPEQB  Z13, Z0, K6
	VPCMPEQB  Z17, Z0, K2
	CMPQ      CX, $71
	JLT       semishort
	VPCMPEQB  7(SI), Z18, K2, K2
	VMOVDQU64 1(SI), Z8
	VPERMB    Z14, Z8, Z7
	VPTESTMB  Z7, Z7, K6, K6
	VMOVDQU64 3(SI), Z7
semiback:
	// EQLEAD (qp.go): an = with C to F (upper case) after it, or with 4
	// to 7 after it and an = three bytes after (recall9.go), or the
	// escape of a control (EQCTL, recall10.go: out of line at eqctl), the
	// 64 bytes from SI+1 in Z8, from SI+3 in Z7; into K6, as AMPHASH.
	VPCMPEQB  Z10, Z0, K7
	VPERMB    qpctl1<>(SB), Z8, Z9 // EQCTL (recall10.go): an = with 0, 1 or 7 after it, in K4
	VPTESTMB  Z9, Z9, K7, K4
	VPCMPEQB  Z10, Z7, K7, K5 // an = three bytes after (SI+3 in Z7), for a letter's escape (recall9.go)
	VPSUBB    Z11, Z8, Z9
	VPTESTNMB qplead<>(SB), Z9, K7, K7
	VPSUBB    qpfour<>(SB), Z8, Z9
	VPTESTNMB qplead<>(SB), Z9, K5, K5
	KORQ      K5, K7, K7
	KORTESTQ  K4, K4
	JNZ       eqctl
eqctlback:
	KORQ      K7, K6, K6
	KORQ      K2, K1, K1
	PCTPAIRS(K1, Z7, K2) // SI+3 in Z7
	JSCALL(K1, Z8, Z2, K2)
	KORTESTQ  K1, K6
	JNZ       partial

	// A chunk of base64url's alphabet (letters, digits, - _) while no
	// blob is found: it stops there, taking none of it, and sets
	// chunkURL (url is zeros once a blob is found).
	VMOVDQA64 Z0, Z5
	VPERMI2B  Z16, Z15, Z5
	VPMOVB2M  Z5, K3
	KORTESTQ  K3, K3
	JCS       urlchunk

	// Eight bytes (an aligned block) of one byte, not white space: a run
	// scan measures.
	VPSHUFB   Z22, Z0, Z2
	VPCMPEQQ  Z0, Z2, K3
	VPTESTNMQ Z25, Z1, K3, K3
	KORTESTB  K3, K3
	JNZ       partial

	// A chunk of hex digits, white space and : - , x (out of line at
	// sepchunk): a chunk of one white-space byte, or a separated hex
	// dump.
	VPTESTMB Z28, Z1, K3
	KORTESTQ K3, K3
	JCS      sepchunk

sepback:
	// A chunk repeating with a period of 1 to 32 (session 17, phrase.go:
	// repeated words and phrases): the distances from its first
	// white-space byte to the next three, tested while chunkRepOff is
	// clear; it stops there, taking none of it, and sets chunkRepeat.
	TESTQ  $REPSKIP, AX // one chunk in four (REPSKIP: phrase.go's repEvery)
	JNZ    norep
	TESTQ  $32, R8
	JNZ    norep
	VPTESTMB Z25, Z1, K3
	KMOVQ  K3, R9
	TZCNTQ R9, R10
	JCS    ampcand // no white space
	BLSRQ  R9, R11
	REPNEXT
	REPTEST(DX, rep2)
rep2:
	BLSRQ  R11, R11
	REPNEXT
	REPTEST(DX, rep3)
rep3:
	BLSRQ  R11, R11
	REPNEXT
	REPTEST(DX, norep)
norep:
	// A chunk of letters, digits, + / space, line feed and > alone
	// (bit 0x40 of the url table) while no blob is found: grouped or
	// quoted base64 may run through it (out of line at grpchunk,
	// b64groups.go); after the separated hex dump's test, which takes
	// groups of 0x too (0xde 0xad: evplant5's hex_separated_0x), and the
	// repeat's (free free free: a repeated phrase).
	VPTESTMB  grp40<>(SB), Z5, K3
	KORTESTQ  K3, K3
	JCS       grpchunk
grpback:
	// A chunk with rotMin (7) or more of q v z j, either case: ROT13 of
	// English may be on its lines (recall34.go). Their low six bits looked
	// up in rottab (0x40 at theirs), tested against the bytes (so only
	// bytes with 0x40, the letters, count), counted; the space and the
	// blob are looked at out of line (rotchunk).
	VPERMB    rottab<>(SB), Z0, Z2
	VPTESTMB  Z2, Z0, K3
	KMOVQ     K3, R9
	POPCNTQ   R9, R9
	CMPQ      R9, $7
	JGE       rotchunk
rotback:

	// Blob chains: blocks all ok (K4 base64, K6 hex), and counting (K5,
	// K7: ok and holding a character that counts).
	CHAINMASKS
	TESTQ    $1, R8
	JNZ      counts // a blob is found: chains stop nothing
	KMOVB    K4, R9
	KMOVB    K5, R10
	STOPS1(R9, R10, R13, 32(DI)) // minB64
	KMOVB    K6, R9
	KMOVB    K7, R10
	STOPS(R9, R10, R12, 40(DI)) // minHex

counts:
	// A plain chunk: count and carry (white space at done).
	VPTESTMB Z24, Z1, K1
	KMOVQ    K1, DX
	POPCNTQ  DX, DX
	ADDQ     DX, BX
	VPANDQ   Z1, Z30, Z30
	KMOVB    K4, R9
	KMOVB    K5, R10
	CHAIN(R9, R10, R13)
	KMOVB    K6, R9
	KMOVB    K7, R10
	CHAIN(R9, R10, R12)

	ADDQ $64, SI
	ADDQ $64, AX
	SUBQ $64, CX
	JMP  loop

sepchunk:
	// A chunk of white space (session 16: of one white-space byte; session
	// 27, wsmix.go: any, spaces, tabs and line breaks mixed): a run scan
	// measures (runSpaceMin, runBreakMin, wsRun); it takes none of it.
	// Shorter runs of white space, indents and blank lines, do not stop
	// the kernel. (A chunk of one byte that is not white space stopped it
	// before, at its eight bytes of one byte.)
	VPTESTMB Z25, Z1, K3
	KORTESTQ K3, K3
	JCS      done
	// With a hex digit, a separated hex dump may go on through it
	// (session 17, sephex.go): the kernel takes none of it and says so
	// (chunkSepHex), and scan looks for a dump there.
	VPTESTMB Z29, Z1, K3
	KORTESTQ K3, K3
	JZ       sepback
	// Once a blob is found, dumps and runs of escapes no longer matter
	// (session 18: the rest of a quoted-printable body is the kernel's),
	// but for runs of =20 (qp.go): a chunk with an = and a 2 after it.
	TESTQ    $1, R8
	JZ       sephit
	VPCMPEQB Z10, Z0, K3
	VPCMPEQB qptwo<>(SB), Z8, K3, K3
	KORTESTQ K3, K3
	JZ       sepback
sephit:
	ORQ      $8, R8
	JMP      done
ampcand:
	// A chunk without white space: the distance from its first & to the
	// second (a run of one HTML entity, &nbsp;: phrase.go's windowCands),
	// the & mask in R9.
	VPCMPEQB Z13, Z0, K3
	KMOVQ  K3, R9
	TZCNTQ R9, R10
	JCS    bytecand // no &
	BLSRQ  R9, R11
	REPNEXT
	REPTEST(DX, norep)
	JMP    norep
bytecand:
	// Nor an &: the distances from its first byte to the next two of
	// that byte (a run of HTML tags, <br><br>, or of punctuation, -=-=:
	// recall8.go's padUnit), that byte's mask in R9; not for a chunk of
	// letters and digits alone (texty: base64's iIiI), but up to 4
	// there (alnumcand).
	VPTESTMB Z24, Z1, K3
	KORTESTQ K3, K3
	JCS    alnumcand
	VPBROADCASTB X0, Z3
	VPCMPEQB Z3, Z0, K3
	KMOVQ  K3, R9
	XORQ   R10, R10
	BLSRQ  R9, R11
	REPNEXT
	REPTEST(DX, bytecand2)
bytecand2:
	BLSRQ  R11, R11
	REPNEXT
	REPTEST(DX, norep)
	JMP    norep
alnumcand:
	// Letters and digits alone: bytecand's distances up to 4 (a short
	// unit of letters repeated, hahaha: recall24.go's shortUnit;
	// byteCands).
	VPBROADCASTB X0, Z3
	VPCMPEQB Z3, Z0, K3
	KMOVQ  K3, R9
	XORQ   R10, R10
	BLSRQ  R9, R11
	REPNEXT4
	REPTEST(DX, alnumcand2)
alnumcand2:
	BLSRQ  R11, R11
	REPNEXT4
	REPTEST(DX, norep)
	JMP    norep
eqctl:
	// EQCTL (recall10.go): a chunk with an = and 0, 1 or 7 after it (K4):
	// the next two bytes (from SI+2, under a mask when fewer than 66
	// bytes are left, and from SI+3 in Z7) looked up; the escapes of
	// controls join K7, as EQLEAD's.
	CMPQ      CX, $66
	JLT       eqctlshort
	VMOVDQU64 2(SI), Z2
eqctlload:
	VMOVDQU64 qpctl2<>(SB), Z4
	VPERMT2B  qpctl2<>+64(SB), Z2, Z4
	VPERMB    qpctl1<>(SB), Z8, Z2
	VMOVDQU64 qpctl3<>(SB), Z3
	VPERMT2B  qpctl3<>+64(SB), Z7, Z3
	VPTERNLOGD $0x80, Z4, Z3, Z2
	VPTESTMB  Z2, Z2, K4, K4
	KORQ      K4, K7, K7
	JMP       eqctlback
eqctlshort:
	LEAQ  -2(CX), DX
	MOVQ  $-1, R9
	BZHIQ DX, R9, R9
	KMOVQ R9, K5
	VMOVDQU8.Z 2(SI), K5, Z2
	JMP   eqctlload
rephit:
	ORQ $16, R8 // chunkRepeat
	JMP done
urlchunk:
	ORQ $64, R8 // chunkURL
	JMP done
grpchunk:
	// Quoted: at most two line feeds, a > right after each and a space
	// right after that, none elsewhere past the first two bytes (so also
	// a chunk inside a line: base64 alone, a + or / in it, as chunkURL
	// stops at one without). Grouped: no >,
	// the spaces and line feeds every 5 bytes exactly from the first,
	// which is in the first five bytes (groups of four), or every 9 from
	// the first, in the first nine (groups of eight). Either stops it, taking none of
	// it, and sets chunkGroup (b64groups.go). Only a chunk with a digit,
	// + or / (bit 0x20 of the url table) is looked at: most that come
	// here are prose of letters and spaces alone.
	VPTESTMB  grpsp<>(SB), Z5, K3
	KORTESTQ  K3, K3
	JZ        grpback
	VPCMPEQB  grptab<>(SB), Z0, K3
	KORTESTQ  K3, K3
	JNZ       grpfold // a tab: only base64 folded into a header (b64fold.go)
	VPCMPEQB  grpsp<>(SB), Z0, K3
	KMOVQ     K3, R9  // spaces
	VPCMPEQB  grpnl<>(SB), Z0, K3
	KMOVQ     K3, R10 // line feeds
	VPCMPEQB  grpgt<>(SB), Z0, K3
	KMOVQ     K3, R11 // >
	MOVQ      R10, R14
	SHLQ      $1, R14
	MOVQ      R11, DX
	ANDQ      $-2, DX
	CMPQ      DX, R14
	JNE       grpgroups
	SHLQ      $1, R14
	MOVQ      R9, DX
	ANDQ      $-4, DX
	CMPQ      DX, R14
	JNE       grpgroups
	POPCNTQ   R10, DX
	CMPQ      DX, $2
	JLE       grphit
grpgroups:
	TESTQ     R11, R11
	JNZ       grpback
	MOVQ      R10, R11 // line feeds (grpwrap)
	ORQ       R10, R9
	TZCNTQ    R9, DX
	CMPQ      DX, $5
	JGE       grpeight
	MOVQ      $0x1084210842108421, R10
	SHLXQ     DX, R10, R10
	CMPQ      R9, R10
	JEQ       grphit
grpeight:
	// Groups of eight: every 9 bytes from the first, in the first nine.
	CMPQ      DX, $9
	JGE       grpwrap
	MOVQ      $0x8040201008040201, R10
	SHLXQ     DX, R10, R10
	CMPQ      R9, R10
	JEQ       grphit
grpwrap:
	// Wrapped (recall33.go): the separators without the line feeds
	// (PEXT drops their bits) every 5 or 9 bytes as above, the last
	// bits (the next chunk's bytes) not asked: a space before each
	// line's end. Only a chunk with a space and a line feed: of the
	// 1,402 chunks of BenchmarkCheckTextHot's megabyte that come here
	// (texts read from their start, blobs found or not), 1,204 hold a
	// line feed, 35 a space too (base64 bodies' lines have none).
	ANDNQ     R9, R11, DX // spaces
	JZ        grpback
	POPCNTQ   R11, R14
	JZ        grpback
	NOTQ      R11
	PEXTQ     R11, R9, R9
	TZCNTQ    R9, DX
	CMPQ      DX, $5
	JGE       grpwrap8
	MOVQ      $0x1084210842108421, R10
	SHLXQ     DX, R10, R10
	XORQ      R9, R10
	SHLXQ     R14, R10, R10
	TESTQ     R10, R10
	JZ        grphit
grpwrap8:
	CMPQ      DX, $9
	JGE       grpback
	MOVQ      $0x8040201008040201, R10
	SHLXQ     DX, R10, R10
	XORQ      R9, R10
	SHLXQ     R14, R10, R10
	TESTQ     R10, R10
	JNZ       grpback
grphit:
	ORQ $512, R8 // chunkGroup
	JMP done
rotchunk:
	// While no blob is found, with a space: it stops there, taking none
	// of it, and sets chunkRot (recall34.go).
	TESTQ    $1, R8
	JNZ      rotback
	VPCMPEQB grpsp<>(SB), Z0, K3
	KORTESTQ K3, K3
	JZ       rotback
	ORQ      $256, R8 // chunkRot
	JMP      done
grpfold:
	// Folded (b64fold.go): a tab right after each line feed (at most
	// two), no other tab past the first byte, no space and no >.
	KMOVQ     K3, R9 // tabs
	VPCMPEQB  grpnl<>(SB), Z0, K3
	KMOVQ     K3, R10 // line feeds
	VPCMPEQB  grpsp<>(SB), Z0, K3
	VPCMPEQB  grpgt<>(SB), Z0, K2
	KORTESTQ  K3, K2
	JNZ       grpback
	MOVQ      R10, R14
	SHLQ      $1, R14
	ANDQ      $-2, R9
	CMPQ      R9, R14
	JNE       grpback
	POPCNTQ   R10, DX
	CMPQ      DX, $2
	JLE       grphit
	JMP       grpback
semishort:
	// Fewer than 71 bytes from SI: the , seven bytes after a ; only
	// within t (the CX-7 bytes from SI+7).
	MOVQ  CX, DX
	SUBQ  $7, DX
	MOVQ  $-1, R9
	BZHIQ DX, R9, R9
	KMOVQ R9, K3
	VMOVDQU8.Z 7(SI), K3, Z5
	VPCMPEQB   Z18, Z5, K2, K2
	// The stop byte after an & (ampStop): the CX-1 bytes from SI+1 (CX is 64 or more).
	MOVQ  CX, DX
	DECQ  DX
	MOVQ  $-1, R9
	BZHIQ DX, R9, R9
	KMOVQ R9, K5
	VMOVDQU8.Z 1(SI), K5, Z8
	VPERMB     Z14, Z8, Z6
	VPTESTMB   Z6, Z6, K6, K6
	// The third byte after an = (recall9.go): the CX-3 bytes from SI+3.
	SUBQ  $2, DX
	MOVQ  $-1, R9
	BZHIQ DX, R9, R9
	KMOVQ R9, K5
	VMOVDQU8.Z 3(SI), K5, Z7
	JMP   semiback

tail:
	// The last whole blocks of t, fewer than eight: loaded under a mask
	// (no byte past t is read), the bytes past them stopping the kernel.
	CMPQ  CX, $8
	JLT   done
	MOVQ  CX, DX
	ANDQ  $-8, DX
	MOVQ  $-1, R9
	BZHIQ DX, R9, R9
	KMOVQ R9, K2
	VMOVDQU8.Z (SI), K2, Z0
	VPMOVB2M  Z0, K1
	VMOVDQA64 Z0, Z1
	VPERMI2B  Z21, Z20, Z1
	VPTESTMB  Z23, Z1, K3
	KORQ      K1, K3, K1
	// A ; with a , seven bytes after it, within t.
	VPCMPEQB  Z17, Z0, K4
	XORQ      R11, R11
	MOVQ      CX, R10
	SUBQ      $7, R10
	CMOVQLT   R11, R10
	MOVQ      $-1, R9
	BZHIQ     R10, R9, R9
	KMOVQ     R9, K5
	VMOVDQU8.Z 7(SI), K5, Z5
	VPCMPEQB  Z18, Z5, K5
	KANDQ     K4, K5, K4
	KORQ      K4, K1, K1
	// An & with a stop byte after it, within t (AMPHASH, in K6 for partial; Z0
	// has no & past the whole blocks).
	VPCMPEQB  Z13, Z0, K6
	MOVQ      CX, R10
	DECQ      R10
	MOVQ      $-1, R9
	BZHIQ     R10, R9, R9
	KMOVQ     R9, K5
	VMOVDQU8.Z 1(SI), K5, Z5
	SUBQ      $2, R10
	MOVQ      $-1, R9
	BZHIQ     R10, R9, R9
	KMOVQ     R9, K7
	VMOVDQU8.Z 3(SI), K7, Z7
	PCTPAIRS(K1, Z7, K4) // SI+3 within t in Z7 (Z0 has no % past the whole blocks)
	JSCALL(K1, Z5, Z9, K3) // SI+1 within t in Z5
	VPCMPEQB  Z10, Z0, K7 // EQLEAD (Z0 has no = past the whole blocks)
	VPCMPEQB  Z10, Z7, K7, K4 // an = three bytes after, for a letter's escape (recall9.go)
	VPSUBB    qpfour<>(SB), Z5, Z9
	VPTESTNMB qplead<>(SB), Z9, K4, K4
	VPSUBB    Z11, Z5, Z9
	VPTESTNMB qplead<>(SB), Z9, K7, K7
	KORQ      K4, K7, K7
	// EQCTL (recall10.go): the escape of a control, within t (the CX-2
	// bytes from SI+2; SI+1 in Z5, SI+3 in Z7).
	VPCMPEQB  Z10, Z0, K4
	LEAQ      -2(CX), DX
	MOVQ      $-1, R9
	BZHIQ     DX, R9, R9
	KMOVQ     R9, K5
	VMOVDQU8.Z 2(SI), K5, Z2
	VMOVDQU64 qpctl2<>(SB), Z4
	VPERMT2B  qpctl2<>+64(SB), Z2, Z4
	VPERMB    qpctl1<>(SB), Z5, Z2
	VMOVDQU64 qpctl3<>(SB), Z3
	VPERMT2B  qpctl3<>+64(SB), Z7, Z3
	VPTERNLOGD $0x80, Z4, Z3, Z2
	VPTESTMB  Z2, Z2, K4, K4
	KORQ      K4, K7, K7
	VPERMB    Z14, Z5, Z5
	VPTESTMB  Z5, Z5, K6, K6
	KORQ      K7, K6, K6
	KNOTQ     K2, K2
	KORQ      K1, K2, K1

partial:
	// A chunk (Z0, classes Z1) with bytes that stop the kernel (K1) or
	// blocks of one byte (found again here): take the plain blocks
	// before the first such block, unless a chain stops in them. After
	// it, the kernel returns: SI and CX are free. The & with a stop byte
	// after it (AMPHASH, K6: zero unless it stopped there) joins K1 here.
	// An = with C to F after it (EQLEAD, K7: zero unless it stopped
	// there) sets chunkQP.
	KORTESTQ  K7, K7
	JZ        partnoqp
	ORQ       $128, R8 // chunkQP
partnoqp:
	KORQ      K6, K1, K1
	VPSHUFB   Z22, Z0, Z2
	VPCMPEQQ  Z0, Z2, K3
	VPTESTNMQ Z25, Z1, K3, K3
	KMOVQ     K1, DX
	TZCNTQ    DX, DX // 64 when none
	SHRQ      $3, DX // the block of the first byte that stops it
	KMOVB     K3, R9
	ORL       $0x100, R9
	TZCNTL    R9, R9 // the first block of one byte, 8 when none
	CMPQ      R9, DX
	CMOVQLT   R9, DX // DX: the blocks to take
	VPBROADCASTB X0, Z3
	VPCMPEQB     Z0, Z3, K3
	KORTESTQ     K3, K3
	JCS          done // a chunk of one byte: none
	TESTQ     DX, DX
	JZ        done
	MOVQ      $-1, R10
	BZHIQ     DX, R10, R10 // R10: those blocks
	MOVL      R10, SI
	NOTL      SI
	ANDL      $0xFF, SI    // SI: the blocks past them, which neither break nor count
	SHLQ      $3, DX
	MOVQ      $-1, R9
	BZHIQ     DX, R9, R9
	KMOVQ     R9, K0       // K0: their bytes

	CHAINMASKS
	TESTQ    $1, R8
	JNZ      pcounts
	KMOVB    K4, R9
	ORL      SI, R9
	KMOVB    K5, CX
	ANDL     R10, CX
	STOPS1(R9, CX, R13, 32(DI)) // minB64
	KMOVB    K6, R9
	ORL      SI, R9
	KMOVB    K7, CX
	ANDL     R10, CX
	STOPS(R9, CX, R12, 40(DI)) // minHex

pcounts:
	VPTESTMB  Z24, Z1, K1
	KANDQ     K0, K1, K1
	KMOVQ     K1, DX
	POPCNTQ   DX, DX
	ADDQ      DX, BX
	VPTESTNMB Z25, Z1, K2
	KANDQ     K0, K2, K2
	KMOVQ     K2, DX
	MOVQ      R8, R9
	ORQ       $4, R9
	TESTQ     DX, DX
	CMOVQNE   R9, R8
	KMOVB     K4, R9
	ORL       SI, R9
	KMOVB     K5, CX
	ANDL      R10, CX
	CHAIN(R9, CX, R13)
	KMOVB     K6, R9
	ORL       SI, R9
	KMOVB     K7, CX
	ANDL      R10, CX
	CHAIN(R9, CX, R12)
	KMOVQ     K0, DX
	POPCNTQ   DX, DX
	ADDQ      DX, AX

done:
	// A byte that is not white space in the plain chunks.
	VPTESTNMB Z25, Z30, K1
	MOVQ      R8, R9
	ORQ       $4, R9
	KORTESTQ  K1, K1
	CMOVQNE   R9, R8
	MOVQ BX, 0(DI)
	MOVQ R13, 8(DI)
	MOVQ R12, 16(DI)
	MOVQ R8, 24(DI)
	MOVQ AX, ret+40(FP)
	VZEROUPPER
	RET

// func b64BlocksAVX512(t []byte, class *[128]byte) (took, n int, cl uint8)
//
// class (b64Class): 1 upper, 2 lower, 4 digit, 8 line break, 0x10 + or
// /; 0 for every other ASCII byte. Z0 the bytes, Z1 their classes, K1 the
// bytes that stop it, Z5 the classes taken, OR-ed.
TEXT ·b64BlocksAVX512(SB), NOSPLIT, $0-49
	MOVQ t_base+0(FP), SI
	MOVQ t_len+8(FP), CX
	MOVQ class+24(FP), DX
	VMOVDQU64 0(DX), Z20
	VMOVDQU64 64(DX), Z21
	MOVQ $0x0808080808080808, DX
	VPBROADCASTQ DX, Z22
	VPXORQ Z5, Z5, Z5
	XORQ AX, AX // bytes taken
	XORQ BX, BX // line breaks in them

b64loop:
	CMPQ CX, $64
	JLT  b64tail
	VMOVDQU64 (SI), Z0
	VPMOVB2M  Z0, K1
	VMOVDQA64 Z0, Z1
	VPERMI2B  Z21, Z20, Z1
	VPTESTNMB Z1, Z1, K2
	KORQ      K1, K2, K1
	KORTESTQ  K1, K1
	JNZ       b64partial
	VPORQ     Z1, Z5, Z5
	VPTESTMB  Z22, Z1, K2
	KMOVQ     K2, DX
	POPCNTQ   DX, DX
	ADDQ      DX, BX
	ADDQ      $64, SI
	ADDQ      $64, AX
	SUBQ      $64, CX
	JMP       b64loop

b64tail:
	// The last whole blocks, fewer than eight, loaded under a mask; the
	// bytes past them stop it.
	MOVQ  CX, DX
	ANDQ  $-8, DX
	MOVQ  $-1, R9
	BZHIQ DX, R9, R9
	KMOVQ R9, K3
	VMOVDQU8.Z (SI), K3, Z0
	VPMOVB2M  Z0, K1
	VMOVDQA64 Z0, Z1
	VPERMI2B  Z21, Z20, Z1
	VPTESTNMB Z1, Z1, K2
	KORQ      K1, K2, K1
	KNOTQ     K3, K3
	KORQ      K1, K3, K1

b64partial:
	// The whole blocks before the first byte that stops it.
	KMOVQ  K1, DX
	TZCNTQ DX, DX // 64 when none
	ANDQ   $-8, DX
	ADDQ   DX, AX
	MOVQ   $-1, R9
	BZHIQ  DX, R9, R9
	KMOVQ  R9, K3
	VMOVDQU8.Z Z1, K3, Z1
	VPORQ     Z1, Z5, Z5
	VPTESTMB  Z22, Z1, K2
	KMOVQ     K2, DX
	POPCNTQ   DX, DX
	ADDQ      DX, BX

	// The classes seen: the OR of Z5's bytes.
	VEXTRACTI64X4 $1, Z5, Y6
	VPOR          Y6, Y5, Y5
	VEXTRACTI128  $1, Y5, X6
	VPOR          X6, X5, X5
	VPEXTRQ       $1, X5, DX
	VMOVQ         X5, R9
	ORQ           R9, DX
	MOVQ          DX, R9
	SHRQ          $32, R9
	ORQ           R9, DX
	MOVQ          DX, R9
	SHRQ          $16, R9
	ORQ           R9, DX
	MOVQ          DX, R9
	SHRQ          $8, R9
	ORQ           R9, DX
	ANDQ          $7, DX

	MOVQ AX, took+32(FP)
	SUBQ BX, AX
	MOVQ AX, n+40(FP)
	MOVB DX, cl+48(FP)
	VZEROUPPER
	RET

// func b64AheadAVX512(t []byte, hexRun, min int, class *[128]byte) (took, n, hexRunOut int, stop bool)
//
// class (b64AheadClass): 1 for what goes on in the run (letters, digits,
// + / =, line breaks), 2 for line breaks, 4 for what the hex run counts
// (hex digits, line breaks). R12 the hex run going on, R13 min, AX bytes
// taken, BX line breaks in them.
TEXT ·b64AheadAVX512(SB), NOSPLIT, $0-73
	MOVQ t_base+0(FP), SI
	MOVQ t_len+8(FP), CX
	MOVQ hexRun+24(FP), R12
	MOVQ min+32(FP), R13
	MOVQ class+40(FP), DX
	VMOVDQU64 0(DX), Z20
	VMOVDQU64 64(DX), Z21
	MOVQ $0x0101010101010101, DX
	VPBROADCASTQ DX, Z22
	MOVQ $0x0202020202020202, DX
	VPBROADCASTQ DX, Z23
	MOVQ $0x0404040404040404, DX
	VPBROADCASTQ DX, Z24
	XORQ AX, AX
	XORQ BX, BX

aloop:
	CMPQ CX, $64
	JLT  atail
	VMOVDQU64 (SI), Z0
	MOVQ      $-1, R9
	KMOVQ     R9, K3 // all 64 bytes loaded
	JMP       aclass

atail:
	// The last whole blocks, loaded under a mask; the bytes past them
	// stop it.
	MOVQ  CX, DX
	ANDQ  $-8, DX
	MOVQ  $-1, R9
	BZHIQ DX, R9, R9
	KMOVQ R9, K3
	VMOVDQU8.Z (SI), K3, Z0

aclass:
	VPMOVB2M  Z0, K1 // not ASCII
	VMOVDQA64 Z0, Z1
	VPERMI2B  Z21, Z20, Z1
	VPTESTNMB Z22, Z1, K2 // not in the run
	KORQ      K1, K2, K1
	KNOTQ     K3, K3
	KORQ      K1, K3, K1
	KMOVQ     K1, DX
	TZCNTQ    DX, DX // 64 when none
	ANDQ      $-8, DX
	MOVQ      DX, R10 // R10: the bytes of the blocks taken from this chunk
	JZ        aret
	MOVQ      $-1, R9
	BZHIQ     R10, R9, R9 // R9: their mask
	VPTESTMB  Z23, Z1, K2
	KMOVQ     K2, DX
	ANDQ      R9, DX
	POPCNTQ   DX, DX
	ADDQ      DX, BX
	VPTESTMB  Z24, Z1, K2
	KMOVQ     K2, R11
	ANDQ      R9, R11 // R11: their hex bytes
	CMPQ      R11, R9
	JNE       abreak
	ADDQ      R10, R12 // all hex: the run goes on through them
	CMPQ      R12, R13
	JGE       astop
	JMP       anext

abreak:
	// The run going on ends at the first byte that is not hex.
	MOVQ   R11, DX
	NOTQ   DX
	TZCNTQ DX, DX
	ADDQ   R12, DX
	CMPQ   DX, R13
	JGE    astop
	// Runs inside the blocks: bits where min hex bytes start (R11 ANDed
	// with itself shifted by 1, 2, 4... and the rest to min).
	MOVQ R11, DX
	MOVQ $1, DI
adouble:
	LEAQ  (DI)(DI*1), R8
	CMPQ  R8, R13
	JGT   adone
	SHRXQ DI, DX, R8
	ANDQ  R8, DX
	ADDQ  DI, DI
	JMP   adouble
adone:
	MOVQ  R13, R8
	SUBQ  DI, R8
	SHRXQ R8, DX, R8
	ANDQ  R8, DX
	JNZ   astop
	// The run going on: the hex bytes at the end of the blocks.
	MOVQ   R11, DX
	NOTQ   DX
	ANDQ   R9, DX
	LZCNTQ DX, DX
	LEAQ   -64(R10)(DX*1), R12

anext:
	ADDQ R10, AX
	CMPQ R10, $64
	JNE  aret
	ADDQ $64, SI
	SUBQ $64, CX
	JMP  aloop

aret:
	MOVQ AX, took+48(FP)
	SUBQ BX, AX
	MOVQ AX, n+56(FP)
	MOVQ R12, hexRunOut+64(FP)
	MOVB $0, stop+72(FP)
	VZEROUPPER
	RET

astop:
	MOVQ $0, took+48(FP)
	MOVQ $0, n+56(FP)
	MOVQ $0, hexRunOut+64(FP)
	MOVB $1, stop+72(FP)
	VZEROUPPER
	RET

// func wsMask64AVX512(w *byte) uint64
//
// The white-space bytes (space, tab, line feed, carriage return) of the
// 64 bytes at w, a bit a byte: phrase.go's wsMask.
TEXT ·wsMask64AVX512(SB), NOSPLIT, $0-16
	MOVQ w+0(FP), SI
	VMOVDQU64 (SI), Z0
	MOVL $0x20, DX
	VPBROADCASTB DX, Z1
	VPCMPEQB Z1, Z0, K1
	MOVL $0x09, DX
	VPBROADCASTB DX, Z1
	VPCMPEQB Z1, Z0, K2
	MOVL $0x0A, DX
	VPBROADCASTB DX, Z1
	VPCMPEQB Z1, Z0, K3
	MOVL $0x0D, DX
	VPBROADCASTB DX, Z1
	VPCMPEQB Z1, Z0, K4
	KORQ K1, K2, K1
	KORQ K3, K4, K3
	KORQ K1, K3, K1
	KMOVQ K1, AX
	MOVQ AX, ret+8(FP)
	VZEROUPPER
	RET

// func eqMask64AVX512(p *byte, c byte) uint64
//
// The bytes equal to c of the 64 bytes at p, a bit a byte
// (recall24long.go's longCands).
TEXT ·eqMask64AVX512(SB), NOSPLIT, $0-24
	MOVQ p+0(FP), SI
	MOVBLZX c+8(FP), DX
	VPBROADCASTB DX, Z1
	VPCMPEQB (SI), Z1, K1
	KMOVQ K1, AX
	MOVQ AX, ret+16(FP)
	VZEROUPPER
	RET

// func eqPairMask64AVX512(p *byte, c0, c1 byte) uint64
//
// The bytes of the 64 at p that are c0 with c1 after them, a bit a byte
// (reads 65 bytes: recall24long.go's longCands).
TEXT ·eqPairMask64AVX512(SB), NOSPLIT, $0-24
	MOVQ p+0(FP), SI
	MOVBLZX c0+8(FP), DX
	MOVBLZX c1+9(FP), BX
	VPBROADCASTB DX, Z1
	VPBROADCASTB BX, Z2
	VPCMPEQB (SI), Z1, K1
	VPCMPEQB 1(SI), Z2, K1, K1
	KMOVQ K1, AX
	MOVQ AX, ret+16(FP)
	VZEROUPPER
	RET

// func windowsAVX512(p *byte, n, stride int, class *[128]byte) (eq, cand uint64)
//
// Windows of 24 bytes at p, p+stride, p+2*stride ... (n of them, at
// most 64), each loaded under a mask of 24 bytes: bit i of eq is set
// when window i holds three = or more (recall37.go's quoted-printable
// look), of cand when no byte of it is over 0x7F or of class bit 1 and
// one is of class bit 2 (deepWindow with deepClass, keyRun's look with
// keyClass).
TEXT ·windowsAVX512(SB), NOSPLIT, $0-48
	MOVQ p+0(FP), SI
	MOVQ n+8(FP), CX
	MOVQ stride+16(FP), R10
	MOVQ class+24(FP), DX
	VMOVDQU64 0(DX), Z20
	VMOVDQU64 64(DX), Z21
	MOVL $0xFFFFFF, AX
	KMOVQ AX, K7
	MOVL $0x3D, AX // =
	VPBROADCASTB AX, Z22
	MOVL $0x01, AX
	VPBROADCASTB AX, Z23
	MOVL $0x02, AX
	VPBROADCASTB AX, Z24
	XORQ R8, R8 // eq
	XORQ R9, R9 // cand
	XORQ BX, BX // window
lloop:
	CMPQ BX, CX
	JGE  ldone
	VMOVDQU8.Z (SI), K7, Z0
	VPCMPEQB Z22, Z0, K1
	KMOVQ    K1, AX
	POPCNTQ  AX, AX
	CMPQ     AX, $3
	JLT      lnoeq
	BTSQ     BX, R8
lnoeq:
	VPMOVB2M  Z0, K2
	VMOVDQA64 Z0, Z1
	VPERMI2B  Z21, Z20, Z1
	VPTESTMB  Z23, Z1, K7, K3
	KORTESTQ  K2, K3
	JNZ       lnext
	VPTESTMB  Z24, Z1, K7, K3
	KORTESTQ  K3, K3
	JZ        lnext
	BTSQ      BX, R9
lnext:
	ADDQ R10, SI
	INCQ BX
	JMP  lloop
ldone:
	MOVQ R8, eq+32(FP)
	MOVQ R9, cand+40(FP)
	VZEROUPPER
	RET

// func lineGateAVX512(t []byte, q, step int) (at, e1, e2 int)
//
// recall36.go's lineGateStep from the sample at q, its line feeds found
// 64 bytes a compare: for each sample, e1 is the first line feed in
// [q, min(len(t), q+4096)) and e2 the first in [e1+1, min(len(t),
// e1+4097)) (lineEnds; lineMaxBytes is 4096); with none, the next
// sample is q+4096, or e1+4097 with no e2; else it returns at = q, e1
// and e2 when the line after e2 ends as far on (t[2*e2-e1] is a line
// feed, within t), and goes on at max(q+step, e2) when not. at is
// len(t) or more when no sample is left.
TEXT ·lineGateAVX512(SB), NOSPLIT, $0-64
	MOVQ t_base+0(FP), SI
	MOVQ t_len+8(FP), CX
	MOVQ q+24(FP), R8
	MOVQ step+32(FP), R9
	MOVL $0x0A, AX
	VPBROADCASTB AX, Z1
gloop:
	CMPQ R8, CX
	JGE  gend
	// Most samples: both line feeds in the 128 bytes at the sample, one
	// compare of each 64 (the two loads do not wait on each other, nor
	// on the last sample's line feeds: the next sample is q+step unless
	// a line ran past it).
	LEAQ 128(R8), DX
	CMPQ DX, CX
	JGT  gslow
	VPCMPEQB (SI)(R8*1), Z1, K3
	VPCMPEQB 64(SI)(R8*1), Z1, K4
	KMOVQ K3, AX
	KMOVQ K4, BX
	TESTQ AX, AX
	JZ    gnolo
	TZCNTQ AX, R10
	BLSRQ  AX, AX
	TESTQ  AX, AX
	JZ     gonelo
	TZCNTQ AX, R12
	ADDQ   R8, R10
	ADDQ   R8, R12
	JMP    gtest
gonelo:
	TESTQ  BX, BX
	JZ     gslow
	TZCNTQ BX, R12
	ADDQ   R8, R10
	LEAQ   64(R8)(R12*1), R12
	JMP    gtest
gnolo:
	TESTQ  BX, BX
	JZ     gslow
	TZCNTQ BX, R10
	BLSRQ  BX, BX
	TESTQ  BX, BX
	JZ     gslow
	TZCNTQ BX, R12
	LEAQ   64(R8)(R10*1), R10
	LEAQ   64(R8)(R12*1), R12
	JMP    gtest
gslow:
	// e1 (R10): the first line feed in [R8, R11).
	MOVQ R8, R10
	LEAQ 4096(R8), R11
	CMPQ R11, CX
	CMOVQGT CX, R11
g1loop:
	MOVQ R11, DX
	SUBQ R10, DX
	JLE  gnoe1
	CMPQ DX, $64
	JGE  g1full
	MOVQ $-1, AX
	BZHIQ DX, AX, AX
	KMOVQ AX, K2
	VMOVDQU8.Z (SI)(R10*1), K2, Z0
	VPCMPEQB Z1, Z0, K2, K3
	KMOVQ K3, AX
	TESTQ AX, AX
	JZ    gnoe1
	JMP   g1hit
g1full:
	VPCMPEQB (SI)(R10*1), Z1, K3
	KMOVQ K3, AX
	TESTQ AX, AX
	JNZ   g1hit
	ADDQ $64, R10
	JMP  g1loop
g1hit:
	TZCNTQ AX, AX
	ADDQ AX, R10
	// e2 (R12): the first line feed in [R10+1, R11).
	LEAQ 1(R10), R12
	LEAQ 4097(R10), R11
	CMPQ R11, CX
	CMOVQGT CX, R11
g2loop:
	MOVQ R11, DX
	SUBQ R12, DX
	JLE  gnoe2
	CMPQ DX, $64
	JGE  g2full
	MOVQ $-1, AX
	BZHIQ DX, AX, AX
	KMOVQ AX, K2
	VMOVDQU8.Z (SI)(R12*1), K2, Z0
	VPCMPEQB Z1, Z0, K2, K3
	KMOVQ K3, AX
	TESTQ AX, AX
	JZ    gnoe2
	JMP   g2hit
g2full:
	VPCMPEQB (SI)(R12*1), Z1, K3
	KMOVQ K3, AX
	TESTQ AX, AX
	JNZ   g2hit
	ADDQ $64, R12
	JMP  g2loop
g2hit:
	TZCNTQ AX, AX
	ADDQ AX, R12
gtest:
	// The line after e2 ends as far on: t[2*e2-e1] is a line feed.
	LEAQ (R12)(R12*1), DX
	SUBQ R10, DX
	CMPQ DX, CX
	JGE  gnext
	CMPB (SI)(DX*1), $0x0A
	JEQ  ghit
gnext:
	ADDQ R9, R8
	CMPQ R8, R12
	JGE  gloop // a branch, not a CMOV: the next sample's loads need not wait for e2
	MOVQ R12, R8
	JMP  gloop
gnoe1:
	ADDQ $4096, R8
	JMP  gloop
gnoe2:
	LEAQ 4097(R10), R8
	JMP  gloop
ghit:
	MOVQ R8, at+40(FP)
	MOVQ R10, e1+48(FP)
	MOVQ R12, e2+56(FP)
	VZEROUPPER
	RET
gend:
	MOVQ R8, at+40(FP)
	MOVQ $-1, e1+48(FP)
	MOVQ $-1, e2+56(FP)
	VZEROUPPER
	RET

// func longGateAVX512(t []byte, step int) bool
//
// recall24long.go's longGateStep: whether, at a sample every step
// bytes (with 128 bytes of t from it), the 64 bytes at the sample
// repeat at a period p of 17 to 64 (t[q:q+64] == t[q+p:q+p+64]), the
// candidates those where the sample's first two bytes repeat
// (longCands with eqPairMask64AVX512), each confirmed by one compare
// of 64 bytes (longConfirm).
TEXT ·longGateAVX512(SB), NOSPLIT, $0-33
	MOVQ t_base+0(FP), SI
	MOVQ t_len+8(FP), CX
	MOVQ step+24(FP), R9
	XORQ R8, R8
	MOVQ $0xFFFFFFFFFFFF, R13 // periods 17 to 64: 48 bits
hloop:
	LEAQ 128(R8), DX
	CMPQ DX, CX
	JGT  hnone
	LEAQ (SI)(R8*1), DI
	VPBROADCASTB (DI), Z1
	VPBROADCASTB 1(DI), Z2
	VPCMPEQB 17(DI), Z1, K1
	VPCMPEQB 18(DI), Z2, K1, K1
	KMOVQ K1, AX
	ANDQ  R13, AX
	JZ    hnext
	VMOVDQU64 (DI), Z3
hcand:
	TZCNTQ AX, BX
	VPCMPEQB 17(DI)(BX*1), Z3, K2
	KORTESTQ K2, K2
	JCS   hhit // all 64 bytes equal
	BLSRQ AX, AX
	JNZ   hcand
hnext:
	ADDQ R9, R8
	JMP  hloop
hnone:
	MOVB $0, ret+32(FP)
	VZEROUPPER
	RET
hhit:
	MOVB $1, ret+32(FP)
	VZEROUPPER
	RET
