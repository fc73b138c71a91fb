// Checks the evaluation cases: every key present, every quote copied exactly from the source it names.
// Usage: node --import tsx eval/brief/check-cases.ts [dir ...] (default: every directory under eval/brief/cases)
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const kinds = ['goals', 'workflows', 'successCriteria', 'firstValue', 'stakeholders', 'promises', 'risks', 'questions', 'conflicts'] as const;
const promiseKinds = ['custom', 'timeline', 'discount', 'integration', 'scope', 'pricing', 'sla'];
const authorities = ['sponsor', 'decision_maker', 'champion', 'influencer', 'user', 'technical', 'procurement', 'finance', 'legal', 'unknown'];
const questions = ['goals', 'success_criteria', 'first_value', 'sponsor', 'technical_contact', 'kickoff_date', 'timeline', 'signed_scope'];
const conflictKinds = ['timeline', 'integration', 'discount', 'scope', 'pricing', 'sla'];
const sourceKinds = ['note', 'call', 'email', 'meeting', 'scope'];

type Source = { id: string; kind: string; text: string };

export function checkCase(file: string): string[] {
  const problems: string[] = [];
  const c = parse(fs.readFileSync(file, 'utf8'));
  const say = (m: string) => problems.push(`${path.basename(file)}: ${m}`);
  for (const k of ['id', 'style', 'vendor', 'deal', 'contacts', 'sources', 'expected']) if (!(k in c)) say(`missing ${k}`);
  const sources = new Map<string, Source>();
  for (const s of (c.sources ?? []) as Source[]) {
    if (sources.has(s.id)) say(`source id ${s.id} repeated`);
    if (!sourceKinds.includes(s.kind)) say(`source ${s.id}: kind ${s.kind}`);
    if (typeof s.text !== 'string' || s.text.trim() === '') say(`source ${s.id}: no text`);
    sources.set(s.id, s);
  }
  const quote = (where: string, q: { source?: string; quote?: string } | undefined) => {
    if (!q || typeof q.quote !== 'string' || !q.source) return say(`${where}: needs source and quote`);
    const s = sources.get(q.source);
    if (!s) return say(`${where}: no source ${q.source}`);
    if (!s.text.includes(q.quote)) say(`${where}: quote not found in ${q.source}: "${q.quote}"`);
  };
  const e = c.expected ?? {};
  for (const k of kinds) if (!Array.isArray(e[k])) say(`expected.${k} must be a list`);
  for (const k of ['goals', 'workflows', 'successCriteria', 'firstValue', 'risks'] as const)
    (e[k] ?? []).forEach((q: { source?: string; quote?: string }, i: number) => quote(`${k}[${i}]`, q));
  (e.promises ?? []).forEach((p: { kind: string; source?: string; quote?: string }, i: number) => {
    if (!promiseKinds.includes(p.kind)) say(`promises[${i}]: kind ${p.kind}`);
    quote(`promises[${i}]`, p);
  });
  (e.stakeholders ?? []).forEach((s: { name?: string; authority?: string; engaged?: unknown }, i: number) => {
    if (!s.name) say(`stakeholders[${i}]: no name`);
    if (!authorities.includes(String(s.authority))) say(`stakeholders[${i}]: authority ${s.authority}`);
    if (typeof s.engaged !== 'boolean') say(`stakeholders[${i}]: engaged must be true or false`);
  });
  (e.questions ?? []).forEach((q: string) => {
    if (!questions.includes(q)) say(`questions: ${q}`);
  });
  (e.conflicts ?? []).forEach((x: { kind: string; notes?: { source?: string; quote?: string }; scope?: { source?: string; quote?: string } }, i: number) => {
    if (!conflictKinds.includes(x.kind)) say(`conflicts[${i}]: kind ${x.kind}`);
    quote(`conflicts[${i}].notes`, x.notes);
    quote(`conflicts[${i}].scope`, x.scope);
    if (x.scope?.source && sources.get(x.scope.source)?.kind !== 'scope') say(`conflicts[${i}].scope must quote a scope source`);
  });
  return problems;
}

export function caseFiles(dirs: string[]): string[] {
  return dirs.flatMap((d) =>
    fs.existsSync(d)
      ? fs
          .readdirSync(d)
          .filter((f) => f.endsWith('.yaml'))
          .sort()
          .map((f) => path.join(d, f))
      : [],
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // Every directory under cases/ unless named: a new hold-out set is checked as soon as it lands.
  const root = 'eval/brief/cases';
  const dirs =
    process.argv.length > 2
      ? process.argv.slice(2)
      : fs
          .readdirSync(root, { withFileTypes: true })
          .filter((d) => d.isDirectory())
          .map((d) => path.join(root, d.name))
          .sort();
  const files = caseFiles(dirs);
  const problems = files.flatMap(checkCase);
  for (const p of problems) console.log(p);
  console.log(`${files.length} case(s), ${problems.length} problem(s)`);
  process.exit(problems.length ? 1 : 0);
}
