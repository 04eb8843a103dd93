package evasions

import (
	"bytes"
	"strconv"
)

// Session 33 (hard): the "hard" variants two blind planters agree on,
// or one planter plants where a hidden corpus may well too, judged on
// corpus-200MB-s1 (137,265 rows), the planters' controls (2,000 mails a
// seed) and evplant15's negatives. recall39 runs the rules once a text,
// after voidText, each behind a test of a few bytes.
//
// # A mail that says nothing (headersOnly)
//
// evplant14's headers_only_empty_body ("Subject: (no subject)" and a
// blank line, or a host mail's header block cut before its body) and
// evplant15's headers_only_no_body (From, To, an empty Subject, Date,
// a blank line) were no finding: the text is not empty. A row that is a
// mail's header block and nothing after it has no body; whether it says
// anything rests on its Subject, the one header a person writes. The
// rule: the text ends in a blank line (two line feeds or more in its
// trailing white space, CR LF too), every line before it is a header
// field of mail (a name RFC 5322, 2045, 2369 or a mail system defines,
// From, Subject, Received, Content-*, List-*, Resent-*, X-*...; the
// mbox "From " line first) or a folded continuation (starting with a
// space or tab), and a Subject field is there whose value is empty or a
// client's placeholder ("(no subject)", "(none)", "untitled"). That is
// empty_text: a mail with no subject and no body.
//
// A header block whose Subject says something is left: corpus-200MB
// holds 23 rows that are header fields alone ending in a blank line,
// and the planters' controls 3 (seed 1) and 5 (seed 2) of 2,000, all
// slices of a mail cut where its body starts (the body is the next
// row), with a real Subject or none (the slice starts below it): a
// complete header before an empty body looks the same, and a host
// mail's header is what evplant14 plants in 6 of 30 rows (seed 1; 3 of
// seed 2), left. Key: value lines that are no mail header (an RSS
// item's "URL:" and "Date:", a form's "Name:", YAML) are not taken:
// every name must be a mail header's. A header block followed by a
// short body, a forwarded header inside a body, are not taken (a line
// that is neither a field nor a continuation, or text after the blank
// line). headers_only_empty_body 0 -> 25 and 27 of 30 (seeds 1 and 2),
// headers_only_no_body 0 -> 30 and 30; corpus-200MB, every control and
// negative: no row (none has an empty Subject and no body).
//
// # A leading byte-order mark (bomLead)
//
// Session 17 let a U+FEFF at a text's first byte through: "what a
// decoder left of a file's encoding mark, one in every text read from
// such files" (a dataset of Windows text files, each saved with a BOM,
// read as utf-8 where utf-8-sig was meant). It is still a character a
// reader does not see and a cleaner does not remove (Python's
// str.strip() keeps it: U+FEFF is no white space), and a tokenizer
// gives it a token: evplant15 plants it as leading_bom (0 of 30),
// evplant16 as bom_at_start (0 of 30). A file's own BOM never reaches a
// text (ingest skips it at a JSONL file's start, outside every text), so
// a text that opens with one was written so by
// whatever built the record. corpus-200MB and every control and
// negative hold no text that starts with U+FEFF. Now a text opening with
// a BOM is invisible_char, its evidence naming it as an encoding mark
// left in; a dataset built from such files has it in every row, which is
// what a user should learn once (the count says how many). A text that
// is a BOM and white space alone stays bomText's empty_text or
// whitespace_only, not this too. leading_bom and bom_at_start 0 -> 30 of
// 30 on both seeds.
//
// # A list of numbers (numberList)
//
// evplant15's embedding_vector_dump, "[0.012345, -0.123456, ...]" with
// 384 to 1,536 floats, was no finding: digits are text to nonTextShare.
// A text that is, white space trimmed, a bracketed list (nested lists
// allowed) of numberListMin numbers or more and nothing else (commas
// and white space between them) is an array dumped where text goes (an
// embedding, token ids, a tensor): non_text. Asked only of a text whose
// first byte after ASCII white space is '['; corpus-200MB has no such
// text. embedding_vector_dump 0 -> 30 of 30 on both seeds.
//
// # Letters lost to '?' (lossyQuestion)
//
// Encoding text to ASCII or Latin-1 with errors="replace" writes '?'
// for every character the charset lacks: "Mu?oz", "Z?rich", "r?sum?"
// (evplant15's question_mark_substitution, 2 and 1 of 30: their hosts'
// other findings), "?????? ????" for a Cyrillic phrase. It is the same
// loss U+FFFD marks, spelt with punctuation. A '?' is taken as a lost
// letter when it sits inside a word of ASCII letters (the word bounded by
// white space, brackets, quotes or . , ; : ! ? at its ends, nothing else
// in it: URLs' "?q=", "php?id=" and addresses are not words), with a
// lower-case letter after it, and a fragment beside it (the letters
// between it and the word's end or another '?') of one or two letters
// that is no English word or prefix ("re", "to", "of", "co"...; "a",
// "e", "x"): "Mu?oz" (Mu, oz), "Z?rich" (Z). Two such words, or a run
// of two or more words of '?' alone (2+ each, single spaces between),
// make a replacement_char finding.
//
// What is not taken, and why: a '?' for a lost apostrophe ("today?s",
// "It?s", "AIB?s") or a lost dash between words ("find?and fund?long",
// "self?destructive", "middle?to?upper", "re?emerged") is the same loss,
// but the controls hold it (3 mails of seed 2's 2,000: r00935's "find?and
// fund?long", r05432's "today?s", r06297's "oreilly?server"; and
// evplant15's pgp_signed_mail negative r01790, a text whose hyphens all
// became '?'), so the fragments that are words and the apostrophe's
// suffixes (s t d m ll re ve) are let through; a single word, a '?' at
// a word's end ("caf?", "Jos?": a question as often) and a lone run of
// '?' ("??????" alone on a line in a code quote, "mean ???") are let
// through too. corpus-200MB (which has 200-odd rows with a lost
// apostrophe or dash: "today?s", "directory?or"), every control and
// negative: no row. question_mark_substitution 2 -> 30 and 1 -> 30 of
// 30. The scan is one bytes.IndexByte pass for '?' (SIMD in
// the standard library) and a look at the bytes beside each.
//
// # Cost
//
// Once a text: tests of its first and last bytes gate bomLead,
// numberList and headersOnly (which reads the last line of a text ending
// in a blank line first, and the rest only when that line is a header
// field); lossyQuestion is one bytes.IndexByte pass. BenchmarkRecall39:
// 4-5% of checkText's CPU on texts in cache, most of it lossyQuestion's
// pass; the default audit within the host's noise (benchmarks/README.md).
//
// # Left
//
// evplant11's random_token (60 to 99 letters and digits on a line of
// their own; 100 and more are a blob already) and b64_short ("ref: "
// and the base64 of a spam phrase, 40 to 96 characters): see
// benchmarks/README.md's session 33 (hard) section.

