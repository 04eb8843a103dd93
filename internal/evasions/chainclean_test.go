package evasions

import (
	"strings"
	"testing"
)

// TestChainClean checks that scan goes on past a blob chain whose
// stretch holds no blob (hexClean, b64Clean) or a base64 blob it records
// as the full check would (b64Take), gives up where one may be, and holds checkText to the reference on each text at every offset
// of the kernel's chunks and blocks, on both paths.
func TestChainClean(t *testing.T) {
	b64 := "TG9yZW0gaXBzdW0gZG9sb3Igc2l0IGFtZXQsIGNvbnNlY3RldHVyIGFkaXBpc2NpbmcgZWxpdCwgc2VkIGRvIGVpdXNtb2QgdGVtcG9y"
	tests := []struct {
		name string
		text string
		full bool // scan gives up on the text at offset 0
	}{
		{"pgp fingerprint", "Key fingerprint: 9C1D 16F4 11F1 6BD2 933C  048D ACC7 9840 89D0 7646\nuid Someone", false},
		{"md5 sum", "md5 d41d8cd98f00b204e9800998ecf8427e of the file, and more words after it.", false},
		{"message id", "Message-Id: <214A52C16E44D51186FB00508BB83E0F7C0D67@mail.example.com>", false},
		{"digit columns", strings.Repeat("1 468 334 675\n", 12) + "total", false},
		{"hex run 64", "sum " + strings.Repeat("d41d8cd98f00b204", 4) + " end of it", true},
		{"hex dump line", "00000010: 4865 6c6c 6f20 776f 726c 6421 0a00 0000  Hello world!\n", true},
		{"hex dump 64", "bytes: " + strings.Repeat("d4 1d 8c d9 ", 16) + "- end", true},
		{"short base64", "sig: " + b64[:90] + "\n-- end", false},
		{"short base64 lines", "sig:\n" + b64[:40] + "\n" + b64[40:90] + "\n=abcd\n-- end", false},
		{"base64 100", "data: " + b64[:100] + " end", false}, // taken by scan (b64Take)
		{"base64 lines 100", "data:\n" + b64[:50] + "\n" + b64[50:100] + "\n end", false},
		{"letters no digits", "x: " + strings.Repeat("aBcDeFgHiJkLmNoPqRsTuVwXyZ", 8) + " end", false},
		{"base64 after short", "a: " + b64[:90] + "\n " + b64 + b64 + " end", true},
		// b64Take (session 28): scan records the blob itself where the
		// window would start at the stretch, else gives up as before.
		{"body from byte 0", b64 + "\n" + b64 + "\n\nthe footer", false},
		{"declared part", "Content-Type: text/html\nContent-Transfer-Encoding: base64\n\n" + b64 + "\n" + b64 + "=\n\n--b1--", false},
		{"after a tab", "data:\t" + b64 + "!", false},
		// A hex run of dumpLineMin in the stretch (evk5): taken where
		// no hex dump can end in it first (dumpFree).
		{"run of A", "data: " + strings.Repeat("A", 40) + b64 + " end", false}, // the run in the blob too (asciiRun)
		{"hex run", "data: " + strings.Repeat("d41d8cd98f00b204", 3) + b64 + " end", false},
		{"hex digits and line breaks", "data: " + strings.Repeat("d41d8cd\n", 5) + b64 + " end", false},
		{"body with a hex line, CRLF", "Content-Transfer-Encoding: base64\r\n\r\n" + b64 + "\r\n" + strings.Repeat("e9800998ecf8427e", 4) + "\r\n" + b64 + "AAAA\r\nAA==\r\n\r\n--b1--", false},
		{"five short hex lines", "data:\n" + b64 + "\n" + strings.Repeat("AB12\n", 5) + b64 + " end", false},
		{"a hex dump inside", "data:\n" + b64 + "\n" + strings.Repeat("AB12\n", 20) + b64 + " end", true},
		{"a hex dump of 2s inside", "data:\n" + b64 + "\n" + strings.Repeat("A1\r\n", 40) + b64 + " end", true},
		{"a bare CR among A", "data:\n" + b64 + "\n" + strings.Repeat("A", 40) + "\rAB\rCD\n" + b64 + " end", true},
		{"a dump from the window's start", "data: AB12\n" + strings.Repeat("CD34\n", 17) + b64 + " end", true},
		{"= escape inside", "data: " + b64 + "=3D" + b64 + " end", true},
		{"after a dash", "data-" + b64 + " end", true},
		{"after an underscore", "data_" + b64 + " end", true},
		{"after a word", "data " + b64 + " end", true},
		{"space after x", "x1: " + b64 + " end", true},
		{"armour", "-----BEGIN PGP SIGNATURE-----\nVersion: GnuPG\n\n" + b64 + "\n-----END", true},
		{"an = before it", "a=\n" + b64 + " end", false},
		// b64Take without notBase64 where the run has no = (declaredArmour
		// alone) and with b64End from the run's end (evk4).
		{"declared part, no =", "Content-Transfer-Encoding: base64\n\n" + b64 + "\n" + b64 + "\n\n--b1--", false},
		{"declared, a line led by a space", "Content-Transfer-Encoding: base64\n\n" + b64 + "\n " + b64 + "\n\n--b1--", false},
		{"declared, a blob after", "Content-Transfer-Encoding: base64\n\n" + b64 + "\n\n--b1--\n\n" + strings.Repeat("d41d8cd98f00b204", 3) + " end", false},
		{"declared, a far line led by a space", "Content-Transfer-Encoding: base64\n\n" + strings.Repeat(b64+"\n", 6) + " " + b64 + "\n\n--b1--", false},
		{"armour, =", "-----BEGIN PGP SIGNATURE-----\n\n" + b64 + "\n=ab12\n-----END", true},
		{"armour far before", "-----BEGIN CERTIFICATE-----\n" + strings.Repeat("Some words here. ", 40) + "\n" + b64 + " end", false},
		{"two = pads", "Content-Transfer-Encoding: base64\n\n" + b64 + "==\n\nthe end", false},
	}
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tt := range tests {
				var found [numEvasionKinds]string
				s := scan{tally: tally{allSpace: true}}
				if g, _ := s.run([]byte(tt.text), 0, &found); (g != len(tt.text)) != tt.full {
					t.Errorf("%s: scan.run(%q) gives up = %v, want %v", tt.name, tt.text, g != len(tt.text), tt.full)
				} else if want := checkAgainstRef(t, []byte(tt.text)); !tt.full && found[iBlob] != want[iBlob] {
					t.Errorf("%s: scan.run(%q) records blob %q, want %q", tt.name, tt.text, found[iBlob], want[iBlob])
				}
				for pad := range 72 {
					checkAgainstRef(t, []byte(strings.Repeat("Some words before it. ", 4)[:pad]+tt.text))
				}
			}
		})
	}
}

