package evasions

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/fixtures"
)

// recall17Cases are the named references of Cyrillic look-alikes
// recall17.go finds (benchmarks/evplant11.py's ncr_named_cyr), with the
// entities of plain HTML and of Russian text that must stay unflagged.
var recall17Cases = []ruleCase{
	{"named Cyrillic a in a word", "<p>Your P&acy;yP&acy;l account is on hold.</p>", []string{MixedScript}},
	{"named Cyrillic a, one", "<p>Your Citib&acy;nk account is on hold.</p>", []string{MixedScript}},
	{"named Cyrillic o in a word", "<p>Micr&ocy;s&ocy;ft support</p>", []string{MixedScript}},
	{"named Cyrillic capital starting a word", "<p>Your &Acy;pple ID</p>", []string{MixedScript}},
	{"named Cyrillic ie starting a word", "<p>Your &iecy;Bay account</p>", []string{MixedScript}},
	{"named Cyrillic capitals and u, k, v, S", "B&Ucy;Y n&ocy;w: &Scy;ALE, wor&kcy;s, lo&vcy;e, &Vcy;uy", []string{MixedScript}},
	{"named Cyrillic after a stop letter's other entities", "a &amp; b &iexcl; &uuml; &aacute; c&acy;sh", []string{MixedScript}},
	{"named Cyrillic letters in Russian text", "<p>&Pcy;&rcy;&icy;&vcy;&iecy;&tcy; &mcy;&icy;&rcy; &acy; &ocy;</p>", nil},
	{"entities of plain HTML", "Q&amp;A &amp;&amp; AT&amp;T, &iexcl;Hola! &uuml;ber &aacute; &auml; &Scaron; &ucirc; &Vert; &kappa; &jmath; &vee; x&a y&ix &u", nil},
	{"names cyrName does not take", "Wor&dscy;, &mcy;ore, &tcy;op, &gcy;o, &ncy;ew, &pcy;ay", nil},
}

// b32SoftCases are base32 lines after a quoted-printable soft line
// break (evplant11's base32_upper and base32_lower_nopad), with
// quoted-printable text of capitals that must stay unflagged.
var b32SoftCases = []ruleCase{
	{"base32 after a soft break", "Insecure dependency in open =\nINWGC2LNEB4W65LSEBSXQY3MOVZWS5TFEBRG63TVOMQHEZLXMFZGIIDON53S4ICSMVTGS3TBNZRWKIDON53SAYLOMQQHGYLWMUQHI2DPOVZWC3TEOMQGK5TFOJ4SA3LPNZ2GQLQ=\n", []string{Blob}},
	{"lower-case base32 after a soft break", "TimeFrame=3DY*&amp=\ninwgc2lneb4w65lsebsxqy3movzws5tfebrg63tvomqhezlxmfzgiidon53s4icsmvtgs3tbnzrwkidon53saylomqqhgylwmuqhi2dpovzwc3teomqgk5tfoj4sa3lpnz2gqlq\n;ExchangeId=3D&amp;", []string{Blob}},
	{"lower-case base32 after a URL's query", "http://www.thisislondon.com/dynamic/news/story.html?in_review_id=661754&in_review_text_id=632865\ninwgc2lneb4w65lsebsxqy3movzws5tfebrg63tvomqhezlxmfzgiidon53s4icsmvtgs3tbnzrwkidon53saylomqqhgylwmuqhi2dpovzwc3teomqgk5tfoj4sa3lpnz2gqlq\nhttp://xent.com/mailman/listinfo/fork\n", []string{Blob}},
	{"short padded base32 lines", "MZXW6===\nMZXW6YQ=\nMZXW6YTB\n", nil},
	{"capitals in quoted-printable", "PLEASE READ THIS =\nNOTICE ABOUT YOUR ACCOUNT 2002 =\nAND REPLY TO US BY MAY 23 =\nWITH YOUR DETAILS AND NAME =\nTHANK YOU FOR YOUR ORDER TODAY =\nFROM THE TEAM\n", nil},
}

// openCases are ASCII words with ɛ or ɔ (evplant11's ipa_in_word) that
// openWord takes in English text, and the words of Akan, Ewe or a
// transcription it leaves.
var openCases = []ruleCase{
	{"open o in your", "Please send us yɔur details and the fee for this.", []string{MixedScript}},
	{"open e in those", "Thank you for all thosɛ who have helped with this.", []string{MixedScript}},
	{"open o in about, capital", "ABɔUT the offer: you will get it from our team.", []string{MixedScript}},
	{"open e and o in a word", "You are rɛquired to send this with your cɔunsel.", []string{MixedScript}},
	{"open o, text not English", "Send yɔur details now.", nil},
	{"open e, word not of English shape", "Thank you for the mɛdal and this prize from us.", nil},
	{"Akan text", "Ɔdɔ yɛ dɛ. Mepɛ sɛ mekɔ fie. Yɛbɛhyia bio.", nil},
	{"Akan words in an English mail", "Thank you for your visit; mepɛ sɛ mekɔ fie with the children from here.", nil},
	{"an Ewe letter elsewhere", "Thank you for your nice ŋkɔ: yɔur own words, from this.", nil},
	{"a tone on an open vowel", "Thank you for your help: yɔ\u0301 and yɔur own, from this.", nil},
	{"a transcription", "The vowel in /bɛɛth/ and [thɔught] for you and this from the book.", nil},
	{"two ASCII letters", "Thank you for this and your tɔy from us.", nil},
}

