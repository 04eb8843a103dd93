package evasions

import (
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/fixtures"
)

// recall13Cases are the encodings recall13.go finds (benchmarks/evplant7.py's
// js_percent_u and base85_rfc1924, benchmarks/evplant9.py's), with the plain
// texts next to them that must stay unflagged.
var recall13Cases = []ruleCase{
	{"%u escapes of a phrase", "<script>eval(unescape('%u0043%u006c%u0069%u0063%u006b%u0020%u0068%u0065%u0072%u0065%u0020%u0074%u006f%u0020%u0063%u006c%u0061%u0069%u006d%u0020%u0079%u006f%u0075%u0072%u0020%u0070%u0072%u0069%u007a%u0065'))</script>", []string{Blob}},
	{"%u escapes, short", "x=unescape('%u0076%u0069%u0061%u0067%u0072%u0061%u0020%u006E%u006F%u0077');", nil},
	{"%u and %XX escapes mixed", "document.write(unescape('%68%u0074%74%u0070%3A%u002F%2F%u0077%77%u0077%2E%u0062%65%u0073%74%u006C%6F%u0061%6E%u0073%34%u0075%2E%u0062%69%u007A%2F%u0063%6C%u0061%69%u006D'))", []string{Blob}},
	{"%u escapes of Chinese", "unescape('%u4E2D%u6587%u5E7F%u544A%u4E2D%u6587%u5E7F%u544A%u4E2D%u6587%u5E7F%u544A%u4E2D%u6587%u5E7F%u544A%u4E2D%u6587%u5E7F%u544A%u4E2D%u6587%u5E7F%u544A')", []string{Blob}},
	{"printf's %u", "sent %u0 of %u1 bytes, %u2 left; %ud %u %lu %u%u", nil},
	{"RFC 1924 base85 line", "pFzD_%dqj+y{7Dk2iJGT@js>w<|rIrc-}u@iyD$Y1G_h9M=t8##A7JK%n~D>o^c={0QlblHO4pf`zqfmN>KJPir}rFG%oP>url}e<YG((Txu%sB|`", []string{Blob}},
	{"RFC 1924 base85 line without a backtick", "5L8Xknw9{Vt+iGVPg>DVd$Le3dw8@h4ng_w1@pgK*k=Tc$!lF;l-B}t3$-qv^z<?w!9MNL@pf2)TI7a6#&#Q)zsJm8+)D{=^7<DwSA(2f>m^r4?6U", nil},
	{"RFC 1924 base85 wrapped", "see below\nix*F?QBEz)6rd)!uuuPcDYy(2{F#XCX9zsKm{`+5bf#-14*Ke&2+e*~)-@sfyO8r\nCq2<YG8!K;LCJ)$aOC)sc|DM__`Gs`#e6YGvdPYikXXYgwVAB1F^(~<9f8JIu7JW\ns7$c)~AToB32##^zLsR+VOU5~V@N7Z~o#rv?gOZ4(rrY)4(0(p$aKvSzmc1Z\nbye", []string{Blob}},
	{"RFC 1924 base85 short", "35=ah7)y(TR`Zlg^;*#(YiQ7rq={a4Bq*3+kb3np_ad7YS<>XG0AU+bkm{X^BvYZ_<d9%(Zu&WX", nil},
	{"backticks in prose", "run `make test` then `go vet ./...` and `staticcheck` before you commit; ``quoted'' text", nil},
	{"0x codes of a URL", "var k=[0x68,0x74,0x74,0x70,0x3a,0x2f,0x2f,0x77,0x77,0x77,0x2e,0x63,0x68,0x65,0x61,0x70,0x2d,0x6d,0x65,0x64,0x73,0x2d,0x6f,0x6e,0x6c,0x69,0x6e,0x65,0x2e,0x63,0x6f,0x6d,0x2f,0x63,0x6c,0x61,0x69,0x6d];", []string{Blob}},
	{"0x codes, short", "var k=[0x76, 0x69, 0x61, 0x67, 0x72, 0x61, 0x20, 0x6e, 0x6f, 0x77];", nil},
	{`\x escapes of a phrase`, `<script>document.write("\x4c\x69\x6d\x69\x74\x65\x64\x20\x74\x69\x6d\x65\x20\x6f\x66\x66\x65\x72");</script>`, []string{Blob}},
	{`\x escapes of four letters`, `var s='\x46\x72\x65\x65';`, []string{Blob}},
	{`\x escapes of three letters`, `var s='\x46\x72\x65 x';`, nil},
	{`\x escapes in code`, `printf("\x1b[31mred\x1b[0m \x41\x20\x42\x20\x43\x20\x44");`, nil},
	{"uuencode with CRLF", "hello\r\nbegin 644 doc.txt\r\nM0VAE87 @=FEA9W)A(&%N9\"!C:6%L:7,@;VYL:6YE('!H87)M86-Y+B!7:7)E\r\nG('1R86YS9F5R(&]F('1H92!I;FAE<FET86YC92!F=6YD<R!N;W<A\r\n`\r\nend\r\nbye\r\n", []string{Blob}},
	{"uuencode with LF", "hello\nbegin 644 doc.txt\nM0VAE87 @=FEA9W)A(&%N9\"!C:6%L:7,@;VYL:6YE('!H87)M86-Y+B!7:7)E\nG('1R86YS9F5R(&]F('1H92!I;FAE<FET86YC92!F=6YD<R!N;W<A\n`\nend\nbye\n", []string{Blob}},
	{"0x bytes past ASCII", "static unsigned char key[] = {0x4a, 0x7a, 0xf8, 0xb5, 0x61, 0x62, 0xf6, 0xda, 0xe9, 0x28, 0x98, 0x98, 0x42, 0xbd, 0xfb, 0x4d, 0x7f, 0x40, 0x6a, 0x05, 0x51, 0xf1, 0xfb, 0x4e, 0x7d, 0xed, 0x49, 0x24, 0x7a, 0x06};", nil},
}