// TestEntNew checks that scan asks the full check about an entity only
// while its category is not found.
func TestEntNew(t *testing.T) {
	tx := []byte("ctl &#20; here")
	var found [numEvasionKinds]string
	if !entNew(tx, 4, &found) {
		t.Errorf("entNew(%q, 4) with nothing found = false, want true", tx)
	}
	found[iControl] = "a control"
	if entNew(tx, 4, &found) {
		t.Errorf("entNew(%q, 4) with control_char found = true, want false", tx)
	}
	for pad := range 72 {
		checkAgainstRef(t, []byte(strings.Repeat("x", pad)+"raw \x14\x01 then &#20;&#2;&#20;&#5;&#20; and &#x202E;rtl"))
	}
}

// TestRunLetThrough checks that scan goes on past a separator line
// (ruleLine) and, once a repeated run is found, past any run, and gives
// up at a run the full check records; checkText is held to the
// reference on each text at every offset, on both paths.
func TestRunLetThrough(t *testing.T) {
	b64 := "TG9yZW0gaXBzdW0gZG9sb3Igc2l0IGFtZXQsIGNvbnNlY3RldHVyIGFkaXBpc2NpbmcgZWxpdCwgc2VkIGRvIGVpdXNtb2QgdGVtcG9y"
	tests := []struct {
		name     string
		text     string
		repFound bool // a repeated run is found before
		full     bool // scan gives up on the text at offset 0
	}{
		{"dash line", "Some words\n" + strings.Repeat("-", 120) + "\nmore words", false, false},
		{"equals line quoted", "Some words\n> " + strings.Repeat("=", 120) + "\nmore words", false, false},
		{"dashes in a line", "Some words " + strings.Repeat("-", 120) + " more words", false, true},
		{"dash line too long", "Some words\n" + strings.Repeat("-", 200) + "\nmore words", false, true},
		{"letters", "Some words " + strings.Repeat("a", 70) + " more words", false, true},
		{"letters, a run found", "Some words " + strings.Repeat("a", 70) + " more words", true, false},
		// A letter's or a digit's run under runOtherMin in a base64 blob
		// (inBlob): checkRun spares it (evk5).
		{"run of A in a body", "Content-Transfer-Encoding: base64\n\n" + b64 + "\n" + strings.Repeat("A", 76) + "\n" + b64 + "\n\n--b1--", false, false},
		{"run of 7 in a body", "data:\n" + b64 + "\n" + strings.Repeat("7", 40) + "\n" + b64 + " end", false, false},
		{"run of A from byte 0", strings.Repeat("A", 60) + b64 + "\n" + b64, false, false},
		{"run of 28 A in a body", "Content-Transfer-Encoding: base64\n\n" + b64 + "\nxy" + strings.Repeat("A", 28) + "zw" + b64 + "\n\n--b1--", false, false},
		{"run of 24 7s in a body", "data:\n" + b64 + "\nxy" + strings.Repeat("7", 24) + "zw" + b64 + " end", false, false},
		{"run of 28 A in a body from byte 0", b64 + "\nxy" + strings.Repeat("A", 28) + "zw" + b64, false, false},
		{"run of 100 A in a body", "data:\n" + b64 + "\n" + strings.Repeat("A", 100) + "\n" + b64 + " end", false, true},
		{"run of A, no digit", "data:\n" + strings.Repeat("QUJDREVG", 20) + strings.Repeat("A", 40) + "\n end", false, true},
		{"run of +", "data:\n" + b64 + "\n" + strings.Repeat("+", 40) + "\n" + b64 + " end", false, false},
	}
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tt := range tests {
				var found [numEvasionKinds]string
				if tt.repFound {
					found[iRepeated] = "a run"
				}
				s := scan{tally: tally{allSpace: true}}
				if g, _ := s.run([]byte(tt.text), 0, &found); (g != len(tt.text)) != tt.full {
					t.Errorf("%s: scan.run(%q) gives up = %v, want %v", tt.name, tt.text, g != len(tt.text), tt.full)
				} else if want := checkAgainstRef(t, []byte(tt.text)); !tt.full && found[iBlob] != want[iBlob] {
					t.Errorf("%s: scan.run(%q) records blob %q, want %q", tt.name, tt.text, found[iBlob], want[iBlob])
				}
				for pad := range 72 {
					checkAgainstRef(t, []byte(strings.Repeat("Some words before it. ", 4)[:pad]+tt.text))
				}
			}
		})
	}
}