// numberListMin is the fewest numbers a text that is a list of numbers
// holds to be non_text (numberList).
const numberListMin = 16

// recall39 runs session 33's whole-text rules (see above).
func recall39(t []byte, found *[numEvasionKinds]string) {
	if found[iEmpty] == "" && found[iWhitespace] == "" {
		if t[0] == 0xEF {
			bomLead(t, found)
		}
		if c := t[len(t)-1]; c == '\n' || c == '\r' || c == ' ' || c == '\t' {
			headersOnly(t, found)
		}
	}
	if found[iNonText] == "" {
		numberList(t, found)
	}
	if found[iReplacement] == "" {
		lossyQuestion(t, found)
	}
}

// bomLead records invisible_char for a text that opens with a byte-order
// mark and holds more than white space after it (bomText has the rest).
func bomLead(t []byte, found *[numEvasionKinds]string) {
	const bom = "\uFEFF"
	if found[iInvisible] != "" || !bytes.HasPrefix(t, []byte(bom)) {
		return
	}
	found[iInvisible] = "the text opens with a byte-order mark (U+FEFF), a file's encoding mark left in: invisible, kept by strip(), a token to a model: " + quoteVisible(t, 24)
}

// headersOnly records empty_text for a text that is a mail's header block
// with an empty or placeholder Subject and nothing after its blank line.
func headersOnly(t []byte, found *[numEvasionKinds]string) {
	end, lf := len(t), 0
	for end > 0 {
		c := t[end-1]
		if c == '\n' {
			lf++
		} else if c != '\r' && c != ' ' && c != '\t' {
			break
		}
		end--
	}
	if lf < 2 || end == 0 {
		return
	}
	// The last line first: a text that ends in a blank line after prose
	// (most texts that end in one) is let go having read that line alone.
	ls := end
	for ls > 0 && t[ls-1] != '\n' {
		if ls--; end-ls > 998 {
			return // longer than a header line may be (RFC 5322)
		}
	}
	last := t[ls:end]
	if last[0] != ' ' && last[0] != '\t' && mailFieldName(last) == 0 && !bytes.HasPrefix(last, []byte("From ")) {
		return
	}
	fields, subject := 0, -1
	for i := 0; i < end; {
		j := bytes.IndexByte(t[i:end], '\n')
		if j < 0 {
			j = end
		} else {
			j += i
		}
		line := bytes.TrimSuffix(t[i:j], []byte("\r"))
		switch {
		case len(line) > 0 && (line[0] == ' ' || line[0] == '\t'):
			if fields == 0 {
				return // a continuation needs a field before it
			}
		case i == 0 && bytes.HasPrefix(line, []byte("From ")):
			// the mbox separator line
		default:
			n := mailFieldName(line)
			if n == 0 {
				return
			}
			fields++
			if n == len("subject") && bytes.EqualFold(line[:n], []byte("subject")) {
				subject = i + n + 1
			}
		}
		i = j + 1
	}
	if subject < 0 {
		return
	}
	k := bytes.IndexByte(t[subject:end], '\n')
	if k < 0 {
		k = end - subject
	}
	if !placeholderSubject(bytes.TrimSpace(t[subject : subject+k])) {
		return
	}
	found[iEmpty] = "the text is a mail's header block alone (" + strconv.Itoa(fields) + " header " + plural(fields, "field") + "), its Subject empty, no body: " + quoteVisible(t[:end], 24)
}

