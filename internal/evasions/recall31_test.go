package evasions

import (
	"encoding/base64"
	"strings"
	"testing"
)

// pgpData is 300 bytes of no text as base64 wrapped at 64, as GnuPG
// armours them.
var pgpData = func() string {
	b := make([]byte, 300)
	for i := range b {
		b[i] = byte(i*131 + i*i*7 + 11)
	}
	s := base64.StdEncoding.EncodeToString(b)
	var sb strings.Builder
	for len(s) > 64 {
		sb.WriteString(s[:64] + "\n")
		s = s[64:]
	}
	sb.WriteString(s)
	return sb.String()
}()

// recall31Cases: armoured PGP messages are blobs; signatures, keys and
// signed messages' clear text stay mail structure.
var recall31Cases = []ruleCase{
	{"pgp message", "Hi Bob,\n-----BEGIN PGP MESSAGE-----\nVersion: GnuPG v1.0.6 (GNU/Linux)\n\n" + pgpData + "\n=lW45\n-----END PGP MESSAGE-----\nBye\n", []string{Blob}},
	{"pgp message, lower case", "Hi Bob,\n-----begin pgp message-----\n\n" + pgpData + "\n-----end pgp message-----\n", []string{Blob}},
	{"pgp message without base64", "-----BEGIN PGP MESSAGE-----\nVersion: GnuPG v1.0.7 (GNU/Linux)\n\nblah, blah, blah\n\n-----END PGP MESSAGE-----\n", nil},
	{"pgp signature", "Hi Bob,\n-----BEGIN PGP SIGNATURE-----\nVersion: GnuPG v1.0.6 (GNU/Linux)\n\n" + pgpData + "\n=lW45\n-----END PGP SIGNATURE-----\n", nil},
	{"pgp public key", "-----BEGIN PGP PUBLIC KEY BLOCK-----\nVersion: GnuPG v1\n\n" + pgpData + "\n-----END PGP PUBLIC KEY BLOCK-----\n", nil},
	{"signature after a message", "-----BEGIN PGP MESSAGE-----\nblah\n-----END PGP MESSAGE-----\n-----BEGIN PGP SIGNATURE-----\n\n" + pgpData + "\n-----END PGP SIGNATURE-----\n", nil},
}

func TestRecall31(t *testing.T) {
	checkCasesAtOffsets(t, recall31Cases)
}
