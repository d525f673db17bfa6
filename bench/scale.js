// Growth table for bench/scale.sh: per question, kg's median and the best peer's median at the
// smallest and the largest size, how much each grew, and kg / best at the largest size.
//   node bench/scale.js DIR_SMALL DIR_LARGE     (each a bench/run.sh output directory)
'use strict';
const fs = require('fs');
const path = require('path');
const dirs = process.argv.slice(2);
if (dirs.length < 2) {
  console.error('usage: node bench/scale.js DIR_SMALL DIR_LARGE');
  process.exit(2);
}

function read(dir) {
  const r = { kg: {}, peers: {}, kgRss: {}, peerRss: {} };
  const load = fs.readFileSync(path.join(dir, 'kg-load.txt'), 'utf8');
  const m = load.match(/median_s=([0-9.]+).*peak_rss_mb=([0-9.]+)/);
  if (m) {
    r.kg.bulk_load = Number(m[1]) * 1000;
    r.kgRss.load = Number(m[2]);
  }
  for (const line of fs.readFileSync(path.join(dir, 'kg-queries.txt'), 'utf8').split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f[0] === 'peak_rss_mb') r.kgRss.queries = Number(f[1]);
    if (f.length >= 6 && f[0] !== 'question' && !isNaN(Number(f[1]))) {
      r.kg[f[0]] = f[5] === 'WRONG' ? null : Number(f[1]);
    }
  }
  const pd = path.join(dir, 'peer-results');
  if (fs.existsSync(pd)) {
    for (const f of fs.readdirSync(pd)) {
      if (f.endsWith('.json')) {
        const j = JSON.parse(fs.readFileSync(path.join(pd, f), 'utf8'));
        for (const q of j.results || []) {
          if (q.ok === false) continue;
          (r.peers[q.name] ||= {})[j.engine] = q.median_ms;
        }
      } else if (f.endsWith('.rss')) {
        const kb = Number(fs.readFileSync(path.join(pd, f), 'utf8').trim().split('\n').pop());
        if (!isNaN(kb)) r.peerRss[f.replace(/\.rss$/, '')] = kb / 1024;
      }
    }
  }
  return r;
}

const small = read(dirs[0]);
const large = read(dirs[dirs.length - 1]);
const best = (r, q) => {
  let b = null;
  for (const [e, ms] of Object.entries(r.peers[q] || {})) if (!b || ms < b.ms) b = { e, ms };
  return b;
};
const fmt = (ms) => (ms == null ? '—' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 1 ? 3 : 1)} ms`);
const grow = (a, b) => (a && b ? `×${(b / a).toFixed(1)}` : '—');
console.log(`| question | kg ${path.basename(dirs[0])} | kg ${path.basename(dirs[dirs.length - 1])} | kg growth | best peer (small → large) | peer growth | kg / best (large) |`);
console.log('|---|---:|---:|---:|---|---:|---:|');
const questions = ['bulk_load', 'one_hop_probe', 'two_hop_probe', 'two_hop_hub', 'var_1to3_probe',
  'var_1to3_hub', 'shortest_len', 'per_rel_groups', 'two_hop_all', 'pagerank_20', 'betweenness_32'];
for (const q of questions) {
  const a = small.kg[q], b = large.kg[q];
  const pa = best(small, q), pb = best(large, q);
  const peerCell = pa || pb ? `${pa ? `${pa.e} ${fmt(pa.ms)}` : '—'} → ${pb ? `${pb.e} ${fmt(pb.ms)}` : '—'}` : '—';
  const ratio = b != null && pb ? (b / pb.ms).toPrecision(2) : '—';
  console.log(`| ${q} | ${fmt(a)} | ${fmt(b)} | ${grow(a, b)} | ${peerCell} | ${pa && pb ? grow(pa.ms, pb.ms) : '—'} | ${ratio} |`);
}
const rss = (r) => `kg load ${r.kgRss.load ?? '?'} MB, kg queries ${r.kgRss.queries ?? '?'} MB` +
  Object.entries(r.peerRss).map(([e, mb]) => `, ${e} ${mb.toFixed(0)} MB`).join('');
console.log('');
console.log(`Peak RSS, ${path.basename(dirs[0])}: ${rss(small)}.`);
console.log(`Peak RSS, ${path.basename(dirs[dirs.length - 1])}: ${rss(large)}.`);