// mailFieldName returns the length of the header field name that starts
// line, when it is one mail uses (and a colon follows it, then white
// space or the line's end); 0 otherwise.
func mailFieldName(line []byte) int {
	n := 0
	for n < len(line) && n < 64 {
		c := line[n]
		if !(asciiLetterByte(c) || c >= '0' && c <= '9' || c == '-' && n > 0) {
			break
		}
		n++
	}
	if n == 0 || n >= len(line) || line[n] != ':' {
		return 0
	}
	if n+1 < len(line) && line[n+1] != ' ' && line[n+1] != '\t' {
		return 0
	}
	if n > 40 {
		return 0
	}
	var low [40]byte
	for k := range n {
		low[k] = line[k] | 0x20 // letters to lower case; digits and '-' keep
	}
	name := low[:n]
	if n > 2 && name[1] == '-' && name[0] == 'x' {
		return n
	}
	if i := bytes.IndexByte(name, '-'); i > 0 {
		switch string(name[:i+1]) {
		case "content-", "list-", "resent-":
			if i+1 < n {
				return n
			}
		}
	}
	switch string(name) {
	case "from", "to", "cc", "bcc", "subject", "date", "message-id", "received",
		"return-path", "mime-version", "reply-to", "sender", "references",
		"in-reply-to", "delivered-to", "precedence", "errors-to", "user-agent",
		"organization", "importance", "priority", "status", "comments",
		"keywords", "thread-topic", "thread-index", "mailing-list",
		"return-receipt-to", "disposition-notification-to", "sensitivity",
		"envelope-to", "authentication-results", "dkim-signature",
		"domainkey-signature", "arc-seal", "arc-message-signature",
		"arc-authentication-results", "received-spf", "lines":
		// RFC 5322, 2045, 2076 and what mail systems add; the families
		// above (extensions, MIME's, RFC 2369's list fields, resent
		// fields) by their prefix
		return n
	}
	return 0
}

