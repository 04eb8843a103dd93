package evasions

// Session 31 (enc14): hard evasions of the blind planters
// (benchmarks/evplant11.py, evplant12.py) that kept encoded_blob and
// non_text at or under 0.9 when hard variants count, each counted
// against real mail (corpus-200MB-s1.jsonl, 137,265 rows; the
// SpamAssassin sample, 6,046 mails; evplant5's control rows) before it
// is kept.
//
// An armoured PGP MESSAGE (armourHidesText): evplant11's hard pgp_armor,
// "-----BEGIN PGP MESSAGE-----", a Version line and 200-500 random bytes
// as base64 wrapped at 64. declaredArmour let every -----BEGIN armour
// declare the base64 after it (signatures and keys are mail structure),
// so all 60 rows (seeds 1 and 2) were missed. A signature or a key rides
// beside text a reader sees; a PGP message is the text, encrypted: what
// a cleaner reads of it is a blob, and a spammer's armour line is all it
// takes to hide base64 from a filter that trusts armour. corpus-200MB
// has 5 rows with "BEGIN PGP MESSAGE" (one mail's "blah, blah, blah"
// between the armour lines, no base64) and one "PGP  MESSAGE" heading
// clear text; the SpamAssassin sample 2 files, the same mail: no
// base64 after any of them, so none is a new finding. pgp_armor 0 ->
// 30 of 30 on seeds 1 and 2 (evplant11 encoded_blob 0.885 -> 0.906,
// 0.882 -> 0.903); every other planter's scores and controls,
// corpus-200MB's and the SpamAssassin sample's --checks evasions and
// verify.sh's 41 files unchanged. It costs nothing where there is no
// armour line: declaredArmour is asked only of a base64 run of
// blobB64Min or more.

// armourHidesText reports whether w, the text after "-----BEGIN ",
// starts an armoured PGP message (any case): encrypted text, not a
// signature or a key, so the base64 after it is a blob.
func armourHidesText(w []byte) bool {
	return hasPrefixFold(w, "pgp message")
}