func TestRecall13(t *testing.T) {
	checkCasesAtOffsets(t, recall13Cases)
}

// FuzzCheckTextRecall13 holds checkText to refCheckText on texts grown
// from recall13Cases: runs of %u and %XX escapes joined in any order,
// base85 lines and blocks with backticks.
func FuzzCheckTextRecall13(f *testing.F) {
	for _, tt := range recall13Cases {
		f.Add(tt.text)
	}
	f.Add("%41%u0042%43, %44%u0045\n%46%47%48%49" + strings.Repeat("%u0061", 24))
	f.Add(strings.Repeat("ab`{|}~vwxy01AZ#$", 7) + "\n" + strings.Repeat("Zq`", 30))
	f.Fuzz(checkPathsAgainstRef)
}

// TestBlobAfterOther holds blobAfterAny to a blob of another encoding
// after a declared base64 part: the row's evidence is that blob's, on
// every path and as the reference finds it; without one it stays an
// attachment.
func TestBlobAfterOther(t *testing.T) {
	holdBlobAfterPart(t, []struct{ tail, want string }{
		{"see you", attachmentEvidence},
		{"visit %68%74%74%70://www.example.com now", "a blob from byte"},
		{`var s='\x46\x72\x65\x65';`, "a blob from byte"},
		{"&#67;&#108;&#105;&#99;&#107;&#32;&#104;&#101;&#114;&#101;&#32;&#116;&#111;&#32;&#99;&#108;&#97;&#105;&#109;&#32;&#121;&#111;&#117;&#114;&#32;&#112;&#114;&#105;&#122;&#101;", "a blob from byte"},
		{"a=1, b=2; 10:30 - 11:00", attachmentEvidence},
	})
}

// holdBlobAfterPart checks, on every kernel path and against the
// reference, the blob evidence of each tail written after a declared
// base64 part (an image's): each tail's evidence must start with its want.
func holdBlobAfterPart(t *testing.T, tails []struct{ tail, want string }) {
	t.Helper()
	part := "Content-Type: image/gif\nContent-Transfer-Encoding: base64\n\n" + strings.Repeat("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw0KR0lGODlh\n", 4) + "\n--b\n\n"
	for _, tt := range tails {
		for _, path := range chunkPaths() {
			restore := path.Use()
			found := checkAgainstRef(t, []byte(part+tt.tail))
			restore()
			if !strings.HasPrefix(found[iBlob], tt.want) {
				t.Errorf("%s: %q: blob evidence %q, want %q...", path.Name, tt.tail, found[iBlob], tt.want)
			}
		}
	}
}

// BenchmarkBlobAfterOther runs blobAfterPart, blobAfterOther and both
// (blobAfterAny) on the declared parts of the 30 MB mail corpus, as
// BenchmarkBlobAfterPart does.
func BenchmarkBlobAfterOther(b *testing.B) {
	texts, _, ends := declaredCalls(b)
	var n int64
	for i, t := range texts {
		n += int64(len(t) - ends[i])
	}
	for _, fn := range []struct {
		name string
		f    func([]byte, int) int
	}{{"part", blobAfterPart}, {"other", blobAfterOther}, {"any", blobAfterAny}} {
		b.Run(fn.name, func(b *testing.B) {
			defer fixtures.ThreadCPU(b)()
			b.SetBytes(n)
			for b.Loop() {
				for i, t := range texts {
					fn.f(t, ends[i])
				}
			}
		})
	}
}