// placeholderSubject reports whether a Subject's value (trimmed) says
// nothing: empty, or a mail client's placeholder for an empty one.
func placeholderSubject(v []byte) bool {
	if len(v) == 0 {
		return true
	}
	for _, p := range []string{"(no subject)", "no subject", "(none)", "(untitled)", "untitled", "(sans objet)", "(kein betreff)", "(sin asunto)"} {
		if bytes.EqualFold(v, []byte(p)) {
			return true
		}
	}
	return false
}

// numberList records non_text for a text that is, white space trimmed, a
// bracketed list of numberListMin numbers or more and nothing else.
func numberList(t []byte, found *[numEvasionKinds]string) {
	lo := 0
	for lo < len(t) && lo < 64 && voidSpace(t[lo]) {
		lo++
	}
	if lo == len(t) || t[lo] != '[' {
		return
	}
	hi := len(t)
	for hi > lo && voidSpace(t[hi-1]) {
		hi--
	}
	if t[hi-1] != ']' {
		return
	}
	depth, nums := 0, 0
	for i := lo; i < hi; {
		switch c := t[i]; {
		case c == '[':
			depth++
			i++
		case c == ']':
			if depth--; depth < 0 {
				return
			}
			i++
		case c == ',' || voidSpace(c):
			i++
		default:
			n := numberAt(t[i:hi])
			if n == 0 {
				return
			}
			nums++
			i += n
			if i < hi && t[i] != ',' && t[i] != ']' && !voidSpace(t[i]) {
				return
			}
		}
	}
	if depth != 0 || nums < numberListMin {
		return
	}
	found[iNonText] = "the text is a list of " + strconv.Itoa(nums) + " numbers and nothing else (an embedding or an array dumped as text): " + quoteVisible(t[lo:hi], 24)
}

// numberAt returns the length of the decimal number (a sign, digits, a
// fraction, an exponent) that b starts with, 0 for none.
func numberAt(b []byte) int {
	i := 0
	if i < len(b) && (b[i] == '-' || b[i] == '+') {
		i++
	}
	d := 0
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
		d++
	}
	if i < len(b) && b[i] == '.' {
		i++
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
			d++
		}
	}
	if d == 0 {
		return 0
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		j := i + 1
		if j < len(b) && (b[j] == '-' || b[j] == '+') {
			j++
		}
		k := j
		for k < len(b) && b[k] >= '0' && b[k] <= '9' {
			k++
		}
		if k > j {
			i = k
		}
	}
	return i
}

// lossyWordsMin is how many words with a '?' for a lost letter a text
// holds to be replacement_char (lossyQuestion).
const lossyWordsMin = 2

// lossyQuestion records replacement_char for a text with lossyWordsMin
// words whose '?' stands for a lost letter, or a run of words of '?'
// alone (see above).
func lossyQuestion(t []byte, found *[numEvasionKinds]string) {
	words, first, done := 0, -1, 0
	for i := bytes.IndexByte(t, '?'); i >= 0; {
		if i >= done {
			if lo, hi, ok := lossyWord(t, i); ok {
				if words++; first < 0 {
					first = lo
				}
				if words >= lossyWordsMin {
					found[iReplacement] = strconv.Itoa(words) + " words with a '?' where a letter was, from byte " + strconv.Itoa(first) + " (characters lost to a lossy conversion to ASCII, errors=\"replace\"): " + quoteVisible(t[first:], 32)
					return
				}
				done = hi
			} else if lo, ok := lossyRun(t, i); ok {
				found[iReplacement] = "words of '?' alone at byte " + strconv.Itoa(lo) + " (a phrase lost to a lossy conversion to ASCII, errors=\"replace\"): " + quoteVisible(t[lo:], 32)
				return
			} else {
				done = max(done, lo)
			}
		}
		j := bytes.IndexByte(t[i+1:], '?')
		if j < 0 {
			break
		}
		i += 1 + j
	}
}

// lossyBefore reports whether c may stand right before a word: white
// space, an opening bracket or quote ('.', '/', '@' join a host name, a
// path or an address to it).
func lossyBefore(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '(', '[', '"', '\'', '<', '>', '*', '_':
		return true
	}
	return false
}