func TestRecall17(t *testing.T) {
	checkCasesAtOffsets(t, recall17Cases)
	checkCasesAtOffsets(t, openCases)
	checkCasesAtOffsets(t, b32SoftCases)
}

// TestRecall17Evidence pins the evidence of a named Cyrillic look-alike.
func TestRecall17Evidence(t *testing.T) {
	checkEvidenceJoined(t, []evidenceCase{
		{"P&acy;yP&acy;l", `look-alike of a Latin letter, in a word, U+0430 as an HTML entity at byte 1: "P&acy;yP&acy;l"`},
		{"Please send us yɔur details and the fee for this.", `the word "yɔur" at byte 15 writes an ASCII letter as the Latin look-alike ɔ U+0254 at byte 16`},
	})
}

// TestCyrNamesStop: every name cyrName knows starts with a byte the
// kernel stops at after an & (ampStop), or scan would miss what the full
// check finds.
func TestCyrNamesStop(t *testing.T) {
	for _, e := range cyrNames {
		if !ampStop(e.name[0]) {
			t.Errorf("&%s: the kernel does not stop at its first letter", e.name)
		}
		if r, end := cyrName([]byte("&"+e.name+"x"), 0); r != e.r || end != 1+len(e.name) {
			t.Errorf("cyrName(&%s) = %c, %d", e.name, r, end)
		}
	}
}

// FuzzCheckTextRecall17 holds checkText to refCheckText on texts grown
// from recall17Cases: named references among &amp; and other entities.
func FuzzCheckTextRecall17(f *testing.F) {
	for _, tt := range append(append(recall17Cases, openCases...), b32SoftCases...) {
		f.Add(tt.text)
	}
	f.Add("the and you " + strings.Repeat("yɔur ɛ\u0301 thosɛ ", 9) + "Ŋ")
	f.Add(strings.Repeat("&amp;x", 30) + "P&acy;y" + strings.Repeat("&a", 20))
	f.Fuzz(checkPathsAgainstRef)
}

// TestBlobAfterLead holds blobAfterLead to a blob of another encoding
// after an attachment's body that opens the text (b64Lead): the row is
// an encoded_blob on every path and as the reference finds it; without
// one it stays an attachment.
func TestBlobAfterLead(t *testing.T) {
	body := strings.Repeat("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw0KR0lGODlhAQABAIAA\n", 5) + "\n--b\nContent-Type: text/html\n\n"
	for _, tt := range []struct {
		tail   string
		attach bool
	}{
		{"<html><body>see you</body></html>", true},
		{`<script>document.write("\074\141\040\150\162\145\146\075\042\150\164\164\160\072\057\057\167\167\167\056\146\162\145\145");</script>`, false},
		{"<p>" + entitiesOf("Lowest mortgage rates approved instantly") + "</p>", false},
		{"visit %68%74%74%70://www.example.com now", false},
		{"<p>Q&amp;A &nbsp; &#169; 2002, a=1, b=2; 10:30 - 11:00</p>", true},
	} {
		for _, path := range chunkPaths() {
			restore := path.Use()
			found := checkAgainstRef(t, []byte(body+tt.tail))
			restore()
			if got := strings.HasPrefix(found[iBlob], attachmentEvidence); got != tt.attach || found[iBlob] == "" {
				t.Errorf("%s: %q: blob evidence %q, want an attachment: %v", path.Name, tt.tail, found[iBlob], tt.attach)
			}
		}
	}
}

// entitiesOf writes s as HTML numeric entities, one a character.
func entitiesOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		fmt.Fprintf(&b, "&#%d;", r)
	}
	return b.String()
}

// BenchmarkAmpStop measures what an & the kernel stops at costs: a text
// of 4,096 chunks of 64 bytes with one &amp; each (every chunk stops
// since recall17.go's a joined the & table), against the same text with
// no &.
func BenchmarkAmpStop(b *testing.B) {
	for _, tt := range []struct{ name, s string }{
		{"amp", "Q&amp;A and more words here to fill a chunk of sixty-four byte\n"},
		{"plain", "Q and A and more words here to fill a chunk of sixty-four byte\n"},
	} {
		t := []byte(strings.Repeat(tt.s, 4096))
		b.Run(tt.name, func(b *testing.B) {
			defer fixtures.ThreadCPU(b)()
			b.SetBytes(int64(len(t)))
			for b.Loop() {
				var found [numEvasionKinds]string
				checkText(t, &found)
			}
		})
	}
}
