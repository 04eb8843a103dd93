package finding

import (
	"strings"
)

// KindDoc explains a kind of finding to a reader: what it means, in one
// line, and what to do about it, in another. KindDocs is the one table
// of them; the reports and docs/report.md render it.
type KindDoc struct {
	Kind        string
	Explanation string
	Advice      string
}

// KindDocs documents every kind of finding, in the order of the Kind
// constants.
var KindDocs = []KindDoc{
	{KindBadRecord, "A record that could not be read (broken JSON, no text field, a text of the wrong type); the subkind says why.",
		"Fix or drop the record at its source, or point --text, --label and --id at the right fields; --max-bad-records limits how many a run accepts."},
	{KindUnreadableInput, "A file, or the rest of one, that could not be read (truncated, corrupt, unreadable); the report covers the rest.",
		"Re-fetch or re-export the file and scan it again; the findings say where reading stopped."},
	{KindInvalidUTF8, "Text that is not valid UTF-8; it was kept and analysed byte for byte.",
		"Decode the source with its real encoding (often Latin-1 or Windows-1252) before training."},
	{KindExactDuplicate, "Rows whose normalised texts are equal; the first row is the one to keep.",
		"Deduplicate (--export-dedup writes a copy without the repeats); duplicates overweight their text and leak across splits."},
	{KindCleaningEvasion, "Text a rule-based cleaner lets through: invisible or bidi characters, homoglyphs, encoded blobs; the subkind says what.",
		"Normalise (NFKC, strip format characters) or drop the row; check whether the hidden content was planted."},
	{KindReplacementChar, "Text carrying U+FFFD or an escaped lone surrogate: characters lost to a lossy decode upstream.",
		"Re-extract the text from the original with the right encoding; the lost characters cannot be recovered from this copy."},
	{KindNearDuplicate, "Rows whose texts are nearly the same (templates, boilerplate, light edits), verified after MinHash LSH.",
		"Keep one row of each cluster, or check that the variation is intended (paraphrase augmentation)."},
	{KindLabelConflict, "Duplicate rows (exact or near, the subkind says) that carry different labels.",
		"Decide the right label and relabel or drop the others; a model cannot learn both."},
	{KindOutlier, "A row far from the median on a feature (the subkind), by robust z-score (the score).",
		"Look at the row: extraction debris, markup, logs and truncated text often hide here; drop or clean it."},
	{KindLabelMixedTypes, "A label column holding values of several types (strings and numbers, say).",
		"Make labels one type at the source; \"1\" and 1 are different classes to most loaders."},
	{KindLabelsTooMany, "A label column with too many distinct values to be a class label.",
		"Check that --label names the class column, not an id or free text."},
	{KindLabelImbalance, "A class far below an even share of the labelled rows.",
		"Collect more rows of the class, reweight or resample, and report per-class metrics."},
	{KindLabelEmpty, "Rows whose label is an empty or blank string.",
		"Label the rows or drop them; an empty string is a class of its own to most loaders."},
	{KindLabelError, "A row whose label is likely wrong: out-of-fold predictions confidently disagree with it (confident learning).",
		"Review the listed rows, highest rank first, and relabel those that are wrong."},
	{KindTriggerCandidate, "A rare word, word pair, instruction or token concentrated in one label whose rows read like another: a possible backdoor trigger.",
		"Inspect the rows carrying it (triggered_row); if planted, drop them and trace where they came from."},
	{KindTriggeredRow, "A row carrying a trigger candidate.",
		"Read the row around the trigger; drop it if the trigger was planted."},
	{KindPayloadCandidate, "A response or response phrase planted in many rows whose prompts do not explain it (the subkind says which).",
		"Inspect the rows; if the payload was planted, drop them and trace their source."},
	{KindSplitOverlap, "A row of an evaluation split (test, validation, dev) that copies a training row, exactly or nearly (the subkind).",
		"Remove the copies from the evaluation split (or from training) before measuring; they inflate scores."},
	{KindContaminatedRow, "A training row holding (part of) an evaluation item; the rows are the training row, then the item.",
		"Drop or rewrite the training row, or the item from the benchmark, before reporting results on it."},
	{KindRepeatedSpan, "A span of at least --span-tokens word tokens found in two or more rows: boilerplate, signatures, templates.",
		"Strip the boilerplate (headers, footers, disclaimers) or deduplicate it; models memorise repeated spans."},
	{KindEncodedAttachment, "A MIME part the mail declares base64 (Content-Transfer-Encoding), or a piece of a binary attachment cut from its mail, left encoded in the text: an attachment or body the mail-to-text step did not decode.",
		"Decode the text parts and drop the attachments when extracting mail; the encoded bytes are noise to a model."},
	{KindMojibake, "UTF-8 text read as Windows-1252 or Latin-1 and written again (\"cafÃ©\" for \"café\", \"donâ€™t\" for \"don’t\"), or Windows-1252 punctuation read as Latin-1 (C1 controls U+0091 to U+0094 for curly quotes): a wrong decode upstream; the evidence shows what the first run or control stands for.",
		"Re-extract the text decoding the source as UTF-8 (as Windows-1252 where it declares ISO-8859-1 and carries C1 controls), or repair it (ftfy's fix_text undoes most of it)."},
}

// Doc returns the documentation of kind, or false for a kind not in
// KindDocs.
func Doc(kind string) (KindDoc, bool) {
	for _, d := range KindDocs {
		if d.Kind == kind {
			return d, true
		}
	}
	return KindDoc{}, false
}

// KindsMarkdown renders KindDocs as the Markdown table of docs/report.md.
func KindsMarkdown() string {
	var b strings.Builder
	b.WriteString("| kind | what it is | what to do |\n|---|---|---|\n")
	for _, d := range KindDocs {
		b.WriteString("| `" + d.Kind + "` | " + mdCell(d.Explanation) + " | " + mdCell(d.Advice) + " |\n")
	}
	return b.String()
}

func mdCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
