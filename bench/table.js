// Joins kg's benchmark output with the peers' results into one markdown table (bench/run.sh).
//   node bench/table.js LOAD_LINE_FILE QUERY_BENCH_OUTPUT PEER_RESULTS_DIR [ENGINES...]
// Per question: kg's median, each peer's median, the best peer and kg / best (below 1: kg is
// faster). kg's cold run (first in its process) is shown beside its median.
'use strict';
const fs = require('fs');
const path = require('path');
const [loadFile, queryFile, peerDir, ...engines] = process.argv.slice(2);

const kg = {};
const load = fs.readFileSync(loadFile, 'utf8').match(/median_s=([0-9.]+).*peak_rss_mb=([0-9.]+)/);
if (load) kg.bulk_load = { median: Number(load[1]) * 1000, cold: null, rss: Number(load[2]) };
let queryRss = null;
for (const line of fs.readFileSync(queryFile, 'utf8').split('\n')) {
  const f = line.trim().split(/\s+/);
  if (f[0] === 'peak_rss_mb') queryRss = Number(f[1]);
  if (f.length >= 6 && !isNaN(Number(f[1])) && f[0] !== 'question') {
    kg[f[0]] = { median: Number(f[1]), cold: Number(f[2]), check: f[5] };
  }
}
const peers = {};
for (const e of engines) {
  const file = path.join(peerDir, `${e}.json`);
  if (!fs.existsSync(file)) continue;
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  const rssFile = path.join(peerDir, `${e}.rss`);
  const rssKb = fs.existsSync(rssFile) ? Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : NaN;
  peers[e] = { version: r.version, dbBytes: r.dbBytes, rssMb: isNaN(rssKb) ? null : rssKb / 1024, results: {} };
  for (const q of r.results || []) peers[e].results[q.name] = q;
}
const names = Object.keys(peers);
const fmt = (ms) => (ms == null ? '—' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 1 ? 3 : 1)} ms`);
console.log(`| question | kg median (cold) | ${names.map((n) => `${n} ${peers[n].version || ''}`).join(' | ')} | best peer | kg / best |`);
console.log(`|---|---:|${names.map(() => '---:|').join('')}---|---:|`);
const questions = ['bulk_load', 'one_hop_probe', 'two_hop_probe', 'two_hop_hub', 'var_1to3_probe',
  'var_1to3_hub', 'shortest_len', 'per_rel_groups', 'two_hop_all', 'pagerank_20', 'betweenness_32'];
for (const q of questions) {
  const k = kg[q];
  let best = null;
  const cells = names.map((n) => {
    const p = peers[n].results[q];
    if (!p || p.ok === false) return p ? `${fmt(p.median_ms)} (wrong answer)` : '—';
    if (!best || p.median_ms < best.ms) best = { name: n, ms: p.median_ms };
    return fmt(p.median_ms);
  });
  const kgCell = k ? `${fmt(k.median)}${k.cold != null ? ` (${fmt(k.cold)})` : ''}${k.check === 'WRONG' ? ' WRONG' : ''}` : '—';
  const r = k && best ? k.median / best.ms : null;
  const ratio = r == null ? '—' : r < 0.1 ? r.toPrecision(2) : r.toFixed(2);
  console.log(`| ${q} | ${kgCell} | ${cells.join(' | ')} | ${best ? best.name : '—'} | ${ratio} |`);
}
console.log('');
console.log(`kg peak RSS: bulk load ${kg.bulk_load ? kg.bulk_load.rss : '?'} MB, queries ${queryRss ?? '?'} MB. ` +
  `Peers' peak RSS (load and all questions in one process): ` +
  `${names.map((n) => `${n} ${peers[n].rssMb == null ? '?' : peers[n].rssMb.toFixed(0)} MB`).join(', ')}. ` +
  `Peer database sizes: ${names.map((n) => `${n} ${(peers[n].dbBytes / 1e6).toFixed(1)} MB`).join(', ')}.`);
