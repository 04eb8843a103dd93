#include "textflag.h"

// The constants of math's archLog (log_amd64.s), the same literals.
DATA logMant<>+0(SB)/8, $0x000FFFFFFFFFFFFF
GLOBL logMant<>(SB), RODATA|NOPTR, $8
DATA logHalf<>+0(SB)/8, $0.5 // 0x3FE0000000000000: also Frexp's exponent bits
GLOBL logHalf<>(SB), RODATA|NOPTR, $8
DATA logExp<>+0(SB)/8, $0x7FF
GLOBL logExp<>(SB), RODATA|NOPTR, $8
DATA logBias<>+0(SB)/8, $0x3FE
GLOBL logBias<>(SB), RODATA|NOPTR, $8
DATA logHSqrt2<>+0(SB)/8, $7.07106781186547524401e-01
GLOBL logHSqrt2<>(SB), RODATA|NOPTR, $8
DATA logOne<>+0(SB)/8, $1.0
GLOBL logOne<>(SB), RODATA|NOPTR, $8
DATA logTwo<>+0(SB)/8, $2.0
GLOBL logTwo<>(SB), RODATA|NOPTR, $8
DATA logL1<>+0(SB)/8, $6.666666666666735130e-01
GLOBL logL1<>(SB), RODATA|NOPTR, $8
DATA logL2<>+0(SB)/8, $3.999999999940941908e-01
GLOBL logL2<>(SB), RODATA|NOPTR, $8
DATA logL3<>+0(SB)/8, $2.857142874366239149e-01
GLOBL logL3<>(SB), RODATA|NOPTR, $8
DATA logL4<>+0(SB)/8, $2.222219843214978396e-01
GLOBL logL4<>(SB), RODATA|NOPTR, $8
DATA logL5<>+0(SB)/8, $1.818357216161805012e-01
GLOBL logL5<>(SB), RODATA|NOPTR, $8
DATA logL6<>+0(SB)/8, $1.531383769920937332e-01
GLOBL logL6<>(SB), RODATA|NOPTR, $8
DATA logL7<>+0(SB)/8, $1.479819860511658591e-01
GLOBL logL7<>(SB), RODATA|NOPTR, $8
DATA logLn2Hi<>+0(SB)/8, $6.93147180369123816490e-01
GLOBL logLn2Hi<>(SB), RODATA|NOPTR, $8
DATA logLn2Lo<>+0(SB)/8, $1.90821492927058770002e-10
GLOBL logLn2Lo<>(SB), RODATA|NOPTR, $8

// func logsAVX512(x []float64)
//
// Each step is archLog's, eight lanes at a time, in its order: the same
// roundings, so the same bits (see logs.go).
TEXT ·logsAVX512(SB), NOSPLIT, $0-24
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX
	SHRQ $3, CX
	JZ   done
	VPBROADCASTQ logMant<>(SB), Z16
	VBROADCASTSD logHalf<>(SB), Z17
	VPBROADCASTQ logExp<>(SB), Z18
	VPBROADCASTQ logBias<>(SB), Z19
	VBROADCASTSD logHSqrt2<>(SB), Z20
	VBROADCASTSD logOne<>(SB), Z21
	VBROADCASTSD logTwo<>(SB), Z22
	VBROADCASTSD logL7<>(SB), Z23
	VBROADCASTSD logL5<>(SB), Z24
	VBROADCASTSD logL3<>(SB), Z25
	VBROADCASTSD logL1<>(SB), Z26
	VBROADCASTSD logL6<>(SB), Z27
	VBROADCASTSD logL4<>(SB), Z28
	VBROADCASTSD logL2<>(SB), Z29
	VBROADCASTSD logLn2Lo<>(SB), Z30
	VBROADCASTSD logLn2Hi<>(SB), Z31

