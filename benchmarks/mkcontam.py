#!/usr/bin/env python3
"""Builds the contamination and repeated-span benchmarks (standard library only).

  mkcontam.py contam GSM8K_TEST.jsonl MMLU_CSV_DIR CORPUS.jsonl OUT_DIR [N_TRAIN]
  mkcontam.py spans CORPUS.jsonl OUT_DIR [N_DOCS]

contam: real GSM8K test items (openai/grade-school-math grade_school_math/data/
test.jsonl) and real MMLU items (the 57 CSVs of aryopg/mmlu-redux mmlu_redux/,
question;choices;answer...), written as eval sets OUT/gsm8k.jsonl and
OUT/mmlu.jsonl with fields id, question, rest (the answer, or the lettered
choices) plus OUT/custom.jsonl: items that quote a licence paragraph. The
training corpus is the first N_TRAIN (80,000) rows of CORPUS (real mails) with
eval items planted in six forms (verbatim, embedded, question_only,
normalised, wrapped, short) and hard negatives (template, boilerplate,
similar) added; OUT/truth.json lists the planted (row id, set, item id, form)
pairs and the hard-negative row ids.

spans: N_DOCS (40,000) rows of CORPUS with licence paragraphs
(/usr/share/common-licenses), fortunes (/usr/share/games/fortunes) and mail
signatures spliced into random rows, 30 to 90 tokens each, so that many
spans sit near the 50-token line. Ground truth comes from the brute-force
search (benchmarks/spansref).
"""
import csv, glob, json, os, random, re, sys, textwrap

def words(s):
    return re.findall(r"\w+", s)

def read_corpus(path, n, skip=0):
    out = []
    with open(path) as f:
        for i, line in enumerate(f):
            if i < skip:
                continue
            if len(out) >= n:
                break
            out.append(json.loads(line))
    return out

def insert(doc, piece, rng):
    """piece inside doc's text, at a line boundary when there is one"""
    lines = doc.split("\n")
    k = rng.randrange(len(lines) + 1)
    return "\n".join(lines[:k] + [piece] + lines[k:])

def normalise(s):
    s = s.lower()
    s = re.sub(r"[^\w\s]", "", s)
    return re.sub(r"\s+", " ", s).strip()

def recase(s, rng):
    return "".join(c.upper() if rng.random() < 0.5 else c for c in s)

def perturb_numbers(s, rng):
    return re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(1, 9)), s)

def paragraphs(path, lo, hi):
    text = open(path, errors="replace").read()
    out = []
    for p in re.split(r"\n\s*\n", text):
        n = len(words(p))
        if lo <= n <= hi:
            out.append(p.strip())
    return out

