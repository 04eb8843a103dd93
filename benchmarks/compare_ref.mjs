// Reference checks for 'dataaudit compare' (see compare_eval.sh), written
// independently of the Go code:
//
//   node compare_ref.mjs logodds PRETRAIN... -- FINETUNE PRIOR_MASS K
//       the K tokens most over-represented in FINETUNE, by the z-score of
//       the log-odds ratio with an informative Dirichlet prior (Monroe et
//       al. 2008): alpha_w = PRIOR_MASS * (yA+yB)/(nA+nB); tokens are
//       lower(text) split on /[^\p{L}\p{N}]+/u. Prints JSON.
//   node compare_ref.mjs contamination TRUTH.jsonl CMP.json
//       recall and precision of compare's overlap rows against the truth.
//   node compare_ref.mjs overlap REF.json CMP.json N
//       how many of REF's tokens (a JSON list) are in CMP's top N.
//   node compare_ref.mjs same A.json B.json FIELD
//       whether two JSON documents have the same FIELD (exit 1 if not).
import fs from 'node:fs';
import readline from 'node:readline';

async function count(paths) {
  const counts = new Map();
  let total = 0;
  const split = /[^\p{L}\p{N}]+/u;
  for (const p of paths) {
    const rl = readline.createInterface({ input: fs.createReadStream(p), crlfDelay: Infinity });
    for await (const line of rl) {
      if (!line.trim()) continue;
      const text = JSON.parse(line).text;
      if (typeof text !== 'string') continue;
      for (const t of text.toLowerCase().split(split)) {
        if (!t) continue;
        counts.set(t, (counts.get(t) || 0) + 1);
        total++;
      }
    }
  }
  return { counts, total };
}

const [cmd, ...args] = process.argv.slice(2);
if (cmd === 'logodds') {
  const sep = args.indexOf('--');
  const a = await count(args.slice(0, sep));
  const [bpath, prior, k] = args.slice(sep + 1);
  const b = await count([bpath]);
  const a0 = Number(prior);
  const rows = [];
  const vocab = new Set([...a.counts.keys(), ...b.counts.keys()]);
  for (const w of vocab) {
    const ya = a.counts.get(w) || 0, yb = b.counts.get(w) || 0;
    const al = a0 * (ya + yb) / (a.total + b.total);
    const d = Math.log((yb + al) / (b.total + a0 - yb - al)) - Math.log((ya + al) / (a.total + a0 - ya - al));
    const z = d / Math.sqrt(1 / (yb + al) + 1 / (ya + al));
    rows.push([w, z]);
  }
  rows.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  console.log(JSON.stringify(rows.slice(0, Number(k)).map(r => r[0])));
} else if (cmd === 'contamination') {
  const truth = fs.readFileSync(args[0], 'utf8').trim().split('\n').map(l => JSON.parse(l));
  const cmp = JSON.parse(fs.readFileSync(args[1], 'utf8'));
  const want = new Map(truth.map(t => [t.finetune_line, t]));
  const got = new Map();
  for (const r of cmp.overlap.rows) got.set(Number(r.b.split(':').pop()), r);
  if (cmp.overlap.unlisted > 0) throw new Error('compare listed only part of the overlap: raise --overlap-rows');
  let tp = 0, sameA = 0;
  const byKind = { exact: [0, 0], edited: [0, 0] };
  for (const [line, t] of want) {
    byKind[t.kind][1]++;
    const r = got.get(line);
    if (!r) continue;
    tp++;
    byKind[t.kind][0]++;
    if (r.a === `${t.pretrain_file}:${t.pretrain_line}`) sameA++;
  }
  const res = {
    truth: want.size, found: got.size, true_positives: tp,
    recall: +(tp / want.size).toFixed(4), precision: +(tp / Math.max(got.size, 1)).toFixed(4),
    recall_exact: +(byKind.exact[0] / byKind.exact[1]).toFixed(4),
    recall_edited: +(byKind.edited[0] / byKind.edited[1]).toFixed(4),
    matched_the_copied_row: sameA,
  };
  console.log(JSON.stringify(res));
  process.exit(res.recall >= 0.95 && res.precision >= 0.95 ? 0 : 1);
} else if (cmd === 'overlap') {
  const ref = JSON.parse(fs.readFileSync(args[0], 'utf8'));
  const cmp = JSON.parse(fs.readFileSync(args[1], 'utf8'));
  const top = new Set(cmp.over_represented_in_b.slice(0, Number(args[2])).map(d => d.token));
  const hit = ref.filter(t => top.has(t));
  console.log(JSON.stringify({ reference: ref.length, in_top: hit.length, missing: ref.filter(t => !top.has(t)) }));
  process.exit(hit.length >= 15 ? 0 : 1);
} else if (cmd === 'same') {
  const [a, b] = args.slice(0, 2).map(p => JSON.parse(fs.readFileSync(p, 'utf8')));
  const pick = (d) => args[2].split('.').reduce((x, k) => x?.[k], d);
  const ja = String(JSON.stringify(pick(a))), jb = String(JSON.stringify(pick(b)));
  console.log(ja === jb ? `same ${args[2]}: ${ja.slice(0, 200)}` : `DIFFERENT ${args[2]}:\n  ${ja.slice(0, 300)}\n  ${jb.slice(0, 300)}`);
  process.exit(ja === jb ? 0 : 1);
} else {
  console.error('usage: see the comment at the top');
  process.exit(2);
}