loop:
	VMOVUPD (SI), Z0
	// f1, ki := Frexp(x); k := float64(ki)
	VPANDQ    Z16, Z0, Z1
	VPORQ     Z17, Z1, Z1  // Z1 = f1
	VPSRLQ    $52, Z0, Z2
	VPANDQ    Z18, Z2, Z2
	VPSUBQ    Z19, Z2, Z2
	VCVTQQ2PD Z2, Z2       // Z2 = k
	// archLog's CMPSD NLT: f1 <= Sqrt2/2 (not <): k -= 1; f1 *= 2
	VCMPPD    $2, Z20, Z1, K1
	VSUBPD    Z21, Z2, K1, Z2
	VADDPD    Z1, Z1, K1, Z1
	// f := f1 - 1
	VSUBPD    Z21, Z1, Z1  // Z1 = f
	// s := f / (2 + f)
	VADDPD    Z22, Z1, Z3
	VDIVPD    Z3, Z1, Z3   // Z3 = s
	VMULPD    Z3, Z3, Z4   // Z4 = s2
	VMULPD    Z4, Z4, Z5   // Z5 = s4
	// t1 := s2 * (L1 + s4*(L3+s4*(L5+s4*L7)))
	VMULPD    Z23, Z5, Z6
	VADDPD    Z24, Z6, Z6
	VMULPD    Z5, Z6, Z6
	VADDPD    Z25, Z6, Z6
	VMULPD    Z5, Z6, Z6
	VADDPD    Z26, Z6, Z6
	VMULPD    Z6, Z4, Z4   // Z4 = t1
	// t2 := s4 * (L2 + s4*(L4+s4*L6))
	VMULPD    Z27, Z5, Z6
	VADDPD    Z28, Z6, Z6
	VMULPD    Z5, Z6, Z6
	VADDPD    Z29, Z6, Z6
	VMULPD    Z6, Z5, Z5   // Z5 = t2
	// R := t1 + t2
	VADDPD    Z5, Z4, Z4   // Z4 = R
	// hfsq := 0.5 * f * f
	VMULPD    Z17, Z1, Z0
	VMULPD    Z1, Z0, Z0   // Z0 = hfsq
	// k*Ln2Hi - ((hfsq - (s*(hfsq+R) + k*Ln2Lo)) - f)
	VADDPD    Z0, Z4, Z4
	VMULPD    Z4, Z3, Z3
	VMULPD    Z30, Z2, Z4
	VADDPD    Z4, Z3, Z3
	VSUBPD    Z3, Z0, Z0
	VSUBPD    Z1, Z0, Z0
	VMULPD    Z31, Z2, Z2
	VSUBPD    Z0, Z2, Z2
	VMOVUPD   Z2, (SI)
	ADDQ      $64, SI
	DECQ      CX
	JNZ       loop
	VZEROUPPER

done:
	RET

DATA devSign<>+0(SB)/4, $0x80000000
GLOBL devSign<>(SB), RODATA|NOPTR, $4

// func devKeysAVX512(keys []uint32, med float64)
//
// Eight keys at a time: keyFloat, float64, minus med, float32 (round to
// nearest, as Go's conversion), the sign bit set: floatKey of math.Abs of
// it (math.Abs only clears the sign bit, which floatKey of a value not
// negative sets, and the rounding is the same either side of zero).
TEXT ·devKeysAVX512(SB), NOSPLIT, $0-32
	MOVQ         keys_base+0(FP), SI
	MOVQ         keys_len+8(FP), CX
	SHRQ         $3, CX
	JZ           devdone
	VBROADCASTSD med+24(FP), Z16
	VPBROADCASTD devSign<>(SB), Y2
	VPCMPEQD     Y3, Y3, Y3 // all ones

devloop:
	VMOVDQU    (SI), Y0
	// keyFloat: k ^ (int32(^k)>>31 | 1<<31)
	VPXOR      Y3, Y0, Y1
	VPSRAD     $31, Y1, Y1
	VPOR       Y2, Y1, Y1
	VPXOR      Y1, Y0, Y0
	VCVTPS2PD  Y0, Z0
	VSUBPD     Z16, Z0, Z0
	VCVTPD2PS  Z0, Y0
	VPOR       Y2, Y0, Y0
	VMOVDQU    Y0, (SI)
	ADDQ       $32, SI
	DECQ       CX
	JNZ        devloop
	VZEROUPPER

devdone:
	RET