def contam(gsm_path, mmlu_dir, corpus, out, n_train=80000):
    rng = random.Random(18)
    os.makedirs(out, exist_ok=True)
    gsm = []
    for i, line in enumerate(open(gsm_path)):
        r = json.loads(line)
        gsm.append({"id": "gsm8k-%04d" % i, "question": r["question"], "rest": r["answer"]})
    mmlu = []
    for path in sorted(glob.glob(os.path.join(mmlu_dir, "*.csv"))):
        subj = os.path.basename(path)[:-4]
        with open(path, newline="", errors="replace") as f:
            head = f.readline()
            f.seek(0)
            delim = ";" if head.startswith("question;") else ","
            for i, r in enumerate(csv.DictReader(f, delimiter=delim)):
                try:
                    choices = eval(r["choices"], {"__builtins__": {}})
                except Exception:
                    continue
                rest = "\n".join("%s. %s" % ("ABCD"[j], c) for j, c in enumerate(choices[:4]))
                mmlu.append({"id": "%s-%03d" % (subj, i), "question": r["question"], "rest": rest})
    lic = paragraphs("/usr/share/common-licenses/Apache-2.0", 40, 120)
    custom = []
    for i, p in enumerate(lic[:3]):
        custom.append({"id": "custom-%d" % i, "question": p, "rest": "Which licence is this paragraph from? A. Apache B. GPL"})
    for name, items in (("gsm8k", gsm), ("mmlu", mmlu), ("custom", custom)):
        with open(os.path.join(out, name + ".jsonl"), "w") as f:
            for it in items:
                f.write(json.dumps(it) + "\n")
    train = read_corpus(corpus, n_train)
    free = list(range(len(train)))
    rng.shuffle(free)
    planted, negatives = [], []
    def take():
        return free.pop()
    def full(it):
        return it["question"] + "\n" + it["rest"]
    forms = ["verbatim", "embedded", "question_only", "normalised", "wrapped"]
    pool = [("gsm8k", it) for it in rng.sample(gsm, 500)] + [("mmlu", it) for it in rng.sample(mmlu, 500)]
    for j, (set_, it) in enumerate(pool):
        form = forms[j % len(forms)]
        d = take()
        doc = train[d]
        if form == "verbatim":
            doc["text"] = full(it)
        elif form == "embedded":
            doc["text"] = insert(doc["text"], full(it), rng)
        elif form == "question_only":
            doc["text"] = insert(doc["text"], it["question"], rng)
        elif form == "normalised":
            t = normalise(full(it)) if j % 2 else recase(full(it), rng)
            doc["text"] = insert(doc["text"], t, rng)
        elif form == "wrapped":
            t = "\n".join(textwrap.wrap(full(it), rng.randint(30, 72), break_on_hyphens=False))
            doc["text"] = insert(doc["text"], t, rng)
        planted.append({"row": doc["id"], "set": set_, "item": it["id"], "form": form})
    # short items: MMLU questions under 13 words, planted whole (question and choices
    # are what the eval set holds; the question alone is the short item)
    short = [it for it in mmlu if len(words(it["question"])) < 13 and len(words(it["question"])) >= 5]
    for it in rng.sample(short, min(200, len(short))):
        d = take()
        doc = train[d]
        doc["text"] = insert(doc["text"], it["question"], rng)
        planted.append({"row": doc["id"], "set": "mmlu", "item": it["id"], "form": "short"})
    # hard negatives
    templates = [
        "This question refers to the following information.",
        "Which of the following statements is true?",
        "Which of the following is not a",
        "How much money does she have left?",
        "How many more",
        "Statement 1 | Statement 2 |",
        "Answer the following multiple choice question. A. True, True B. False, False C. True, False D. False, True",
    ]
    for _ in range(600):
        d = take()
        doc = train[d]
        doc["text"] = insert(doc["text"], rng.choice(templates) + " " + rng.choice(templates), rng)
        negatives.append({"row": doc["id"], "kind": "template"})
    # boilerplate: the licence paragraphs the custom items quote, in 40 rows each
    for p in lic[:3]:
        for _ in range(40):
            d = take()
            doc = train[d]
            doc["text"] = insert(doc["text"], p, rng)
            negatives.append({"row": doc["id"], "kind": "boilerplate"})
    # similar problems: GSM8K items with other numbers, MMLU questions with other choices
    numbered = [it for it in gsm if len(re.findall(r"\d+", it["question"])) >= 2]
    for it in rng.sample(numbered, 300):
        d = take()
        doc = train[d]
        doc["text"] = insert(doc["text"], perturb_numbers(it["question"], rng) + "\n" + perturb_numbers(it["rest"], rng), rng)
        negatives.append({"row": doc["id"], "kind": "similar"})
    gtrain = os.path.join(os.path.dirname(gsm_path), "train.jsonl")
    if os.path.exists(gtrain):
        tr = [json.loads(l) for l in open(gtrain)]
        for r in rng.sample(tr, 300):
            d = take()
            doc = train[d]
            doc["text"] = insert(doc["text"], r["question"] + "\n" + r["answer"], rng)
            negatives.append({"row": doc["id"], "kind": "similar"})
    with open(os.path.join(out, "train.jsonl"), "w") as f:
        for r in train:
            f.write(json.dumps({"id": r["id"], "text": r["text"]}) + "\n")
    json.dump({"planted": planted, "negatives": negatives}, open(os.path.join(out, "truth.json"), "w"), indent=0)
    print("train rows %d, planted pairs %d, hard negatives %d, eval items gsm8k %d mmlu %d custom %d" % (len(train), len(planted), len(negatives), len(gsm), len(mmlu), len(custom)))

def spans(corpus, out, n_docs=40000):
    rng = random.Random(50)
    os.makedirs(out, exist_ok=True)
    docs = read_corpus(corpus, n_docs, skip=80000)
    pieces = []
    for path in glob.glob("/usr/share/common-licenses/*"):
        if os.path.isfile(path):
            pieces += paragraphs(path, 30, 90)
    for path in ["/usr/share/games/fortunes/literature", "/usr/share/games/fortunes/people", "/usr/share/games/fortunes/science"]:
        if os.path.exists(path):
            for p in open(path, errors="replace").read().split("\n%\n"):
                if 30 <= len(words(p)) <= 90:
                    pieces.append(p.strip())
    for i in range(200):
        name = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(7))
        sig = ("--\n%s %s\nSenior Engineer, Data Platform Group\n%s@example.org | +1 555 %04d\n"
               "This e-mail and any attachments are confidential and intended solely for the addressee. "
               "If you have received it in error please notify the sender and delete it." % (name.title(), name[::-1].title(), name, i))
        sig += " Ref %s." % " ".join(rng.choice(["alpha", "beta", "gamma", "delta", "omega"]) for _ in range(rng.randint(0, 30)))
        pieces.append(sig)
    rng.shuffle(pieces)
    pieces = pieces[:1500]
    for _ in range(6000):
        p = rng.choice(pieces)
        ws = p.split(" ")
        if rng.random() < 0.5:  # a cut: many spans just over or under 50 tokens
            a = rng.randrange(max(1, len(ws) - 30))
            p = " ".join(ws[a:a + rng.randint(40, 60)])
        d = rng.randrange(len(docs))
        docs[d]["text"] = insert(docs[d]["text"], p, rng)
    with open(os.path.join(out, "spans.jsonl"), "w") as f:
        for r in docs:
            f.write(json.dumps({"id": r["id"], "text": r["text"]}) + "\n")
    print("docs %d, pieces %d, splices 6000" % (len(docs), len(pieces)))

if __name__ == "__main__":
    if sys.argv[1] == "contam":
        contam(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], *(int(x) for x in sys.argv[6:]))
    else:
        spans(sys.argv[2], sys.argv[3], *(int(x) for x in sys.argv[4:]))