// lossyAfter reports whether c may stand right after a word: white
// space, a closing bracket or quote, sentence punctuation.
func lossyAfter(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', ')', ']', '"', '\'', '.', ',', ';', ':', '!', '<', '>', '*', '_':
		return true
	}
	return false
}

// lossyWord reports whether the '?' at t[i] sits inside a word of ASCII
// letters and '?' alone, a lower-case letter after it and a fragment
// beside it of one or two letters that is no English word or prefix;
// it returns the word's bounds.
func lossyWord(t []byte, i int) (lo, hi int, ok bool) {
	if i == 0 || i+1 >= len(t) || !asciiLetterByte(t[i-1]) || t[i+1] < 'a' || t[i+1] > 'z' {
		return i, i + 1, false
	}
	lo = i
	for lo > 0 && (asciiLetterByte(t[lo-1]) || t[lo-1] == '?') {
		lo--
	}
	hi = i + 1
	for hi < len(t) && (asciiLetterByte(t[hi]) || t[hi] == '?') {
		hi++
	}
	if lo > 0 && !lossyBefore(t[lo-1]) || hi < len(t) && !lossyAfter(t[hi]) {
		return lo, hi, false // a URL's query, an address, a word with digits or an apostrophe
	}
	if hi+1 < len(t) && (t[hi] == '.' || t[hi] == ':') && !lossyAfter(t[hi+1]) {
		return lo, hi, false // a host name, a path
	}
	w := t[lo:hi]
	for k := 0; k < len(w); k++ {
		if w[k] != '?' || k == 0 || k+1 >= len(w) || !asciiLetterByte(w[k-1]) || w[k+1] < 'a' || w[k+1] > 'z' {
			continue
		}
		l := k
		for l > 0 && w[l-1] != '?' {
			l--
		}
		r := k + 1
		for r < len(w) && w[r] != '?' {
			r++
		}
		left, right := w[l:k], w[k+1:r]
		if apostropheSuffix(right) {
			continue
		}
		if len(left) <= 2 && !shortWord(left) || len(right) <= 2 && !shortWord(right) {
			return lo, hi, true
		}
	}
	return lo, hi, false
}

// apostropheSuffix reports whether s is what follows an apostrophe in
// English (it's, don't, we'll, you're, I've, he'd, I'm).
func apostropheSuffix(s []byte) bool {
	switch string(s) {
	case "s", "t", "d", "m", "ll", "re", "ve":
		return true
	}
	return false
}

// shortWord reports whether s (one or two ASCII letters) is an English
// word or a prefix written with a hyphen: such a fragment beside a '?'
// is a word a lost dash joined, not a word a lost letter cut.
func shortWord(s []byte) bool {
	if len(s) == 1 {
		switch s[0] | 0x20 {
		case 'a', 'i', 'e', 'x', 'o', 'u', 't':
			return true
		}
		return false
	}
	switch string([]byte{s[0] | 0x20, s[1] | 0x20}) {
	case "re", "co", "de", "ex", "to", "of", "in", "on", "at", "by", "or", "an", "as", "is", "it", "if",
		"be", "do", "go", "he", "me", "my", "no", "so", "up", "us", "we", "am", "un", "bi", "tv", "ok":
		return true
	}
	return false
}

// lossyRun reports whether the '?' at t[i] starts a run of two or more
// words of '?' alone (2+ each, one space between), bounded as lossyWord's
// words are; it returns where the run starts, or where to go on from.
func lossyRun(t []byte, i int) (int, bool) {
	if i > 0 && !lossyBefore(t[i-1]) {
		return i + 1, false
	}
	words, j := 0, i
	for {
		k := j
		for k < len(t) && t[k] == '?' {
			k++
		}
		if k-j < 2 {
			break
		}
		words++
		j = k
		if j+1 < len(t) && t[j] == ' ' && t[j+1] == '?' {
			j++
			continue
		}
		break
	}
	if words < 2 || j < len(t) && !lossyAfter(t[j]) {
		return j, false
	}
	return i, true
}
